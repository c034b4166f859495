"""The alignment algorithm on two lists of units given as term counts (no Article, no I/O).

Pipeline, each step about linear in the number of units:

1. Vectors: every unit becomes a TF-IDF vector over content terms (stop words out, prefix
   stems), IDF counted over the units of both sides, so words the two texts share everywhere
   ("Zelensky", "Ukraine") weigh little and rare shared words weigh a lot.
2. Anchors: through an inverted index over each unit's rarest terms, every unit finds a few
   candidates, rescored by full cosine; mutual best pairs that score well, kept in order by
   a longest increasing subsequence, give a monotone skeleton. Mutual best pairs that break
   that order are moved passages: a lone strong one is linked at once, a run of them is left
   for step 5.
3. Band: between two consecutive anchors the path must pass through their rectangle (widened
   by a margin); where anchors are far apart the band narrows to a diagonal, so cost stays
   linear even when nothing anchors.
4. Dynamic programming along the band: links of 1-1, 1-n, n-1 and 2-2 units, or a unit left
   out. A link is worth ``(similarity - threshold) * units``, so a pair is linked only when it
   says more than chance, and a merged link must beat the links it replaces. When the texts
   keep passage lengths in proportion (translations: judged on the anchors), a Gale & Church
   length term joins in, which also links in-order pairs whose wording shares nothing.
5. Moved passages: the units still unaligned on each side, taken in order, are aligned again
   by the same steps (a block moved elsewhere is in order among the leftovers); merges there
   only join units that are neighbours in the text.
6. Leftovers that repeat part of an existing link join it (a sentence split in two whose
   halves are reported in different places).
7. Optionally, each link is split into finer links over the pieces (clauses) of its units where
   the pieces line up clearly better than the whole (``refine``); in a link whose lengths
   are out of proportion, pieces one side alone has may stay unaligned.

Similarity of merged groups comes from pair dot products (|a+b|^2 = |a|^2 + |b|^2 + 2 a.b), so
no merged vector is ever built.
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from typing import Sequence

from .text import sublinear
from .units import END_CAP_COMMA, END_COMMA_UPPER

Counts = dict[str, int]
Vec = dict[str, float]
RawLink = tuple[tuple[int, ...], tuple[int, ...], float]
_COMMA_CAPITAL = frozenset({END_CAP_COMMA, END_COMMA_UPPER})  # a comma before a capital


@dataclass(frozen=True)
class Params:
    # A link must have at least this cosine to be worth more than leaving units unaligned.
    tau: float = 0.12
    # Extra cost per unit beyond the first on each side (none: tau per unit is cost enough;
    # a penalty left verses an outlet joined into one sentence out of their link on dev), and
    # the most units of one side in a link.
    merge_penalty: float = 0.001  # ties go to 1-1 links (identical texts); 0.02 cost .005 dev F1
    max_merge: int = 4
    # Band margin (units) around the anchor rectangles, and the widest diagonal band.
    margin: int = 6
    max_band: int = 60
    # Anchors: candidates through a unit's anchor_terms rarest terms, each in at most
    # anchor_df units (more for long texts); a mutual best pair needs cosine anchor_min.
    anchor_df: int = 6
    anchor_min: float = 0.25
    anchor_terms: int = 4
    # Passes over the leftovers (moved passages) and the threshold there: higher, since
    # position in the text does not vouch for those links.
    move_passes: int = 2
    move_tau: float = 0.2
    # Whether the length model may link leftovers: neighbours among leftovers are often not
    # neighbours in the text, so a guess from lengths there is mostly wrong.
    move_length: bool = False
    # A lone mutual best pair off the monotone path is linked as a moved passage when at
    # least moved_min similar and moved_margin better than anything in order.
    moved_min: float = 0.4
    moved_margin: float = 0.1
    # A leftover unit joins a link within absorb_window units when at least this similar to
    # the link's other side.
    absorb_min: float = 0.35
    absorb_window: int = 3
    # Refinement (clause units), see refine(): the longest block tried, in pieces; cuts
    # costing more than max_cut are not tried, nor cuts where neither text pauses at
    # least as strongly as max_cut_one allows (a new passage inside a sentence starts after
    # a strong pause in at least one of the texts); links of more than max_refine piece
    # pairs are kept whole. A block is worth refine_mass * (its share of word overlap
    # beyond chance) + refine_lex * (cosine - refine_tau) + refine_len * (log P(lengths) +
    # refine_len_bonus), at the variance refine_len_var.
    max_block: int = 12
    max_cut: float = 0.9
    max_cut_one: float = 0.2
    max_refine: int = 1600
    refine_lex: float = 1.0
    refine_tau: float = 0.3
    refine_mass: float = 1.0
    refine_len: float = 0.3
    refine_len_bonus: float = 2.0
    refine_len_var: float = 30.0
    # A link whose lengths are out of proportion to the texts' overall ratio (deviation beyond
    # skip_gate, at the variance len_var) holds something one text alone has (a passage cut,
    # or one added from elsewhere): its refinement may then leave runs of pieces of one side
    # out, each such run worth refine_skip, and judges block lengths at the overall ratio.
    refine_skip: float = 0.1
    skip_gate: float = 0.5
    # Cost of cutting a link after a piece, by how the text pauses there (units.END_*): end
    # of sentence, ;/: before a capitalised function word, the same after a comma, bare
    # semicolon, colon, comma, and those three before another capital. Cuts go where both
    # texts pause, one of them strongly.
    cut_costs: tuple[float, ...] = (0.0, 0.0, 0.2, 0.3, 0.3, 0.4, 0.2, 0.3, 0.4)
    # Extra cost of a cut where both texts go on with a capital after a comma: that is a
    # quotation opening ("he said, This is..."), inside one passage, far more often than a
    # new passage.
    quote_cut: float = 0.4
    # Length model (Gale & Church): translations and re-tellings of one passage have
    # correlated lengths. Weight of log P(length ratio) in a link's value, the bonus a link
    # gets for a typical ratio, and the variance per character of the ratio.
    len_weight: float = 0.3
    len_bonus: float = 2.0
    len_var: float = 60.0
    # Links of the first pass below this cosine are provisional (see align_vectors).
    weak_sim: float = 0.12


def idf_of(left: list[Counts], right: list[Counts], lok: list[bool], rok: list[bool]) -> dict[str, float]:
    df: dict[str, int] = {}
    n = 0
    for counts, ok in ((left, lok), (right, rok)):
        for c, good in zip(counts, ok):
            if not good:
                continue
            n += 1
            for t in c:
                df[t] = df.get(t, 0) + 1
    # +1 so a term present in every unit still weighs a little rather than nothing.
    return {t: math.log((n + 1) / d) for t, d in df.items()}


def vector(counts: Counts, idf: dict[str, float]) -> Vec:
    v = {}
    for t, tf in counts.items():
        w = idf.get(t, 0.0)
        if w > 0.0:
            v[t] = sublinear(tf) * w
    return v


def dot(a: Vec, b: Vec) -> float:
    if len(a) > len(b):
        a, b = b, a
    s = 0.0
    get = b.get
    for t, w in a.items():
        x = get(t)
        if x is not None:
            s += w * x
    return s


def cosine(a: Vec, b: Vec) -> float:
    n2 = dot(a, a) * dot(b, b)
    return dot(a, b) / math.sqrt(n2) if n2 > 0 else 0.0


class _Side:
    """One side of a pass: vectors, which units may be linked, which neighbours may merge."""

    def __init__(self, vecs: list[Vec], ok: list[bool], join: list[bool], max_merge: int,
                 lens: list[int]):
        self.n = len(vecs)
        self.lens = lens
        self.vecs = vecs
        self.ok = list(ok)
        self.join = join  # join[i]: units i and i+1 may be in one group
        self.norm2 = [dot(v, v) for v in vecs]
        # near[k][i] = dot(unit i, unit i+k): enough for the norm of any merged group.
        self.near: list[list[float]] = [[]]
        for k in range(1, max_merge):
            self.near.append([dot(vecs[i], vecs[i + k]) if join[i] else 0.0
                              for i in range(self.n - k)])
        post: dict[str, tuple[list[int], list[float]]] = {}
        for i, v in enumerate(vecs):
            for t, w in v.items():
                p = post.get(t)
                if p is None:
                    post[t] = ([i], [w])
                else:
                    p[0].append(i)
                    p[1].append(w)
        self.post = post

    def runs(self) -> list[int]:
        """runs[i]: how many units from i on may form one group (linkable and joinable)."""
        out = [0] * (self.n + 1)
        for i in range(self.n - 1, -1, -1):
            if self.ok[i]:
                out[i] = 1 + (out[i + 1] if self.join[i] else 0)
        return out

    def group_norms(self, max_size: int) -> list[list[float]]:
        """gn[k][i]: squared norm of the merged units i..i+k-1 (index 0 unused)."""
        gn: list[list[float]] = [[]]
        for k in range(1, max_size + 1):
            gn.append([self.group_norm2(i, k) for i in range(self.n - k + 1)])
        return gn

    def group_norm2(self, start: int, size: int) -> float:
        total = 0.0
        for i in range(start, start + size):
            total += self.norm2[i]
        for k in range(1, size):
            near = self.near[k]
            for i in range(start, start + size - k):
                total += 2.0 * near[i]
        return total


# log P(|delta|) of the length model (Gale & Church: 2 * (1 - Phi(|delta|))), tabulated every
# 0.02 of delta up to 8 (beyond: the floor), since it is looked up in the innermost loops.
_LOGP_STEP = 50.0
_LOGP = [max(-20.0, math.log(max(math.erfc(k / _LOGP_STEP * 0.7071067811865476), 1e-300)))
         for k in range(401)]


def _logp(delta: float) -> float:
    k = int(delta * _LOGP_STEP)
    return _LOGP[k] if k < 401 else -20.0


def longest_increasing(keys: Sequence[int]) -> list[int]:
    """Indices of a longest strictly increasing subsequence of ``keys``, in order (patience
    sorting, O(n log n)). Used on link keys to find the links that keep reading order."""
    tails: list[int] = []        # smallest key ending a chain of each length
    tail_idx: list[int] = []     # index of that chain's last key
    prev = [-1] * len(keys)
    for n, key in enumerate(keys):
        k = bisect.bisect_left(tails, key)
        if k == len(tails):
            tails.append(key)
            tail_idx.append(n)
        else:
            tails[k] = key
            tail_idx[k] = n
        prev[n] = tail_idx[k - 1] if k else -1
    out = []
    n = tail_idx[-1] if tail_idx else -1
    while n >= 0:
        out.append(n)
        n = prev[n]
    return out[::-1]


def _lis(pairs: list[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """Longest chain strictly increasing in both coordinates (pairs sorted by left index)."""
    return [pairs[n] for n in longest_increasing([j for _, j, _ in pairs])]


def _anchors(L: _Side, R: _Side, p: Params):
    """(monotone chain of anchors, every mutual-best pair).

    Candidates come through each unit's rarest terms only (at most ``anchor_terms`` of them,
    each in few units: ``anchor_df``, more for long texts), so the cost stays linear; the few
    best candidates are then rescored with the full cosine."""
    best_l: dict[int, tuple[float, int]] = {}
    best_r: dict[int, tuple[float, int]] = {}
    rpost = R.post
    lpost = L.post
    n, m = max(L.n, 1), max(R.n, 1)
    cap = max(p.anchor_df, (L.n + R.n) // 200)
    rvecs = R.vecs
    for i, v in enumerate(L.vecs):
        if not L.ok[i]:
            continue
        rare = []
        for t, w in v.items():
            post = rpost.get(t)
            if post is not None:
                df = len(post[0]) + len(lpost[t][0])
                if df <= cap:
                    rare.append((df, t, w))
        if not rare:
            continue
        rare.sort()
        acc: dict[int, float] = {}
        for _, t, w in rare[:p.anchor_terms]:
            for j, wj in zip(*rpost[t]):
                acc[j] = acc.get(j, 0.0) + w * wj
        top = sorted(acc.items(), key=lambda kv: -kv[1])[:3]
        for j, _ in top:
            if not R.ok[j]:
                continue
            d = dot(v, rvecs[j])
            # near-ties (repeated passages) go to the pair nearer the diagonal
            s = round(d / math.sqrt(L.norm2[i] * R.norm2[j]), 9) - 1e-12 * abs(i / n - j / m)
            if s > best_l.get(i, (0.0, -1))[0]:
                best_l[i] = (s, j)
            if s > best_r.get(j, (0.0, -1))[0]:
                best_r[j] = (s, i)
    pairs = [(i, j, s) for i, (s, j) in best_l.items()
             if s >= p.anchor_min and best_r.get(j, (0, -1))[1] == i]
    pairs.sort()
    return _lis(pairs), pairs


def _band(n: int, m: int, anchors: list[tuple[int, int, float]], p: Params) -> tuple[list[int], list[int]]:
    """Right-unit range [lo[i], hi[i]] for every left unit i, monotone in i."""
    pts = [(-1, -1)] + [(i, j) for i, j, _ in anchors] + [(n, m)]
    lo = [0] * n
    hi = [0] * n
    for (i0, j0), (i1, j1) in zip(pts, pts[1:]):
        di, dj = i1 - i0, j1 - j0
        width = dj + 2 * p.margin
        small = width <= p.max_band or (di - 1) * width <= 50 * p.max_band
        for i in range(i0 + 1, min(i1 + 1, n)):
            if i == i1:  # the anchor row itself
                lo[i], hi[i] = j1 - p.margin, j1 + p.margin
            elif small:  # the whole rectangle between the anchors
                lo[i], hi[i] = j0 - p.margin, j1 + p.margin
            else:  # a diagonal through it
                c = int(j0 + (i - i0) * dj / di)
                lo[i], hi[i] = c - p.max_band // 2, c + p.max_band // 2
    for i in range(n):
        lo[i] = max(0, min(lo[i], m - 1))
        hi[i] = max(lo[i], min(hi[i], m - 1))
    for i in range(1, n):
        lo[i] = max(lo[i], lo[i - 1])
        hi[i] = max(hi[i], hi[i - 1])
    if n:
        lo[0] = 0
        hi[n - 1] = m - 1
    return lo, hi


def _cross_rows(L: _Side, R: _Side, lo: list[int], hi: list[int], pad: int) -> list[dict[int, float]]:
    """dot(left i, right j) for j in i's band widened by ``pad``, nonzero entries only."""
    rows = []
    rpost = R.post
    for i, v in enumerate(L.vecs):
        a, b = max(0, lo[i] - pad), hi[i] + pad
        acc: dict[int, float] = {}
        for t, w in v.items():
            post = rpost.get(t)
            if post is None:
                continue
            idx, ws = post
            k = bisect.bisect_left(idx, a)
            end = len(idx)
            while k < end and idx[k] <= b:
                j = idx[k]
                acc[j] = acc.get(j, 0.0) + w * ws[k]
                k += 1
        rows.append(acc)
    return rows


def _group_sim(rows, gl: float, gr: float, i0: int, a: int, j0: int, b: int) -> float:
    """Cosine of left units i0..i0+a-1 against right units j0..j0+b-1 (``gl``/``gr`` their
    merged squared norms); 0 when a unit of either group shares nothing with the other group
    (such a merge only dilutes)."""
    if a == 1 and b == 1:
        d = rows[i0].get(j0, 0.0)
        return d / math.sqrt(gl * gr) if d > 0.0 and gl > 0.0 and gr > 0.0 else 0.0
    total = 0.0
    col = [0.0] * b
    for i in range(i0, i0 + a):
        row = rows[i]
        s_i = 0.0
        for k in range(b):
            d = row.get(j0 + k, 0.0)
            s_i += d
            col[k] += d
        if s_i <= 0.0:
            return 0.0
        total += s_i
    for c in col:
        if c <= 0.0:
            return 0.0
    n2 = gl * gr
    return total / math.sqrt(n2) if n2 > 0 else 0.0


def _moves(max_merge: int) -> list[tuple[int, int]]:
    out = [(1, 1)]
    for k in range(2, max_merge + 1):
        out += [(k, 1), (1, k)]
    if max_merge >= 2:
        out.append((2, 2))
    return out


def _length_gate(L: _Side, R: _Side, anchors) -> float:
    """How far to trust the length model, 0..1. Translations keep passage lengths in
    proportion; abridged re-tellings and unrelated texts do not. Judged on the anchors: how
    many there are, and how closely their lengths follow the overall ratio."""
    if len(anchors) < 3:
        return 0.0
    tl = sum(x for x, ok in zip(L.lens, L.ok) if ok)
    tr = sum(x for x, ok in zip(R.lens, R.ok) if ok)
    if not tl or not tr:
        return 0.0
    c = tr / tl
    devs = sorted(abs(math.log(max(R.lens[j], 1) / (c * max(L.lens[i], 1)))) for i, j, _ in anchors)
    med = devs[len(devs) // 2]
    rho = len(anchors) / max(1, min(sum(L.ok), sum(R.ok)))
    return max(0.0, min(1.0, (0.5 - med) / 0.2)) * max(0.0, min(1.0, (rho - 0.05) / 0.1))


def _dp(L: _Side, R: _Side, rows, lo: list[int], hi: list[int], p: Params, tau: float,
        lw: float) -> list[RawLink]:
    n, m = L.n, R.n
    moves = _moves(p.max_merge)
    NEG = -1e18
    # State (i, j): first i left and first j right units consumed. Row i spans [S[i], E[i]].
    S = [0] * (n + 1)
    E = [0] * (n + 1)
    E[0] = hi[0] + 1
    for i in range(1, n + 1):
        S[i] = lo[i - 1]
        E[i] = hi[i - 1] + 1
    for i in range(n - 1, -1, -1):  # rows must overlap for the skip moves to connect them
        if E[i] < S[i + 1]:
            E[i] = S[i + 1]
    E[n] = m
    D: list[list[float]] = []
    B: list[list[int]] = []  # backpointer: -1 skip right, -2 skip left, else index in moves
    lbonus, var = p.len_bonus, p.len_var
    mp = p.merge_penalty
    llens, rlens = L.lens, R.lens
    tl = sum(x for x, ok in zip(llens, L.ok) if ok)
    tr = sum(x for x, ok in zip(rlens, R.ok) if ok)
    ratio = tr / tl if tl and tr else 1.0
    cl = [0]
    for x in llens:
        cl.append(cl[-1] + x)
    cr = [0]
    for x in rlens:
        cr.append(cr[-1] + x)
    runl, runr = L.runs(), R.runs()
    max_merge = p.max_merge
    gnl, gnr = L.group_norms(p.max_merge), R.group_norms(p.max_merge)
    sqrt = math.sqrt
    LOGP = _LOGP
    step = _LOGP_STEP
    # moves other than 1-1, with what each needs: (index in moves, a, b)
    merges = [(k, a, b) for k, (a, b) in enumerate(moves) if (a, b) != (1, 1)]
    gnl1, gnr1 = gnl[1], gnr[1]
    SIMS: list[list[float]] = []
    for i in range(n + 1):
        s, e = S[i], E[i]
        drow = [NEG] * (e - s + 1)
        brow = [0] * (e - s + 1)
        srow = [0.0] * (e - s + 1)
        prev = D[i - 1] if i else None
        ps = S[i - 1] if i else 0
        pe = E[i - 1] if i else -1
        row_i = rows[i - 1] if i else None
        # per left group size a ending at row i: ratio * its length, the deviation's scale
        rla = [0.0] * (max_merge + 1)
        den = [1.0] * (max_merge + 1)
        for a in range(1, min(max_merge, i) + 1):
            la = cl[i] - cl[i - a]
            rla[a] = ratio * la
            den[a] = sqrt((la or 1) * var)
        i1 = i - 1
        S1 = S[i1] if i else 0
        E1 = E[i1] if i else 0
        D1 = D[i1] if i else None
        run1 = runl[i1] if i else 0
        gl1 = gnl1[i1] if i else 0.0
        for j in range(s, e + 1):
            best, arg = NEG, 0
            if i == 0 and j == 0:
                best = 0.0
            if j > s:
                v = drow[j - 1 - s]
                if v > best:
                    best, arg = v, -1
            if i and ps <= j <= pe:
                v = prev[j - ps]
                if v > best:
                    best, arg = v, -2
            if not (i and j):
                drow[j - s] = best
                brow[j - s] = arg
                continue
            j1 = j - 1
            d11 = row_i.get(j1, 0.0)
            lexical = d11 > 0.0
            if not lexical and not lw:
                drow[j - s] = best
                brow[j - s] = arg
                continue
            bsim = 0.0
            # the 1-1 move
            if S1 <= j1 <= E1 and run1 >= 1 and runr[j1] >= 1:
                base = D1[j1 - S1]
                if base > NEG:
                    if lexical:
                        n2 = gl1 * gnr1[j1]
                        sim = d11 / sqrt(n2) if n2 > 0.0 else 0.0
                        ok = sim > tau or lw
                    else:
                        sim = 0.0
                        ok = True
                    if ok:
                        v = base + (sim - tau) * 2
                        if lw:
                            delta = abs(cr[j] - cr[j1] - rla[1]) / den[1]
                            kk = int(delta * step)
                            v += lw * ((LOGP[kk] if kk < 401 else -20.0) + lbonus)
                        if v > best:
                            best, arg, bsim = v, 0, sim
            if lexical:
                up = None
                back_ = None
                for k, a, b in merges:
                    i0, j0 = i - a, j - b
                    if i0 < 0 or j0 < 0:
                        continue
                    s0 = S[i0]
                    if j0 < s0 or j0 > E[i0] or runl[i0] < a or runr[j0] < b:
                        continue
                    base = D[i0][j0 - s0]
                    if base <= NEG:
                        continue
                    units = a + b
                    if b == 1:
                        if up is None:
                            up = [rows[i1 - x].get(j1, 0.0) if i1 - x >= 0 else 0.0
                                  for x in range(max_merge)]
                        tot = 0.0
                        for x in range(a):
                            if up[x] <= 0.0:
                                tot = -1.0
                                break
                            tot += up[x]
                        if tot < 0.0:
                            continue
                        n2 = gnl[a][i0] * gnr1[j0]
                        sim = tot / sqrt(n2) if n2 > 0.0 else 0.0
                    elif a == 1:
                        if back_ is None:
                            back_ = [row_i.get(j1 - x, 0.0) for x in range(max_merge)]
                        tot = 0.0
                        for x in range(b):
                            if back_[x] <= 0.0:
                                tot = -1.0
                                break
                            tot += back_[x]
                        if tot < 0.0:
                            continue
                        n2 = gl1 * gnr[b][j0]
                        sim = tot / sqrt(n2) if n2 > 0.0 else 0.0
                    else:
                        sim = _group_sim(rows, gnl[a][i0], gnr[b][j0], i0, a, j0, b)
                    if sim <= tau and not lw:
                        continue
                    v = base + (sim - tau) * units - mp * (units - 2)
                    if lw:
                        delta = abs(cr[j] - cr[j0] - rla[a]) / den[a]
                        kk = int(delta * step)
                        v += lw * ((LOGP[kk] if kk < 401 else -20.0) + lbonus)
                    if v > best:
                        best, arg, bsim = v, k, sim
            drow[j - s] = best
            brow[j - s] = arg
            srow[j - s] = bsim
        D.append(drow)
        B.append(brow)
        SIMS.append(srow)
    links: list[RawLink] = []
    i, j = n, m
    while i > 0 or j > 0:
        arg = B[i][j - S[i]]
        if arg == -1:
            j -= 1
        elif arg == -2:
            i -= 1
        else:
            a, b = moves[arg]
            links.append((tuple(range(i - a, i)), tuple(range(j - b, j)), SIMS[i][j - S[i]]))
            i, j = i - a, j - b
    links.reverse()
    return links


def _best_cos(row: dict[int, float], n2: float, rnorm2: list[float], skip: int) -> float:
    best = 0.0
    for j, d in row.items():
        if j != skip and d > 0.0 and rnorm2[j] > 0.0:
            c = d / math.sqrt(n2 * rnorm2[j])
            if c > best:
                best = c
    return best


def _pass(lvecs: list[Vec], lok: list[bool], ljoin: list[bool], llens: list[int],
          rvecs: list[Vec], rok: list[bool], rjoin: list[bool], rlens: list[int],
          p: Params, tau: float, length: bool = True) -> list[RawLink]:
    if not lvecs or not rvecs:
        return []
    L = _Side(lvecs, lok, ljoin, p.max_merge, llens)
    R = _Side(rvecs, rok, rjoin, p.max_merge, rlens)
    anchors, mutual = _anchors(L, R, p)
    lo, hi = _band(L.n, R.n, anchors, p)
    rows = _cross_rows(L, R, lo, hi, p.max_merge + 1)
    # Strong pairs off the monotone path, clearly better than anything in order, are passages
    # moved elsewhere: link them now, so the path does not pair them with weaker neighbours.
    moved: list[RawLink] = []
    chain_i = [i for i, _, _ in anchors]
    # for each right unit, the best in-band cosine from a left unit other than its mutual best
    partner = {j: i for i, j, _ in mutual}
    col_best: dict[int, float] = {}
    for i, row in enumerate(rows):
        for j, d in row.items():
            if partner.get(j) == i:
                continue
            c = d / math.sqrt(L.norm2[i] * R.norm2[j]) if L.norm2[i] and R.norm2[j] else 0.0
            if c > col_best.get(j, 0.0):
                col_best[j] = c
    off = []  # mutual best pairs that break the order of the chain around them
    for i, j, s in mutual:
        k = bisect.bisect_left(chain_i, i)
        if k < len(anchors) and anchors[k][0] == i:
            continue  # on the chain
        before = anchors[k - 1][1] if k else -1
        after = anchors[k][1] if k < len(anchors) else R.n
        if not before < j < after:
            off.append((i, j, s))
    # Runs of such pairs in order among themselves are a block moved elsewhere: keep its units
    # out of this pass, so the path does not fill them with guesses; the pass over the
    # leftovers aligns the block.
    run: list[tuple[int, int, float]] = []
    for pair in off + [(L.n + 10, -10, 0.0)]:
        if run and 0 < pair[0] - run[-1][0] <= 3 and 0 < pair[1] - run[-1][1] <= 4:
            run.append(pair)
            continue
        if len(run) >= 2:
            for a, b, _ in run:
                L.ok[a] = False
                R.ok[b] = False
        elif run:
            i, j, s = run[0]
            if (s >= p.moved_min
                    and s > _best_cos(rows[i], L.norm2[i], R.norm2, j) + p.moved_margin
                    and s > col_best.get(j, 0.0) + p.moved_margin):
                moved.append(((i,), (j,), s))
                L.ok[i] = False
                R.ok[j] = False
        run = [pair]
    lw = p.len_weight * _length_gate(L, R, anchors) if length else 0.0
    return _dp(L, R, rows, lo, hi, p, tau, lw) + moved


def sum_vec(vecs: list[Vec], idx) -> Vec:
    out: Vec = {}
    for i in idx:
        for t, w in vecs[i].items():
            out[t] = out.get(t, 0.0) + w
    return out


def _absorb(lvecs: list[Vec], rvecs: list[Vec], lok, rok, links: list[RawLink], p: Params) -> list[RawLink]:
    """A leftover unit that repeats part of a nearby link's other side joins that link (a
    sentence split in two, one half reported a little earlier or later). Only links within
    ``absorb_window`` units of the leftover are tried, which keeps this linear."""
    work = [[a, b, s] for a, b, s in links]
    for mine, vecs, ok, ovecs in ((0, lvecs, lok, rvecs), (1, rvecs, rok, lvecs)):
        other = 1 - mine
        link_of = {u: k for k, link in enumerate(work) for u in link[mine]}
        for u, v in enumerate(vecs):
            if u in link_of or not ok[u] or not v:
                continue
            near = {link_of[x] for x in range(u - p.absorb_window, u + p.absorb_window + 1)
                    if x in link_of}
            best, best_k = 0.0, -1
            for k in near:
                for w in work[k][other]:
                    s = cosine(v, ovecs[w])
                    if s > best:
                        best, best_k = s, k
            if best < p.absorb_min:
                continue
            link = work[best_k]
            group = tuple(sorted(link[mine] + (u,)))
            s_all = cosine(sum_vec(vecs, group), sum_vec(ovecs, link[other]))
            if s_all + 1e-9 >= link[2]:
                link[mine] = group
                link[2] = s_all
                link_of[u] = best_k
    return [(tuple(a), tuple(b), s) for a, b, s in work]


def align_vectors(lvecs: list[Vec], rvecs: list[Vec], lok: list[bool], rok: list[bool],
                  llens: list[int], rlens: list[int], p: Params = Params(),
                  ljoin: list[bool] | None = None, rjoin: list[bool] | None = None) -> list[RawLink]:
    """Links between two sequences of unit vectors: (left indices, right indices, cosine).
    ``ljoin[i]`` says whether units i and i+1 may be in one link (default: all may)."""
    n, m = len(lvecs), len(rvecs)
    ljoin = ljoin if ljoin is not None else [True] * n
    rjoin = rjoin if rjoin is not None else [True] * m
    lok = [ok and bool(v) for ok, v in zip(lok, lvecs)]
    rok = [ok and bool(v) for ok, v in zip(rok, rvecs)]
    links = _pass(lvecs, lok, ljoin, llens, rvecs, rok, rjoin, rlens, p, p.tau)
    # Links the path made on length alone (or nearly) are provisional: their units go to the
    # passes over the leftovers too, and a link found there on shared words replaces them (a
    # block moved a little way lands inside the path's span, where the length model fills it
    # with guesses in order).
    weak = [k for k in links if k[2] < p.weak_sim]
    links = [k for k in links if k[2] >= p.weak_sim]
    for _ in range(p.move_passes):
        used_l = {i for a, _, _ in links for i in a}
        used_r = {j for _, b, _ in links for j in b}
        fl = [i for i in range(n) if lok[i] and i not in used_l]
        fr = [j for j in range(m) if rok[j] and j not in used_r]
        if not fl or not fr:
            break
        more = _pass([lvecs[i] for i in fl], [True] * len(fl),
                     [fl[k + 1] == fl[k] + 1 and ljoin[fl[k]] for k in range(len(fl) - 1)] + [False],
                     [llens[i] for i in fl],
                     [rvecs[j] for j in fr], [True] * len(fr),
                     [fr[k + 1] == fr[k] + 1 and rjoin[fr[k]] for k in range(len(fr) - 1)] + [False],
                     [rlens[j] for j in fr], p, p.move_tau, p.move_length)
        if not more:
            break
        links += [(tuple(fl[i] for i in a), tuple(fr[j] for j in b), s) for a, b, s in more]
    used_l = {i for a, _, _ in links for i in a}
    used_r = {j for _, b, _ in links for j in b}
    links += [k for k in weak if not (used_l.intersection(k[0]) or used_r.intersection(k[1]))]
    if p.absorb_min < 1.0:
        links = _absorb(lvecs, rvecs, lok, rok, links, p)
    links.sort(key=lambda x: (x[0][0], x[1][0]))
    return links


def _near_dots(vecs: list[Vec], A: int) -> list[list[float]]:
    """dot(x, y) of pieces less than A apart (0 otherwise), a symmetric matrix."""
    n = len(vecs)
    out = [[0.0] * n for _ in range(n)]
    for x in range(n):
        vx = vecs[x]
        ox = out[x]
        for y in range(x, min(n, x + A)):
            d = dot(vx, vecs[y])
            ox[y] = d
            out[y][x] = d
    return out


def refine(link_l: list[Vec], link_r: list[Vec], lens_l: list[int], lens_r: list[int],
           ends_l: list[int], ends_r: list[int],
           p: Params, doc_ratio: float | None = None) -> list[tuple[int, int, int, int, float]]:
    """Best split of one link into consecutive finer links over its pieces.

    ``link_l``/``link_r`` are the piece vectors of each side in order, ``lens_*`` their
    lengths in characters, ``ends_*`` how strongly the text pauses after each piece (see
    units.py). Returns blocks (left start, left end, right start, right end, cosine) covering
    every piece, in order. A block is worth: its word overlap beyond what its share of both
    sides would get by chance (so vocabulary repeated all through the link does not vouch for
    a cut, and overlap falling between blocks counts against it), its cosine above
    ``refine_tau``, and the length model's log-probability that its two sides belong together
    at the link's own length ratio, plus a bonus. A cut costs by how weakly each text pauses
    there, and only cuts where at least one text pauses clearly are tried. A single block (no
    split) is always possible. With ``doc_ratio`` (the texts' overall length ratio, given when
    this link's lengths stray from it) block lengths are judged at that ratio, and runs of
    pieces of one side may stay in no link: they come back as blocks with an empty side."""
    P, Q = len(link_l), len(link_r)
    cuts = p.cut_costs
    if (P < 2 or Q < 2 or P * Q > p.max_refine
            or min(cuts[e] for e in ends_l[:-1]) + min(cuts[e] for e in ends_r[:-1]) > p.max_cut
            or min(min(cuts[e] for e in ends_l[:-1]), min(cuts[e] for e in ends_r[:-1])) > p.max_cut_one):
        return [(0, P, 0, Q, cosine(sum_vec(link_l, range(P)), sum_vec(link_r, range(Q))))]
    A = p.max_block
    cross = [[dot(a, b) for b in link_r] for a in link_l]
    # only pieces less than a block apart ever meet in one block norm
    gl = _near_dots(link_l, A)
    gr = _near_dots(link_r, A)

    def prefix2(mat, rows, cols):
        out = [[0.0] * (cols + 1) for _ in range(rows + 1)]
        for x in range(rows):
            acc = 0.0
            ro, prev = out[x + 1], out[x]
            mx = mat[x]
            for y in range(cols):
                acc += mx[y]
                ro[y + 1] = prev[y + 1] + acc
        return out

    C = prefix2(cross, P, Q)
    GL = prefix2(gl, P, P)
    GR = prefix2(gr, Q, Q)

    def rect(M, x0, x1, y0, y1):
        return M[x1][y1] - M[x0][y1] - M[x1][y0] + M[x0][y0]

    whole = cosine(sum_vec(link_l, range(P)), sum_vec(link_r, range(Q)))
    whole_block = [(0, P, 0, Q, whole)]
    cl = [0]
    for x in lens_l:
        cl.append(cl[-1] + x)
    cr = [0]
    for x in lens_r:
        cr.append(cr[-1] + x)
    ratio = cr[Q] / cl[P] if cl[P] else 1.0
    if doc_ratio is not None:
        ratio = doc_ratio
    mass = C[P][Q]
    lexw = p.refine_mass / mass if mass > 0 else 0.0
    inv_mass = 1.0 / mass if mass > 0 else 0.0
    CP = C[P]
    rlex, rtau = p.refine_lex, p.refine_tau
    lw, lb, var = p.refine_len, p.refine_len_bonus, p.refine_len_var
    # cut_l[x]: cost of cutting after left piece x-1 (a block starting at x)
    cut_l = [0.0] + [cuts[e] for e in ends_l]
    cut_r = [0.0] + [cuts[e] for e in ends_r]
    capc_l = [False] + [e in _COMMA_CAPITAL for e in ends_l]
    capc_r = [False] + [e in _COMMA_CAPITAL for e in ends_r]
    qcut = p.quote_cut
    logp = _logp
    sqrt = math.sqrt
    NEG = -1e18
    max_cut = p.max_cut
    best = [[NEG] * (Q + 1) for _ in range(P + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (Q + 1) for _ in range(P + 1)]
    best[0][0] = 0.0
    # Reachable cut states per left position: right positions and their character offsets,
    # so the right block's length window is found by bisection.
    states_y: list[list[int]] = [[] for _ in range(P + 1)]
    states_c: list[list[int]] = [[] for _ in range(P + 1)]
    states_y[0].append(0)
    states_c[0].append(0)
    skip = p.refine_skip if doc_ratio is not None else None
    for x in range(0 if skip is not None else 1, P + 1):
        Cx = C[x]
        CxQ = Cx[Q]
        last_x = x == P
        for y in range(0 if skip is not None else 1, Q + 1):
            final = last_x and y == Q
            if skip is None:
                if last_x != (y == Q):
                    continue
            elif x == 0 and y == 0:
                continue
            if not final and (cut_l[x] + cut_r[y] > max_cut
                              or min(cut_l[x], cut_r[y]) > p.max_cut_one):
                continue  # neither text pauses enough here for a cut
            bv, bb = NEG, None
            if skip is not None:
                # left pieces x0..x-1 or right pieces y0..y-1 in no block: one text alone
                # has them
                for x0 in range(max(0, x - A), x):
                    b0 = best[x0][y]
                    if b0 > NEG and b0 + skip - cut_l[x0] > bv:
                        bv, bb = b0 + skip - cut_l[x0], (x0, y)
                bx = best[x]
                for y0 in range(max(0, y - A), y):
                    b0 = bx[y0]
                    if b0 > NEG and b0 + skip - cut_r[y0] > bv:
                        bv, bb = b0 + skip - cut_r[y0], (x, y0)
            for x0 in range(max(0, x - A), x):
                ys = states_y[x0]
                if not ys:
                    continue
                la = cl[x] - cl[x0]
                nl = rect(GL, x0, x, x0, x)
                # only right blocks whose length fits within 2.5 deviations: others lose
                spread = 2.5 * sqrt((la or 1) * var)
                cs = states_c[x0]
                k0 = bisect.bisect_left(cs, cr[y] - ratio * la - spread)
                k1 = bisect.bisect_right(cs, cr[y] - ratio * la + spread)
                bx0 = best[x0]
                Cx0 = C[x0]
                cxl = cut_l[x0]
                qx = capc_l[x0]
                for k in range(k0, k1):
                    y0 = ys[k]
                    if y0 >= y:
                        break
                    nr = rect(GR, y0, y, y0, y)
                    m = Cx[y] - Cx0[y] - Cx[y0] + Cx0[y0]
                    sim = m / sqrt(nl * nr) if nl > 0 and nr > 0 else 0.0
                    delta = abs(cr[y] - cr[y0] - ratio * la) / sqrt((la or 1) * var)
                    # word overlap inside the block beyond what its share of both sides
                    # would get by chance: repeated vocabulary does not count for a cut
                    excess = m - (CxQ - C[x0][Q]) * (CP[y] - CP[y0]) * inv_mass
                    v = (bx0[y0] + lexw * excess + rlex * (sim - rtau) + lw * (logp(delta) + lb)
                         - cxl - cut_r[y0] - (qcut if qx and capc_r[y0] else 0.0))
                    if v > bv:
                        bv, bb = v, (x0, y0)
            if bb is not None:
                best[x][y] = bv
                back[x][y] = bb
                states_y[x].append(y)
                states_c[x].append(cr[y])
    if best[P][Q] <= rlex * (whole - rtau) + lw * lb:
        return whole_block
    blocks = []
    x, y = P, Q
    while x or y:
        x0, y0 = back[x][y]
        nl, nr = rect(GL, x0, x, x0, x), rect(GR, y0, y, y0, y)
        s = rect(C, x0, x, y0, y) / math.sqrt(nl * nr) if nl > 0 and nr > 0 else 0.0
        blocks.append((x0, x, y0, y, s))
        x, y = x0, y0
    blocks.reverse()
    return blocks if len(blocks) > 1 else whole_block
