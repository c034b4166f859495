"""``LibraryCache``: articles, quotes and the search index computed once per library content."""
from __future__ import annotations

import shutil
import threading

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.app.library_cache import LibraryCache
from tui.corpus.library import Library


def scanned(paths) -> Library:
    library = Library([str(p) for p in paths])
    library.scan()
    return library


def test_quotes_and_index_are_computed_once_and_shared():
    library = scanned([SEED_000, SEED_002, SEED_003])
    cache = LibraryCache()
    stages: list[str] = []
    articles, quotes = cache.articles_and_quotes(library, lambda s, d, t: stages.append(s))
    assert len(articles) == 3 and quotes
    assert {"read", "quotes"} <= set(stages)
    again = cache.articles_and_quotes(library, lambda s, d, t: stages.append("again"))
    assert again[0] is articles and again[1] is quotes and "again" not in stages
    index, speakers = cache.search_index(library)
    assert cache.search_index(library)[0] is index
    assert any(speakers.values())
    assert {(q.article_id, q.start) for q in quotes} == set(speakers)


def test_new_content_replaces_the_cached_library(tmp_path):
    shutil.copy(SEED_000, tmp_path / "a.txt")
    library = scanned([tmp_path])
    cache = LibraryCache()
    first, _ = cache.articles_and_quotes(library)
    index, _ = cache.search_index(library)
    (tmp_path / "a.txt").write_text(SEED_002.read_text())
    library = scanned([tmp_path])
    second, _ = cache.articles_and_quotes(library)
    assert second is not first and second[0].id != first[0].id
    assert cache.search_index(library)[0] is not index


def test_two_threads_asking_at_once_compute_the_quotes_once(monkeypatch):
    library = scanned([SEED_000, SEED_002])
    calls = []
    real = Library.articles

    def counted(self, progress=None, cancelled=None):
        calls.append(1)
        return real(self, progress, cancelled)

    monkeypatch.setattr(Library, "articles", counted)
    cache = LibraryCache()
    results = []
    threads = [threading.Thread(target=lambda: results.append(cache.articles_and_quotes(library)))
               for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and all(r[1] is results[0][1] for r in results)


def test_a_spacing_only_edit_replaces_the_cached_library(tmp_path):
    # The id folds whitespace, so it stays; the quotes' and the index's offsets do not.
    text = SEED_000.read_text(encoding="utf-8")
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    library = scanned([tmp_path])
    cache = LibraryCache()
    first, _ = cache.articles_and_quotes(library)
    (tmp_path / "a.txt").write_text(text.replace(". ", ".  ", 1), encoding="utf-8")
    library = scanned([tmp_path])
    second, quotes = cache.articles_and_quotes(library)
    assert second[0].id == first[0].id and second is not first
    assert all(second[0].text[q.start:q.end] == q.text for q in quotes)
    index, _ = cache.search_index(library)
    hit = index.search("stop fighting", limit=1)[0]
    assert second[0].text[hit.start:hit.end] == hit.text
