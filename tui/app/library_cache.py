"""``LibraryCache``: the library's articles, their quotes and the search index over both,
computed once per library content and kept while the app runs.

The quotes and search screens both need every article read and every quote found, which takes
seconds on a large library: whichever screen opens first computes them (in its worker thread)
and the other reuses them. The key is each file's path and the key of its exact text
(``ArticleInfo.text_key``), not the ids: quotes and index hold offsets, and a spacing-only edit
keeps an article's id but moves them. So a rescan that finds the same files keeps the cache and
any edit replaces it. One library per app: a new key drops the old entry, keeping memory
bounded. Plain Python, no Textual.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from tui.corpus import Article
    from tui.corpus.library import Library
    from tui.quotes import Quote
    from tui.search import SearchIndex

# progress(stage, done, total): stage "read" while the files are read, "quotes" while quotes
# are found (as ``library_quotes`` reports it).
Progress = Callable[[str, int, int], None]
# A quote's speaker by (article id, start): how search results name who said a quote.
Speakers = dict[tuple[str, int], "str | None"]


class LibraryCache:
    """See the module docstring. Methods are slow on a large library: call them from a thread
    worker. They are safe to call from several threads at once."""

    def __init__(self) -> None:
        # Held while articles and quotes are computed, so two screens never compute them twice.
        self._lock = threading.RLock()
        self._key: tuple[tuple[str, str], ...] | None = None
        self._articles: list[Article] = []
        self._quotes: list[Quote] = []
        self._search: tuple[SearchIndex, Speakers] | None = None

    @staticmethod
    def key_of(library: Library) -> tuple[tuple[str, str], ...]:
        return tuple((i.path, i.text_key) for i in library.infos)

    def articles_and_quotes(self, library: Library, progress: Progress | None = None,
                            cancelled: Callable[[], bool] | None = None
                            ) -> tuple[list[Article], list[Quote]]:
        """Every article of ``library`` and every quote in them. ``cancelled`` (see
        tui.cancel) stops reading the files; nothing is kept then."""
        from tui.quotes import library_quotes

        key = self.key_of(library)
        with self._lock:
            if key != self._key:
                def stage(name: str):
                    return None if progress is None else lambda d, t: progress(name, d, t)

                articles = library.articles(stage("read"), cancelled)
                quotes = list(library_quotes(articles, progress=stage("quotes")))
                self._key, self._articles, self._quotes = key, articles, quotes
                self._search = None
            return self._articles, self._quotes

    def search_index(self, library: Library, cancelled: Callable[[], bool] | None = None
                     ) -> tuple[SearchIndex, Speakers]:
        """The search index over every sentence and quote of ``library``, and the speakers of
        its quotes. ``cancelled`` (see tui.cancel) stops reading and building."""
        from tui.search import SearchIndex

        key = self.key_of(library)
        with self._lock:
            if key == self._key and self._search is not None:
                return self._search
        articles, quotes = self.articles_and_quotes(library, cancelled=cancelled)
        # Built outside the lock: the quotes screen may use the quotes meanwhile.
        index = SearchIndex.cached(articles, quotes=quotes, cancelled=cancelled)
        speakers: Speakers = {(q.article_id, q.start): q.speaker for q in quotes}
        with self._lock:
            if key == self._key:
                self._search = (index, speakers)
        return index, speakers
