"""What the compare screen writes: passage labels, gutter labels, column headers and the status
line's account of where the cursor is. Plain Python over a pair index (no Textual)."""
from __future__ import annotations

from tui.corpus import Article

from .compare_model import PairIndex, Placement, Stop, short_name

GUTTER_LABEL_MAX = 11  # cells of a gutter label (widgets.compare_columns.LABEL_MAX)


def para_label(n: int) -> str:
    return f"¶{n + 1}"


def unit_label(index: PairIndex, side: int, unit: int) -> str:
    """"¶3" for a passage that is its paragraph's only one, "¶3.2" for the second of several."""
    p = index.paragraph_of(side, unit)
    units = index.paragraph_units(side, p)
    if len(units) <= 1:
        return para_label(p)
    return f"{para_label(p)}.{unit - units.start + 1}"


def units_label(index: PairIndex, side: int, units: tuple[int, ...]) -> str:
    """The label of a group of passages: "¶3.2", "¶3.2–¶4", "¶5 (+3)" for a long run."""
    if not units:
        return ""
    if len(units) == 1:
        return unit_label(index, side, units[0])
    first, last = unit_label(index, side, units[0]), unit_label(index, side, units[-1])
    if units[-1] - units[0] + 1 == len(units):
        return f"{first}–{last}"
    return f"{first} (+{len(units) - 1})"


def only_label(article: Article, other: Article | None) -> str:
    """Gutter label of a sentence only ``article`` has: "only in CNN" when it fits; with
    ``other`` None (three or four columns), "only here"."""
    name = article.outlet or ""
    if other is not None and name and name != other.outlet:
        for label in (f"only in {name}", f"only {name}"):
            if len(label) <= GUTTER_LABEL_MAX:
                return label
    return "only here"


def not_in_label(focused: Article) -> str:
    """Gutter label, in a column beside the focused one, of a sentence the focused article
    does not have (three or four columns)."""
    name = focused.outlet or ""
    label = f"not in {name}"
    return label if name and len(label) <= GUTTER_LABEL_MAX else "not there"


def header_text(article: Article, position: str, role: str) -> str:
    """A column's header: ``role`` "focus" (▶), "second" (⇄: the one n/N, d, l and u pair
    with), or ""; the position first, so a long title is what gets cut."""
    mark = {"focus": "▶ ", "second": "⇄ "}.get(role, "  ")
    parts = [p for p in (article.outlet, article.date) if p]
    return mark + " · ".join([position, *parts, article.title or article.path])


def status_text(index: PairIndex | None, side: int, unit: int, articles: tuple[Article, Article],
                *, stop: Stop | None = None, words: bool = False, locked: bool = True,
                other_unit: int = -1, progress: str = "", error: str = "") -> str:
    """The status line for the focused article (``articles[side]``) with its cursor on
    ``unit``: what it is linked to in the other article, or that it is not; where it is among
    the differences; the link's score and kind; the modes in force."""
    here, there = articles[side], articles[1 - side]
    tail = []
    if error:
        return f"Could not align with {short_name(there)}: {error}"
    if index is None:
        return f"Aligning {short_name(here)} with {short_name(there)}…" + (
            f" {progress}" if progress else "")
    if not index.count[side]:
        text = f"{short_name(here)} has no text to compare"
    elif not locked:
        text = (f"Free: {unit_label(index, side, unit)} of {short_name(here)}, "
                + (f"{unit_label(index, 1 - side, other_unit)} of {short_name(there)}"
                   if 0 <= other_unit < index.count[1 - side] else short_name(there))
                + " · l links them · f locks")
        return text + (f" · {progress}" if progress else "")
    elif stop is not None and stop.kind == "only_there":
        text = (f"{units_label(index, 1 - side, stop.there)} only in {short_name(there)}"
                + (f", after {unit_label(index, side, stop.after)} here" if stop.after >= 0
                   else ", before anything here"))
    else:
        place: Placement = index.placement(side, unit)
        label = units_label(index, side, index.group(side, unit))
        if place.link is not None:
            k = place.link
            text = (f"{label} ↔ {short_name(there)} {units_label(index, 1 - side, place.target)}"
                    f" · {k.kind} {k.score:.0%}" + (" · yours" if k.origin == "manual" else ""))
            if not index.differs_at(k):
                text += " · same words"
        elif place.hidden is not None:
            other = place.hidden.right if side == 0 else place.hidden.left
            text = (f"{label}: you unlinked it from {short_name(there)} "
                    f"{units_label(index, 1 - side, other)} (l links them again)")
        elif index.is_only_here(side, unit):
            text = f"{label} only in {short_name(here)}"
            if place.mate >= 0:
                text += (f" · facing {unit_label(index, 1 - side, place.mate)} of "
                         f"{short_name(there)}, also unlinked (l links them)")
        elif not index.done and index.linkable(side, unit):
            text = f"{label} not aligned yet"
        else:
            text = f"{label} is not compared (boilerplate or a dateline)"
    if index.done and not index.links and index.count[0] and index.count[1]:
        # said first: a reader who opened two different stories should not hunt for links
        tail.append("no passage in common")
    total = len(index.stops_of(side))
    current = stop or index.stop_at(side, unit)
    if current is not None:
        tail.append(f"difference {current.number} of {total}")
    elif total:
        tail.append(f"{total} differences (n/N)")
    else:
        tail.append("no differences" if index.done else "no differences yet")
    if words:
        tail.append("words shown")
    if progress:
        tail.append(progress)
    return " · ".join([text, *tail])
