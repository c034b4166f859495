"""align_articles: units, the core algorithm, scores and kinds, cache, user corrections."""
from __future__ import annotations

import hashlib

from tui.corpus import Article

from . import core
from .model import Alignment, Link
from .text import term_counts
from .units import END_CAP_SEMI, END_SENTENCE, Units, units_of

# Bump when links for the same texts would come out differently: old cache entries then miss.
# (A change of PARAMS changes the cache key by itself.)
ALGORITHM_VERSION = "7"
PARAMS = core.Params()

# Score calibration. A link's score is its TF-IDF cosine. Two accounts of the same passage in
# other words score well above MATCH_MIN; passages of one topic that report different things
# (same names, same war, different statements) stay below it: see tests/test_align_seeds.py.
MATCH_MIN = 0.22
EVIDENCE_TERMS = 3
# Refinement never cuts a passage this short (characters, on both sides) inside a sentence of
# both texts: see _coarsen.
PASSAGE_MAX = 125
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
        lvs = [core.vector(lpc[k], idf) for k in lp]
        rvs = [core.vector(rpc[k], idf) for k in rp]
        blocks = core.refine(lvs, rvs,
                             [len(lu.spans[k]) for k in lp], [len(ru.spans[k]) for k in rp],
                             [lu.ends[k] for k in lp], [ru.ends[k] for k in rp], PARAMS,
                             ratio if _out_of_proportion(sum(llen[u] for u in a),
                                                         sum(rlen[u] for u in b), ratio) else None)
        blocks = _coarsen(blocks, lp, rp, lu, ru)
        if len(blocks) == 1:
            out.append((tuple(lp), tuple(rp), s))
        else:
            out += [(tuple(lp[x0:x1]), tuple(rp[y0:y1]),
                     bs if bs is not None else core.cosine(core.sum_vec(lvs, range(x0, x1)),
                                                            core.sum_vec(rvs, range(y0, y1))))
                    for x0, x1, y0, y1, bs in blocks if x1 > x0 and y1 > y0]
    return out, lpc, rpc


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


def _kind(score: float) -> str:
    return "match" if score >= MATCH_MIN else "partial"


def apply_corrections(links: list[Link], corrections, n_left: int, n_right: int) -> list[Link]:
    """User corrections on top of automatic links, in order. "link" forces a match and drops
    links that share a unit with it; "unlink" drops the link covering exactly those units.
    Records that do not fit these texts (bad op, indices out of range) are skipped."""
    out = list(links)
    for rec in corrections or ():
        try:
            op = rec["op"]
            left = tuple(sorted({int(i) for i in rec.get("left", ())}))
            right = tuple(sorted({int(j) for j in rec.get("right", ())}))
        except (KeyError, TypeError, ValueError, AttributeError):
            continue
        if (any(not 0 <= i < n_left for i in left) or any(not 0 <= j < n_right for j in right)
                or not left or not right):
            continue
        if op == "link":
            ls, rs = set(left), set(right)
            out = [k for k in out if not (ls & set(k.left) or rs & set(k.right))]
            out.append(Link(left, right, 1.0, "match"))
        elif op == "unlink":
            out = [k for k in out if not (tuple(sorted(k.left)) == left
                                          and tuple(sorted(k.right)) == right)]
    return out


def align_articles(left: Article, right: Article, unit: str = "paragraph",
                   corrections: list[dict] | None = None, use_cache: bool = True) -> Alignment:
    """Align two articles by ``unit`` ("paragraph", "sentence" or "clause").

    Paragraph units are ``left.paragraphs`` in order (all of them: headline, dateline and
    boilerplate included; boilerplate and date/dateline/byline paragraphs are never linked);
    sentence units are ``left.sentences``; clause units are sentences cut at , ; : (see
    units.py). Results are cached by content; corrections are applied after the cache."""
    lu = units_of(left, unit)
    ru = units_of(right, unit)
    links: list[Link] | None = None
    key = None
    if use_cache:
        from . import cache

        key = cache.entry_key(content_key(left), content_key(right), unit,
                              f"{ALGORITHM_VERSION} {PARAMS!r} {MATCH_MIN} {EVIDENCE_TERMS}")
        links = cache.load(key, len(lu.spans), len(ru.spans))
    if links is None:
        raw, lc, rc = raw_links(left, right, lu, ru)
        ltexts = [left.text[sp.start:sp.end] for sp in lu.spans]
        rtexts = [right.text[sp.start:sp.end] for sp in ru.spans]
        links = []
        for link in raw:
            s = round(_score(link, lc, rc, ltexts, rtexts), 4)  # as the cache stores it
            links.append(Link(link[0], link[1], s, _kind(s)))
        if use_cache:
            cache.store(key, len(lu.spans), len(ru.spans), links)
    if corrections:
        links = apply_corrections(links, corrections, len(lu.spans), len(ru.spans))
    return Alignment(unit, lu.spans, ru.spans, links, lu.groups, ru.groups)
