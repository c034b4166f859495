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
   ``merge_min`` (computed in rounds, see ``agglomerate``). Average link, not single link, so one article about two events cannot chain
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

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np

from .features import NAME, NUMBER
from .matrix import NO_DAY, FeatureMatrix, Growable, _ranges

# Part of every cache key: any change to the algorithm or its defaults must change it.
ALGORITHM_VERSION = 2  # 2: clustering in rounds (ties go to the smaller rows)

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


def sort_in_rows(indptr: np.ndarray, key: np.ndarray) -> np.ndarray:
    """The cells (row by row, as in ``indptr``) with each row's cells ordered by ``key``,
    ascending, ties in their order: what one stable sort by (row, key) gives, without sorting
    the whole library's cells. Rows are sorted apart, many at once: rows of similar length
    (to the next power of two) are padded into one small matrix and sorted along its rows, so
    the cost grows with the cells, not with cells times the log of their number, and every
    sort stays in cache."""
    lengths = np.diff(indptr)
    out = np.arange(len(key), dtype=np.int64)
    if len(key) == 0:
        return out
    width = np.ones(len(lengths), np.int64)
    long = lengths > 1
    width[long] = 1 << np.ceil(np.log2(lengths[long])).astype(np.int64)
    for w in np.unique(width[long]).tolist():
        rows = np.flatnonzero(width == w)
        for lo in range(0, len(rows), max(1, (1 << 22) // w)):   # at most ~4M cells a step
            part = rows[lo:lo + (1 << 22) // w]
            cells = indptr[part][:, None] + np.arange(w)
            valid = np.arange(w) < lengths[part][:, None]
            vals = np.where(valid, key[np.where(valid, cells, 0)], np.inf)
            order = np.argsort(vals, axis=1, kind="stable")
            out[cells[valid]] = np.take_along_axis(cells, order, axis=1)[valid]
    return out


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
    df: np.ndarray          # documents (rows) holding each column, over all their terms
    # Rows appended one at a time (``StoryIndex.add``) go into buffers with room to spare.
    growable: Growable = field(default_factory=Growable, repr=False, compare=False)


def cell_weights(m: FeatureMatrix, idf_of_cells: np.ndarray, p: Params,
                 cells: slice | np.ndarray = slice(None)) -> np.ndarray:
    """Weights of the matrix's ``cells``, given the IDF of each of their terms."""
    tf = m.body[cells].astype(np.float64) + p.headline_weight * m.head[cells]
    w = 1.0 + np.log(np.maximum(tf, 1.0))
    w *= idf_of_cells
    flags = m.flags[cells]
    w[(flags & NAME) != 0] *= p.name_weight
    w[(flags & NUMBER) != 0] *= p.number_weight
    return w


def idf_of(df: np.ndarray, n: int, p: Params) -> np.ndarray:
    return np.log((n + p.prior_docs + 1.0) / (df + 0.5))


def row_vector(m: FeatureMatrix, row: int, df: np.ndarray, n: int, p: Params = DEFAULT
               ) -> tuple[np.ndarray, np.ndarray]:
    """(columns sorted, unit weights) of one row: what ``weigh`` keeps for it, with the
    document counts ``df`` (per column) of a library of ``n`` articles."""
    cells = slice(int(m.indptr[row]), int(m.indptr[row + 1]))
    cols = m.cols[cells].astype(np.int64)
    w = cell_weights(m, idf_of(df[cols], n, p), p, cells)
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
    w = cell_weights(m, idf[m.cols], p)
    order = sort_in_rows(m.indptr, -w)
    rank = np.arange(len(order), dtype=np.int64) - m.indptr[row[order]]
    kept = order[rank < p.top_terms]
    kept_ptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.minimum(counts, p.top_terms), out=kept_ptr[1:])
    kept = kept[sort_in_rows(kept_ptr, m.cols[kept])]     # each row's cells by column
    keys = row[kept] * KEY_STRIDE + m.cols[kept]
    krow = row[kept]
    kw = w[kept]
    norms = np.sqrt(np.bincount(krow, kw * kw, minlength=n))
    norms[norms == 0] = 1.0
    kw = kw / norms[krow]
    indptr = np.zeros(n + 1, np.int64)
    np.cumsum(np.bincount(krow, minlength=n), out=indptr[1:])
    return Vectors(n=n, n_cols=n_cols, indptr=indptr, cols=m.cols[kept].astype(np.int64),
                   weights=kw, keys=keys, df=df)


def blocking_cells(v: Vectors, p: Params) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each row's ``block_terms`` heaviest terms held by 2..block_cap rows, as (columns, rows);
    and for rows left with fewer than ``block_min`` of them (a short report whose only names
    are the city's), their heaviest terms held by up to ``4 * block_cap`` rows, as a second
    (columns, rows): those are compared with that term's holders only, not pairwise."""
    row = np.repeat(np.arange(v.n, dtype=np.int64), np.diff(v.indptr))
    held = np.bincount(v.cols, minlength=v.n_cols)[v.cols]
    by_weight = sort_in_rows(v.indptr, -v.weights)

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


def date_window(p: Params) -> int | None:
    """The largest gap in days at which two dated articles can still reach ``edge_min`` (the
    date factor alone, at a cosine of 1); None when there is no such bound."""
    if p.edge_min <= 0:
        return None
    return int(math.floor(p.date_free + p.date_scale * math.log(1.0 / p.edge_min) + 1e-9))


def _pairs_within(groups: np.ndarray, members: np.ndarray, n: int, cap: int,
                  days: np.ndarray | None = None, window: int | None = None) -> np.ndarray:
    """Codes ``a * n + b`` (a < b) of two members of one group of 2..cap members, each pair
    once; ``groups`` sorted. With ``days`` (per row) and ``window``, only the members dated at
    most ``window`` days apart, and every pair with an undated member: pairs further apart could
    never reach ``edge_min``, and in a large library they are most of what a term's holders
    would pair (the same name a month later is another event), so they are never made."""
    if len(groups) == 0:
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    sizes = np.diff(np.r_[starts, len(groups)])
    ok = (sizes >= 2) & (sizes <= cap)
    group_of = np.repeat(np.arange(len(starts), dtype=np.int64), sizes)
    keep = np.repeat(ok, sizes)
    members = members[keep].astype(np.int64)
    group_of = group_of[keep]
    if len(members) == 0:
        return np.zeros(0, np.int64)
    if days is None or window is None:
        day = np.zeros(len(members), np.int64)
        undated = np.zeros(len(members), bool)
        window = 0
    else:
        raw = days[members]
        undated = raw == NO_DAY
        day = np.where(undated, 0, raw.astype(np.int64))
    codes = []
    # Dated members, ordered by group then day: each pairs with those after it in its group
    # within the window (a binary search in the same order finds where they stop).
    dated = np.flatnonzero(~undated)
    if len(dated):
        key = group_of[dated] * KEY_STRIDE + (day[dated] - day[dated].min())
        order = np.argsort(key, kind="stable")
        key, rows = key[order], members[dated][order]
        stop = np.searchsorted(key, key + window, side="right")
        count = stop - np.arange(len(key)) - 1
        first = np.repeat(np.arange(len(key)), count)
        other = _ranges(np.arange(1, len(key) + 1), count)
        a, b = rows[first], rows[other]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    # Undated members pair with every other member of their group.
    lonely = np.flatnonzero(undated)
    if len(lonely):
        group_start = np.searchsorted(group_of, group_of[lonely], side="left")
        count = np.searchsorted(group_of, group_of[lonely], side="right") - group_start
        first = np.repeat(lonely, count)
        other = _ranges(group_start, count)
        a, b = members[first], members[other]
        mask = a != b
        a, b = a[mask], b[mask]
        codes.append(np.minimum(a, b) * n + np.maximum(a, b))
    return unique_sorted(np.concatenate(codes)) if codes else np.zeros(0, np.int64)


def candidate_pairs(v: Vectors, p: Params, days: np.ndarray | None = None
                    ) -> tuple[np.ndarray, np.ndarray]:
    """Rows ``a < b`` sharing at least one blocking term, each pair once; with ``days`` (per
    row), only the pairs ``_pairs_within`` makes within the date window."""
    cols, rows, more_cols, more_rows = blocking_cells(v, p)
    order = order_pairs(cols, rows)
    codes = _pairs_within(cols[order], rows[order], v.n, p.block_cap, days, date_window(p))
    if len(more_cols):
        # The holders of those few terms: only their cells are sorted, by term.
        wanted = np.zeros(v.n_cols, bool)
        wanted[more_cols] = True
        cells = np.flatnonzero(wanted[v.cols])
        order = np.argsort(v.cols[cells], kind="stable")
        cells = cells[order]
        held_cols = v.cols[cells]
        holders = np.searchsorted(v.indptr, cells, side="right") - 1
        starts = np.searchsorted(held_cols, more_cols, side="left")
        lengths = np.searchsorted(held_cols, more_cols, side="right") - starts
        other = holders[_ranges(starts, lengths)]
        mine = np.repeat(more_rows, lengths)
        keep = other != mine
        window = date_window(p)
        if days is not None and window is not None:
            da, db = days[mine], days[other]
            keep &= ((da == NO_DAY) | (db == NO_DAY)
                     | (np.abs(da.astype(np.int64) - db.astype(np.int64)) <= window))
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
    a, b = candidate_pairs(v, p, m.days)
    a, b, s = _scored(m, v, p, a, b)
    strong = s >= p.merge_min
    if strong.any():
        x, y = a[strong], b[strong]
        ends = np.concatenate([x, y])
        others = np.concatenate([y, x])
        order = order_pairs(ends, others)
        codes = _pairs_within(ends[order], others[order], v.n, p.block_cap, m.days,
                              date_window(p))
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


def agglomerate(n: int, a: np.ndarray, b: np.ndarray, s: np.ndarray, p: Params = DEFAULT,
                cancelled: Callable[[], bool] | None = None) -> list[list[int]]:
    """Average-link clusters of rows 0..n-1 over the weighted pairs (module doc, step 4).

    The rule is that of merging one pair at a time, the highest mean first; the merges are made
    in rounds with numpy rather than one by one in Python (whose dicts of neighbours and heap
    slowed down as the library grew, from memory traffic). In a round every group finds the
    neighbour with the highest mean it may merge with, and two groups that are each other's
    best merge, unless either has a pair the rule refuses now at a higher mean (a merge
    elsewhere could make that pair acceptable first); the best pair of all always merges.
    Average link never makes a merged group more alike a third group than the closer of its
    parts was, so such a pair stays each other's best until merged: the clusters are those of
    merging one at a time (tests compare the two on random graphs) except where two means tie
    exactly, where ties go to the pair of smaller rows. Rounds are few: about the number of
    merges that build the largest story."""
    tau, rho, strong, rho1 = p.merge_min, p.cohesion_ratio, p.strong_link, p.join_ratio
    cap = p.cohesion_cap
    size = np.ones(n, np.float64)
    inner = np.zeros(n, np.float64)
    label = np.arange(n, dtype=np.int64)        # node -> its group (the group's smallest node)
    cu = np.minimum(a, b).astype(np.int64)
    cv = np.maximum(a, b).astype(np.int64)
    w = np.asarray(s, np.float64)
    while len(w):
        if cancelled is not None and cancelled():
            raise Cancelled
        su, sv = size[cu], size[cv]
        mean = w / (su * sv)
        with np.errstate(divide="ignore", invalid="ignore"):
            coh_u = np.where(su > 1, inner[cu] / (su * (su - 1) / 2), 0.0)
            coh_v = np.where(sv > 1, inner[cv] / (sv * (sv - 1) / 2), 0.0)
        big_u, big_v = su > 1, sv > 1
        need = np.where(big_u & big_v, rho * np.minimum(np.minimum(coh_u, coh_v), cap),
                        np.where(big_u, rho1 * np.minimum(coh_u, cap),
                                 np.where(big_v, rho1 * np.minimum(coh_v, cap), 0.0)))
        ok = (mean >= tau) & ((mean >= strong) | (mean >= need))
        if not ok.any():
            break
        e = np.flatnonzero(ok)
        ends = np.concatenate([cu[e], cv[e]])
        others = np.concatenate([cv[e], cu[e]])
        means = np.concatenate([mean[e], mean[e]])
        # Each group's best: the highest mean, ties to the pair the heap pops first.
        lo, hi = np.minimum(ends, others), np.maximum(ends, others)
        order = np.lexsort((hi, lo, -means, ends))
        first = order[np.r_[True, ends[order][1:] != ends[order][:-1]]]
        best = np.full(n, -1, np.int64)
        best[ends[first]] = others[first]
        mutual = e[best[cv[e]] == cu[e]]
        mutual = mutual[best[cu[mutual]] == cv[mutual]]
        # A pair is merged early only when neither side has a pair the rule refuses now at a
        # higher mean: a merge elsewhere could make that one acceptable before the heap would
        # reach this pair. The best pair of all is merged anyway (the heap's next merge).
        refused = np.flatnonzero((mean >= tau) & ~ok)
        worst = np.full(n, -np.inf)
        np.maximum.at(worst, cu[refused], mean[refused])
        np.maximum.at(worst, cv[refused], mean[refused])
        top = e[np.lexsort((cv[e], cu[e], -mean[e]))[0]]
        safe = (worst[cu[mutual]] < mean[mutual]) & (worst[cv[mutual]] < mean[mutual])
        mutual = np.union1d(mutual[safe], [top])
        keep, gone = cu[mutual], cv[mutual]
        inner[keep] += inner[gone] + w[mutual]
        size[keep] += size[gone]
        into = np.arange(n, dtype=np.int64)
        into[gone] = keep
        label = into[label]
        # The pairs between groups, merged: summed per pair of new groups.
        x, y = into[cu], into[cv]
        inside = x == y
        x, y, w = x[~inside], y[~inside], w[~inside]
        lo, hi = np.minimum(x, y), np.maximum(x, y)
        code = lo * n + hi
        order = np.argsort(code, kind="stable")
        code, w = code[order], w[order]
        if len(code):
            starts = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
            w = np.add.reduceat(w, starts)
            code = code[starts]
        cu, cv = code // n, code % n
    order = np.argsort(label, kind="stable")
    bounds = np.flatnonzero(np.diff(label[order])) + 1
    return [g.tolist() for g in np.split(order, bounds)] if n else []
