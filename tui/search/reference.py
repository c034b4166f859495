"""The brute-force reference: the search score of every record, the slow and obvious way.

Used by the tests and by tests/bench/search_latency.py to check that the index's search returns
the true top hits. It shares only the definitions (typo budgets, similarity per edit, weights,
the phrase scorer, pair weights) with the index; word matches are found by comparing each
query word (and its swapped forms) with every distinct word of the corpus with rapidfuzz,
without the letter-pair filter, and pairs by walking every record's words in order, without
postings or rounds.
"""
from __future__ import annotations

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .index import EDIT_SIMILARITY, SearchIndex, combine, phrase_scores
from .text import complete_typos, prefix_typos
from .vocab import swaps


def _distances(word: str, vocabulary: list[str], typing: bool, budget: int) -> np.ndarray:
    n = len(word)
    if not typing:
        return process.cdist([word], vocabulary, scorer=Levenshtein.distance, dtype=np.int32,
                             workers=1)[0]
    dist = np.full(len(vocabulary), 1 << 20, np.int32)
    for cut in range(max(1, n - budget), n + budget + 1):
        d = process.cdist([word], [w[:cut] for w in vocabulary], scorer=Levenshtein.distance,
                          dtype=np.int32, workers=1)[0]
        np.minimum(dist, d, out=dist)
    return dist


def word_similarity(query_word: str, typing: bool, vocabulary: list[str]) -> np.ndarray:
    """Similarity of ``query_word`` to every vocabulary word (0 where it does not match): the
    edits are Levenshtein's, one swap of neighbouring letters counting as a single edit."""
    n = len(query_word)
    budget = prefix_typos(n) if typing else complete_typos(n)
    dist = _distances(query_word, vocabulary, typing, budget)
    if budget > 0:
        for swapped in swaps(query_word):
            np.minimum(dist, 1 + _distances(swapped, vocabulary, typing, budget), out=dist)
    ok = dist <= budget
    sims = np.zeros(len(vocabulary), np.float32)
    sims[ok] = EDIT_SIMILARITY[np.minimum(dist[ok], 2)]
    return sims


def reference_scores(index: SearchIndex, query: str, chunk: int = 200_000) -> np.ndarray:
    """Score of every record of ``index`` for ``query`` (0 = not a hit), walking every word of
    every record in order."""
    terms, norm = index.terms(query)
    n = len(index)
    if not terms:
        return np.zeros(n, np.float32)
    vocab = index.vocab.terms
    sims = {t.key: word_similarity(t.word, t.typing, vocab) for t in terms if t.left is None}
    total = np.float32(sum(t.idf for t in terms)) or np.float32(1)
    out = np.zeros(n, np.float32)
    for lo in range(0, n, chunk):
        hi = min(n, lo + chunk)
        ptr = index.seq_ptr[lo:hi + 1]
        toks = index.seq[ptr[0]:ptr[-1]]
        starts = ptr[:-1] - ptr[0]
        nonempty = ptr[1:] > ptr[:-1]
        last = np.zeros(len(toks), bool)
        last[(ptr[1:] - ptr[0])[nonempty] - 1] = True
        word_part = np.zeros(hi - lo, np.float32)
        for t in terms:
            if t.left is None:
                vals = sims[t.key][toks]
            else:          # the left word's match directly followed by the right word's
                vals = np.zeros(len(toks), np.float32)
                if len(toks):
                    vals[:-1] = np.minimum(sims[t.left.key][toks[:-1]], sims[t.right.key][toks[1:]])
                vals[last] = 0
            best = np.zeros(hi - lo, np.float32)
            if len(toks):
                best[nonempty] = np.maximum.reduceat(vals, starts[nonempty].astype(np.intp))
            word_part += best * np.float32(t.idf)
        word_part /= total
        out[lo:hi] = combine(word_part, phrase_scores(norm, index.norms[lo:hi]))
    return out


def reference_top(index: SearchIndex, query: str, k: int) -> np.ndarray:
    """The k best scores (best first), zeros dropped."""
    scores = reference_scores(index, query)
    scores = scores[scores > 0]
    if len(scores) > k:
        scores = np.partition(scores, len(scores) - k)[len(scores) - k:]
    return np.sort(scores)[::-1]
