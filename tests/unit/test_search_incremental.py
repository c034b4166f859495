"""A Searcher fed keystroke by keystroke returns exactly what a fresh search returns."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.corpus import read_article
from tui.search import SearchIndex, Searcher


@pytest.fixture(scope="module")
def index():
    return SearchIndex.build([read_article(p) for p in (SEED_000, SEED_002, SEED_003)])


def key(hits):
    return [(h.path, h.start, h.end, round(h.score, 6), h.kind) for h in hits]


QUERIES = ["figting for our lifes", "the world cant lose ukraine", "zelensky told cnn on tuesday",
           "we need some time", "the the the", "t", "no-fly zone over ukrane", "Putin insists"]


@pytest.mark.parametrize("query", QUERIES)
def test_typing_one_key_at_a_time_matches_fresh_searches(index, query):
    s = Searcher(index, limit=8)
    for i in range(1, len(query) + 1):
        assert key(s.update(query[:i])) == key(index.search(query[:i], limit=8)), query[:i]


def test_later_keystrokes_build_on_the_finished_words(index):
    s = Searcher(index, limit=5)
    q = "figting for our lifes"
    reused = []
    for i in range(1, len(q) + 1):
        s.update(q[:i])
        reused.append(s.narrowed)
    # Every keystroke within the last word reuses the sum for "figting for our".
    assert all(reused[len("figting for our l"):])
    assert not reused[0]
    s.update("zelensky")          # a different query starts afresh
    assert not s.narrowed
    assert key(s.results) == key(index.search("zelensky", limit=5))


words = st.sampled_from(["the", "war", "ukraine", "zelensky", "fighting", "our", "life", "lives",
                         "biden", "trust", "family", "peace", "talks", "russia", "kyiv", "we"])


def typos(word):
    return st.one_of(st.just(word), st.builds(lambda i: word[:i] + word[i + 1:],
                                              st.integers(0, max(len(word) - 1, 0))))


queries = st.lists(words.flatmap(typos), min_size=1, max_size=4).map(" ".join)


@settings(max_examples=40, deadline=None)
@given(queries, st.lists(st.integers(1, 6), max_size=3))
def test_prefixes_backspaces_and_edits(index, query, backs):
    """Type the query, with a few backspaces along the way: every step equals a fresh search."""
    s = Searcher(index, limit=6)
    typed = ""
    steps = []
    for i, ch in enumerate(query):
        typed += ch
        steps.append(typed)
        if backs and i == len(query) // 2:
            typed = typed[:-backs.pop()]
            steps.append(typed)
    for q in steps:
        assert key(s.update(q)) == key(index.search(q, limit=6)), q


def test_same_query_twice_is_answered_from_the_last_results(index):
    s = Searcher(index)
    first = s.update("ukraine")
    assert s.update("ukraine") is first
    assert s.update("") == []
    assert s.update("   ") == []


def test_incremental_pool_over_a_corpus_of_common_words(monkeypatch):
    """Force the all-common-words path (no word vectors) and check narrowing is exact."""
    import tui.search.index as index_mod

    monkeypatch.setattr(index_mod, "DENSE_MIN", 0)
    monkeypatch.setattr(index_mod, "DENSE_FRACTION", 0.0)
    sentences = [f"the {w} of the {v} and {u}" for w in ("war", "peace", "talks", "world")
                 for v in ("kyiv", "moscow", "europe") for u in ("now", "then", "again", "soon")]
    idx = SearchIndex.from_records((f"p{i // 5}", f"a{i // 5}", 0, len(t), t, "sentence")
                                   for i, t in enumerate(sentences))
    s = Searcher(idx, limit=5)
    narrowed = 0
    for q in ("the war of the kyiv and now", "the peace of europe", "teh wrr of kiev and"):
        s.reset()
        for i in range(1, len(q) + 1):
            assert key(s.update(q[:i])) == key(idx.search(q[:i], limit=5)), q[:i]
            narrowed += s.narrowed
    assert narrowed > 10
