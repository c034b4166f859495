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


# A fragment joins a statement (``attach_fragments``) when it has at least this many words.
ATTACH_MIN_WORDS = 3


def attach_fragments(groups: list[QuoteGroup]) -> list[QuoteGroup]:
    """Within one story: a short quote (a phrase inside the writer's sentence, or a few words
    ending it) whose words run unbroken inside a longer statement that other articles reported
    joins that statement, so every outlet that reported a wording is named with it.
    ``group_quotes`` leaves quotes of fewer than four content words alone library-wide, where a
    phrase like "the front door of this city" may come from another event; in one story it is
    the same statement. Only a group of one article's reports joins, with at least
    ``ATTACH_MIN_WORDS`` words; the speakers must agree where both are known (the same last
    name: "Council President Dana Fisk" is "Dana Fisk"); inside statements of several groups,
    it joins the one reported by more articles. Returns the groups left (order kept; sort
    again with ``regroup_order``)."""
    from .group import normalise

    words_of = {id(g): normalise(" … ".join(q.text for q in g.quotes)) for g in groups}
    hays = {id(g): [f" {' '.join(normalise(q.text))} " for q in g.quotes] for g in groups}
    joined: set[int] = set()
    # Shortest first, so a phrase joins the fullest statement and never one that joined.
    for g in sorted(groups, key=lambda g: len(words_of[id(g)])):
        words = words_of[id(g)]
        if len(g.article_ids) != 1 or len(words) < ATTACH_MIN_WORDS:
            continue
        needle = f" {' '.join(words)} "
        aid = g.article_ids[0]
        into = [f for f in groups
                if f is not g and id(f) not in joined and aid not in f.article_ids
                and len(words_of[id(f)]) > len(words)
                and any(needle in h for h in hays[id(f)])
                and _same_speaker(f.speaker, g.speaker)]
        if into:
            target = max(into, key=lambda f: len(f.article_ids))
            target.quotes.extend(g.quotes)
            hays[id(target)] += hays[id(g)]
            joined.add(id(g))
    return [g for g in groups if id(g) not in joined]


def _same_speaker(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return True
    return a.split()[-1].casefold() == b.split()[-1].casefold()


def regroup_order(groups: list[QuoteGroup], order: dict[str, int]) -> list[QuoteGroup]:
    """``groups`` in ``statement_groups``' display order again (after ``attach_fragments``)."""
    far = len(order)
    for g in groups:
        g.quotes.sort(key=lambda q: (order.get(q.article_id, far), q.start))
    return sorted(groups, key=lambda g: (g.fragment, -len(g.article_ids),
                                         (order.get(g.quotes[0].article_id, far),
                                          g.quotes[0].start)))


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
