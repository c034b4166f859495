"""Quotes as a reader browses them: statements in display order, their wordings, filtering.

Plain Python (no Textual), used by the quotes screen. ``group_quotes`` in ``group.py`` decides
which reports are one statement (the ``group`` id of each Quote); this module orders those
statements for reading: reported by several articles first, full statements before fragments.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

from .model import Quote


class Source(Protocol):
    """What the display needs to know of an article (``ArticleInfo`` has it)."""

    title: str
    outlet: str | None
    date: str | None


SourceOf = Callable[[str], "Source | None"]


@dataclass
class QuoteGroup:
    """One statement and every report of it, in library order."""

    key: str
    quotes: list[Quote] = field(default_factory=list)

    @property
    def fragment(self) -> bool:
        return all(q.fragment for q in self.quotes)

    @property
    def article_ids(self) -> list[str]:
        seen: list[str] = []
        for q in self.quotes:
            if q.article_id not in seen:
                seen.append(q.article_id)
        return seen

    @property
    def speaker(self) -> str | None:
        counts: dict[str, int] = {}
        for q in self.quotes:
            if q.speaker:
                counts[q.speaker] = counts.get(q.speaker, 0) + 1
        return max(counts, key=counts.__getitem__) if counts else None

    def wordings(self) -> list[tuple[str, str]]:
        """(article id, text) per article; parts of one statement split by an attribution
        ("…,” he said, “…”) are joined with an ellipsis."""
        out: list[tuple[str, str]] = []
        for aid in self.article_ids:
            parts = [q.text for q in self.quotes if q.article_id == aid]
            out.append((aid, " … ".join(parts)))
        return out

    def differs(self) -> bool:
        """Whether the articles word the statement differently (beyond case, spacing and
        typographic quote styles)."""
        return len({same_wording_key(t) for _, t in self.wordings()}) > 1


def statement_groups(quotes: Sequence[Quote], order: dict[str, int]) -> list[QuoteGroup]:
    """Statements in display order: reported by more articles first, then the rest of the full
    statements, fragments last; ties in library and text order. ``order`` maps an article id to
    its place in the library."""
    groups: dict[str, QuoteGroup] = {}
    for q in quotes:
        key = q.group or f"{q.article_id}#{q.statement}"
        groups.setdefault(key, QuoteGroup(key)).quotes.append(q)
    far = len(order)
    for g in groups.values():
        g.quotes.sort(key=lambda q: (order.get(q.article_id, far), q.start))
    first = {k: (order.get(g.quotes[0].article_id, far), g.quotes[0].start)
             for k, g in groups.items()}
    return sorted(groups.values(),
                  key=lambda g: (g.fragment, -len(g.article_ids), first[g.key]))


# Typographic variants that say the same thing: curly and straight quotes and apostrophes.
_TYPOGRAPHY = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "…": "...", "–": "-",
                             "—": "-"})


def same_wording_key(text: str) -> str:
    """``text`` with case, spacing and typographic quote styles ignored: two reports with the
    same key say the same words."""
    return " ".join(text.translate(_TYPOGRAPHY).lower().split())


def matches_filter(group: QuoteGroup, words: list[str], source_of: SourceOf) -> bool:
    """Whether every one of ``words`` (lower case) is in the group's speakers, texts, or its
    articles' outlets and titles."""
    if not words:
        return True
    hay_parts = [group.speaker or ""]
    for q in group.quotes:
        hay_parts += [q.text, q.speaker or ""]
        info = source_of(q.article_id)
        if info is not None:
            hay_parts += [info.outlet or "", info.title]
    hay = " ".join(hay_parts).lower()
    return all(w in hay for w in words)


def source_line(info: Source | None, path: str) -> str:
    """``Outlet · Date · Title`` of an article, or its file name when nothing else is known."""
    if info is None:
        return path.rsplit("/", 1)[-1]
    parts = [info.outlet, info.date, info.title]
    return " · ".join(p for p in parts if p)
