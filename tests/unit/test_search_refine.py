"""The exact path (SearchIndex.search_exact) proves the answers the fast path has to sample:
queries made only of common words, where thousands of sentences tie on words."""
from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import tui.search.index as index_module
from tests.unit.test_search_exact import make_corpus, records
from tui.search import SearchIndex, Searcher
from tui.search.reference import reference_scores, reference_top

# Common-word queries over the generated corpus: each word is one of its 15 function words,
# or matches no word at all (a typo): then the phrase part decides the order of thousands of
# sentences, and most of them must be rescored to prove the top.
COMMON_QUERIES = ["the of and", "to in a", "is that for", "was with he", "the of ka",
                  "the and", "a is", "the kaxq", "to hurs", "is zzzz", "he vinq"]


@pytest.fixture(scope="module")
def corpus_index():
    return SearchIndex.from_records(records(make_corpus(3000, seed=5)))


@pytest.fixture
def sampling(monkeypatch):
    """Constants scaled to the 3,000-sentence corpus as the defaults are to a million: every
    function word (and pair of them) is too common for a vector, and a pool of more than 40
    sentences holding every word is sampled. The exact path works in chunks of 32, so that
    the first chunk does not already hold the whole corpus."""
    monkeypatch.setattr(index_module, "DENSE_MIN", 0)
    monkeypatch.setattr(index_module, "DENSE_FRACTION", 0.005)
    monkeypatch.setattr(index_module, "TIE_SAMPLE", 40)
    monkeypatch.setattr(index_module, "POOL_SAMPLE", 400)
    monkeypatch.setattr(index_module, "EXACT_CHUNK", 32)


def scores(hits) -> np.ndarray:
    return np.array([h.score for h in hits], np.float32)


def same_scores(got: np.ndarray, want: np.ndarray) -> bool:
    return len(got) == len(want) and bool(np.allclose(got, want, atol=1e-5))


def typed(index, query: str, limit: int = 10) -> Searcher:
    s = Searcher(index, limit=limit)
    for i in range(1, len(query) + 1):
        s.update(query[:i])
    return s


def test_sampled_common_word_queries_are_proved_by_the_exact_path(corpus_index, sampling):
    fast_wrong = 0
    for query in COMMON_QUERIES:
        s = typed(corpus_index, query)
        assert not s.exact, query          # the fast path says it sampled
        want = reference_top(corpus_index, query, 10)
        fast_wrong += not same_scores(scores(s.results), want)
        exact = corpus_index.search_exact(query, 10)
        np.testing.assert_allclose(scores(exact), want, atol=1e-5, err_msg=query)
    # The sample really missed better sentences for some of them: the exact path fixed that.
    assert fast_wrong >= 2


def test_exact_hits_carry_their_true_scores_and_are_best_first(corpus_index, sampling):
    query = "the of and"
    hits = corpus_index.search_exact(query, 10)
    true = reference_scores(corpus_index, query)
    at = {(corpus_index.docs[corpus_index.rec_doc[i]][0], int(corpus_index.starts[i])): i
          for i in range(len(corpus_index))}
    for h in hits:
        assert abs(true[at[(h.path, h.start)]] - h.score) < 1e-5, h.text
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(h.matches for h in hits)    # matched words are marked as in the fast path


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(index_module, "EXACT_CHUNK", 32)


def test_exact_path_matches_the_reference_with_the_default_constants(corpus_index,
                                                                     small_chunks):
    rng = random.Random(8)
    sentences = make_corpus(3000, seed=5)
    for _ in range(25):
        words = rng.choice(sentences).split()
        k = rng.randint(1, min(4, len(words)))
        at = rng.randrange(len(words) - k + 1)
        query = " ".join(words[at:at + k])
        np.testing.assert_allclose(scores(corpus_index.search_exact(query, 10)),
                                   reference_top(corpus_index, query, 10), atol=1e-5,
                                   err_msg=query)


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="abdegiklmnoprstvz ", min_size=1, max_size=14))
def test_exact_path_on_random_strings_matches_the_reference(corpus_index, query):
    # One-letter prefixes and words matching nothing: the cases the fast path samples.
    chunk = index_module.EXACT_CHUNK
    index_module.EXACT_CHUNK = 32      # (hypothesis runs examples outside function fixtures)
    try:
        got = corpus_index.search_exact(query, 5)
    finally:
        index_module.EXACT_CHUNK = chunk
    np.testing.assert_allclose(scores(got), reference_top(corpus_index, query, 5), atol=1e-5)


def test_exact_path_stops_when_cancelled_between_chunks(corpus_index, sampling, monkeypatch):
    monkeypatch.setattr(index_module, "EXACT_CHUNK", 16)
    query = "the of and"
    polls = []

    def never() -> bool:
        polls.append(1)
        return False

    full = corpus_index.search_exact(query, 10, never)
    assert full and len(polls) > 3      # polled between the word vectors and the chunks
    assert corpus_index.search_exact(query, 10, lambda: True) is None
    # Cancelled part-way, after the vectors: gives up instead of a partial answer.
    calls = iter(range(1000))
    assert corpus_index.search_exact(query, 10, lambda: next(calls) >= len(polls) - 1) is None


def test_exact_path_edge_cases(corpus_index):
    assert corpus_index.search_exact("", 10) == []
    assert corpus_index.search_exact("  ,. ", 10) == []
    assert corpus_index.search_exact("the", 0) == []
    assert corpus_index.search_exact("qqqqqqqq", 10) == []     # matches no word


def test_a_whole_pool_is_called_exact_only_when_no_record_outside_it_can_beat_it(
        corpus_index, monkeypatch):
    # Pools never sampled: every sentence holding every word is rescored. A sentence missing
    # one of the words may still belong in the top (too few hold them all, or the phrase
    # part lifts it), and then the answer must not claim to be exact.
    monkeypatch.setattr(index_module, "DENSE_MIN", 0)
    monkeypatch.setattr(index_module, "DENSE_FRACTION", 0.005)
    monkeypatch.setattr(index_module, "TIE_SAMPLE", 10_000)
    monkeypatch.setattr(index_module, "POOL_SAMPLE", 10_000)
    flags = []
    for query in COMMON_QUERIES + ["the of and to", "a is that"]:
        s = typed(corpus_index, query, limit=10)
        flags.append(s.exact)
        if s.exact:
            np.testing.assert_allclose(scores(s.results),
                                       reference_top(corpus_index, query, 10), atol=1e-5,
                                       err_msg=query)
    assert not all(flags)
