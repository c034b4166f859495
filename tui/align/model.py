"""Alignment results: links between groups of units of two articles."""
from __future__ import annotations

from dataclasses import dataclass, field

from tui.corpus import Article, Span

KINDS = ("match", "partial")


@dataclass(frozen=True, slots=True)
class Link:
    """Units ``left`` of the left article say what units ``right`` of the right one say.

    ``kind`` is "match" (the same passage in other words) or "partial" (they share part of
    their content); ``score`` is the similarity, 0..1."""

    left: tuple[int, ...]
    right: tuple[int, ...]
    score: float
    kind: str


@dataclass(eq=False)
class Alignment:
    """Links between the units of two articles, plus the units in no link.

    ``left_units``/``right_units`` are the unit spans (paragraphs, sentences or clauses) that
    link indices refer to. ``left_groups``/``right_groups``, when set, give for each unit the
    sentence it belongs to (clause units), so output can rejoin neighbouring clauses of one
    sentence that sit in the same link."""

    unit: str
    left_units: list[Span]
    right_units: list[Span]
    links: list[Link]
    left_groups: list[int] | None = None
    right_groups: list[int] | None = None
    unaligned_left: list[int] = field(init=False)
    unaligned_right: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.links = sorted(self.links, key=lambda k: (k.left[0] if k.left else -1,
                                                       k.right[0] if k.right else -1))
        self._by_left: dict[int, Link] = {}
        self._by_right: dict[int, Link] = {}
        for link in self.links:
            for i in link.left:
                self._by_left[i] = link
            for j in link.right:
                self._by_right[j] = link
        self.unaligned_left = [i for i in range(len(self.left_units)) if i not in self._by_left]
        self.unaligned_right = [j for j in range(len(self.right_units)) if j not in self._by_right]

    def link_of_left(self, i: int) -> Link | None:
        return self._by_left.get(i)

    def link_of_right(self, j: int) -> Link | None:
        return self._by_right.get(j)

    def _spans(self, indices, units: list[Span], groups: list[int] | None, text: str) -> list[dict]:
        out: list[dict] = []
        last = None
        for i in indices:
            sp = units[i]
            # clauses of one sentence that follow each other come out as one span
            if (groups is not None and last is not None and groups[last] == groups[i]
                    and i == last + 1 and out):
                out[-1]["end"] = sp.end
                out[-1]["text"] = text[out[-1]["start"]:sp.end]
            else:
                out.append({"start": sp.start, "end": sp.end, "text": text[sp.start:sp.end]})
            last = i
        return out

    def to_json(self, left_article: Article, right_article: Article) -> dict:
        """The DESIGN.md ``align`` shape; offsets index each article's text."""
        lt, rt = left_article.text, right_article.text
        lu, ru, lg, rg = self.left_units, self.right_units, self.left_groups, self.right_groups
        return {
            "left": {"path": left_article.path, "title": left_article.title},
            "right": {"path": right_article.path, "title": right_article.title},
            "unit": self.unit,
            "links": [{"left": self._spans(k.left, lu, lg, lt),
                       "right": self._spans(k.right, ru, rg, rt),
                       "score": round(k.score, 4), "kind": k.kind} for k in self.links],
            "unaligned_left": self._spans(self.unaligned_left, lu, lg, lt),
            "unaligned_right": self._spans(self.unaligned_right, ru, rg, rt),
        }
