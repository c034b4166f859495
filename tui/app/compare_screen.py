"""The compare screen: two articles side by side, scrolling locked to aligned passages.

The focused ("driving") pane leads: whenever its cursor or scroll position changes, the other
pane puts the passage aligned with the driving cursor at the same screen row. A passage with no
link faces the gap where the other side has nothing (or the other side's own unaligned passage
at that place). Everything positional is O(1) per keystroke: the alignment and the tables over
it (``PairIndex``) are computed once in a worker thread, and the document views draw only the
visible lines.

Sides: the aligner always sees the two articles in id order, so corrections saved from either
orientation (or after ``s`` swaps the panes) apply to the same pair. ``side`` below means that
order (0 or 1); ``left_side`` says which of them is in the left (or top) pane.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import ModalScreen, Screen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.corpus import Article, LoadError

from .app import PaletteCommand
from .compare_model import (PairIndex, Pair, Placement, joined_text, same_wording, short_name,
                            to_article_ranges)
from .document_view import DocumentView, Mark
from .help_screen import KeyBar

UNIT = "paragraph"
# Below this width the panes are stacked (top and bottom) so each keeps a readable measure.
STACK_BELOW = 100
SESSION_DELAY = 0.6  # seconds of stillness before the position is written to the session
GUTTER_LABEL_MAX = 11  # DocumentView shows at most 11 cells of a gutter label

STYLE_ONLY_HERE = "$warning"
STYLE_PARTIAL = "italic $secondary"
STYLE_PAIR = "$accent"
STYLE_WORD_CHANGED = "bold underline $warning"
STYLE_WORD_ONLY_HERE = "bold underline $error"


def _para_label(n: int) -> str:
    return f"¶{n + 1}"


def _only_label(article: Article, other: Article) -> str:
    """Gutter label for a passage only ``article`` has: 'only in CNN' when it fits."""
    name = article.outlet or ""
    if name and name != other.outlet:
        for label in (f"only in {name}", f"only {name}"):
            if len(label) <= GUTTER_LABEL_MAX:
                return label
    return "only here"


class CompareView(DocumentView):
    """A document view that remembers whether its last cursor move came from j/k, so the
    compare screen may scroll it to line a pair up (never while the mouse scrolls it)."""

    # The key bar drops keys from the end when the terminal is narrow: at 80 columns the
    # compare keys (n, d, tab, s) matter more than k and space, which j/k and ? cover.
    BINDINGS = [
        Binding("j", "next_passage", "Move", id="document.next", key_display="j/k"),
        Binding("k", "previous_passage", "Prev", id="document.previous", show=False),
        Binding("space", "page_down", "Page", id="document.page_down", show=False),
    ]

    _keyboard_move = False

    def action_next_passage(self) -> None:
        self._keyboard_move = True
        self._step(+1)

    def action_previous_passage(self) -> None:
        self._keyboard_move = True
        self._step(-1)

    def _step(self, delta: int) -> None:
        """Move one passage. At the edge of the pane, jump so the passage sits a quarter of
        the way in rather than on the edge: the next few moves then need no scrolling, so
        they redraw only the cursor lines of this pane instead of every line."""
        target = max(0, min(self.cursor + delta, self.passage_count - 1))
        height = self.size.height
        if target == self.cursor or height <= 0:
            self.move_cursor(target)
            return
        top = self.passage_top_y(target) - int(self.scroll_y)
        lines = self.passage_height(target)
        if delta > 0 and top + lines > height:
            self.move_cursor(target, align_y=max(0, min(height // 4, height - lines)))
        elif delta < 0 and top < 0:
            self.move_cursor(target, align_y=max(0, height - height // 4 - lines))
        else:
            self.move_cursor(target)

    def take_keyboard_move(self) -> bool:
        moved, self._keyboard_move = self._keyboard_move, False
        return moved


class LineLabel(Widget):
    """One line of plain text, cut with an ellipsis. The titles and the status line change on
    every keystroke; a Static re-lays its text through the Visual machinery each time (about a
    millisecond apiece), this draws one strip."""

    DEFAULT_CSS = "LineLabel { height: 1; }"

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        style = self.rich_style
        if y or width <= 0:
            return Strip.blank(max(0, width), style)
        text = self._text.replace("\n", " ")
        if cell_len(text) > width:
            text = set_cell_size(text, max(0, width - 1)) + "…"
        return Strip([Segment(text, style)]).extend_cell_length(width, style)


class ComparePane(Vertical):
    """A title line and the document view of one article."""

    DEFAULT_CSS = """
    ComparePane { width: 1fr; height: 1fr; }
    ComparePane > .compare-title {
        height: 1; padding: 0 1; background: $panel; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    ComparePane.-driving > .compare-title { background: $primary 40%; color: $text; }
    ComparePane > DocumentView { height: 1fr; }
    """

    def __init__(self, article: Article, side: int, cursor: int = 0) -> None:
        super().__init__(id=f"compare-pane-{side}")
        self.article = article
        self.side = side
        self.title_line = LineLabel("", classes="compare-title")
        self.view = CompareView(article, cursor=cursor, id=f"compare-view-{side}")
        self._title_text = ""

    def compose(self) -> ComposeResult:
        yield self.title_line
        yield self.view

    def set_title(self, driving: bool, position: str) -> None:
        a = self.article
        parts = [p for p in (a.outlet, a.date) if p]
        # The position first: a long title is cut at the right edge.
        text = ("▶ " if driving else "  ") + " · ".join([position, *parts, a.title or a.path])
        if text != self._title_text:
            self._title_text = text
            self.title_line.update(text)
        self.set_class(driving, "-driving")


class PickArticleScreen(ModalScreen[str | None]):
    """The library, most related to ``article`` first; dismisses with an article id."""

    DEFAULT_CSS = """
    PickArticleScreen { align: center middle; }
    PickArticleScreen > #pick-box {
        width: 90; max-width: 100%; height: 80%; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickArticleScreen #pick-hint { height: 1; color: $text-muted; }
    PickArticleScreen OptionList { height: 1fr; border: none; }
    """

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="compare.pick.cancel"),
    ]

    def __init__(self, article: Article, exclude: set[str]) -> None:
        super().__init__()
        self.article = article
        self.exclude = exclude

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box") as box:
            box.border_title = f"Compare “{short_name(self.article, 40)}” with…"
            yield Static("Ranking by relatedness…", id="pick-hint", markup=False)
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        infos = [i for i in self.app.library.infos if i.id not in self.exclude]
        self._fill([(i, None) for i in infos])
        self._rank(infos)

    def _fill(self, rows: list[tuple[Any, float | None]]) -> None:
        options = self.query_one(OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option else None
        options.clear_options()
        for info, score in rows:
            meta = " · ".join(p for p in (info.outlet, info.date) if p)
            label = f"{score:4.0%}  " if score is not None else ""
            text = f"{label}{info.title}" + (f"  ({meta})" if meta else "")
            options.add_option(Option(Content(text), id=info.id))
        if rows:
            options.highlighted = 0 if highlighted is None else next(
                (n for n, (info, _) in enumerate(rows) if info.id == highlighted), 0)

    @work(thread=True, exclusive=True, group="compare-rank")
    def _rank(self, infos: list) -> None:
        from tui.align import related_score

        library = self.app.library
        scored = []
        for info in infos:
            try:
                score = float(related_score(self.article, library.article(info.id)))
            except LoadError:
                continue
            scored.append((info, score))
        scored.sort(key=lambda r: -r[1])
        self.app.call_from_thread(self._ranked, scored)

    def _ranked(self, rows: list[tuple[Any, float]]) -> None:
        if not self.is_attached:
            return
        self.query_one("#pick-hint", Static).update(
            "Most related first · enter picks · esc cancels")
        self._fill(rows)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CompareScreen(Screen):
    """Two articles side by side, scrolling locked to aligned passages."""

    CSS = """
    CompareScreen { layout: vertical; }
    CompareScreen > #compare-panes { layout: horizontal; height: 1fr; }
    /* No scrollbars: each pane's title shows its place (¶ n/N), and two scrollbar widgets
       repainted on every locked scroll cost a quarter of a keystroke's frame (22 -> 17 ms CPU
       in tests/bench/compare_keystroke.py). */
    CompareScreen DocumentView { scrollbar-size-vertical: 0; }
    CompareScreen.-stacked > #compare-panes { layout: vertical; }
    CompareScreen #compare-status {
        height: 1; padding: 0 1; background: $panel; color: $text;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    CompareScreen ComparePane.-left { border-right: vkey $panel-lighten-2; }
    CompareScreen.-stacked ComparePane.-left { border-right: none; }
    /* No pair for the driving passage: the other pane's cursor is only a place, not a match. */
    CompareScreen DocumentView.-unpaired > .document-view--cursor { background: $surface; }
    CompareScreen DocumentView.-unpaired > .document-view--cursor-bar { color: $surface; }
    CompareScreen DocumentView.-partial > .document-view--cursor { background: $warning 15%; }
    CompareScreen DocumentView.-partial:focus > .document-view--cursor {
        background: $warning 25%;
    }
    """

    # Most useful first: a narrow key bar keeps the first ones (all are in ? and the palette).
    BINDINGS = [
        Binding("n", "next_difference", "Next diff", id="compare.next_difference"),
        Binding("d", "toggle_words", "Words", id="compare.word_diff"),
        Binding("tab", "switch_pane", "Pane", id="compare.switch_pane"),
        Binding("s", "swap", "Swap", id="compare.swap"),
        Binding("N", "previous_difference", "Prev diff", id="compare.previous_difference"),
        Binding("o", "pick_other", "Other", id="compare.pick_other"),
        Binding("l", "link", "Link", id="compare.link"),
        Binding("u", "unlink", "Unlink", id="compare.unlink"),
        Binding("b", "bookmark", "Bookmark", id="compare.bookmark"),
        Binding("f", "toggle_lock", "Free", id="compare.toggle_lock"),
    ]

    PALETTE_COMMANDS = [
        PaletteCommand("Compare: switch pane", "The other pane leads (tab)", "screen.switch_pane"),
        PaletteCommand("Compare: swap sides", "Left and right change places (s)", "screen.swap"),
        PaletteCommand("Compare: word differences", "Show or hide the words that differ inside "
                       "the current pair (d)", "screen.toggle_words"),
        PaletteCommand("Compare: next difference", "Next unaligned or reworded passage (n)",
                       "screen.next_difference"),
        PaletteCommand("Compare: previous difference", "Previous unaligned or reworded passage "
                       "(N)", "screen.previous_difference"),
        PaletteCommand("Compare: other article", "Pick the article for the other pane, most "
                       "related first (o)", "screen.pick_other"),
        PaletteCommand("Compare: link passages", "Say the two current passages match; saved "
                       "(l)", "screen.link"),
        PaletteCommand("Compare: unlink pair", "Say the current pair does not match; saved (u)",
                       "screen.unlink"),
        PaletteCommand("Compare: bookmark passage", "Bookmark the passage under the cursor (b)",
                       "screen.bookmark"),
        PaletteCommand("Compare: free or lock scrolling", "Move the panes independently, e.g. "
                       "to pick two passages to link; again to lock them (f)",
                       "screen.toggle_lock"),
    ]

    def __init__(self, left: Article, right: Article, *, passage: int | None = None,
                 driving: str = "left") -> None:
        super().__init__()
        flipped = right.id < left.id
        self._articles: tuple[Article, Article] = (right, left) if flipped else (left, right)
        self._left_side = 1 if flipped else 0
        left_pane_side = self._left_side
        self._driving = left_pane_side if driving != "right" else 1 - left_pane_side
        if passage is None:
            passage = self._session_passage(left, right)
            if passage is not None:
                self._driving = left_pane_side
        cursors = [0, 0]
        if passage is not None:
            cursors[self._driving] = max(0, passage)
        self._panes = (ComparePane(self._articles[0], 0, cursors[0]),
                       ComparePane(self._articles[1], 1, cursors[1]))
        self._index: PairIndex | None = None
        self._generation = 0
        self._ready_generation = -1
        self._syncing = False
        self._words = False
        self._word_cache: dict[int, tuple[dict[int, list], dict[int, list]]] = {}
        self._shown_words = False
        self._group_marks: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
        self._base_marks: tuple[dict[int, Mark], dict[int, Mark]] = ({}, {})
        self._pair_class: tuple[str, str] = ("", "")
        self._message = ""
        self._status_text = "Aligning…"
        self._done_message = ""
        self._session_timer = None
        # Opened without a place to return to: start at the first matching pair, so a weak
        # link of a headline does not open the other pane half-way down.
        self._start_at_match = passage is None
        # Unlocked (f), each pane moves on its own: to pick any two passages for ``l``.
        self._locked = True

    # --- structure -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        left, right = self._pane_order()
        with Container(id="compare-panes"):
            yield left
            yield right
        yield LineLabel("Aligning…", id="compare-status")
        yield KeyBar()

    def _pane_order(self) -> tuple[ComparePane, ComparePane]:
        left = self._panes[self._left_side]
        return left, self._panes[1 - self._left_side]

    def view(self, side: int) -> DocumentView:
        return self._panes[side].view

    @property
    def driving_view(self) -> DocumentView:
        return self.view(self._driving)

    @property
    def other_view(self) -> DocumentView:
        return self.view(1 - self._driving)

    @property
    def left_view(self) -> DocumentView:
        return self.view(self._left_side)

    @property
    def right_view(self) -> DocumentView:
        return self.view(1 - self._left_side)

    @property
    def left_article(self) -> Article:
        return self._articles[self._left_side]

    @property
    def right_article(self) -> Article:
        return self._articles[1 - self._left_side]

    @property
    def alignment_index(self) -> PairIndex | None:
        return self._index

    @property
    def aligning(self) -> bool:
        """True from a (re)alignment request until its result is on screen."""
        return self._ready_generation != self._generation

    @property
    def words_shown(self) -> bool:
        return self._words

    @property
    def status_text(self) -> str:
        return self._status_text

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        self._mark_sides()
        for side in (0, 1):
            self.watch(self.view(side), "scroll_y", partial(self._view_scrolled, side),
                       init=False)
        self.driving_view.focus()
        self._refresh_titles()
        self._realign()

    def on_resize(self, event: Resize) -> None:
        self._apply_width(event.size.width)
        # The views re-wrap on their own resize; line up again once they have.
        self.call_after_refresh(self._follow)

    def _apply_width(self, width: int) -> None:
        self.set_class(width < STACK_BELOW, "-stacked")

    def _mark_sides(self) -> None:
        left, right = self._pane_order()
        left.set_class(True, "-left")
        right.set_class(False, "-left")

    # --- alignment -----------------------------------------------------------------------------

    def _realign(self, done_message: str = "") -> None:
        """Align (again) in a worker; ``done_message`` is shown once the panes are updated."""
        self._generation += 1
        self._done_message = done_message
        self._set_status(f"{done_message} · aligning…" if done_message else "Aligning…")
        self._align(self._generation)

    @work(thread=True, exclusive=True, group="compare-align", exit_on_error=False)
    def _align(self, generation: int) -> None:
        a, b = self._articles
        try:
            corrections = self.app.state.corrections(a.id, b.id, UNIT)
        except Exception as e:  # noqa: BLE001 - unreadable state must not stop the compare view
            corrections = []
            self.app.call_from_thread(self.notify, f"Could not read corrections: {e}",
                                      severity="warning", markup=False)
        try:
            from tui.align import align_articles, word_diff
            from tui.align.units import units_of

            alignment = align_articles(a, b, unit=UNIT, corrections=corrections or None)
            # Boilerplate, bylines and datelines are never linked: not worth a stop or a mark.
            linkable = (units_of(a, UNIT).linkable, units_of(b, UNIT).linkable)

            def differs(pair: Pair) -> bool:
                ta, _ = joined_text(a, pair.units[0])
                tb, _ = joined_text(b, pair.units[1])
                if same_wording(ta, tb):
                    return False
                return any(op[0] != "equal" for op in word_diff(ta, tb))

            index = PairIndex.from_alignment(alignment, (len(a.paragraphs), len(b.paragraphs)),
                                             differs, linkable)
        except Exception as e:  # noqa: BLE001 - say what failed; the panes stay readable
            self.app.call_from_thread(self._alignment_failed, generation, e)
            return
        self.app.call_from_thread(self._alignment_ready, generation, index)

    def _alignment_failed(self, generation: int, error: Exception) -> None:
        if generation == self._generation and self.is_attached:
            self._ready_generation = generation
            self._set_status(f"Could not align: {error}")

    def _alignment_ready(self, generation: int, index: PairIndex) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._index = index
        self._ready_generation = generation
        self._word_cache.clear()
        a, b = self._articles
        for side, (article, other) in enumerate(((a, b), (b, a))):
            marks: dict[int, Mark] = {}
            only = Mark(_only_label(article, other), STYLE_ONLY_HERE)
            partial_mark = Mark("≈ partial", STYLE_PARTIAL)
            for pair in index.pairs:
                if pair.kind == "partial":
                    for u in pair.units[side]:
                        marks[u] = partial_mark
            for u in index.unaligned[side]:
                marks[u] = only
            self._base_marks[side].clear()
            self._base_marks[side].update(marks)
            self._group_marks = ((), ())
            self.view(side).set_marks(marks)
        if self._start_at_match:
            self._start_at_match = False
            driver = self.driving_view
            first = next((u for u in range(driver.passage_count)
                          if (p := index.pair_at(self._driving, u)) and p.kind == "match"), None)
            if driver.cursor == 0 and first:
                driver.move_cursor(first)
        self._follow()
        self._after_move()
        if self._done_message:
            self._say(self._done_message)
            self._done_message = ""

    # --- keeping the panes in step -------------------------------------------------------------

    def on_document_view_cursor_moved(self, message: DocumentView.CursorMoved) -> None:
        view = message.view
        if view is self.driving_view:
            self._follow(nudge=isinstance(view, CompareView) and view.take_keyboard_move())
            self._after_move()

    def _view_scrolled(self, side: int) -> None:
        if not self._syncing and side == self._driving:
            self._follow()

    def _follow(self, nudge: bool = False) -> None:
        """Put the other pane's counterpart of the driving passage at the same screen row.

        With ``nudge`` (the cursor was moved from the keyboard), when the other pane cannot
        scroll far enough (its passage is near its top or bottom, or was moved), the driving
        pane scrolls instead, as long as its passage stays fully on screen."""
        index = self._index
        if index is None or self._syncing or not self.is_attached or not self._locked:
            return
        driver, other = self.driving_view, self.other_view
        if not driver.size.height or not other.size.height or not other.passage_count:
            return
        cursor = driver.cursor
        row = driver.passage_top_y(cursor) - int(driver.scroll_y)
        place = index.placement(self._driving, cursor)
        self._syncing = True
        try:
            got = self._place_other(other, place, row)
            if nudge and got != row:
                height = driver.size.height
                top = driver.passage_top_y(cursor)
                low, high = 0, height - driver.passage_height(cursor)
                if high >= low:
                    want = max(low, min(high, got))
                    scroll = max(0, min(top - want, driver.max_scroll_y))
                    if top - scroll != row:
                        driver.move_cursor(cursor, align_y=top - scroll)
                        self._place_other(other, place, top - scroll)
        finally:
            self._syncing = False
        self._show_pair(place)

    @staticmethod
    def _place_other(other: DocumentView, place: Placement, row: int) -> int:
        """Put ``place.anchor``'s top at ``row`` of ``other`` as far as it can scroll; return
        the row it ended up on."""
        if place.anchor == place.target:
            other.move_cursor(place.target, align_y=row)
            return other.passage_top_y(place.target) - int(other.scroll_y)
        # Line up the gap after ``target`` (the top of ``anchor``) with the row.
        other.move_cursor(place.target)
        below = other.passage_height(place.target) + 1
        other.move_cursor(place.target, align_y=row - below)
        return other.passage_top_y(place.target) + below - int(other.scroll_y)

    def _show_pair(self, place: Placement) -> None:
        """Pair styling: the other cursor dims when it is not a match, partial pairs tint, and
        every passage of a many-to-one pair is marked."""
        index = self._index
        pair = index.pairs[place.pair] if place.paired and index else None
        kind = "" if pair is None else ("-partial" if pair.kind == "partial" else "")
        classes = ["", ""]
        classes[self._driving] = kind
        classes[1 - self._driving] = kind if pair is not None else "-unpaired"
        for side in (0, 1):
            if self._pair_class[side] != classes[side]:
                view = self.view(side)
                view.remove_class("-partial", "-unpaired")
                if classes[side]:
                    view.add_class(classes[side])
        self._pair_class = (classes[0], classes[1])
        group: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())
        if pair is not None and (len(pair.units[0]) > 1 or len(pair.units[1]) > 1):
            group = pair.units
        if group != self._group_marks:
            self._group_marks = group
            label = "┃ pair" if pair is None or pair.kind != "partial" else "┃ partial"
            for side in (0, 1):
                marks = dict(self._base_marks[side])
                for u in group[side]:
                    marks[u] = Mark(label, STYLE_PAIR)
                self.view(side).set_marks(marks)

    def _after_move(self) -> None:
        self._message = ""
        self._refresh_titles()
        self._update_words()
        self._update_status()
        self._schedule_session()

    # --- status and titles ---------------------------------------------------------------------

    def _set_status(self, text: str) -> None:
        if self.is_mounted and text != self._status_text:
            self._status_text = text
            self.query_one("#compare-status", LineLabel).update(text)

    def _refresh_titles(self) -> None:
        for side in (0, 1):
            view = self.view(side)
            n = view.passage_count
            position = f"{_para_label(view.cursor)}/{n}" if n else "empty"
            self._panes[side].set_title(side == self._driving, position)

    def _update_status(self) -> None:
        index = self._index
        if index is None:
            return
        if self._message:
            self._set_status(self._message)
            return
        side = self._driving
        cursor = self.driving_view.cursor
        here = self._articles[side]
        there = self._articles[1 - side]
        pair = index.pair_at(side, cursor)
        if not self.driving_view.passage_count:
            text = f"{short_name(here)} has no passages"
        elif pair is None:
            if cursor in index.unaligned[side]:
                text = f"{_para_label(cursor)} only in {short_name(here)}"
            else:
                text = f"{_para_label(cursor)} not aligned"
            place = index.placement(side, cursor)
            if place.gap_mate:
                text += (f" · facing {_para_label(place.target)} of {short_name(there)}, "
                         "also unaligned (l links them)")
        else:
            other_units = ",".join(_para_label(u) for u in pair.units[1 - side])
            text = (f"{_para_label(cursor)} ↔ {other_units} · {pair.kind} {pair.score:.0%}"
                    + ("" if index.differs[index.pair_of[side][cursor]] else " · same words"))
        total = len(index.stops[side])
        number = index.stop_number(side, cursor)
        if number is not None:
            text += f" · difference {number} of {total}"
        elif total:
            text += f" · {total} differences (n/N)"
        else:
            text += " · no differences"
        if self._words:
            text += " · words shown"
        if not self._locked:
            text = (f"Free: {_para_label(cursor)} of {short_name(here)}, "
                    f"{_para_label(self.other_view.cursor)} of {short_name(there)} · "
                    "l links them · f locks")
        self._set_status(text)

    def _say(self, text: str) -> None:
        """A message about what just happened; replaced by the position at the next move."""
        self._message = text
        self._set_status(text)

    # --- word differences ----------------------------------------------------------------------

    def _update_words(self) -> None:
        index = self._index
        pair_k = -1
        if self._words and index is not None:
            pair_k = index.pair_of[self._driving][self.driving_view.cursor] \
                if self.driving_view.passage_count else -1
        if pair_k < 0:
            if self._shown_words:
                for side in (0, 1):
                    self.view(side).set_highlights({})
                self._shown_words = False
            return
        highlights = self._word_cache.get(pair_k)
        if highlights is None:
            highlights = self._word_highlights(index.pairs[pair_k])
            self._word_cache[pair_k] = highlights
        for side in (0, 1):
            self.view(side).set_highlights(highlights[side])
        self._shown_words = True

    def _word_highlights(self, pair: Pair) -> tuple[dict[int, list], dict[int, list]]:
        from tui.align import word_diff

        a, b = self._articles
        ta, starts_a = joined_text(a, pair.units[0])
        tb, starts_b = joined_text(b, pair.units[1])
        lengths_a = [a.paragraphs[u].end - a.paragraphs[u].start for u in pair.units[0]]
        lengths_b = [b.paragraphs[u].end - b.paragraphs[u].start for u in pair.units[1]]
        out: tuple[dict[int, list], dict[int, list]] = ({}, {})

        def add(side: int, article: Article, starts, lengths, s: int, e: int, style: str):
            text = article.text
            for start, end in to_article_ranges(starts, lengths, s, e):
                # word_diff ranges carry the space after a word; underline the word only
                while end > start and text[end - 1].isspace():
                    end -= 1
                if end > start:
                    out[side].setdefault(article.paragraph_at(start), []).append(
                        (start, end, style))

        for op, a0, a1, b0, b1 in word_diff(ta, tb):
            if op == "equal":
                continue
            if op == "replace":
                add(0, a, starts_a, lengths_a, a0, a1, STYLE_WORD_CHANGED)
                add(1, b, starts_b, lengths_b, b0, b1, STYLE_WORD_CHANGED)
            elif op == "delete":
                add(0, a, starts_a, lengths_a, a0, a1, STYLE_WORD_ONLY_HERE)
            elif op == "insert":
                add(1, b, starts_b, lengths_b, b0, b1, STYLE_WORD_ONLY_HERE)
        return out

    # --- actions -------------------------------------------------------------------------------

    def action_switch_pane(self) -> None:
        self.other_view.focus()

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        for side in (0, 1):
            if event.widget is self.view(side) and side != self._driving:
                self._driving = side
                self._follow()
                self._after_move()

    def action_toggle_lock(self) -> None:
        self._locked = not self._locked
        if self._locked:
            self._follow()
        else:
            for side in (0, 1):  # both cursors are real choices now, not a pair
                self.view(side).remove_class("-partial", "-unpaired")
            self._pair_class = ("", "")
        self._after_move()
        if self._locked:
            self._say("Scrolling locked to the alignment again")

    def action_swap(self) -> None:
        left, right = self._pane_order()
        self.query_one("#compare-panes").move_child(right, before=left)
        self._left_side = 1 - self._left_side
        self._mark_sides()
        self._say(f"Swapped: {short_name(self.left_article)} on the "
                  f"{'top' if self.has_class('-stacked') else 'left'}")
        self._schedule_session()
        self.call_after_refresh(self._follow)

    def action_toggle_words(self) -> None:
        self._words = not self._words
        self._update_words()
        self._update_status()

    def action_next_difference(self) -> None:
        self._step_difference(True)

    def action_previous_difference(self) -> None:
        self._step_difference(False)

    def _step_difference(self, forward: bool) -> None:
        index = self._index
        if index is None:
            self._say("Still aligning…")
            return
        view = self.driving_view
        stop = index.next_stop(self._driving, view.cursor, forward)
        if stop is None:
            total = len(index.stops[self._driving])
            where = "below" if forward else "above"
            self._say(f"No more differences {where} ({total} in all)" if total
                      else "No differences: every passage has a counterpart with the same words")
            self.app.bell()
            return
        if isinstance(view, CompareView):
            view._keyboard_move = True  # may scroll to line the pair up, like j/k
        top = view.passage_top_y(stop) - int(view.scroll_y)
        height = max(1, view.size.height)
        if 0 <= top and top + view.passage_height(stop) <= height:
            view.move_cursor(stop)
        else:
            # Put it a quarter down the pane so the context before it shows too.
            view.move_cursor(stop, align_y=height // 4)

    def action_link(self) -> None:
        index = self._index
        if index is None:
            self._say("Still aligning…")
            return
        d, o = self.driving_view.cursor, self.other_view.cursor
        if not self.driving_view.passage_count or not self.other_view.passage_count:
            return
        pair = index.pair_at(self._driving, d)
        if pair is not None and o in pair.units[1 - self._driving]:
            self._say(f"{_para_label(d)} and {_para_label(o)} are already linked")
            return
        units = [[], []]
        units[self._driving] = [d]
        units[1 - self._driving] = [o]
        if not self._save_correction("link", units[0], units[1]):
            return
        self._locked = True  # show the new pair lined up
        here, there = self._articles[self._driving], self._articles[1 - self._driving]
        self._realign(f"Linked {_para_label(d)} of {short_name(here)} with "
                      f"{_para_label(o)} of {short_name(there)} (saved)")

    def action_unlink(self) -> None:
        index = self._index
        if index is None:
            self._say("Still aligning…")
            return
        d = self.driving_view.cursor
        pair = index.pair_at(self._driving, d)
        if pair is None:
            self._say(f"{_para_label(d)} is not linked to anything")
            return
        if not self._save_correction("unlink", list(pair.units[0]), list(pair.units[1])):
            return
        a, b = self._articles
        self._realign(
            f"Unlinked {','.join(map(_para_label, pair.units[0]))} of {short_name(a)} from "
            f"{','.join(map(_para_label, pair.units[1]))} of {short_name(b)} (saved)")

    def _save_correction(self, op: str, left: list[int], right: list[int]) -> bool:
        a, b = self._articles
        try:
            self.app.state.add_correction(a.id, b.id, UNIT, op, left, right)
        except Exception as e:  # noqa: BLE001 - a locked or full disk: say so, keep going
            self._say(f"Could not save the correction: {e}")
            return False
        return True

    def action_bookmark(self) -> None:
        view = self.driving_view
        article = view.article
        if not view.passage_count:
            self._say("Nothing to bookmark")
            return
        para = article.paragraphs[view.cursor]
        info = self.app.library.by_id(article.id) if hasattr(self.app, "library") else None
        record = {"kind": "passage", "article_id": article.id,
                  "path": info.path if info else article.path,
                  "title": article.title, "outlet": article.outlet, "date": article.date,
                  "start": para.start, "end": para.end,
                  "text": article.text[para.start:para.end]}
        try:
            from .bookmarks import request_bookmark
        except ImportError:
            try:
                self.app.state.add_bookmark(record)
            except Exception as e:  # noqa: BLE001
                self.notify(f"Could not save the bookmark: {e}", severity="error", markup=False)
                return
            self.notify(f"Bookmarked {_para_label(view.cursor)} of {short_name(article)}",
                        markup=False)
            return
        request_bookmark(self.app, record)

    def action_pick_other(self) -> None:
        library = getattr(self.app, "library", None)
        if library is None or not library.infos:
            self._say("The library is still loading")
            return
        keep_side = self._driving
        keep = self._articles[keep_side]
        exclude = {keep.id, self._articles[1 - keep_side].id}
        if not [i for i in library.infos if i.id not in exclude]:
            self._say("There is no other article in the library")
            return

        def picked(article_id: str | None) -> None:
            if not article_id:
                return
            try:
                new = library.article(article_id)
            except LoadError as e:
                self._say(str(e))
                return
            keep_on_left = keep_side == self._left_side
            left, right = (keep, new) if keep_on_left else (new, keep)
            self.app.switch_screen(CompareScreen(
                left, right, passage=self.driving_view.cursor,
                driving="left" if keep_on_left else "right"))

        self.app.push_screen(PickArticleScreen(keep, exclude), picked)

    # --- session -------------------------------------------------------------------------------

    def _session_passage(self, left: Article, right: Article) -> int | None:
        """The passage saved by the last run, when it compared these two articles."""
        try:
            from textual._context import active_app

            app = active_app.get()
            # The app keeps the session it started with (it overwrites the stored one as soon
            # as a screen opens); use it once, for the screen it restores.
            if getattr(app, "_compare_session_used", False):
                return None
            session = getattr(app, "start_session", None)
            if session is None:
                session = app.state.get_session() or {}
        except Exception:  # noqa: BLE001 - no app yet (constructed in a test) or no state
            return None
        if not isinstance(session, dict) or session.get("screen") != "compare":
            return None
        if session.get("article_id") == left.id and session.get("right_id") == right.id:
            passage = session.get("passage")
            if isinstance(passage, int) and passage >= 0:
                app._compare_session_used = True
                return passage
        return None

    def _schedule_session(self) -> None:
        if self._session_timer is not None:
            self._session_timer.stop()
        self._session_timer = self.set_timer(SESSION_DELAY, self.save_session)

    def save_session(self) -> None:
        self._session_timer = None
        left, right = self.left_article, self.right_article
        session = {"screen": "compare", "left": left.id, "right": right.id,
                   "article_id": left.id, "right_id": right.id,
                   "passage": self.left_view.cursor}
        try:
            setter = getattr(self.app, "set_session", None)
            if setter is not None:
                setter(**session)
            else:
                self.app.state.set_session(session)
        except Exception:  # noqa: BLE001 - losing the session costs a restart's convenience only
            pass

    def on_unmount(self) -> None:
        # A move made just before quitting is still worth remembering.
        if self._session_timer is not None:
            self._session_timer.stop()
            self.save_session()
