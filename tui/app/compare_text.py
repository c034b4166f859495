"""What the compare screen writes: passage and gutter labels, and the status line's account of
where the driving cursor is. Plain Python over the pair index (no Textual)."""
from __future__ import annotations

from tui.corpus import Article

from .compare_model import PairIndex, short_name

GUTTER_LABEL_MAX = 11  # DocumentView shows at most 11 cells of a gutter label

# Gutter marks: (label, style) as DocumentView.set_marks takes them.
STYLE_ONLY_HERE = "$warning"
STYLE_PARTIAL = "italic $secondary"
STYLE_PAIR = "$accent"


def para_label(n: int) -> str:
    return f"¶{n + 1}"


def only_label(article: Article, other: Article) -> str:
    """Gutter label for a passage only ``article`` has: 'only in CNN' when it fits."""
    name = article.outlet or ""
    if name and name != other.outlet:
        for label in (f"only in {name}", f"only {name}"):
            if len(label) <= GUTTER_LABEL_MAX:
                return label
    return "only here"


def gutter_marks(index: PairIndex, side: int, articles: tuple[Article, Article]
                 ) -> dict[int, tuple[str, str]]:
    """The marks of ``side``'s passages: "≈ partial" on partial links, "only in …" on the
    passages only that side has."""
    marks: dict[int, tuple[str, str]] = {}
    partial = ("≈ partial", STYLE_PARTIAL)
    for pair in index.pairs:
        if pair.kind == "partial":
            for u in pair.units[side]:
                marks[u] = partial
    only = (only_label(articles[side], articles[1 - side]), STYLE_ONLY_HERE)
    for u in index.unaligned[side]:
        marks[u] = only
    return marks


def position_text(index: PairIndex, side: int, cursor: int, articles: tuple[Article, Article],
                  *, other_cursor: int, words: bool, locked: bool) -> str:
    """The status line for the driving pane (``side``) at ``cursor``: what it is linked to, or
    that it is not; where it is among the differences; and the modes in force."""
    here, there = articles[side], articles[1 - side]
    if not locked:
        return (f"Free: {para_label(cursor)} of {short_name(here)}, "
                f"{para_label(other_cursor)} of {short_name(there)} · "
                "l links them · f locks")
    pair = index.pair_at(side, cursor)
    if not index.count[side]:
        text = f"{short_name(here)} has no passages"
    elif pair is None:
        if cursor in index.unaligned[side]:
            text = f"{para_label(cursor)} only in {short_name(here)}"
        else:
            text = f"{para_label(cursor)} not aligned"
        place = index.placement(side, cursor)
        if place.gap_mate:
            text += (f" · facing {para_label(place.target)} of {short_name(there)}, "
                     "also unaligned (l links them)")
    else:
        other_units = ",".join(para_label(u) for u in pair.units[1 - side])
        text = (f"{para_label(cursor)} ↔ {other_units} · {pair.kind} {pair.score:.0%}"
                + ("" if index.differs[index.pair_of[side][cursor]] else " · same words"))
    total = len(index.stops[side])
    number = index.stop_number(side, cursor)
    if number is not None:
        text += f" · difference {number} of {total}"
    elif total:
        text += f" · {total} difference{'' if total == 1 else 's'} (n/N)"
    else:
        text += " · no differences"
    if words:
        text += " · words shown"
    return text
