"""Grouping articles into stories: articles that report the same event.

1. Weights. Each article is a vector of its content terms: ``(1 + ln tf) * idf * boost``, with
   the headline's words counted ``headline_weight`` times more, names and numbers weighed
   ``name_weight`` times more (they say which event; "council", "vote" only say which topic),
   and IDF over the library, smoothed as if ``prior_docs`` more articles held none of the terms
   (two articles alone would otherwise make every shared word worthless). Only the
   ``top_terms`` heaviest terms are kept; vectors have unit length.
2. Blocking. An inverted index of each article's ``block_terms`` most distinctive terms (those
   in at most ``block_cap`` vectors: a city's name is in thousands) proposes the pairs worth
   comparing (an article with fewer than ``block_min`` such terms also meets the holders of
   its heaviest terms held by up to four times as many). Two reports of one event share names,
   numbers or rare words, so they meet; the number of pairs grows with the library, not with
   its square. Two articles both close to a third are compared too (``similarities``).
3. Similarity. The cosine of the two vectors, times a date factor when both dates are known:
   1 within ``date_free`` days, then falling by e per ``date_scale`` days. A soft constraint:
   a story can run for days, a copy re-published later still meets its original.
4. Clustering. Average-link agglomeration over those pairs (a pair never compared counts as
   0): the two groups with the highest mean similarity merge first, while that mean is at least
   ``merge_min``. Average link, not single link, so one article about two events cannot chain
   them together. And a merge must also fit how alike the groups are inside: two groups of
   several articles merge only when the mean across them is at least ``cohesion_ratio`` of the
   less cohesive group's own mean, and one article joins a group only when its mean is at
   least ``join_ratio`` of the group's (either way a mean of ``strong_link`` is enough; and a
   group's own mean counts at most ``cohesion_cap``, so near-copies of one wire report do not
   shut out the outlets that wrote the event in their own words). Two
   reports of a council's Monday vote are far more alike than either is to the report of
   Tuesday's budget hearing by the same officials, even though every pair shares the mayor,
   the council and the city; the same holds for two translations of one chapter against the
   next chapter in either translation.

Everything is a function of the set of articles: rows are sorted by article id first, and
ties break on that order, so the input order never changes the grouping.
"""
from __future__ import annotations

import heapq
import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from .features import NAME, NUMBER
from .matrix import NO_DAY, FeatureMatrix, _ranges

# Part of every cache key: any change to the algorithm or its defaults must change it.
ALGORITHM_VERSION = 1

_ROW_BLOCK = 64
# Vectors' lookup keys are row * KEY_STRIDE + column: fixed, so that appending a row (or a
# term) to the vectors keeps every key valid and the keys sorted.
KEY_STRIDE = 1 << 32


def unique_sorted(a: np.ndarray) -> np.ndarray:
    """``np.unique`` of integers by sorting (numpy 2's hashing unique is 50x slower here)."""
    if len(a) == 0:
        return a
    a = np.sort(a)
    return a[np.r_[True, a[1:] != a[:-1]]]


def order_in_rows(row: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Cells ordered by row, heaviest first within a row (two argsorts: ``np.lexsort`` with a
    float key is many times slower)."""
    by_weight = np.argsort(-weight, kind="stable")
    return by_weight[np.argsort(row[by_weight], kind="stable")]


def order_pairs(major: np.ndarray, minor: np.ndarray) -> np.ndarray:
    """Order of integer pairs by ``major`` then ``minor`` (both below 2**31)."""
    return np.argsort(major.astype(np.int64) * KEY_STRIDE + minor, kind="stable")


class Cancelled(Exception):
    """Raised inside the grouping when the caller's ``cancelled()`` turned true."""


@dataclass(frozen=True, slots=True)
class Params:
    name_weight: float = 2.0
    number_weight: float = 3.0
    headline_weight: float = 2.0
    prior_docs: float = 20.0
    top_terms: int = 128
    block_terms: int = 8
    block_cap: int = 32
    block_min: int = 3
    date_free: int = 3
    date_scale: float = 5.0
    merge_min: float = 0.22
    cohesion_ratio: float = 0.85
    strong_link: float = 0.5
    join_ratio: float = 0.7
    cohesion_cap: float = 0.6
    edge_min: float = 0.03


DEFAULT = Params()


@dataclass
class Vectors:
    """Unit vectors of the ``top_terms`` heaviest terms of each row, sorted by column."""

    n: int
    n_cols: int
    indptr: np.ndarray      # row -> cells
    cols: np.ndarray        # int64
    weights: np.ndarray     # float64
    keys: np.ndarray        # row * KEY_STRIDE + col, sorted (for lookups by pair)
    df: np.ndarray          # documents (rows) holding each column, over the full vectors
    idf: np.ndarray


def cell_weights(m: FeatureMatrix, idf: np.ndarray, p: Params, cells: slice | np.ndarray
                 = slice(None)) -> np.ndarray:
    cols = m.cols[cells]
    tf = m.body[cells].astype(np.float64) + p.headline_weight * m.head[cells]
    w = 1.0 + np.log(np.maximum(tf, 1.0))
    w *= idf[cols]
    flags = m.flags[cells]
    w[(flags & NAME) != 0] *= p.name_weight
    w[(flags & NUMBER) != 0] *= p.number_weight
    return w


def idf_of(df: np.ndarray, n: int, p: Params) -> np.ndarray:
    return np.log((n + p.prior_docs + 1.0) / (df + 0.5))


def row_vector(m: FeatureMatrix, row: int, idf: np.ndarray, p: Params = DEFAULT
               ) -> tuple[np.ndarray, np.ndarray]:
    """(columns sorted, unit weights) of one row: what ``weigh`` keeps for it."""
    cells = slice(int(m.indptr[row]), int(m.indptr[row + 1]))
    w = cell_weights(m, idf, p, cells)
    cols = m.cols[cells].astype(np.int64)
    top = np.lexsort((cols, -w))[:p.top_terms]
    top = top[np.argsort(cols[top], kind="stable")]
    w = w[top]
    norm = float(np.sqrt((w * w).sum())) or 1.0
    return cols[top], w / norm


def weigh(m: FeatureMatrix, p: Params = DEFAULT) -> Vectors:
    n, n_cols = len(m), len(m.terms)
    counts = np.diff(m.indptr)
    row = np.repeat(np.arange(n, dtype=np.int64), counts)
    df = np.bincount(m.cols, minlength=n_cols).astype(np.int64)
    idf = idf_of(df, n, p)
    w = cell_weights(m, idf, p)
    order = order_in_rows(row, w)
    rank = np.arange(len(order), dtype=np.int64) - m.indptr[row[order]]
    kept = order[rank < p.top_terms]
    keys = row[kept] * KEY_STRIDE + m.cols[kept]
    by_key = np.argsort(keys, kind="stable")
    kept, keys = kept[by_key], keys[by_key]
    krow = row[kept]
    kw = w[kept]
    norms = np.sqrt(np.bincount(krow, kw * kw, minlength=n))
    norms[norms == 0] = 1.0
    kw = kw / norms[krow]
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(krow, minlength=n), out=indptr[1:])
    return Vectors(n=n, n_cols=n_cols, indptr=indptr, cols=m.cols[kept].astype(np.int64),
                   weights=kw, keys=keys, df=df, idf=idf)


def blocking_cells(v: Vectors, p: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``block_terms`` heaviest terms held by 2..block_cap rows, as (columns, rows);
    and for rows left with fewer than ``block_min`` of them (a short report whose only names
    are the city's), their heaviest terms held by up to ``4 * block_cap`` rows, as a second
    (columns, rows): those are compared with that term's holders only, not pairwise."""
    row = np.repeat(np.arange(v.n, dtype=np.int64), np.diff(v.indptr))
    held = np.bincount(v.cols, minlength=v.n_cols)[v.cols]
    by_weight = order_in_rows(row, v.weights)

    def heaviest(mask: np.ndarray, limit: np.ndarray | int) -> np.ndarray:
        order = by_weight[mask[by_weight]]
        orow = row[order]
        rank = np.arange(len(order)) - np.searchsorted(orow, orow, side="left")
        return order[rank < (limit[orow] if isinstance(limit, np.ndarray) else limit)]

    chosen = heaviest((held >= 2) & (held <= p.block_cap), p.block_terms)
    count = np.bincount(row[chosen], minlength=v.n)
    short = np.maximum(p.block_min - count, 0)
    extra = heaviest((held > p.block_cap) & (held <= 4 * p.block_cap) & (short[row] > 0), short)
    return v.cols[chosen], row[chosen], v.cols[extra], row[extra]


def _pairs_within(groups: np.ndarray, members: np.ndarray, n: int, cap: int) -> np.ndarray:
    """Codes ``a * n + b`` (a < b) of every two members of each group of 2..cap members;
    ``groups`` sorted, ``members`` sorted within a group."""
    if len(groups) == 0:
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    codes = []
    for g in np.unique(sizes):
        if g < 2 or g > cap:
            continue
        group_starts = starts[sizes == g]
        rows = members[group_starts[:, None] + np.arange(g)]
        ia, ib = np.triu_indices(int(g), 1)
        codes.append((rows[:, ia] * n + rows[:, ib]).ravel())
    return unique_sorted(np.concatenate(codes)) if codes else np.zeros(0, np.int64)


def candidate_pairs(v: Vectors, p: Params) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``a < b`` sharing at least one blocking term, each pair once."""
    cols, rows, more_cols, more_rows = blocking_cells(v, p)
    order = order_pairs(cols, rows)
    codes = _pairs_within(cols[order], rows[order], v.n, p.block_cap)
    if len(more_cols):
        order = np.argsort(v.cols, kind="stable")
        holders = np.repeat(np.arange(v.n, dtype=np.int64), np.diff(v.indptr))[order]
        starts = np.searchsorted(v.cols[order], np.arange(v.n_cols + 1))
        lengths = starts[more_cols + 1] - starts[more_cols]
        other = holders[_ranges(starts[more_cols], lengths)]
        mine = np.repeat(more_rows, lengths)
        keep = other != mine
        lo, hi = np.minimum(mine, other)[keep], np.maximum(mine, other)[keep]
        codes = unique_sorted(np.concatenate([codes, lo * v.n + hi]))
    return codes // v.n, codes % v.n


def cosines(v: Vectors, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Dot products of rows ``a[k]`` and ``b[k]`` (unit vectors, so cosines).

    Pairs are taken by blocks of ``_ROW_BLOCK`` distinct ``a`` rows: those rows are spread into
    a small dense matrix over the columns they use, and each partner's cells are read from it.
    Every lookup then hits a few hundred kilobytes; a binary search in the whole library's
    cells (one per cell of every pair) went to main memory and slowed as the library grew."""
    out = np.zeros(len(a), np.float64)
    if len(a) == 0:
        return out
    order = np.argsort(a, kind="stable")
    sa, sb = a[order], b[order]
    starts = np.flatnonzero(np.r_[True, sa[1:] != sa[:-1]])
    bounds = np.r_[starts, len(sa)]
    remap = np.full(v.n_cols, -1, np.int64)
    for lo in range(0, len(starts), _ROW_BLOCK):
        hi = min(lo + _ROW_BLOCK, len(starts))
        rows = sa[starts[lo:hi]]
        lens = v.indptr[rows + 1] - v.indptr[rows]
        cells = _ranges(v.indptr[rows], lens)
        cols = v.cols[cells]
        used = unique_sorted(cols)
        remap[used] = np.arange(len(used))
        dense = np.zeros((len(rows), len(used)), np.float64)
        dense[np.repeat(np.arange(len(rows)), lens), remap[cols]] = v.weights[cells]
        p0, p1 = bounds[lo], bounds[hi]
        local = np.repeat(np.arange(len(rows)), np.diff(bounds[lo:hi + 1]))
        pb = sb[p0:p1]
        lb = v.indptr[pb + 1] - v.indptr[pb]
        bcells = _ranges(v.indptr[pb], lb)
        pair = np.repeat(np.arange(p1 - p0), lb)
        at = remap[v.cols[bcells]]
        hit = at >= 0
        prod = dense[local[pair[hit]], at[hit]] * v.weights[bcells[hit]]
        out[order[p0:p1]] = np.bincount(pair[hit], prod, minlength=p1 - p0)
        remap[used] = -1
    return out


def date_factor(days_a: np.ndarray, days_b: np.ndarray, p: Params) -> np.ndarray:
    known = (days_a != NO_DAY) & (days_b != NO_DAY)
    gap = np.abs(days_a.astype(np.int64) - days_b.astype(np.int64))
    late = np.maximum(gap - p.date_free, 0)
    return np.where(known, np.exp(-late / p.date_scale), 1.0)


def similarities(m: FeatureMatrix, v: Vectors, p: Params
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs and their similarity, those at least ``edge_min``.

    Then the pairs blocking missed inside what is plainly one story: two articles each at
    least ``merge_min`` like a third are compared too. A short report that shares only two
    distinctive terms with a big story would otherwise meet only some of its articles, and
    average link counts the pairs never compared as 0."""
    a, b = candidate_pairs(v, p)
    a, b, s = _scored(m, v, p, a, b)
    strong = s >= p.merge_min
    if strong.any():
        x, y = a[strong], b[strong]
        ends = np.concatenate([x, y])
        others = np.concatenate([y, x])
        order = order_pairs(ends, others)
        codes = _pairs_within(ends[order], others[order], v.n, p.block_cap)
        known = np.sort(a * v.n + b)
        at = np.minimum(np.searchsorted(known, codes), max(len(known) - 1, 0))
        codes = codes[known[at] != codes] if len(known) else codes
        if len(codes):
            a2, b2, s2 = _scored(m, v, p, codes // v.n, codes % v.n)
            a, b, s = np.concatenate([a, a2]), np.concatenate([b, b2]), np.concatenate([s, s2])
    return a, b, s


def _scored(m: FeatureMatrix, v: Vectors, p: Params, a: np.ndarray, b: np.ndarray
            ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    # Pairs too far apart in time to reach edge_min whatever their words are not compared.
    f = date_factor(m.days[a], m.days[b], p)
    near = f >= p.edge_min
    a, b, f = a[near], b[near], f[near]
    order = order_pairs(b, a)   # lookups in b's cells then go in order (cache-friendly)
    a, b, f = a[order], b[order], f[order]
    s = cosines(v, a, b) * f
    keep = s >= p.edge_min
    return a[keep], b[keep], s[keep]


def agglomerate(n: int, a: np.ndarray, b: np.ndarray, s: np.ndarray, p: Params = DEFAULT,
                cancelled: Callable[[], bool] | None = None) -> list[list[int]]:
    """Average-link clusters of rows 0..n-1 over the weighted pairs (see the module doc)."""
    link: list[dict[int, float]] = [{} for _ in range(n)]
    for x, y, w in zip(a.tolist(), b.tolist(), s.tolist()):
        link[x][y] = w
        link[y][x] = w
    size = [1] * n
    inner = [0.0] * n          # sum of the similarities of the pairs inside a group
    version = [0] * n
    alive = [True] * n
    members: list[list[int] | None] = [[i] for i in range(n)]
    tau, rho, strong, rho1 = p.merge_min, p.cohesion_ratio, p.strong_link, p.join_ratio
    cap = p.cohesion_cap

    def mergeable(x: int, y: int, mean: float) -> bool:
        if mean < tau:
            return False
        if mean >= strong:
            return True
        if size[x] > 1 and size[y] > 1:
            cohesion = min(inner[x] / (size[x] * (size[x] - 1) / 2),
                           inner[y] / (size[y] * (size[y] - 1) / 2), cap)
            return mean >= rho * cohesion
        if size[x] > 1 or size[y] > 1:
            big = x if size[x] > 1 else y
            return mean >= rho1 * min(inner[big] / (size[big] * (size[big] - 1) / 2), cap)
        return True

    heap = [(-w, x, y, 0, 0) for x, y, w in zip(a.tolist(), b.tolist(), s.tolist())
            if w >= tau]
    heapq.heapify(heap)
    steps = 0
    while heap:
        neg, x, y, vx, vy = heapq.heappop(heap)
        if not (alive[x] and alive[y]) or version[x] != vx or version[y] != vy:
            continue
        steps += 1
        if cancelled is not None and steps % 512 == 0 and cancelled():
            raise Cancelled
        # The group with more neighbours absorbs the other: merging costs the smaller side.
        keep, gone = (x, y) if len(link[x]) >= len(link[y]) else (y, x)
        inner[keep] += inner[gone] + link[keep].pop(gone)
        del link[gone][keep]
        size[keep] += size[gone]
        members[keep].extend(members[gone])
        members[gone] = None
        alive[gone] = False
        version[keep] += 1
        mine = link[keep]
        for z, w in link[gone].items():
            theirs = link[z]
            del theirs[gone]
            total = mine.get(z, 0.0) + w
            mine[z] = total
            theirs[keep] = total
        link[gone] = {}
        for z, w in mine.items():
            mean = w / (size[keep] * size[z])
            if mergeable(keep, z, mean):
                lo, hi = (keep, z) if keep < z else (z, keep)
                heapq.heappush(heap, (-mean, lo, hi, version[lo], version[hi]))
    return [sorted(g) for g in members if g is not None]


def group_matrix(m: FeatureMatrix, p: Params = DEFAULT,
                 cancelled: Callable[[], bool] | None = None) -> list[list[int]]:
    """Stories of the matrix's rows, as lists of row numbers. Rows must already be in a
    canonical order (``StoryIndex`` sorts them by article id)."""
    if len(m) == 0:
        return []
    v = weigh(m, p)
    if cancelled is not None and cancelled():
        raise Cancelled
    a, b, s = similarities(m, v, p)
    if cancelled is not None and cancelled():
        raise Cancelled
    return agglomerate(len(m), a, b, s, p, cancelled)
