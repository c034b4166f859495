"""``LibraryCache``: the library's quotes and search indexes, computed once per library content
and kept while the app runs. Plain Python, no Textual.

The quotes and search screens both need every quote found and the text indexed, which takes
seconds on a large library and minutes on a 20 MB article: whichever screen asks first computes
them (in its worker thread) and the other reuses them. The key is each file's path and the key of
its exact text (``ArticleInfo.text_key``), not the ids: quotes and index hold offsets, and a
spacing-only edit keeps an article's id but moves them. So a rescan that finds the same files
keeps the cache and any edit replaces it. One library per app: a new key drops the old entry,
keeping memory bounded.

A library of more than ``CHILD_BYTES`` is worked on in child processes (``tui.childjob``,
``tui.child_targets``): in a thread, minutes of pure Python share the interpreter lock with the
screen, whose keys then wait; a child is killed when the job is cancelled. Its results stream
back as they are ready: the quotes found so far (``QuotesUpdate``), and for search an early
index of the first sentences, the index of every sentence, then one of the quotes
(``tui.search.combined`` searches both). A small library is done in the calling thread:
starting a child costs more than the work.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from tui.cancel import Cancelled, check

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
# Libraries bigger than this (bytes of files) are worked on in child processes.
CHILD_BYTES = 2_000_000
# Waiting for another thread's computation of the same thing: how often to look at cancel.
LOCK_POLL = 0.1


@dataclass
class QuotesUpdate:
    """A step of finding the quotes. A big library: ``stage`` "reading" (bytes of files read),
    "found" (characters searched; ``quotes`` the ones found in this step, speakers as resolved
    so far), "grouping" (statements grouped). A small one: "read" and "quotes" (articles)."""

    stage: str
    done: int
    total: int
    quotes: list[Quote] = field(default_factory=list)


QuotesListener = Callable[[QuotesUpdate], None]


def library_bytes(library: Library) -> int:
    return sum(i.size for i in library.infos)


class LibraryCache:
    """See the module docstring. Methods are slow on a large library: call them from a thread
    worker. They are safe to call from several threads at once."""

    def __init__(self) -> None:
        # Held while articles and quotes are computed, so two screens never compute them twice.
        self._lock = threading.RLock()
        self._index_lock = threading.RLock()
        self._key: tuple[tuple[str, str], ...] | None = None
        self._articles: list[Article] | None = None
        self._quotes: list[Quote] | None = None
        self._search: tuple[Any, Speakers] | None = None
        self._sentences: tuple[tuple[tuple[str, str], ...], SearchIndex] | None = None

    @staticmethod
    def key_of(library: Library) -> tuple[tuple[str, str], ...]:
        return tuple((i.path, i.text_key) for i in library.infos)

    def _acquire(self, lock, cancelled) -> None:
        while not lock.acquire(timeout=LOCK_POLL):
            check(cancelled)

    def _reset_if_new(self, key: tuple[tuple[str, str], ...]) -> None:
        if key != self._key:
            self._key, self._articles, self._quotes, self._search = key, None, None, None

    # --- small libraries: in the calling thread -----------------------------------------------

    def articles_and_quotes(self, library: Library, progress: Progress | None = None,
                            cancelled: Callable[[], bool] | None = None
                            ) -> tuple[list[Article], list[Quote]]:
        """Every article of ``library`` and every quote in them, in this thread. ``cancelled``
        (see tui.cancel) stops reading the files; nothing is kept then."""
        from tui.quotes import library_quotes

        key = self.key_of(library)
        self._acquire(self._lock, cancelled)
        try:
            self._reset_if_new(key)
            if self._articles is None or self._quotes is None:
                def stage(name: str):
                    return None if progress is None else lambda d, t: progress(name, d, t)

                articles = library.articles(stage("read"), cancelled)
                quotes = list(library_quotes(articles, progress=stage("quotes"),
                                             cancel=cancelled))
                self._articles, self._quotes = articles, quotes
            return self._articles, self._quotes
        except Exception as e:
            if type(e).__name__ == "Cancelled":  # tui.quotes' own Cancelled
                raise Cancelled() from None
            raise
        finally:
            self._lock.release()

    def search_index(self, library: Library, cancelled: Callable[[], bool] | None = None
                     ) -> tuple[SearchIndex, Speakers]:
        """The search index over every sentence and quote of ``library``, and the speakers of
        its quotes, built in this thread. ``cancelled`` (see tui.cancel) stops reading and
        building."""
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

    # --- any library: quotes as they are found ------------------------------------------------

    def uses_child(self, library: Library) -> bool:
        return library_bytes(library) > CHILD_BYTES

    def cached_quotes(self, library: Library) -> list[Quote] | None:
        with self._lock:
            return self._quotes if self.key_of(library) == self._key else None

    def quotes(self, library: Library, on_update: QuotesListener | None = None,
               cancelled: Callable[[], bool] | None = None) -> list[Quote]:
        """Every quote of ``library``, grouped; ``on_update`` hears how far it is and gets the
        quotes as they are found (a big library; a small one only reports progress)."""
        if not self.uses_child(library):
            def progress(stage: str, done: int, total: int) -> None:
                if on_update is not None:
                    on_update(QuotesUpdate(stage, done, total))

            return self.articles_and_quotes(library, progress, cancelled)[1]
        key = self.key_of(library)
        self._acquire(self._lock, cancelled)
        try:
            self._reset_if_new(key)
            if self._quotes is None:
                self._quotes = _quotes_in_child(library, on_update, cancelled)
            return self._quotes
        finally:
            self._lock.release()

    # --- any library: the search indexes, sentences first -------------------------------------

    def cached_search(self, library: Library) -> tuple[Any, Speakers] | None:
        with self._lock:
            return self._search if self.key_of(library) == self._key else None

    def sentence_index(self, library: Library, early: Callable[[SearchIndex], None] | None,
                       progress: Callable[[str, int, int], None] | None = None,
                       cancelled: Callable[[], bool] | None = None) -> SearchIndex:
        """The index of every sentence of a big library (no quotes), built in a child; an
        index of the first sentences goes to ``early`` while the rest is built.
        ``progress(stage, done, total)``: "read" (bytes), "indexing" (sentences)."""
        from tui.search import SearchIndex
        from tui.search.store import cache_dir

        key = self.key_of(library)
        self._acquire(self._index_lock, cancelled)
        try:
            if self._sentences is not None and self._sentences[0] == key:
                return self._sentences[1]
            early_folder = cache_dir()
            early_folder.mkdir(parents=True, exist_ok=True)

            def update(value) -> None:
                if value[0] == "early":
                    try:
                        index = SearchIndex.load(value[1])
                    finally:
                        _remove(value[1])
                    if early is not None:
                        early(index)
                elif progress is not None:
                    progress(*value[:3])

            path = _run_child("tui.child_targets:search_index",
                              {"articles": _refs(library), "quotes": None,
                               "early": str(early_folder)}, cancelled, update)
            index = _load_index(path, library)
            self._sentences = (key, index)
            return index
        finally:
            self._index_lock.release()

    def quote_index(self, library: Library, quotes: list[Quote],
                    cancelled: Callable[[], bool] | None = None) -> tuple[SearchIndex, Speakers]:
        """The index of ``quotes`` (built in a child), and their speakers."""
        from tui.child_targets import quote_tuple

        payload = {"articles": [], "quotes": [quote_tuple(q) for q in quotes], "early": None}
        path = _run_child("tui.child_targets:search_index", payload, cancelled, None)
        index = _load_index(path, library)
        return index, {(q.article_id, q.start): q.speaker for q in quotes}

    def store_search(self, library: Library, index: Any, speakers: Speakers) -> None:
        with self._lock:
            self._reset_if_new(self.key_of(library))
            self._search = (index, speakers)


def _remove(path: str) -> None:
    import os

    try:
        os.unlink(path)
    except OSError:
        pass


def _load_index(path: str, library: Library):
    from tui.search import SearchIndex
    from tui.search.store import _load, _refresh_paths

    # Each document pointed at the file holding its text now (found by the text's key, as
    # ``SearchIndex.cached`` does); ArticleInfo has the path and text_key it needs.
    index, doc_text_keys = _load(SearchIndex, path)
    _refresh_paths(index, doc_text_keys, library.infos, None)
    return index


def _refs(library: Library, pack: bool = True) -> list:
    """The library's articles as ``tui.child_targets`` takes them: packed when parsed here
    already (the child need not read them again), else by path."""
    from tui.corpus.packed import pack_article

    refs = []
    for info in library.infos:
        article = library.cached_article(info.id) if pack else None
        if article is not None:
            refs.append(("packed", pack_article(article)))
        else:
            refs.append(("path", info.path, info.id, info.size))
    return refs


def _run_child(target: str, payload, cancelled, on_update):
    from tui import childjob

    try:
        return childjob.run(target, payload, cancelled=cancelled, on_update=on_update)
    except childjob.JobFailed as e:
        raise RuntimeError(str(e)) from None


def _quotes_in_child(library: Library, on_update: QuotesListener | None,
                     cancelled: Callable[[], bool] | None) -> list[Quote]:
    from tui.child_targets import quote_of

    final: list[Quote] = []

    def update(value) -> None:
        stage = value[0]
        if stage == "final":
            final.extend(quote_of(t) for t in value[1])
            time.sleep(0)  # a block at a time: the screen's thread gets its turn between
        elif on_update is not None:
            found = [quote_of(t) for t in value[3]] if stage == "found" else []
            on_update(QuotesUpdate("reading" if stage == "read" else stage, value[1], value[2],
                                   found))

    _run_child("tui.child_targets:quotes", {"articles": _refs(library)}, cancelled, update)
    return final
