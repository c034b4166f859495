"""Bookkeeping behind the compare screen for one pair of articles: which passage is linked with
which, where the other side has a gap, what counts as "only here", and the differences that
``n``/``N`` walk.

Plain Python (no Textual) so it is built in the worker thread that aligns and tested without a
terminal. ``PairIndex`` wraps one ``tui.align`` sentence ``Alignment`` in the aligner's order
(side 0 is the article with the smaller id, as ``align_pair`` sees them); the screen maps sides
onto columns. Units are the alignment's passages (sentences, or parts of one where the aligner
cut it); every unit lies in one paragraph, so the view draws them inside the paragraphs as the
outlets wrote them. Everything a keystroke asks is O(log n).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Sequence

from tui.align.core import longest_increasing
from tui.align.model import Alignment, Link
from tui.align.wording import Difference, differences, link_differs
from tui.corpus import Article, Span


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the other side goes when one side's cursor is on a unit.

    ``target``: the units of the other side linked with it (empty when it is in no link).
    ``anchor``: the unit of the other side whose start is put level with the cursor's passage
    (``count`` means "after the last unit"): the first target unit, or for a unit in no link
    the place in the other side's gap between the neighbouring links. ``mate``: for a unit in
    no link, the other side's unit in no link that faces it in the same gap (what ``l`` would
    link it with), else -1. ``hidden``: an automatic link of this unit that a correction
    hides (``l`` shows it again)."""

    target: tuple[int, ...]
    anchor: int
    link: Link | None = None
    mate: int = -1
    hidden: Link | None = None

    @property
    def paired(self) -> bool:
        return self.link is not None


@dataclass(frozen=True, slots=True)
class Stop:
    """One difference as seen from one side: ``here``/``there`` are its units on this side and
    on the other (one of them empty for a passage only one side has); ``after`` is, for a
    passage only the other side has, the unit of this side it comes after (-1: before all).
    ``number`` is its 1-based place in this side's reading order."""

    number: int
    kind: str            # "reworded" | "only_here" | "only_there"
    here: tuple[int, ...]
    there: tuple[int, ...]
    link: Link | None
    after: int = -1

    @property
    def key(self) -> tuple[int, int]:
        """Its place in this side's reading order (a passage only the other side has sorts
        just after the unit it comes after)."""
        return (self.here[0], 0) if self.here else (self.after, 1)


class PairIndex:
    """Lookup tables over one sentence alignment of ``articles`` (in the aligner's order).

    ``aligned_until``: paragraph indices (side 0, side 1) before which the alignment is done
    (an alignment still running in windows); units after them are not "only here" yet and are
    no differences yet. None: all of it is done."""

    def __init__(self, alignment: Alignment, articles: tuple[Article, Article],
                 aligned_until: tuple[int, int] | None = None,
                 differs: dict[tuple, bool] | None = None,
                 stop_sides: tuple[int, ...] = (0, 1)) -> None:
        """``differs``: a dict to fill and reuse (see ``key``). ``stop_sides``: the sides whose
        differences are listed now (in the worker thread); the others' on first use."""
        self.alignment = alignment
        self.articles = articles
        self.done = aligned_until is None
        self.count = (len(alignment.left_units), len(alignment.right_units))
        self.links: list[Link] = [k for k in alignment.links if k.left and k.right]
        # per unit: its paragraph and whether it may be linked (Alignment's own lists: the
        # Passage objects of Alignment.passages cost most of building this for long texts)
        self._paragraphs = tuple(_paragraph_list(alignment, side) for side in (0, 1))
        self._linkable = tuple(_linkable_list(alignment, side) for side in (0, 1))
        self._starts = ([u.start for u in alignment.left_units],
                        [u.start for u in alignment.right_units])
        link_no: list[list[int]] = [[-1] * self.count[0], [-1] * self.count[1]]
        for n, link in enumerate(self.links):
            for side, units in ((0, link.left), (1, link.right)):
                for u in units:
                    if 0 <= u < self.count[side] and link_no[side][u] < 0:
                        link_no[side][u] = n
        self.link_no = (link_no[0], link_no[1])
        hidden: list[dict[int, Link]] = [{}, {}]
        for link in alignment.hidden:
            for side, units in ((0, link.left), (1, link.right)):
                for u in units:
                    hidden[side].setdefault(u, link)
        self.hidden = (hidden[0], hidden[1])
        # Units in no link that may be linked, in the part already aligned: "only here".
        only: list[list[int]] = [[], []]
        for side in (0, 1):
            limit = None if aligned_until is None else aligned_until[side]
            paras, ok, linked = self._paragraphs[side], self._linkable[side], link_no[side]
            n = self.count[side] if limit is None else bisect.bisect_left(paras, limit)
            only[side] = [u for u in range(n) if ok[u] and linked[u] < 0]
        self.only_here = (only[0], only[1])
        self._only_sets = (frozenset(only[0]), frozenset(only[1]))
        self._in_order = _in_order(self.links)
        self._neighbours = (self._linked_neighbours(0), self._linked_neighbours(1))
        # differs: whether a link's wording differs, keyed by the spans it links (``key``), so
        # that the next, longer alignment of a pair aligned in windows reuses what was found
        self.differs = differs if differs is not None else {}
        for link in self.links:
            key = self.key(link)
            if key not in self.differs:
                self.differs[key] = link_differs(alignment, articles[0], articles[1], link)
        self._stop_lists: list[list[Stop] | None] = [None, None]
        self._stop_keys: list[list[tuple[int, int]]] = [[], []]
        self._stop_of: list[dict[int, Stop]] = [{}, {}]
        for side in stop_sides:
            self.stops_of(side)

    # --- construction helpers ------------------------------------------------------------------

    def _linked_neighbours(self, side: int) -> tuple[list[int], list[int]]:
        """For every unit, the nearest unit at or before / at or after it that is in a link in
        reading order on both sides (-1 / count when none): the edges of its gap."""
        n = self.count[side]
        link_no, keep = self.link_no[side], self._in_order
        anchor = [link_no[u] >= 0 and keep[link_no[u]] for u in range(n)]
        before, after = [-1] * n, [n] * n
        last = -1
        for u in range(n):
            if anchor[u]:
                last = u
            before[u] = last
        last = n
        for u in range(n - 1, -1, -1):
            if anchor[u]:
                last = u
            after[u] = last
        return before, after

    def _stops(self, side: int) -> list[Stop]:
        al, (a, b) = self.alignment, self.articles
        if side == 0:
            found = differences(al, a, b, [self.differs.get(self.key(k), True) for k in al.links])
        else:  # the same differences in the other article's reading order
            flipped = al.swapped()
            found = [Difference(d.kind, d.right, d.left, d.link) for d in differences(
                flipped, b, a, [self.differs.get(self._key(k.right, k.left), True)
                                for k in flipped.links])]
        only = self._only_sets
        # the other side's units in a link, by where they end, for "comes after"
        ends = sorted((max(k.right if side == 0 else k.left), min(k.left if side == 0 else k.right))
                      for k in self.links)
        end_keys = [e for e, _ in ends]
        best_first = []
        best = -1
        for _, first in ends:
            best = max(best, first)
            best_first.append(best)
        out: list[Stop] = []
        for d in found:
            here, there = (d.left, d.right) if side == 0 else (d.right, d.left)
            if d.kind == "reworded":
                link = d.link
                if side == 1 and link is not None:  # a link of the flipped alignment
                    link = self.links[self.link_no[0][link.right[0]]]
                out.append(Stop(0, "reworded", here, there, link))
            elif here:
                if all(u in only[side] for u in here):  # not a part still to be aligned
                    out.append(Stop(0, "only_here", here, (), None))
            elif there and all(u in only[1 - side] for u in there):
                k = bisect.bisect_left(end_keys, there[0]) - 1
                out.append(Stop(0, "only_there", (), there, None,
                                after=best_first[k] if k >= 0 else -1))
        out.sort(key=lambda s: s.key)
        return [Stop(n, s.kind, s.here, s.there, s.link, s.after) for n, s in enumerate(out, 1)]

    def _key(self, left: tuple[int, ...], right: tuple[int, ...]) -> tuple:
        # the text a link joins is what its wording is judged on: where each side begins and
        # ends, and how many passages it joins (a link's passages follow each other)
        lu, ru = self.alignment.left_units, self.alignment.right_units
        return (lu[left[0]].start, lu[left[-1]].end, len(left),
                ru[right[0]].start, ru[right[-1]].end, len(right)) if left and right else ()

    def stops_of(self, side: int) -> list[Stop]:
        """The differences in ``side``'s reading order (listed on first use)."""
        got = self._stop_lists[side]
        if got is None:
            got = self._stop_lists[side] = self._stops(side)
            self._stop_keys[side] = [s.key for s in got]
            self._stop_of[side] = {u: s for s in got for u in s.here}
        return got

    @property
    def stops(self) -> tuple[list[Stop], list[Stop]]:
        return self.stops_of(0), self.stops_of(1)

    # --- queries -------------------------------------------------------------------------------

    def key(self, link: Link) -> tuple:
        """What identifies a link across alignments of the same texts: the spans it links."""
        return self._key(link.left, link.right)

    def differs_at(self, link: Link) -> bool:
        """Whether the wording of ``link`` differs (see tui.align.wording)."""
        return self.differs.get(self.key(link), True)

    def units(self, side: int) -> list[Span]:
        return self.alignment.units(side)

    def unit_starts(self, side: int) -> list[int]:
        """Where each unit of ``side`` begins (offsets into that article's text), in order."""
        return self._starts[side]

    def unit_at(self, side: int, offset: int) -> int:
        """The unit containing character ``offset`` (or the nearest one before it)."""
        if not self.count[side]:
            return -1
        k = bisect.bisect_right(self._starts[side], offset) - 1
        return max(0, min(k, self.count[side] - 1))

    def paragraph_of(self, side: int, unit: int) -> int:
        return self._paragraphs[side][unit]

    def linkable(self, side: int, unit: int) -> bool:
        return self._linkable[side][unit]

    def paragraph_units(self, side: int, paragraph: int) -> range:
        return self.alignment.paragraph_units(side, paragraph)

    def link_at(self, side: int, unit: int) -> Link | None:
        if not 0 <= unit < self.count[side]:
            return None
        n = self.link_no[side][unit]
        return self.links[n] if n >= 0 else None

    def group(self, side: int, unit: int) -> tuple[int, ...]:
        """The units of this side that go together with ``unit``: its link's, or itself."""
        link = self.link_at(side, unit)
        if link is None:
            return (unit,) if 0 <= unit < self.count[side] else ()
        return link.right if side else link.left

    def is_only_here(self, side: int, unit: int) -> bool:
        return unit in self._only_sets[side]

    def has_counterpart(self, side: int, paragraph: int) -> bool:
        return self.alignment.paragraph_has_counterpart(side, paragraph)

    def placement(self, side: int, unit: int) -> Placement:
        """Where the other side should be when ``side``'s cursor is on ``unit``."""
        other = 1 - side
        n_other = self.count[other]
        if n_other == 0 or not self.count[side]:
            return Placement((), 0)
        unit = max(0, min(unit, self.count[side] - 1))
        link = self.link_at(side, unit)
        if link is not None:
            target = link.left if other == 0 else link.right
            return Placement(target, target[0], link)
        hidden = self.hidden[side].get(unit)
        # No link: the gap on the other side between the partners of the neighbouring links
        before, after = self._neighbours[side][0][unit], self._neighbours[side][1][unit]
        if before >= 0:
            k = self.links[self.link_no[side][before]]
            gap_start = max(k.left if other == 0 else k.right) + 1
        else:
            gap_start = 0
        if after < self.count[side]:
            k = self.links[self.link_no[side][after]]
            gap_end = min(k.left if other == 0 else k.right)
        else:
            gap_end = n_other
        gap_end = max(gap_start, min(gap_end, n_other))
        # The r-th unit only this side has in its gap faces the r-th one only the other side
        # has in the same gap: the likeliest candidates for a manual link.
        mine = self.only_here[side]
        rank = bisect.bisect_left(mine, unit) - bisect.bisect_right(mine, before)
        theirs = self.only_here[other]
        first = bisect.bisect_left(theirs, gap_start)
        last = bisect.bisect_left(theirs, gap_end)
        if 0 <= rank < last - first:
            facing = theirs[first + rank]
            # a passage that may be linked has a mate there; boilerplate only a place
            mate = facing if unit in self._only_sets[side] else -1
            return Placement((), facing, None, mate, hidden)
        anchor = theirs[last - 1] + 1 if last > first else gap_start
        return Placement((), min(anchor, n_other), None, -1, hidden)

    # --- differences ---------------------------------------------------------------------------

    def stop_at(self, side: int, unit: int) -> Stop | None:
        """The difference ``unit`` is part of on this side, if any."""
        self.stops_of(side)
        return self._stop_of[side].get(unit)

    def next_stop(self, side: int, unit: int, forward: bool = True,
                  current: Stop | None = None) -> Stop | None:
        """The next (or previous) difference after the cursor on ``unit`` (or after
        ``current``, the difference last stepped to) in ``side``'s reading order."""
        stops = self.stops_of(side)
        keys = self._stop_keys[side]
        if not stops:
            return None
        if current is None:
            current = self.stop_at(side, unit)
        if current is not None:
            i = current.number - 1 + (1 if forward else -1)
            return stops[i] if 0 <= i < len(stops) else None
        first = min(self.group(side, unit) or (unit,))
        if forward:
            i = bisect.bisect_right(keys, (unit, 0))
            return stops[i] if i < len(stops) else None
        i = bisect.bisect_left(keys, (first, 0))
        return stops[i - 1] if i > 0 else None


def _paragraph_list(alignment: Alignment, side: int) -> list[int]:
    paras = alignment.right_paragraphs if side else alignment.left_paragraphs
    return list(paras) if paras is not None else list(range(len(alignment.units(side))))


def _linkable_list(alignment: Alignment, side: int) -> list[bool]:
    ok = alignment.right_linkable if side else alignment.left_linkable
    return list(ok) if ok is not None else [True] * len(alignment.units(side))


def _in_order(links: Sequence[Link]) -> list[bool]:
    """The longest chain of links whose first units increase on both sides: the links in
    reading order (the others are passages one article moved)."""
    order = sorted(range(len(links)), key=lambda k: (links[k].left[0], links[k].right[0]))
    keep = [False] * len(links)
    for pos in longest_increasing([links[k].right[0] for k in order]):
        keep[order[pos]] = True
    return keep


def complete(alignment: Alignment, articles: tuple[Article, Article]) -> Alignment:
    """``alignment`` with the paragraphs it leaves out at the end of either article added as
    sentences in no link (not yet aligned, or only this article has them).

    Why: ``IncrementalAlignment.alignment()`` (tui.align.incremental, as merged) stops the
    units of one article where the other ran out, when the last window reached the end of one
    side first (a 20,000-paragraph article against a two-paragraph one listed 90 of its
    paragraphs), so the view would have no passages for the rest. Whole articles are what the
    view draws."""
    lu, ru = list(alignment.left_units), list(alignment.right_units)
    sides = []
    changed = False
    for side, units in ((0, lu), (1, ru)):
        article = articles[side]
        paras = list(alignment.right_paragraphs if side else alignment.left_paragraphs or [])
        groups = list((alignment.right_groups if side else alignment.left_groups) or [])
        ok = list((alignment.right_linkable if side else alignment.left_linkable) or [])
        end = units[-1].end if units else 0
        sentence = (groups[-1] + 1) if groups and groups[-1] >= 0 else \
            bisect.bisect_left([sp.start for sp in article.sentences], end)
        for pn in range(article.paragraph_at(end) if units else 0, len(article.paragraphs)):
            para = article.paragraphs[pn]
            linkable = not para.boilerplate and para.role not in ("date", "dateline", "byline")
            for sp in para.sentences:
                if sp.start < end:
                    continue
                units.append(sp)
                paras.append(pn)
                groups.append(sentence)
                ok.append(linkable)
                sentence += 1
                changed = True
        sides.append((paras, groups, ok))
    if not changed:
        return alignment
    (lp, lg, lok), (rp, rg, rok) = sides
    return Alignment(alignment.unit, lu, ru, alignment.links, lg, rg, lp, rp, lok, rok,
                     alignment.hidden)


def only_ranges(indexes: Sequence[tuple[PairIndex, int]], paragraph: int) -> list[tuple[int, int]]:
    """The text of one paragraph that no other article has: the ranges (of the article's
    text) lying in a passage only this side has in every one of ``indexes`` (its pairs with
    the other articles shown, and its side in each). A run of such passages is one range."""
    ranges: list[tuple[int, int]] | None = None
    for index, side in indexes:
        units = index.units(side)
        text = index.articles[side].text
        mine: list[tuple[int, int]] = []
        for u in index.paragraph_units(side, paragraph):
            if index.is_only_here(side, u):
                s, e = units[u].start, units[u].end
                if mine and not text[mine[-1][1]:s].strip():
                    mine[-1] = (mine[-1][0], e)
                else:
                    mine.append((s, e))
        ranges = mine if ranges is None else _intersect(ranges, mine)
        if not ranges:
            return []
    return ranges or []


def _intersect(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        s, e = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if s < e:
            out.append((s, e))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out


# --- words ---------------------------------------------------------------------------------------

def changed_words(index: PairIndex, link: Link
                  ) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The words of ``link`` that differ, per side: ``(start, end, kind)`` ranges of each
    article's text, kind ``tui.align.diff.CHANGED`` or ``ONLY`` (words one side alone has)."""
    from tui.align.diff import word_changes

    joined = []
    for side, units in ((0, link.left), (1, link.right)):
        text = index.articles[side].text
        spans = index.units(side)
        pieces, starts, pos = [], [], 0
        for u in units:
            sp = spans[u]
            if pieces:
                pos += 1
            starts.append((pos, sp.start, sp.end - sp.start))
            pieces.append(text[sp.start:sp.end])
            pos += sp.end - sp.start
        joined.append((" ".join(pieces), starts))
    out: tuple[list, list] = ([], [])
    for side, changes in enumerate(word_changes(joined[0][0], joined[1][0])):
        for s, e, kind in changes:
            for jpos, apos, length in joined[side][1]:
                lo, hi = max(s, jpos), min(e, jpos + length)
                if lo < hi:
                    out[side].append((apos + lo - jpos, apos + hi - jpos, kind))
    return out


def short_name(article: Article, limit: int = 24) -> str:
    """Outlet, or the title cut to ``limit`` characters: how columns and messages name an
    article."""
    if article.outlet:
        return article.outlet
    title = (article.title or "").strip() or article.path.rsplit("/", 1)[-1]
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "…"
