"""The index's search returns the true top hits: the same scores as scoring every record with
the brute-force reference (tui.search.reference), and typo lookups match exhaustive ones."""
from __future__ import annotations

import random

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.corpus import read_article
from tui.search import SearchIndex, Searcher
from tui.search.reference import reference_scores, reference_top, word_similarity


@pytest.fixture(scope="module")
def seeds_index():
    return SearchIndex.build([read_article(p) for p in (SEED_000, SEED_002, SEED_003)])


def make_corpus(n: int, seed: int) -> list[str]:
    """Sentences over a small Zipf-like vocabulary: lots of shared words, near-duplicates and
    ties, the hard case for a shortlist."""
    rng = random.Random(seed)
    syll = "ka ri to ma ne lu sa vo de ki ra mo ti za pl st gen vin dor".split()
    common = "the of and to in a is that for on was with he it as".split()
    rare = sorted({"".join(rng.choice(syll) for _ in range(rng.randint(1, 4))) for _ in range(300)})
    weights = [1.0 / (i + 1) for i in range(len(rare))]
    out = []
    for _ in range(n):
        k = rng.randint(4, 14)
        out.append(" ".join(rng.choice(common) if rng.random() < 0.45
                            else rng.choices(rare, weights)[0] for _ in range(k)))
    return out


def records(sentences, per_doc=20):
    """Documents of ``per_doc`` sentences laid end to end (so offsets identify a record)."""
    at = 0
    for i, s in enumerate(sentences):
        if i % per_doc == 0:
            at = 0
        yield f"doc{i // per_doc}", f"{i // per_doc:04x}", at, at + len(s), s, "sentence"
        at += len(s) + 1


@pytest.fixture(scope="module")
def corpus_index():
    sentences = make_corpus(3000, seed=5)
    return sentences, SearchIndex.from_records(records(sentences))


def assert_top_matches_reference(index, query, limit=10, must_be_exact=True):
    """Typed key by key, the hits carry their true scores and, when the search says it is
    exact (it must be unless thousands of sentences tie), are the true top ``limit``."""
    s = Searcher(index, limit=limit)
    for i in range(1, len(query) + 1):
        hits = s.update(query[:i])
    scores = reference_scores(index, query)
    where = {(p, a): i for i, (p, _, a, *_rest) in enumerate(records_of(index))}
    for h in hits:
        assert abs(scores[where[(h.path, h.start)]] - h.score) < 1e-5, (query, h.text)
    if must_be_exact:
        assert s.exact, query
    if s.exact:
        got = np.array([h.score for h in hits], np.float32)
        np.testing.assert_allclose(got, reference_top(index, query, limit), atol=1e-5,
                                   err_msg=query)


def records_of(index):
    for i in range(len(index)):
        path, article_id = index.docs[index.rec_doc[i]]
        yield path, article_id, int(index.starts[i]), int(index.ends[i])


@pytest.mark.parametrize("query", ["figting for our lifes", "trust only my famly", "the world",
                                   "biden speach", "ukrainian presidnt", "we", "kyiv bunker",
                                   "no fly zone", "resist and fight stronger"])
def test_seed_queries_match_the_reference(seeds_index, query):
    assert_top_matches_reference(seeds_index, query)


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return rng.choice([word[:i] + word[i + 1:], word[:i] + "x" + word[i + 1:],
                       word[:i] + "e" + word[i:]])


def test_generated_queries_match_the_reference(corpus_index):
    sentences, index = corpus_index
    rng = random.Random(3)
    for _ in range(40):
        words = rng.choice(sentences).split()
        k = rng.randint(1, min(4, len(words)))
        at = rng.randrange(len(words) - k + 1)
        q = [typo(w, rng) if len(w) > 4 and rng.random() < 0.5 else w for w in words[at:at + k]]
        assert_top_matches_reference(index, " ".join(q))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abdegiklmnoprstvz ", min_size=1, max_size=14))
def test_random_strings_match_the_reference(corpus_index, query):
    _, index = corpus_index
    if not query.strip():
        return
    # One-letter words and prefixes tie thousands of sentences: exactness is not promised.
    assert_top_matches_reference(index, query, limit=5, must_be_exact=False)


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet="abdegiklmnoprstvz", min_size=1, max_size=11), st.booleans())
def test_vocabulary_lookup_equals_exhaustive_comparison(corpus_index, word, typing):
    _, index = corpus_index
    t = index.term(word, typing)
    sims = word_similarity(word, typing, index.vocab.terms)
    assert sorted(t.ids.tolist()) == np.flatnonzero(sims > 0).tolist()
    from tui.search.index import EDIT_SIMILARITY
    np.testing.assert_allclose(EDIT_SIMILARITY[t.dists], sims[t.ids])
