"""The vocabulary: every distinct word of the index, with typo-tolerant lookup.

Why a vocabulary: a million sentences hold only some hundred thousand distinct words, so a typo
is resolved once against the words (cheap) instead of against every sentence. Words are kept in
sorted order so that all words sharing a prefix form one contiguous id range.

Edits are Levenshtein's (insert, delete, substitute a letter), and one swap of two neighbouring
letters, the commonest typing slip ("wiht"), also counts as a single edit: the distance is the
least of Levenshtein(q, w) and 1 + Levenshtein(q with one swap, w) (``typo_distance``).

Fuzzy lookup uses the q-gram lemma: d edits destroy at most 2d of a word's n-1 letter-pair
occurrences and move the rest by at most d places, so counting aligned shared pairs through a
positional letter-pair index leaves a handful of candidates (for the word and for each of its
swapped forms) for rapidfuzz to check exactly.
"""
from __future__ import annotations

import bisect
from array import array

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

# Prefix lookups end at this code point: every word starting with p sorts before p + _TOP.
_TOP = "\U0010ffff"
_NO_MATCH = (np.zeros(0, np.int32), np.zeros(0, np.int8))


def swaps(word: str) -> list[str]:
    """``word`` with each pair of different neighbouring letters swapped."""
    out = []
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            out.append(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    return list(dict.fromkeys(out))


def _lev(word: str, others: list[str], cutoff: int) -> np.ndarray:
    """Levenshtein distance from ``word`` to each of ``others`` (cutoff + 1 when above it)."""
    if cutoff < 0:
        return np.full(len(others), 1 << 20, np.int32)
    return process.cdist([word], others, scorer=Levenshtein.distance, score_cutoff=cutoff,
                         dtype=np.int32, workers=1)[0]


def _least(found, fits):
    """Merge (ids, distances) lists keeping each id's least distance, ids sorted."""
    ids = np.concatenate([f[0] for f in found])
    dists = np.concatenate([f[1] for f in found])
    if not len(ids):
        return _NO_MATCH
    keep = fits(ids)
    ids, dists = ids[keep], dists[keep]
    order = np.lexsort((dists, ids))
    ids, dists = ids[order], dists[order]
    first = np.concatenate([[True], ids[1:] != ids[:-1]]) if len(ids) else np.zeros(0, bool)
    return ids[first].astype(np.int32), dists[first].astype(np.int8)


def typo_distance(word: str, other: str) -> int:
    """Levenshtein distance, counting one swap of neighbouring letters as one edit."""
    best = Levenshtein.distance(word, other)
    for swapped in swaps(word):
        best = min(best, 1 + Levenshtein.distance(swapped, other))
    return best


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
        found = [self._checked(word, typos, 0, None, (None,))]
        for swapped in swaps(word):
            found.append(self._checked(swapped, typos - 1, 1, None, (None,)))
        return _least(found, lambda ids: (self.lengths[ids] >= n - typos)
                      & (self.lengths[ids] <= n + typos))

    def prefixed(self, prefix: str, typos: int):
        """Words that begin with something within ``typos`` edits of ``prefix``."""
        if typos <= 0:
            lo, hi = self.prefix_range(prefix)
            return np.arange(lo, hi, dtype=np.int32), np.zeros(hi - lo, np.int8)
        n = len(prefix)
        # A prefix within d edits of ``prefix`` is n-d..n+d long, so its letter pairs start
        # before n+d-1.
        found = [self._checked(prefix, typos, 0, n + typos - 2,
                               range(max(1, n - typos), n + typos + 1))]
        for swapped in swaps(prefix):
            found.append(self._checked(swapped, typos - 1, 1, n + typos - 3,
                                       range(max(1, n - typos + 1), n + typos)))
        return _least(found, lambda ids: self.lengths[ids] >= n - typos)

    def _checked(self, word: str, budget: int, extra: int, window: int | None, cuts):
        """(ids, distances + extra) of words within ``budget`` Levenshtein edits of ``word``
        (with ``window`` set: of a prefix of theirs, cut at one of ``cuts``)."""
        if budget < 0:
            return _NO_MATCH
        prefix = window is not None
        cand = self._candidates(word, budget, window, prefix)
        if not len(cand):
            return _NO_MATCH
        if budget == 0 and (prefix or len(cand) == 1):
            return cand.astype(np.int32), np.full(len(cand), extra, np.int8)
        words = self._terms_arr[cand].tolist()
        best = np.full(len(cand), budget + 1, np.int32)
        for cut in cuts:
            others = words if cut is None else [w[:cut] for w in words]
            np.minimum(best, _lev(word, others, budget), out=best)
        keep = best <= budget
        return cand[keep].astype(np.int32), (best[keep] + extra).astype(np.int8)

    def _candidates(self, word: str, typos: int, window: int | None,
                    prefix: bool = False) -> np.ndarray:
        """Ids of words that may be within ``typos`` Levenshtein edits of ``word`` (or, with
        ``prefix``, begin with something that is); a superset, checked by the caller."""
        if typos <= 0:
            if prefix:
                lo, hi = self.prefix_range(word)
                return np.arange(lo, hi, dtype=np.int64)
            i = self.ids.get(word)
            return np.array([] if i is None else [i], np.int64)
        return self._shared_pairs(word, typos, window)

    def _shared_pairs(self, word: str, typos: int, window: int | None) -> np.ndarray:
        """Ids of words sharing enough letter pairs with ``word`` to be within ``typos``
        Levenshtein edits (of ``word`` itself, or with ``window`` set, of one of their
        prefixes: pairs starting after ``window`` cannot be part of such a prefix).

        Of the n-1 pair occurrences of ``word``, d edits destroy at most 2d; each survivor sits
        within d places of where ``word`` has it. A word holding a pair twice near one place
        counts twice, which only loosens the filter. Words too short for the count to say
        anything are compared with every word of a fitting length.
        """
        n = len(word)
        need = (n - 1) - 2 * typos
        if need < 1:
            fits = self.lengths >= n - typos
            if window is None:
                fits &= self.lengths <= n + typos
            return np.flatnonzero(fits)
        chunks = []
        for b, places in _bigrams(word).items():
            bid = self.bigram_ids.get(b)
            if bid is None:
                continue
            lo, hi = self.bg_ptr[bid], self.bg_ptr[bid + 1]
            terms, pos = self.bg_terms[lo:hi], self.bg_pos[lo:hi]
            for at in places:
                chunks.append(terms[(pos >= at - typos) & (pos <= at + typos)])
        if not chunks:
            return np.zeros(0, np.int64)
        counts = np.bincount(np.concatenate(chunks), minlength=len(self.terms))
        return np.flatnonzero(counts >= need)
