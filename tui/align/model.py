"""Alignment results: links between groups of units of two articles, and what a reader sees.

Units are paragraphs (``unit="paragraph"``) or passages (``unit="sentence"``): a passage is a
sentence, or a part of one where the aligner cut it at a boundary both texts agree on (see
aligner.py). Every unit is an exact span of its article's text and lies inside one paragraph,
so a view can draw it inside the paragraphs as the outlet wrote them.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from tui.corpus import Article, Span

KINDS = ("match", "partial")
ORIGINS = ("auto", "manual")
SIDES = (0, 1)


@dataclass(frozen=True, slots=True)
class Link:
    """Units ``left`` of the left article say what units ``right`` of the right one say.

    ``kind`` is "match" (the same passage in other words) or "partial" (they share part of
    their content). ``score`` (0..1) is how much of the two passages' distinctive wording they
    share: 1 for the same text (or the same content words), about 0.5 and above for a light
    rewording, MATCH_MIN (0.22) and above for the same passage told in other words; below
    that the link is partial (see aligner's module docstring). ``origin`` is "auto" (the aligner) or "manual" (a user correction);
    ``correction`` is the id of the stored correction behind a manual link, or behind the
    hiding of an automatic one (None when the correction came without an id)."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: str
    origin: str = "auto"
    correction: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """One unit as a view needs it: its span, the sentence and paragraph it lies in (indices
    into ``article.sentences`` / ``article.paragraphs``), and whether it can be linked at all
    (boilerplate, datelines, bylines and dates never are)."""

    index: int
    start: int
    end: int
    sentence: int
    paragraph: int
    linkable: bool


@dataclass(eq=False)
class Alignment:
    """Links between the units of two articles, plus the units in no link.

    ``left_units``/``right_units`` are the unit spans that link indices refer to.
    ``left_groups``/``right_groups`` give for each unit the sentence it belongs to (index into
    ``article.sentences``; None for paragraph units). ``left_paragraphs``/``right_paragraphs``
    give its paragraph; ``left_linkable``/``right_linkable`` whether it may be linked.
    ``hidden`` are automatic links a user correction hides (undo by deleting that
    correction)."""

    unit: str
    left_units: list[Span]
    right_units: list[Span]
    links: list[Link]
    left_groups: list[int] | None = None
    right_groups: list[int] | None = None
    left_paragraphs: list[int] | None = None
    right_paragraphs: list[int] | None = None
    left_linkable: list[bool] | None = None
    right_linkable: list[bool] | None = None
    hidden: list[Link] = field(default_factory=list)
    unaligned_left: list[int] = field(init=False)
    unaligned_right: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.links = sorted(self.links, key=lambda k: (k.left[0] if k.left else -1,
                                                       k.right[0] if k.right else -1))
        self._by: tuple[dict[int, Link], dict[int, Link]] = ({}, {})
        for link in self.links:
            for i in link.left:
                self._by[0][i] = link
            for j in link.right:
                self._by[1][j] = link
        self.unaligned_left = [i for i in range(len(self.left_units)) if i not in self._by[0]]
        self.unaligned_right = [j for j in range(len(self.right_units)) if j not in self._by[1]]
        for side in SIDES:
            n = len(self.units(side))
            if self._linkable(side) is None:
                setattr(self, ("left_linkable", "right_linkable")[side], [True] * n)
        self._unit_starts: list[list[int] | None] = [None, None]

    # --- per side -------------------------------------------------------------------------------

    def units(self, side: int) -> list[Span]:
        return self.right_units if side else self.left_units

    def _groups(self, side: int) -> list[int] | None:
        return self.right_groups if side else self.left_groups

    def _paragraphs(self, side: int) -> list[int] | None:
        return self.right_paragraphs if side else self.left_paragraphs

    def _linkable(self, side: int) -> list[bool] | None:
        return self.right_linkable if side else self.left_linkable

    def link_of(self, side: int, unit: int) -> Link | None:
        return self._by[side].get(unit)

    def link_of_left(self, i: int) -> Link | None:
        return self._by[0].get(i)

    def link_of_right(self, j: int) -> Link | None:
        return self._by[1].get(j)

    def passages(self, side: int) -> list[Passage]:
        """Every unit of one side, in text order, with its sentence and paragraph."""
        units = self.units(side)
        groups = self._groups(side)
        paras = self._paragraphs(side)
        ok = self._linkable(side)
        return [Passage(k, sp.start, sp.end, groups[k] if groups is not None else -1,
                        paras[k] if paras is not None else k, ok[k])
                for k, sp in enumerate(units)]

    def only_here(self, side: int) -> list[int]:
        """Units of one side that can be linked but are in no link: what only this article
        says (boilerplate and metadata lines are not counted)."""
        ok = self._linkable(side)
        by = self._by[side]
        return [k for k in range(len(self.units(side))) if ok[k] and k not in by]

    def paragraph_units(self, side: int, paragraph: int) -> range:
        """The units inside paragraph ``paragraph`` (an index into article.paragraphs)."""
        paras = self._paragraphs(side)
        if paras is None:
            return range(paragraph, paragraph + 1) if 0 <= paragraph < len(self.units(side)) \
                else range(0)
        lo = bisect.bisect_left(paras, paragraph)
        hi = bisect.bisect_right(paras, paragraph)
        return range(lo, hi)

    def paragraph_has_counterpart(self, side: int, paragraph: int) -> bool:
        """Whether any part of the paragraph is linked: such a paragraph is never "only
        here", only its unlinked sentences are."""
        by = self._by[side]
        return any(k in by for k in self.paragraph_units(side, paragraph))

    def unit_at(self, side: int, offset: int) -> int | None:
        """The unit containing character ``offset`` of that side's text, if any."""
        units = self.units(side)
        starts = self._unit_starts[side]
        if starts is None:
            starts = self._unit_starts[side] = [u.start for u in units]
        k = bisect.bisect_right(starts, offset) - 1
        if 0 <= k < len(units) and units[k].start <= offset < units[k].end:
            return k
        return None

    def swapped(self) -> "Alignment":
        """The same alignment with the sides exchanged (right becomes left)."""

        def flip(k: Link) -> Link:
            return Link(k.right, k.left, k.score, k.kind, k.origin, k.correction)

        return Alignment(self.unit, self.right_units, self.left_units,
                         [flip(k) for k in self.links], self.right_groups, self.left_groups,
                         self.right_paragraphs, self.left_paragraphs, self.right_linkable,
                         self.left_linkable, [flip(k) for k in self.hidden])

    # --- output ---------------------------------------------------------------------------------

    def _spans(self, indices, units: list[Span], groups: list[int] | None, text: str) -> list[dict]:
        out: list[dict] = []
        last = None
        for i in indices:
            sp = units[i]
            # parts of one sentence that follow each other come out as one span
            if (groups is not None and last is not None and groups[last] == groups[i]
                    and i == last + 1 and out):
                out[-1]["end"] = sp.end
                out[-1]["text"] = text[out[-1]["start"]:sp.end]
            else:
                out.append({"start": sp.start, "end": sp.end, "text": text[sp.start:sp.end]})
            last = i
        return out

    def to_json(self, left_article: Article, right_article: Article,
                differs: list[bool] | None = None) -> dict:
        """The DESIGN.md ``align`` shape; offsets index each article's text. Extra fields:
        ``unit``; per link ``origin`` (auto/manual) and, when ``differs`` is given,
        ``differs`` (its wording differs beyond punctuation, marks, case, contractions and
        number format); ``hidden`` (automatic links a correction hides)."""
        lt, rt = left_article.text, right_article.text
        lu, ru, lg, rg = self.left_units, self.right_units, self.left_groups, self.right_groups

        def link_json(k: Link) -> dict:
            return {"left": self._spans(k.left, lu, lg, lt), "right": self._spans(k.right, ru, rg, rt),
                    "score": round(k.score, 4), "kind": k.kind, "origin": k.origin}

        links = [link_json(k) for k in self.links]
        if differs is not None:
            for out, d in zip(links, differs):
                out["differs"] = d
        return {
            "left": {"path": left_article.path, "title": left_article.title},
            "right": {"path": right_article.path, "title": right_article.title},
            "unit": self.unit,
            "links": links,
            "unaligned_left": self._spans(self.unaligned_left, lu, lg, lt),
            "unaligned_right": self._spans(self.unaligned_right, ru, rg, rt),
            "hidden": [link_json(k) for k in self.hidden],
        }
