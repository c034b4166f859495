"""Bookkeeping behind the compare screen: which passage pairs with which, where each side has a
gap, and which passages are differences worth stopping at.

Plain Python (no Textual) so it is built in the same worker thread as the alignment and can be
tested without a terminal. Sides are numbered 0 and 1 in the order the articles were given to
the aligner; the screen maps them onto left and right panes (which ``s`` swaps).
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

from tui.align.core import longest_increasing
from tui.corpus import Article

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Pair:
    """One link of the alignment: unit indices on each side, its score and kind."""

    units: tuple[tuple[int, ...], tuple[int, ...]]
    score: float
    kind: str  # "match" | "partial"

    def first(self, side: int) -> int:
        return self.units[side][0]

    def last(self, side: int) -> int:
        return self.units[side][-1]


@dataclass(frozen=True, slots=True)
class Placement:
    """Where the other pane goes when the driving pane's cursor is on some passage.

    ``target`` is the passage the other pane's cursor moves to and ``anchor`` the passage whose
    top is put at the driving passage's screen row (``anchor == count`` means "just after the
    last passage"). For a linked passage both are its partner; for a passage with no link the
    anchor is the gap on the other side and ``paired`` is False.
    """

    target: int
    anchor: int
    paired: bool
    pair: int = -1          # index into PairIndex.pairs when paired
    gap_mate: bool = False  # target is an unaligned passage in the matching gap of the other side


def _unit_index(u) -> int:
    if isinstance(u, int):
        return u
    for name in ("index", "unit", "i"):
        value = getattr(u, name, None)
        if isinstance(value, int):
            return value
    raise TypeError(f"cannot read a unit index from {u!r}")


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass
class PairIndex:
    """Lookup tables over one alignment, O(1) per keystroke."""

    pairs: list[Pair]
    count: tuple[int, int]
    unaligned: tuple[frozenset[int], frozenset[int]]
    pair_of: tuple[list[int], list[int]] = field(init=False)
    # Pairs in reading order on both sides (the longest such chain); the others are passages
    # one article moved. Gaps are measured between in-order pairs only.
    in_order: list[bool] = field(init=False)
    # Nearest unit of an in-order pair at or before / at or after each unit (-1 / count).
    prev_linked: tuple[list[int], list[int]] = field(init=False)
    next_linked: tuple[list[int], list[int]] = field(init=False)
    differs: list[bool] = field(init=False)
    stops: tuple[list[int], list[int]] = field(init=False)

    def __post_init__(self) -> None:
        pair_of: list[list[int]] = [[-1] * self.count[0], [-1] * self.count[1]]
        for k, pair in enumerate(self.pairs):
            for side in (0, 1):
                for u in pair.units[side]:
                    if 0 <= u < self.count[side] and pair_of[side][u] < 0:
                        pair_of[side][u] = k
        self.pair_of = (pair_of[0], pair_of[1])
        self.in_order = _in_order(self.pairs)
        prev: list[list[int]] = [[], []]
        nxt: list[list[int]] = [[], []]
        for side in (0, 1):
            n = self.count[side]
            p = [-1] * n
            last = -1
            anchors = [pair_of[side][i] >= 0 and self.in_order[pair_of[side][i]]
                       for i in range(n)]
            for i in range(n):
                if anchors[i]:
                    last = i
                p[i] = last
            q = [n] * n
            last = n
            for i in range(n - 1, -1, -1):
                if anchors[i]:
                    last = i
                q[i] = last
            prev[side], nxt[side] = p, q
        self.prev_linked = (prev[0], prev[1])
        self.next_linked = (nxt[0], nxt[1])
        self.differs = [True] * len(self.pairs)
        self.stops = ([], [])

    # --- construction --------------------------------------------------------------------------

    @classmethod
    def from_alignment(cls, alignment, count: tuple[int, int],
                       differs: Callable[[Pair], bool] | None = None,
                       linkable: tuple[Sequence[bool], Sequence[bool]] | None = None,
                       ) -> "PairIndex":
        """Build from a ``tui.align`` Alignment. ``differs(pair)`` says whether a linked pair is
        worded differently (a stop for n/N); without it every pair counts as different.
        ``linkable`` (per side, per unit) leaves units the aligner never links (boilerplate,
        bylines) out of ``unaligned``: they are not differences worth stopping at."""
        pairs = [Pair((tuple(sorted(link.left)), tuple(sorted(link.right))),
                      float(link.score), str(link.kind))
                 for link in alignment.links if link.left and link.right]
        pairs.sort(key=lambda p: (p.units[0][0], p.units[1][0]))
        sides = []
        for side, units in enumerate((alignment.unaligned_left, alignment.unaligned_right)):
            ok = linkable[side] if linkable is not None else None
            sides.append(frozenset(
                u for u in map(_unit_index, units)
                if 0 <= u < count[side] and (ok is None or u >= len(ok) or ok[u])))
        unaligned = (sides[0], sides[1])
        index = cls(pairs, count, unaligned)
        if differs is not None:
            index.differs = [differs(p) for p in pairs]
        index._build_stops()
        return index

    def _build_stops(self) -> None:
        for side in (0, 1):
            stops = self.stops[side]
            for i in range(self.count[side]):
                k = self.pair_of[side][i]
                if k < 0:
                    if i in self.unaligned[side]:
                        stops.append(i)
                elif self.differs[k] and self.pairs[k].first(side) == i:
                    stops.append(i)

    # --- queries -------------------------------------------------------------------------------

    def pair_at(self, side: int, unit: int) -> Pair | None:
        if not 0 <= unit < self.count[side]:
            return None
        k = self.pair_of[side][unit]
        return self.pairs[k] if k >= 0 else None

    def placement(self, side: int, unit: int) -> Placement:
        """Where the other side should be when ``side``'s cursor is on ``unit``."""
        other = 1 - side
        n_other = self.count[other]
        if n_other == 0:
            return Placement(0, 0, False)
        unit = max(0, min(unit, self.count[side] - 1))
        k = self.pair_of[side][unit] if self.count[side] else -1
        if k >= 0:
            target = self.pairs[k].first(other)
            return Placement(target, target, True, k)
        # No link: find the gap on the other side between the partners of the neighbouring
        # linked passages, so the other pane shows "nothing here" at the same height.
        before = self.prev_linked[side][unit]
        after = self.next_linked[side][unit]
        gap_start = self.pairs[self.pair_of[side][before]].last(other) + 1 if before >= 0 else 0
        gap_end = (self.pairs[self.pair_of[side][after]].first(other)
                   if after < self.count[side] else n_other)
        gap_end = max(gap_start, min(gap_end, n_other))
        # The r-th unaligned passage of this gap faces the r-th unaligned passage of the other
        # side's gap: the likeliest candidates for a manual link.
        rank = sum(1 for u in range(before + 1, unit) if self.pair_of[side][u] < 0)
        seen = -1
        last_mate = -1
        for u in range(gap_start, gap_end):
            if self.pair_of[other][u] < 0:
                seen += 1
                last_mate = u
                if seen == rank:
                    return Placement(u, u, False, gap_mate=True)
        after_unit = last_mate if last_mate >= 0 else gap_start - 1
        anchor = min(after_unit + 1, n_other)
        target = max(0, min(after_unit, n_other - 1))
        return Placement(target, anchor, False)

    def next_stop(self, side: int, unit: int, forward: bool = True) -> int | None:
        """The next (or previous) difference after ``unit`` in ``side``'s reading order."""
        stops = self.stops[side]
        if forward:
            i = bisect.bisect_right(stops, unit)
            return stops[i] if i < len(stops) else None
        i = bisect.bisect_left(stops, unit)
        return stops[i - 1] if i > 0 else None

    def stop_number(self, side: int, unit: int) -> int | None:
        """1-based position of ``unit`` among ``side``'s stops, or None if it is not one."""
        stops = self.stops[side]
        i = bisect.bisect_left(stops, unit)
        return i + 1 if i < len(stops) and stops[i] == unit else None


def _in_order(pairs: list[Pair]) -> list[bool]:
    """Mark the longest chain of pairs whose first units increase on both sides: the pairs in
    reading order."""
    order = sorted(range(len(pairs)), key=lambda k: (pairs[k].first(0), pairs[k].first(1)))
    keep = [False] * len(pairs)
    for pos in longest_increasing([pairs[k].first(1) for k in order]):
        keep[order[pos]] = True
    return keep


# --- text helpers ------------------------------------------------------------------------------

def joined_text(article: Article, units: Sequence[int]) -> tuple[str, list[tuple[int, int]]]:
    """The text of ``units`` joined by blank lines, with ``(joined_offset, article_offset)`` for
    the start of each piece, so offsets into the joined text map back into ``article.text``."""
    pieces: list[str] = []
    starts: list[tuple[int, int]] = []
    pos = 0
    for u in units:
        para = article.paragraphs[u]
        if pieces:
            pos += 2
        starts.append((pos, para.start))
        piece = article.text[para.start:para.end]
        pieces.append(piece)
        pos += len(piece)
    return "\n\n".join(pieces), starts


def to_article_ranges(starts: list[tuple[int, int]], lengths: list[int], start: int,
                      end: int) -> Iterable[tuple[int, int]]:
    """Split a range of joined text into article-text ranges, one per piece it touches."""
    for (jpos, apos), length in zip(starts, lengths):
        s, e = max(start, jpos), min(end, jpos + length)
        if s < e:
            yield apos + (s - jpos), apos + (e - jpos)


def same_wording(a: str, b: str) -> bool:
    return _norm(a) == _norm(b)


def worded_differently(a: Article, b: Article, pair: Pair) -> bool:
    """Whether the two sides of ``pair`` differ in wording beyond spacing and typography (a
    stop for n/N)."""
    from tui.align.diff import word_diff

    ta, _ = joined_text(a, pair.units[0])
    tb, _ = joined_text(b, pair.units[1])
    if same_wording(ta, tb):
        return False
    return any(op[0] != "equal" for op in word_diff(ta, tb))


def changed_words(articles: tuple[Article, Article], pair: Pair
                  ) -> tuple[dict[int, list[tuple[int, int, str]]], ...]:
    """The words of ``pair`` that differ, per side and passage: ``(start, end, kind)`` ranges of
    ``article.text``, kind ``tui.align.diff.CHANGED`` or ``ONLY`` (words one side alone has)."""
    from tui.align.diff import word_changes

    texts = [joined_text(article, pair.units[side]) for side, article in enumerate(articles)]
    out: tuple[dict[int, list[tuple[int, int, str]]], ...] = ({}, {})
    for side, changes in enumerate(word_changes(texts[0][0], texts[1][0])):
        article, starts = articles[side], texts[side][1]
        lengths = [article.paragraphs[u].end - article.paragraphs[u].start
                   for u in pair.units[side]]
        for s, e, kind in changes:
            for start, end in to_article_ranges(starts, lengths, s, e):
                out[side].setdefault(article.paragraph_at(start), []).append((start, end, kind))
    return out


def short_name(article: Article, limit: int = 24) -> str:
    """Outlet, or the title cut to ``limit`` characters: how panes and messages name a side."""
    if article.outlet:
        return article.outlet
    title = (article.title or "").strip() or article.path.rsplit("/", 1)[-1]
    return title if len(title) <= limit else title[:limit - 1].rstrip() + "…"
