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

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.events import DescendantFocus, Resize

from tui.corpus import Article, LoadError

from .base import SynopticScreen
from .commands import PaletteCommand
from .compare_model import Pair, PairIndex, Placement, changed_words, short_name
from .compare_model import worded_differently
from .compare_text import STYLE_PAIR, gutter_marks, para_label, position_text
from .session import Session
from .widgets.compare_pane import ComparePane, CompareView
from .widgets.document_view import DocumentView, Mark
from .widgets.key_bar import KeyBar
from .widgets.line_label import LineLabel

UNIT = "paragraph"
# Below this width the panes are stacked (top and bottom) so each keeps a readable measure.
STACK_BELOW = 100
SESSION_DELAY = 0.6  # seconds of stillness before the position is written to the session

STYLE_WORD_CHANGED = "bold underline $warning"
STYLE_WORD_ONLY_HERE = "bold underline $error"


class CompareScreen(SynopticScreen):
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
        """``passage``: where the ``driving`` pane's cursor starts ("left" or "right"); without
        it, at the first matching pair."""
        super().__init__()
        flipped = right.id < left.id
        self._articles: tuple[Article, Article] = (right, left) if flipped else (left, right)
        self._left_side = 1 if flipped else 0
        left_pane_side = self._left_side
        self._driving = left_pane_side if driving != "right" else 1 - left_pane_side
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
        self._base_marks: tuple[dict[int, tuple[str, str]], ...] = ({}, {})
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

    def view(self, side: int) -> CompareView:
        return self._panes[side].view

    @property
    def driving_view(self) -> CompareView:
        return self.view(self._driving)

    @property
    def other_view(self) -> CompareView:
        return self.view(1 - self._driving)

    @property
    def left_view(self) -> CompareView:
        return self.view(self._left_side)

    @property
    def right_view(self) -> CompareView:
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
            from tui.align import align_articles
            from tui.align.units import units_of

            alignment = align_articles(a, b, unit=UNIT, corrections=corrections or None)
            # Boilerplate, bylines and datelines are never linked: not worth a stop or a mark.
            linkable = (units_of(a, UNIT).linkable, units_of(b, UNIT).linkable)
            index = PairIndex.from_alignment(alignment, (len(a.paragraphs), len(b.paragraphs)),
                                             partial(worded_differently, a, b), linkable)
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
        self._base_marks = tuple(gutter_marks(index, side, self._articles) for side in (0, 1))
        self._group_marks = ((), ())
        for side in (0, 1):
            self.view(side).set_marks(self._base_marks[side])
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
            self._follow(nudge=view.take_keyboard_move())
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
            got = other.place(place.target, place.anchor, row)
            if nudge and got != row:
                height = driver.size.height
                top = driver.passage_top_y(cursor)
                low, high = 0, height - driver.passage_height(cursor)
                if high >= low:
                    want = max(low, min(high, got))
                    scroll = max(0, min(top - want, driver.max_scroll_y))
                    if top - scroll != row:
                        driver.move_cursor(cursor, align_y=top - scroll)
                        other.place(place.target, place.anchor, top - scroll)
        finally:
            self._syncing = False
        self._show_pair(place)

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
            position = f"{para_label(view.cursor)}/{n}" if n else "empty"
            self._panes[side].set_title(side == self._driving, position)

    def _update_status(self) -> None:
        index = self._index
        if index is None:
            return
        if self._message:
            self._set_status(self._message)
            return
        self._set_status(position_text(
            index, self._driving, self.driving_view.cursor, self._articles,
            other_cursor=self.other_view.cursor, words=self._words, locked=self._locked))

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
        """Highlights per passage of both sides: the words of ``pair`` that differ."""
        from tui.align.diff import CHANGED

        styles = {CHANGED: STYLE_WORD_CHANGED}
        return tuple({passage: [(s, e, styles.get(kind, STYLE_WORD_ONLY_HERE))
                                for s, e, kind in ranges]
                      for passage, ranges in side.items()}
                     for side in changed_words(self._articles, pair))

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
        view.jump_to(stop)

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
            self._say(f"{para_label(d)} and {para_label(o)} are already linked")
            return
        units = [[], []]
        units[self._driving] = [d]
        units[1 - self._driving] = [o]
        if not self._save_correction("link", units[0], units[1]):
            return
        self._locked = True  # show the new pair lined up
        here, there = self._articles[self._driving], self._articles[1 - self._driving]
        self._realign(f"Linked {para_label(d)} of {short_name(here)} with "
                      f"{para_label(o)} of {short_name(there)} (saved)")

    def action_unlink(self) -> None:
        index = self._index
        if index is None:
            self._say("Still aligning…")
            return
        d = self.driving_view.cursor
        pair = index.pair_at(self._driving, d)
        if pair is None:
            self._say(f"{para_label(d)} is not linked to anything")
            return
        if not self._save_correction("unlink", list(pair.units[0]), list(pair.units[1])):
            return
        a, b = self._articles
        self._realign(
            f"Unlinked {','.join(map(para_label, pair.units[0]))} of {short_name(a)} from "
            f"{','.join(map(para_label, pair.units[1]))} of {short_name(b)} (saved)")

    def _save_correction(self, op: str, left: list[int], right: list[int]) -> bool:
        a, b = self._articles
        try:
            self.app.state.add_correction(a.id, b.id, UNIT, op, left, right)
        except Exception as e:  # noqa: BLE001 - a locked or full disk: say so, keep going
            self._say(f"Could not save the correction: {e}")
            return False
        return True

    def action_bookmark(self) -> None:
        from .bookmark_dialog import passage_record, request_bookmark

        view = self.driving_view
        if not view.passage_count:
            self._say("Nothing to bookmark")
            return
        request_bookmark(self.app, passage_record(view.article, view.cursor))

    def action_pick_other(self) -> None:
        from .pick_article_dialog import PickArticleScreen

        library = self.app.library
        if not library.infos:
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

    def on_screen_resume(self) -> None:
        self.save_session()

    def _schedule_session(self) -> None:
        if self._session_timer is not None:
            self._session_timer.stop()
        self._session_timer = self.set_timer(SESSION_DELAY, self.save_session)

    def save_session(self) -> None:
        self._session_timer = None
        session = Session.compare(self.left_article.id, self.right_article.id,
                                  self.left_view.cursor)
        try:
            self.app.set_session(session)
        except Exception:  # noqa: BLE001 - losing the session costs a restart's convenience only
            pass

    def on_unmount(self) -> None:
        # A move made just before quitting is still worth remembering.
        if self._session_timer is not None:
            self._session_timer.stop()
            self.save_session()
