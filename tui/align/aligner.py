"""align_articles: units, the core algorithm, scores and kinds, cache, user corrections.

For ``unit="sentence"`` the aligner works on pieces (sentences cut after every , ; :, see
units.piece_units): the first pass links sentences (cut again after ; or : before a
capitalised word), the refinement cuts a link where both texts pause, one of them strongly
(core.refine), ``passage_rules`` makes every part of a cut sentence a passage a reader would
call one, ``vouched`` drops links nothing distinctive supports, and the pieces are merged
back into passages (a sentence stays whole unless a link boundary falls inside it). The
result is what ``synoptic align --unit sentence`` prints and what the compare view shows.

A link's score: the TF-IDF cosine of its two sides (IDF over the units of both articles),
scaled down when they share fewer than EVIDENCE_TERMS distinct content words; 1.0 when the
two sides are the same text but for spacing, or share exactly the same content words. About
0.5 and above: the same passage lightly reworded; MATCH_MIN (0.22) and above ("match"): the
same passage in other words; below ("partial"): they share part of their content.
"""
from __future__ import annotations

import bisect
import hashlib
import re

from tui.corpus import Article, Span

from . import core
from .model import Alignment, Link
from .text import WORD, evidence_keys, term_counts
from . import corrections as _corrections
from .units import END_CAP_SEMI, END_SENTENCE, STRENGTH, Units, units_of

# Bump when links for the same texts would come out differently: old cache entries then miss.
# (A change of PARAMS changes the cache key by itself.)
ALGORITHM_VERSION = "8"
PARAMS = core.Params()

# Score calibration. A link's score is its TF-IDF cosine. Two accounts of the same passage in
# other words score well above MATCH_MIN; passages of one topic that report different things
# (same names, same war, different statements) stay below it: see tests/test_align_seeds.py.
MATCH_MIN = 0.22
EVIDENCE_TERMS = 3
# Texts this many times longer than the other (and more than PRUNE_ABOVE units) are
# aligned only where they use the other's words (see pruned_raw_links).
LOPSIDED = 8
PRUNE_ABOVE = 2000
# A link stands on its own with this many distinct shared content words and this score;
# otherwise it needs texts running in parallel (such links covering PARALLEL_MIN of the
# shorter one) and neighbours that stand on their own (see vouched).
EVIDENCE_MIN = 2
LINK_MIN = 0.18
PARALLEL_MIN = 0.3
# Evidence keys (names counted once) judge every link of texts up to this many units; in
# longer ones, only where they do not run in parallel (they cost a pass over each text).
KEYS_UP_TO = 2000
# Refinement never cuts a passage this short (characters, on both sides) inside a sentence of
# both texts: see _coarsen.
PASSAGE_MAX = 125
# A part of a cut sentence has at least this many words (see passage_rules).
PART_MIN_WORDS = 4
# A sentence this short linked on its own may take in its neighbour (see passage_rules).
SHORT_WORDS = 6
_SENTENCE_ENDS = frozenset({END_SENTENCE, END_CAP_SEMI})


def content_key(article: Article) -> str:
    """Exact-content hash. Article.id folds whitespace (so bookmarks survive re-wrapping), but
    paragraph breaks change the units, so the cache needs the text as it is."""
    return hashlib.blake2b(article.text.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _merge(counts: list[dict[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in counts:
        for t, k in c.items():
            out[t] = out.get(t, 0) + k
    return out


def _level1(lc, rc, lok, rok, llens, rlens, lsolo, rsolo):
    idf = core.idf_of(lc, rc, lok, rok)
    lv = [core.vector(c, idf) for c in lc]
    rv = [core.vector(c, idf) for c in rc]
    return core.align_vectors(lv, rv, lok, rok, llens, rlens, PARAMS, _joins(lsolo),
                              _joins(rsolo)), idf


def _joins(solo: list[bool]) -> list[bool]:
    """join[i]: units i and i+1 may share a link (a headline never merges with the body)."""
    return [not (solo[i] or solo[i + 1]) for i in range(len(solo) - 1)] + [False]


def _score(link: core.RawLink, lc, rc, ltexts, rtexts) -> float:
    """The link's cosine, scaled down when it rests on fewer than EVIDENCE_TERMS distinct
    shared words (or all the words the passages have): one shared word between two short
    passages is chance, not a match. Passages identical but for spacing score exactly 1."""
    a, b, s = link
    if " ".join(" ".join(ltexts[i].split()) for i in a) == " ".join(
            " ".join(rtexts[j].split()) for j in b):
        return 1.0
    la = set().union(*(lc[i] for i in a))
    lb = set().union(*(rc[j] for j in b))
    shared = len(la & lb)
    need = min(EVIDENCE_TERMS, max(len(la), len(lb)))
    return max(0.0, min(1.0, s * min(1.0, shared / need if need else 0.0)))


class _LazyKeys(dict):
    """unit index -> (text, evidence keys computed on first use)."""

    def __init__(self, texts: list[str]):
        super().__init__()
        self.texts = texts

    def __missing__(self, i: int):
        return (self.texts[i], None)


def _shared(link: core.RawLink, lkeys: dict[int, set[str]], rkeys: dict[int, set[str]]) -> int:
    """Distinct evidence keys (text.evidence_keys) the two sides share. ``lkeys``/``rkeys``
    map unit index to (unit text, keys or None) and are filled as needed."""
    a, b, _ = link
    sides = []
    for units, keys in ((a, lkeys), (b, rkeys)):
        got: set[str] = set()
        for i in units:
            text, k = keys[i]
            if k is None:
                k = evidence_keys(text)
                keys[i] = (text, k)
            got |= k
        sides.append(got)
    return len(sides[0] & sides[1])


def vouched(links: list[Link], shared: list[int], lu: Units, ru: Units,
            evidence=None) -> list[Link]:
    """The links a reader can trust. A link stands on its own when its passages share at
    least EVIDENCE_MIN distinct content words and it scores at least LINK_MIN, or when they
    are the same words. Otherwise only its place can vouch for it, and only in texts that
    run in parallel (links that stand on their own cover at least PARALLEL_MIN of the
    shorter text: a translation or a close re-telling): in reading order with the nearest
    such links before and after it (one of them may be the start or end of the texts),
    where a passage reworded beyond recognition still sits between its neighbours. A
    headline never rests on its place. Anything else is chance: one shared word ("speak"),
    or a passage of one story next to an unrelated one.

    ``shared`` counts the content terms each link's sides share; ``evidence(n)``, when given,
    the evidence keys of link n (text.evidence_keys), which decide instead where texts do
    not run in parallel (there, few links are left to check)."""
    n_left, n_right = sum(lu.linkable), sum(ru.linkable)
    own = [k.score >= 1.0 or (n >= EVIDENCE_MIN and k.score >= LINK_MIN)
           for k, n in zip(links, shared)]
    if evidence is not None and max(n_left, n_right) <= KEYS_UP_TO:
        own = [ok and (k.score >= 1.0 or evidence(n) >= EVIDENCE_MIN)
               for n, (k, ok) in enumerate(zip(links, own))]
    covered = min(sum(len(k.left) for k, ok in zip(links, own) if ok),
                  sum(len(k.right) for k, ok in zip(links, own) if ok))
    if covered < PARALLEL_MIN * max(1, min(n_left, n_right)):
        return [k for n, (k, ok) in enumerate(zip(links, own))
                if ok and (k.score >= 1.0 or evidence is None or evidence(n) >= EVIDENCE_MIN)]
    strong = sorted((k.left[0], k.left[-1], k.right[0], k.right[-1])
                    for k, ok in zip(links, own) if ok)
    firsts = [x[0] for x in strong]
    out = []
    for k, ok in zip(links, own):
        if not ok:
            n = bisect.bisect_left(firsts, k.left[0])
            before = strong[n - 1] if n else None
            after = strong[n] if n < len(strong) else None
            ok = ((before is not None or after is not None)
                  and not any(lu.solo[i] for i in k.left) and not any(ru.solo[j] for j in k.right)
                  and (before is None or (before[1] < k.left[0] and before[3] < k.right[0]))
                  and (after is None or (after[0] > k.left[-1] and after[2] > k.right[-1])))
        if ok:
            out.append(k)
    return out


def pruned_raw_links(left: Article, right: Article, lu: Units, ru: Units):
    """``raw_links``, but when one text is many times longer than the other (a 100,000-
    sentence article against a 10-sentence one) only the parts of the long one that use
    some word of the short one are aligned, with a sentence of context around them: the
    rest could only be linked by their length, which says nothing between texts of such
    different sizes. The words are found by one regular expression over the long text, so
    most of it is never tokenised."""
    n, m = len(lu.spans), len(ru.spans)
    if max(n, m) <= PRUNE_ABOVE or max(n, m) <= LOPSIDED * max(1, min(n, m)):
        return raw_links(left, right, lu, ru)
    big_left = n > m
    big, bu = (left, lu) if big_left else (right, ru)
    small, su = (right, ru) if big_left else (left, lu)
    vocab = set()
    for sp, ok in zip(su.spans, su.linkable):
        if ok:
            vocab.update(t for t in term_counts(small.text[sp.start:sp.end]) if t[0] != "~")
    keep: set[int] = set()
    groups = bu.groups if bu.groups is not None else list(range(len(bu.spans)))
    if vocab:
        pattern = re.compile(r"(?<![^\W_])(?:" + "|".join(
            sorted(map(re.escape, vocab), key=len, reverse=True)) + ")", re.IGNORECASE)
        starts = [sp.start for sp in bu.spans]
        hits: dict[str, list[int]] = {}
        for hit in pattern.finditer(big.text):
            k = bisect.bisect_right(starts, hit.start()) - 1
            if k >= 0 and bu.linkable[k]:
                hits.setdefault(hit.group().lower(), []).append(k)
        # words the long text uses everywhere place nothing; a sentence needs two others
        common = max(50, (groups[-1] + 1) // 50) if groups else 50
        found: dict[int, set[str]] = {}
        for word, units in hits.items():
            if len(units) <= common:
                for k in units:
                    found.setdefault(groups[k], set()).add(word)
        keep = {k for k in range(len(bu.spans)) if len(found.get(groups[k], ())) >= 2}
    # whole sentences (paragraphs for paragraph units), with one on either side
    wanted = {g + d for k in keep for g in (groups[k],) for d in (-1, 0, 1)}
    kept = [k for k in range(len(bu.spans)) if groups[k] in wanted]
    renumber: dict[int, int] = {}
    sub = Units([bu.spans[k] for k in kept], [bu.linkable[k] for k in kept],
                [bu.solo[k] for k in kept],
                [renumber.setdefault(groups[k], len(renumber)) for k in kept]
                if bu.groups is not None else None,
                [bu.ends[k] for k in kept] if bu.ends is not None else None,
                [bu.paragraphs[k] for k in kept] if bu.paragraphs is not None else None)
    if big_left:
        links, lc_sub, rc = raw_links(left, right, sub, ru)
        lc = [{} for _ in range(n)]
        for x, k in enumerate(kept):
            lc[k] = lc_sub[x]
        return [(tuple(kept[i] for i in a), b, s) for a, b, s in links], lc, rc
    links, lc, rc_sub = raw_links(left, right, lu, sub)
    rc = [{} for _ in range(m)]
    for x, k in enumerate(kept):
        rc[k] = rc_sub[x]
    return [(a, tuple(kept[j] for j in b), s) for a, b, s in links], lc, rc


def raw_links(left: Article, right: Article, lu: Units, ru: Units):
    """Links over unit indices before kinds and corrections, and the term counts of every
    unit of each side."""
    lt, rt = left.text, right.text
    if lu.groups is None:
        lc = [term_counts(lt[s.start:s.end]) for s in lu.spans]
        rc = [term_counts(rt[s.start:s.end]) for s in ru.spans]
        links, _ = _level1(lc, rc, lu.linkable, ru.linkable,
                           [len(s) for s in lu.spans], [len(s) for s in ru.spans], lu.solo, ru.solo)
        return links, lc, rc
    # Clauses: align whole sentences first (robust; cut again after a strong pause, see
    # _segments), then split each link at clause boundaries where the clauses clearly line up.
    lpc = [term_counts(lt[s.start:s.end]) for s in lu.spans]
    rpc = [term_counts(rt[s.start:s.end]) for s in ru.spans]
    lsent = _segments(lu)
    rsent = _segments(ru)
    lc = [_merge([lpc[k] for k in g]) for g in lsent]
    rc = [_merge([rpc[k] for k in g]) for g in rsent]
    lok = [lu.linkable[g[0]] for g in lsent]
    rok = [ru.linkable[g[0]] for g in rsent]
    llen = [lu.spans[g[-1]].end - lu.spans[g[0]].start for g in lsent]
    rlen = [ru.spans[g[-1]].end - ru.spans[g[0]].start for g in rsent]
    lsolo = [lu.solo[g[0]] for g in lsent]
    rsolo = [ru.solo[g[0]] for g in rsent]
    links, idf = _level1(lc, rc, lok, rok, llen, rlen, lsolo, rsolo)
    tl = sum(x for x, ok in zip(llen, lok) if ok)
    tr = sum(x for x, ok in zip(rlen, rok) if ok)
    ratio = tr / tl if tl and tr else 1.0
    out: list[core.RawLink] = []
    for a, b, s in links:
        lp = [k for u in a for k in lsent[u]]
        rp = [k for u in b for k in rsent[u]]
        contiguous = a[-1] - a[0] == len(a) - 1 and b[-1] - b[0] == len(b) - 1
        if not contiguous or len(lp) < 2 or len(rp) < 2:
            out.append((tuple(lp), tuple(rp), s))
            continue
        if len(lp) == len(rp) and all(lt[lu.spans[x].start:lu.spans[x].end]
                                      == rt[ru.spans[y].start:ru.spans[y].end]
                                      for x, y in zip(lp, rp)):
            out += [((x,), (y,), 1.0) for x, y in zip(lp, rp)]  # the same clauses
            continue
        skew = _out_of_proportion(sum(llen[u] for u in a), sum(rlen[u] for u in b), ratio)
        if (not skew and _one_passage(lp, lu) and _one_passage(rp, ru)):
            out.append((tuple(lp), tuple(rp), s))  # _coarsen would join any cut again
            continue
        lvs = [core.vector(lpc[k], idf) for k in lp]
        rvs = [core.vector(rpc[k], idf) for k in rp]
        blocks = core.refine(lvs, rvs,
                             [len(lu.spans[k]) for k in lp], [len(ru.spans[k]) for k in rp],
                             [lu.ends[k] for k in lp], [ru.ends[k] for k in rp], PARAMS,
                             ratio if skew else None)
        blocks = _coarsen(blocks, lp, rp, lu, ru)
        if len(blocks) == 1:
            out.append((tuple(lp), tuple(rp), s))
        else:
            out += [(tuple(lp[x0:x1]), tuple(rp[y0:y1]),
                     bs if bs is not None else core.cosine(core.sum_vec(lvs, range(x0, x1)),
                                                            core.sum_vec(rvs, range(y0, y1))))
                    for x0, x1, y0, y1, bs in blocks if x1 > x0 and y1 > y0]
    return out, lpc, rpc


def _one_passage(pieces: list[int], u: Units) -> bool:
    """Whether these pieces are at most PASSAGE_MAX characters with no sentence end inside:
    then _coarsen joins every cut the refinement could make among them."""
    return (u.spans[pieces[-1]].end - u.spans[pieces[0]].start <= PASSAGE_MAX
            and all(u.ends[k] not in _SENTENCE_ENDS for k in pieces[:-1]))


def _out_of_proportion(la: int, lb: int, ratio: float) -> bool:
    """Whether a link's lengths stray from the texts' ratio (see Params.skip_gate)."""
    return abs(lb - ratio * la) / ((max(la, 1) * PARAMS.len_var) ** 0.5) > PARAMS.skip_gate


def _coarsen(blocks, lp: list[int], rp: list[int], lu: Units, ru: Units):
    """Refined blocks joined again, left to right, where the cut between two of them falls
    inside a sentence in both texts and the joined block stays within PASSAGE_MAX characters
    on both sides: a short sentence is one passage, and cutting it into clause links only
    splits that passage between two links. Blocks are (left start, left end, right start,
    right end, cosine or None when joined), over positions in ``lp``/``rp``."""
    out = [list(blocks[0])]
    for b in blocks[1:]:
        prev = out[-1]
        x, y = prev[1], prev[3]
        if prev[0] == prev[1] or prev[2] == prev[3] or b[0] == b[1] or b[2] == b[3]:
            out.append(list(b))  # pieces one text alone has stay apart
            continue
        ll = lu.spans[lp[b[1] - 1]].end - lu.spans[lp[prev[0]]].start
        rl = ru.spans[rp[b[3] - 1]].end - ru.spans[rp[prev[2]]].start
        if (lu.ends[lp[x - 1]] not in _SENTENCE_ENDS and ru.ends[rp[y - 1]] not in _SENTENCE_ENDS
                and max(ll, rl) <= PASSAGE_MAX):
            prev[1], prev[3], prev[4] = b[1], b[3], None
        else:
            out.append(list(b))
    return out


def _segments(u: Units) -> list[list[int]]:
    """Clause indices of the first pass's units: sentences, cut again after a strong pause
    (";" or ":" before a capitalised function word), where an edited text often joins
    passages from different places into one sentence."""
    out: list[list[int]] = []
    for g in _groups(u):
        cur: list[int] = []
        for k in g:
            cur.append(k)
            if u.ends[k] == END_CAP_SEMI:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
    return out


def _groups(u: Units) -> list[list[int]]:
    out: list[list[int]] = []
    for k, g in enumerate(u.groups):
        if g == len(out):
            out.append([k])
        else:
            out[g].append(k)
    return out


def passage_rules(links: list[Link], left: Article, right: Article, lu: Units,
                  ru: Units) -> list[Link]:
    """Links over pieces adjusted so that every part of a cut sentence is a passage a reader
    would call one. Where the refinement cut a sentence:

    * a part in no link next to a linked part of the same sentence joins that link unless
      the text pauses strongly between them (; : or the end of the sentence): "...stressed,
      but was friendly with the crews" is not a passage of its own;
    * a part of fewer than PART_MIN_WORDS words joins its neighbour's link, and two links
      that would then share a sentence part become one.

    And a link one side of which is a short sentence (under SHORT_WORDS words) takes in the
    unlinked sentence beside it in the same paragraph when that sentence shares at least
    EVIDENCE_MIN content words with the link's other side that the short one lacks: "Five or
    six days ago." alone is not the counterpart of "Everybody has to stop fighting ... five,
    six days ago", the sentence before it with "Everyone should stop fighting" is.

    (Cuts between two links are already where both texts pause, one of them strongly: see
    core.refine.)"""
    work = [[set(k.left), set(k.right), k.score, k.kind] for k in links]
    _take_in_neighbours(work, left, right, lu, ru)
    for side, art, u in ((0, left, lu), (1, right, ru)):
        words = _WordCounts(art.text, u.spans)
        owner = {i: n for n, k in enumerate(work) for i in k[side]}
        first_of: dict[int, int] = {}
        for i in sorted(owner):
            first_of.setdefault(u.groups[i], i)
        for sent, i0 in first_of.items():
            lo = i0
            while lo and u.groups[lo - 1] == sent:
                lo -= 1
            hi = i0
            while hi + 1 < len(u.spans) and u.groups[hi + 1] == sent:
                hi += 1
            if lo == hi:
                continue
            for _ in range(hi - lo + 1):  # each change joins two runs: at most that many
                if not _fix_one_run(work, owner, side, u, words, lo, hi):
                    break
        work = [k for k in work if k[0] and k[1]]
    return [Link(tuple(sorted(a)), tuple(sorted(b)), s, kind) for a, b, s, kind in work]


class _WordCounts(dict):
    """piece index -> number of words, counted on first use."""

    def __init__(self, text: str, spans: list):
        super().__init__()
        self.text, self.spans = text, spans

    def __missing__(self, i: int) -> int:
        sp = self.spans[i]
        n = self[i] = len(WORD.findall(self.text, sp.start, sp.end))
        return n


def _take_in_neighbours(work: list[list], left: Article, right: Article, lu: Units,
                        ru: Units) -> None:
    arts, units = (left, right), (lu, ru)
    sentence_pieces: list[dict[int, list[int]]] = [{}, {}]
    for side in (0, 1):
        for i, g in enumerate(units[side].groups):
            sentence_pieces[side].setdefault(g, []).append(i)
    owner = [{i: n for n, k in enumerate(work) for i in k[side]} for side in (0, 1)]

    def terms(side: int, pieces) -> set[str]:
        t = arts[side].text
        u = units[side].spans
        return set().union(*(term_counts(t[u[i].start:u[i].end]) for i in pieces))

    for n, k in enumerate(work):
        for side in (0, 1):
            u = units[side]
            sents = {u.groups[i] for i in k[side]}
            if len(sents) != 1:
                continue
            (g,) = sents
            pieces = sentence_pieces[side][g]
            if set(pieces) != k[side]:
                continue
            t = arts[side].text
            if len(WORD.findall(t, u.spans[pieces[0]].start, u.spans[pieces[-1]].end)) >= SHORT_WORDS:
                continue
            other = terms(1 - side, k[1 - side])
            mine = terms(side, pieces)
            for h in (g - 1, g + 1):
                hp = sentence_pieces[side].get(h)
                if (not hp or u.paragraphs[hp[0]] != u.paragraphs[pieces[0]]
                        or any(i in owner[side] for i in hp) or not all(u.linkable[i] for i in hp)):
                    continue
                if len((terms(side, hp) & other) - mine) >= EVIDENCE_MIN:
                    k[side].update(hp)
                    for i in hp:
                        owner[side][i] = n
                    break


def _fix_one_run(work: list[list], owner: dict[int, int], side: int, u: Units, words,
                 lo: int, hi: int) -> bool:
    """One passage_rules change inside the sentence of pieces lo..hi, if one is due."""
    runs: list[list] = []
    for i in range(lo, hi + 1):
        o = owner.get(i)
        if o is not None and not work[o][side]:
            o = None
        if runs and runs[-1][0] == o:
            runs[-1][1].append(i)
        else:
            runs.append([o, [i]])
    if len(runs) < 2:
        return False
    for r, (o, pieces) in enumerate(runs):
        prev = runs[r - 1] if r else None
        nxt = runs[r + 1] if r + 1 < len(runs) else None
        short = sum(words[i] for i in pieces) < PART_MIN_WORDS
        weak_before = prev is not None and STRENGTH[u.ends[pieces[0] - 1]] < 3
        weak_after = nxt is not None and STRENGTH[u.ends[pieces[-1]]] < 3
        target = None
        if o is None and (short or weak_before or weak_after):
            cands = [x for x, weak in ((prev, weak_before), (nxt, weak_after))
                     if x is not None and x[0] is not None and (weak or short)]
            if cands:
                target = cands[0][0]
        elif o is not None and short:
            cands = [x for x in (prev, nxt) if x is not None and x[0] is not None]
            if cands:
                target = cands[0][0]
        if target is None or target == o:
            continue
        if o is None:
            work[target][side].update(pieces)
            for i in pieces:
                owner[i] = target
        else:
            a, b = work[target], work[o]
            a[0] |= b[0]
            a[1] |= b[1]
            a[2] = max(a[2], b[2])
            a[3] = _kind(a[2])
            for i in b[side]:
                owner[i] = target
            b[0], b[1] = set(), set()
        return True
    return False


def _kind(score: float) -> str:
    return "match" if score >= MATCH_MIN else "partial"


def apply_corrections(links: list[Link], corrections, left: Article, right: Article,
                      unit: str = "paragraph") -> list[Link]:
    """Links over ``unit`` units (paragraphs, or the aligner's sentence pieces) with user
    corrections applied (see corrections.py); hidden links dropped."""
    lu, ru = units_of(left, unit), units_of(right, unit)
    return _corrections.apply(links, corrections, left, right, lu.spans, ru.spans,
                              lu.linkable, ru.linkable)[0]


def _automatic(left: Article, right: Article, unit: str, lu: Units, ru: Units,
               use_cache: bool) -> list[Link]:
    """The aligner's links over ``lu``/``ru`` (paragraphs, or sentence pieces), cached."""
    key = None
    if use_cache:
        from . import cache

        key = cache.entry_key(content_key(left), content_key(right), unit,
                              f"{ALGORITHM_VERSION} {PARAMS!r} {MATCH_MIN} {EVIDENCE_TERMS} "
                              f"{EVIDENCE_MIN} {LINK_MIN} {PARALLEL_MIN} {KEYS_UP_TO} "
                              f"{PART_MIN_WORDS} {SHORT_WORDS}")
        links = cache.load(key, len(lu.spans), len(ru.spans))
        if links is not None:
            return links
    raw, lc, rc = pruned_raw_links(left, right, lu, ru)
    ltexts = [left.text[sp.start:sp.end] for sp in lu.spans]
    rtexts = [right.text[sp.start:sp.end] for sp in ru.spans]
    links = []
    evidence = []
    lkeys = _LazyKeys(ltexts)
    rkeys = _LazyKeys(rtexts)
    for link in raw:
        s = round(_score(link, lc, rc, ltexts, rtexts), 4)  # as the cache stores it
        links.append(Link(link[0], link[1], s, _kind(s)))
        evidence.append(len(set().union(*(lc[i] for i in link[0]))
                            & set().union(*(rc[j] for j in link[1]))))
    links = vouched(links, evidence, lu, ru,
                    lambda n: _shared(raw[n], lkeys, rkeys))
    if unit == "sentence":
        before = {(k.left, k.right) for k in links}
        links = passage_rules(links, left, right, lu, ru)
        idf = None
        rescored = []
        for k in links:  # a group passage_rules changed: score what is linked now
            if (k.left, k.right) not in before:
                if idf is None:
                    idf = core.idf_of(lc, rc, lu.linkable, ru.linkable)
                cos = core.cosine(core.vector(_merge([lc[i] for i in k.left]), idf),
                                  core.vector(_merge([rc[j] for j in k.right]), idf))
                s = round(_score((k.left, k.right, cos), lc, rc, ltexts, rtexts), 4)
                k = Link(k.left, k.right, s, _kind(s))
            rescored.append(k)
        links = rescored
    if use_cache:
        from . import cache

        cache.store(key, len(lu.spans), len(ru.spans), links)
    return links


def align_pair(left: Article, right: Article, unit: str = "paragraph",
               corrections: list[dict] | None = None, use_cache: bool = True) -> Alignment:
    """``align_articles`` with the two articles always seen in the same order (by id), the
    result turned round when ``left`` comes second: so an alignment, and the corrections made
    on it, are the same whichever side each article is shown on. The compare view and
    ``synoptic align`` both use this. ``corrections`` read as corrections of ``left`` against
    ``right`` (as ``corrections.from_store`` returns them)."""
    if left.id <= right.id:
        return align_articles(left, right, unit, corrections, use_cache)
    flipped = [{**r, "left": r.get("right"), "right": r.get("left")} if isinstance(r, dict) else r
               for r in corrections or ()]
    return align_articles(right, left, unit, flipped or None, use_cache).swapped()


def align_articles(left: Article, right: Article, unit: str = "paragraph",
                   corrections: list[dict] | None = None, use_cache: bool = True) -> Alignment:
    """Align two articles by ``unit`` ("paragraph" or "sentence"; "clause" is an old name
    for "sentence").

    Paragraph units are ``left.paragraphs`` in order (all of them: headline, dateline and
    boilerplate included; boilerplate and date/dateline/byline paragraphs are never linked).
    Sentence units are passages: sentences, or parts of a sentence where a link boundary
    falls inside it at a pause both texts agree on (see passage_rules); each passage lies in
    one sentence and one paragraph. Results are cached by content; ``corrections`` (records
    of corrections.py) are applied after the cache."""
    if unit == "clause":
        unit = "sentence"
    lu = units_of(left, unit)
    ru = units_of(right, unit)
    links = _automatic(left, right, unit, lu, ru, use_cache)
    hidden: list[Link] = []
    if corrections:
        links, hidden = _corrections.apply(links, corrections, left, right, lu.spans, ru.spans,
                                           lu.linkable, ru.linkable)
    if unit == "paragraph":
        return Alignment(unit, lu.spans, ru.spans, links,
                         left_paragraphs=list(range(len(lu.spans))),
                         right_paragraphs=list(range(len(ru.spans))),
                         left_linkable=list(lu.linkable), right_linkable=list(ru.linkable),
                         hidden=hidden)
    return _passages(left, right, lu, ru, links, hidden)


def _passages(left: Article, right: Article, lu: Units, ru: Units, links: list[Link],
              hidden: list[Link]) -> Alignment:
    """Pieces merged into passages: neighbouring pieces of one sentence stay one passage
    unless a link (shown or hidden) begins or ends between them."""
    maps = []
    sides = []
    for side, (art, u) in enumerate(((left, lu), (right, ru))):
        owner: dict[int, int] = {}
        for n, k in enumerate(links):
            for i in (k.right if side else k.left):
                owner[i] = n
        howner: dict[int, int] = {}
        for n, k in enumerate(hidden):
            for i in (k.right if side else k.left):
                howner[i] = n
        spans, groups, paras, ok = [], [], [], []
        piece_to: list[int] = []
        for i, sp in enumerate(u.spans):
            if (i and u.groups[i] == u.groups[i - 1] and owner.get(i) == owner.get(i - 1)
                    and howner.get(i) == howner.get(i - 1)):
                spans[-1] = Span(spans[-1].start, sp.end)
            else:
                spans.append(sp)
                groups.append(u.groups[i])
                paras.append(u.paragraphs[i])
                ok.append(u.linkable[i])
            piece_to.append(len(spans) - 1)
        maps.append(piece_to)
        sides.append((spans, groups, paras, ok))

    def remap(k: Link) -> Link:
        a = tuple(sorted({maps[0][i] for i in k.left}))
        b = tuple(sorted({maps[1][j] for j in k.right}))
        return Link(a, b, k.score, k.kind, k.origin, k.correction)

    (ls, lg, lp, lok), (rs, rg, rp, rok) = sides
    return Alignment("sentence", ls, rs, [remap(k) for k in links], lg, rg, lp, rp, lok, rok,
                     [remap(k) for k in hidden])
