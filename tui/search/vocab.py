"""The vocabulary: every distinct word of the index, with typo-tolerant lookup.

Why a vocabulary: a million sentences hold only some hundred thousand distinct words, so a typo
is resolved once against the words (cheap) instead of against every sentence. Words are kept in
sorted order so that all words sharing a prefix form one contiguous id range.

Edits are those of optimal string alignment (rapidfuzz OSA): insert, delete, substitute, or
swap two neighbouring letters, the commonest typing slip ("wiht"), each counting one.

Fuzzy lookup uses the q-gram lemma: an edit destroys at most three letter-pair occurrences and
moves the rest by at most one place, so a word within ``d`` edits keeps at least ``n - 1 - 3d``
of the query word's pair occurrences, each within ``d`` places of where the query word has it;
counting those through a positional letter-pair index leaves a handful of candidates for
rapidfuzz to check exactly.
"""
from __future__ import annotations

import bisect
from array import array

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA

# Prefix lookups end at this code point: every word starting with p sorts before p + _TOP.
_TOP = "\U0010ffff"
_NO_MATCH = (np.zeros(0, np.int32), np.zeros(0, np.int8))


def _bigrams(word: str) -> dict[str, list[int]]:
    """Distinct letter pairs of ``word`` with every position they occur at."""
    out: dict[str, list[int]] = {}
    for i in range(len(word) - 1):
        out.setdefault(word[i:i + 2], []).append(i)
    return out


class Vocabulary:
    def __init__(self, terms: list[str], df: np.ndarray, bigram_keys: list[str] | None = None,
                 bg_ptr: np.ndarray | None = None, bg_terms: np.ndarray | None = None,
                 bg_pos: np.ndarray | None = None):
        self.terms = terms                      # sorted
        self.ids = {t: i for i, t in enumerate(terms)}
        self.df = np.asarray(df, np.int64)
        self.df_cum = np.concatenate([[0], np.cumsum(self.df)]).astype(np.int64)
        self.lengths = np.fromiter((len(t) for t in terms), np.int32, len(terms))
        self._terms_arr = np.array(terms, dtype=object)
        if bigram_keys is None:
            bigram_keys, bg_ptr, bg_terms, bg_pos = self._build_bigrams(terms)
        self.bigram_keys = bigram_keys
        self.bigram_ids = {b: i for i, b in enumerate(bigram_keys)}
        self.bg_ptr, self.bg_terms, self.bg_pos = bg_ptr, bg_terms, bg_pos

    def __len__(self) -> int:
        return len(self.terms)

    @staticmethod
    def _build_bigrams(terms: list[str]):
        keys: dict[str, int] = {}
        get = keys.setdefault
        rows_bg, rows_term, rows_pos = array("i"), array("i"), array("i")
        for tid, t in enumerate(terms):
            for i in range(len(t) - 1):
                rows_bg.append(get(t[i:i + 2], len(keys)))
                rows_term.append(tid)
                rows_pos.append(i)
        bg = np.frombuffer(rows_bg, np.int32)
        order = np.argsort(bg, kind="stable")
        ptr = np.zeros(len(keys) + 1, np.int64)
        np.cumsum(np.bincount(bg, minlength=len(keys)), out=ptr[1:])
        term_arr = np.frombuffer(rows_term, np.int32)[order]
        pos_arr = np.minimum(np.frombuffer(rows_pos, np.int32)[order], 65535).astype(np.uint16)
        return list(keys), ptr, term_arr, pos_arr

    def postings_size(self, ids: np.ndarray) -> int:
        """Sentence occurrences summed over ``ids`` (a bound on the sentences they match)."""
        if len(ids) and ids[-1] - ids[0] + 1 == len(ids):   # a contiguous prefix range
            return int(self.df_cum[ids[-1] + 1] - self.df_cum[ids[0]])
        return int(self.df[ids].sum())

    # --- lookups: each returns (sorted term ids, edit distances) --------------------------------

    def exact(self, word: str):
        i = self.ids.get(word)
        if i is None:
            return _NO_MATCH
        return np.array([i], np.int32), np.zeros(1, np.int8)

    def prefix_range(self, prefix: str) -> tuple[int, int]:
        return (bisect.bisect_left(self.terms, prefix),
                bisect.bisect_left(self.terms, prefix + _TOP))

    def complete(self, word: str, typos: int):
        """Words within ``typos`` edits of ``word``."""
        if typos <= 0:
            return self.exact(word)
        n = len(word)
        cand = self._shared_pairs(word, typos, window=None)
        cand = cand[(self.lengths[cand] >= n - typos) & (self.lengths[cand] <= n + typos)]
        if not len(cand):
            return _NO_MATCH
        dist = process.cdist([word], self._terms_arr[cand].tolist(), scorer=OSA.distance,
                             score_cutoff=typos, dtype=np.int32, workers=1)[0]
        keep = dist <= typos
        return cand[keep].astype(np.int32), dist[keep].astype(np.int8)

    def prefixed(self, prefix: str, typos: int):
        """Words that begin with something within ``typos`` edits of ``prefix``."""
        if typos <= 0:
            lo, hi = self.prefix_range(prefix)
            return np.arange(lo, hi, dtype=np.int32), np.zeros(hi - lo, np.int8)
        n = len(prefix)
        # A prefix of a word within d edits of ``prefix`` is n-d..n+d long, so its letter pairs
        # start before n+d-1.
        cand = self._shared_pairs(prefix, typos, window=n + typos - 2)
        cand = cand[self.lengths[cand] >= n - typos]
        if not len(cand):
            return _NO_MATCH
        words = self._terms_arr[cand].tolist()
        best = np.full(len(cand), typos + 1, np.int32)
        for cut in range(max(1, n - typos), n + typos + 1):
            dist = process.cdist([prefix], [w[:cut] for w in words], scorer=OSA.distance,
                                 score_cutoff=typos, dtype=np.int32, workers=1)[0]
            np.minimum(best, dist, out=best)
        keep = best <= typos
        return cand[keep].astype(np.int32), best[keep].astype(np.int8)

    def _shared_pairs(self, word: str, typos: int, window: int | None) -> np.ndarray:
        """Ids of words sharing enough letter pairs with ``word`` to be within ``typos`` edits
        (of ``word`` itself, or with ``window`` set, of one of their prefixes: pairs starting
        after ``window`` cannot be part of such a prefix).

        Of the n-1 pair occurrences of ``word``, d edits destroy at most 3d; each survivor sits
        within d places of where ``word`` has it. A word holding a pair twice near one place
        counts twice, which only loosens the filter. At least one shared pair is always
        required: that is part of what a match means here (it only matters for words too
        short for the count to say anything), and it keeps "aaaaa" from being compared with
        the whole vocabulary.
        """
        pairs = _bigrams(word)
        need = (len(word) - 1) - 3 * typos
        chunks = []
        for b, places in pairs.items():
            bid = self.bigram_ids.get(b)
            if bid is None:
                continue
            lo, hi = self.bg_ptr[bid], self.bg_ptr[bid + 1]
            terms, pos = self.bg_terms[lo:hi], self.bg_pos[lo:hi]
            if need >= 1:
                for at in places:
                    chunks.append(terms[(pos >= at - typos) & (pos <= at + typos)])
            else:
                chunks.append(np.unique(terms if window is None else terms[pos <= window]))
        need = max(1, need)
        if not chunks:
            return np.zeros(0, np.int64)
        counts = np.bincount(np.concatenate(chunks), minlength=len(self.terms))
        return np.flatnonzero(counts >= need)
