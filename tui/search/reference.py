"""The brute-force reference: the search score of every record, the slow and obvious way.

Used by the tests and by tests/bench/search_latency.py to check that the index's search returns
the true top hits, so it shares nothing with the index but the definitions of the words
themselves (``text.py``: the tokenizer and the typo budgets, which the index, the query and this
file must agree on). It reads only the records' texts from the index; it does not use the
index's vocabulary, postings, pair index, term resolution or scoring code. The score is
restated here from its definition (index.py's docstring):

    score = 0.95 * words + 0.05 * phrase   (0 when the record holds none of the query words)

* a query word's similarity to a word of the corpus is 1.0, 0.8 or 0.6 at 0, 1 or 2 edits
  (Levenshtein's, one swap of neighbouring letters counting as one edit), within the typo
  budget; the last word while it is typed is matched as a prefix: against every cut of the
  corpus word within the budget of its length;
* each adjacent pair of query words scores, in a record, the lesser similarity of a word
  matching the first directly followed by one matching the second;
* each word and pair weighs ln((N + 1) / (postings + 1)) + 0.1 (the log floored at 0), where N
  is the number of records and postings counts, for every distinct corpus word (or adjacent
  word pair) it matches, the records holding that word (or pair);
* words: the sum over words and pairs of weight × the record's best similarity, divided by the
  sum of weights;
* phrase: rapidfuzz partial_ratio / 100 of the query's normal form against the record's, times
  min(1, record's length / query's length).
"""
from __future__ import annotations

import math
import weakref

import numpy as np
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

from .text import complete_typos, parse_query, prefix_typos, words

SIMILARITY_AT_EDITS = (1.0, 0.8, 0.6)
WORDS_WEIGHT = 0.95
PHRASE_WEIGHT = 0.05


class _Corpus:
    """The records' words, tokenized here from their texts: distinct words, each record's
    word ids end to end, and how many records hold each word."""

    def __init__(self, texts: list[str]):
        ids: dict[str, int] = {}
        toks: list[int] = []
        ptr = [0]
        self.norms = []
        for text in texts:
            ws = words(text)
            self.norms.append(" ".join(ws))
            toks.extend(ids.setdefault(w, len(ids)) for w in ws)
            ptr.append(len(toks))
        self.vocabulary = list(ids)
        self.toks = np.array(toks, np.int64)
        self.ptr = np.array(ptr, np.int64)
        self.rec = np.repeat(np.arange(len(texts), dtype=np.int64), np.diff(self.ptr))
        # records holding each word: distinct (record, word) pairs
        v = max(len(ids), 1)
        held = np.unique(self.rec * v + self.toks) % v if len(toks) else np.zeros(0, np.int64)
        self.df = np.bincount(held, minlength=len(ids))

    def __len__(self) -> int:
        return len(self.norms)


_corpora: "weakref.WeakKeyDictionary[object, _Corpus]" = weakref.WeakKeyDictionary()


def _corpus(index) -> _Corpus:
    corpus = _corpora.get(index)
    if corpus is None:
        corpus = _corpora[index] = _Corpus(list(index.texts))
    return corpus


def _swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2:]
            for i in range(len(word) - 1) if word[i] != word[i + 1]}


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
    budget = prefix_typos(len(query_word)) if typing else complete_typos(len(query_word))
    dist = _distances(query_word, vocabulary, typing, budget)
    if budget > 0:
        for swapped in _swaps(query_word):
            np.minimum(dist, 1 + _distances(swapped, vocabulary, typing, budget), out=dist)
    sims = np.zeros(len(vocabulary), np.float32)
    for edits, similarity in enumerate(SIMILARITY_AT_EDITS):
        sims[(dist == edits) & (dist <= budget)] = similarity
    return sims


def _weight(postings: int, records: int) -> float:
    return max(0.0, math.log((records + 1) / (postings + 1))) + 0.1


def _best_per_record(values: np.ndarray, corpus: _Corpus) -> np.ndarray:
    """The largest of ``values`` (one per corpus token) within each record; 0 if none."""
    best = np.zeros(len(corpus), np.float32)
    nonempty = np.flatnonzero(corpus.ptr[1:] > corpus.ptr[:-1])
    if len(nonempty):
        best[nonempty] = np.maximum.reduceat(values, corpus.ptr[nonempty])
    return best


def reference_scores(index, query: str) -> np.ndarray:
    """Score of every record of ``index`` for ``query`` (0 = not a hit)."""
    corpus = _corpus(index)
    n = len(corpus)
    query_words, typing = parse_query(query)
    if not query_words:
        return np.zeros(n, np.float32)
    last = len(query_words) - 1
    sims = [word_similarity(w, typing and i == last, corpus.vocabulary)
            for i, w in enumerate(query_words)]
    parts: list[tuple[float, np.ndarray]] = []   # (weight, best similarity per record)
    for s in sims:
        postings = int(corpus.df[s > 0].sum())
        parts.append((_weight(postings, n), _best_per_record(s[corpus.toks], corpus)))
    same_record = corpus.rec[1:] == corpus.rec[:-1]
    v = max(len(corpus.vocabulary), 1)
    for left, right in zip(sims, sims[1:]):
        values = np.zeros(len(corpus.toks), np.float32)
        if len(corpus.toks) > 1:
            pair = np.minimum(left[corpus.toks[:-1]], right[corpus.toks[1:]])
            values[:-1] = np.where(same_record, pair, 0)
        at = np.flatnonzero(values > 0)
        # records holding each matched adjacent pair: distinct (record, left word, right word)
        held = np.unique((corpus.rec[at] * v + corpus.toks[at]) * v + corpus.toks[at + 1])
        parts.append((_weight(len(held), n), _best_per_record(values, corpus)))
    total = sum(w for w, _ in parts)
    word_part = np.zeros(n, np.float64)
    for weight, best in parts:
        word_part += weight * best.astype(np.float64)
    word_part /= total
    query_norm = " ".join(query_words)
    phrase = process.cdist([query_norm], corpus.norms, scorer=fuzz.partial_ratio,
                           dtype=np.float32, workers=1)[0].astype(np.float64) / 100
    lengths = np.array([len(t) for t in corpus.norms], np.float64)
    phrase *= np.minimum(1.0, lengths / max(len(query_norm), 1))
    score = WORDS_WEIGHT * word_part + PHRASE_WEIGHT * phrase
    return np.where(word_part > 0, score, 0.0).astype(np.float32)


def reference_top(index, query: str, k: int) -> np.ndarray:
    """The k best scores (best first), zeros dropped."""
    scores = reference_scores(index, query)
    scores = scores[scores > 0]
    if len(scores) > k:
        scores = np.partition(scores, len(scores) - k)[len(scores) - k:]
    return np.sort(scores)[::-1]
