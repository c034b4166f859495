"""A virtualised, passage-oriented view of one Article.

Why a Line API widget rather than a Static per paragraph: a 100,000-paragraph file must open
instantly, and the compare view must redraw two panes within a frame. Only the visible lines are
ever wrapped and rendered.

Layout model (``passage_layout.PassageLayout``): each paragraph ("passage") takes some wrapped
lines plus one blank separator line. Paragraphs not yet wrapped at the current width carry an
estimate; the viewport (and the neighbourhood of any passage we jump to) is always wrapped
exactly before it is drawn, and when a correction changes the height of passages above the
viewport the scroll offset moves by the same amount, so nothing on screen jumps.

Public API (used by the reader and the compare screen):
- ``article``, ``cursor`` (reactive passage index; posts ``DocumentView.CursorMoved``)
- ``move_cursor(passage, align_y=None)``: put the passage at a screen row, or just make it visible
- ``passage_top_y(passage)``, ``passage_at_y(y)``: content-line geometry
- ``set_marks({passage: Mark | str | (label, style)})``: gutter labels, e.g. "only in CNN"
- ``set_highlights({passage: [(start, end, style), ...]})``: character ranges inside passages,
  offsets into ``article.text`` like every span in the corpus (word diffs, search matches)
- ``layout``: the PassageLayout (how many passages are wrapped exactly, at which width)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.timer import Timer

from tui.corpus import Article

from .passage_layout import PassageLayout
from .text_fit import ellipsize

StyleLike = Style | str

# Long articles are wrapped BACKGROUND_CHUNK passages per tick (a few ms) in the background.
BACKGROUND_CHUNK = 250
BACKGROUND_INTERVAL = 0.05
# Narrower than this, a view is taken as not laid out yet: nothing is wrapped or painted.
MIN_LAYOUT_WIDTH = 8


@dataclass(frozen=True)
class Mark:
    """A gutter label for one passage. ``style`` may be a Rich style, a style string, or use
    theme variables such as ``"bold $warning"``."""

    label: str
    style: StyleLike = "$warning"


class Highlight(NamedTuple):
    start: int  # offset into article.text
    end: int
    style: StyleLike


class DocumentView(ScrollView, can_focus=True, inherit_bindings=False):
    """One article as wrapped passages, with a passage cursor, gutter marks and highlights."""

    # No in-app mouse selection: strips carry no cell offsets, which cost a third of a compare
    # keystroke (tests/bench/compare_keystroke.py: handler 9.9 -> 6.3 ms). The terminal's own
    # selection (shift+drag in most) still works, and y copies a passage with its citation.
    ALLOW_SELECT = False

    # One shown binding per action (the footer displays the first key of each) and hidden
    # aliases; ids make every key remappable through the app's keymap setting.
    BINDINGS = [
        Binding("j", "next_passage", "Next", id="document.next"),
        Binding("down", "next_passage", "Next", id="document.next_alt", show=False),
        Binding("k", "previous_passage", "Prev", id="document.previous"),
        Binding("up", "previous_passage", "Prev", id="document.previous_alt", show=False),
        Binding("g", "first_passage", "Top", id="document.top", show=False),
        Binding("home", "first_passage", "Top", id="document.top_alt", show=False),
        Binding("G", "last_passage", "Bottom", id="document.bottom", show=False),
        Binding("end", "last_passage", "Bottom", id="document.bottom_alt", show=False),
        Binding("space", "page_down", "Page", id="document.page_down"),
        Binding("pagedown", "page_down", "Page", id="document.page_down_alt", show=False),
        Binding("pageup", "page_up", "Page up", id="document.page_up", show=False),
    ]

    COMPONENT_CLASSES = {
        "document-view--headline",
        "document-view--meta",
        "document-view--subhead",
        "document-view--boilerplate",
        "document-view--cursor",
        "document-view--cursor-bar",
        "document-view--gutter",
    }

    DEFAULT_CSS = """
    DocumentView {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
        padding: 0 1 0 0;
    }
    DocumentView > .document-view--headline { color: $accent; text-style: bold; }
    DocumentView > .document-view--meta { color: $text-muted; text-style: italic; }
    DocumentView > .document-view--subhead { text-style: bold; }
    DocumentView > .document-view--boilerplate { color: $text-disabled; }
    DocumentView > .document-view--cursor { background: $primary 10%; }
    DocumentView:focus > .document-view--cursor { background: $primary 22%; }
    DocumentView > .document-view--cursor-bar { color: $text-muted; }
    DocumentView:focus > .document-view--cursor-bar { color: $accent; text-style: bold; }
    DocumentView > .document-view--gutter { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, init=False)

    class CursorMoved(Message):
        """The passage cursor of ``view`` moved to ``passage``."""

        def __init__(self, view: "DocumentView", passage: int) -> None:
            super().__init__()
            self.view = view
            self.passage = passage

        @property
        def control(self) -> "DocumentView":
            return self.view

    def __init__(self, article: Article, *, cursor: int = 0, measure: int | None = None,
                 name: str | None = None, id: str | None = None,
                 classes: str | None = None) -> None:
        """``measure``: the longest line in cells; on a wider screen the text is centred
        (long lines are hard to read). None uses the full width."""
        super().__init__(name=name, id=id, classes=classes)
        self.article = article
        self.measure = measure
        self._margin = 0
        self._layout = PassageLayout(article)
        self._n = self._layout.count
        self._background: Timer | None = None
        self._background_next = 0
        self._marks: dict[int, Mark] = {}
        self._highlights: dict[int, list[Highlight]] = {}
        self._gutter = 0
        self._generation = 0                  # bumped whenever styles, marks or highlights change
        self._strip_cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._style_cache: dict[StyleLike, Style] = {}
        self._pending_align: int | None = None
        self._scrolling = False               # a scroll we caused: the cursor need not follow
        self._frame: tuple[Style, int] | None = None  # (rich_style, width) while rendering lines
        self.set_reactive(DocumentView.cursor, self._layout.clamp(cursor))
        self._pending_align = -1 if cursor else None

    # --- public API ----------------------------------------------------------------------------

    @property
    def passage_count(self) -> int:
        return self._n

    @property
    def layout(self) -> PassageLayout:
        """The line layout of the passages (read it; the view changes it)."""
        return self._layout

    def passage_top_y(self, passage: int) -> int:
        """Content line where ``passage`` starts."""
        return self._layout.tops[self._layout.clamp(passage)] if self._n else 0

    def passage_height(self, passage: int) -> int:
        """Wrapped lines of ``passage`` (without the blank line after it)."""
        return self._layout.lines[self._layout.clamp(passage)] if self._n else 0

    def passage_at_y(self, y: int) -> int:
        """The passage shown on content line ``y`` (a separator line belongs to the passage above)."""
        return self._layout.passage_at(y)

    def move_cursor(self, passage: int, *, align_y: int | None = None) -> None:
        """Move the cursor to ``passage``. With ``align_y``, scroll so the passage starts on that
        screen row (as far as the document allows); otherwise scroll only if it is not visible."""
        passage = self._layout.clamp(passage)
        self._scrolling = True
        try:
            old = self.cursor
            if self._layout.width == 0:
                # Not laid out yet: remember where to put it once we know our width.
                self.set_reactive(DocumentView.cursor, passage)
                self._pending_align = -1 if align_y is None else align_y
                if old != passage:
                    self._cursor_changed(old, passage)
                return
            self._exact_around(passage)
            self.set_reactive(DocumentView.cursor, passage)
            if align_y is None:
                self._scroll_into_view(passage)
            else:
                self._scroll_y_to(self._layout.tops[passage] - align_y)
            if old != passage:
                self._cursor_changed(old, passage)
        finally:
            self._scrolling = False

    def set_marks(self, marks: dict[int, Mark | str | tuple[str, StyleLike]]) -> None:
        """Gutter labels per passage; replaces any previous marks. An empty dict hides the gutter."""
        self._marks = {}
        for passage, mark in marks.items():
            if isinstance(mark, str):
                mark = Mark(mark)
            elif isinstance(mark, tuple):
                mark = Mark(*mark)
            self._marks[passage] = mark
        width = max((cell_len(m.label) for m in self._marks.values()), default=0)
        gutter = 0 if not self._marks else min(max(width, 1), 12) + 1
        self._invalidate()
        if gutter != self._gutter:
            self._gutter = gutter
            self._relayout()

    def set_highlights(self, highlights: dict[int, Iterable[tuple[int, int, StyleLike]]]) -> None:
        """Character-range highlights per passage (offsets into ``article.text``); replaces any
        previous highlights."""
        self._highlights = {p: sorted(Highlight(*h) for h in hs)
                            for p, hs in highlights.items() if hs}
        self._invalidate()

    @property
    def marks(self) -> dict[int, Mark]:
        return dict(self._marks)

    @property
    def visible_passages(self) -> range:
        """Passages at least partly on screen."""
        if not self._n:
            return range(0)
        top = int(self.scroll_y)
        first = self.passage_at_y(top)
        last = self.passage_at_y(top + max(self.size.height, 1) - 1)
        return range(first, last + 1)

    # --- actions -------------------------------------------------------------------------------

    def action_next_passage(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_previous_passage(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first_passage(self) -> None:
        self.move_cursor(0)
        self._scroll_y_to(0)

    def action_last_passage(self) -> None:
        self.move_cursor(self._n - 1)
        self._scroll_y_to(self.max_scroll_y)

    def action_page_down(self) -> None:
        height = max(1, self.size.height)
        if self.scroll_y >= self.max_scroll_y:
            self.move_cursor(self._n - 1)
            return
        target = min(int(self.scroll_y) + height - 1, self.max_scroll_y)
        self._exact_lines(target, target + height)
        target = self._skip_separator(target)
        self._scroll_y_to(target)
        self._cursor_to_first_visible()

    def action_page_up(self) -> None:
        height = max(1, self.size.height)
        if self.scroll_y <= 0:
            self.move_cursor(0)
            return
        target = max(0, int(self.scroll_y) - height + 1)
        self._exact_lines(target, target + height)
        target = self._skip_separator(target)
        self._scroll_y_to(target)
        self._cursor_to_first_visible()

    # --- events --------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()

    def on_mount(self) -> None:
        super().on_mount()
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._invalidate())

    def on_click(self, event: events.Click) -> None:
        passage = self.passage_at_y(int(self.scroll_y) + event.y)
        if self._n:
            self.move_cursor(passage)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._invalidate()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if self._scrolling or not self._n or self._layout.width == 0:
            return
        # Mouse wheel or scrollbar: keep the cursor on screen so j/k continue from what is seen.
        top = int(new_value)
        bottom = top + max(1, self.size.height)
        c = self.cursor
        if self._layout.tops[c] + self._layout.lines[c] <= top or self._layout.tops[c] >= bottom:
            old = c
            new = self._first_visible()
            self.set_reactive(DocumentView.cursor, new)
            self._cursor_changed(old, new)

    def validate_cursor(self, value: int) -> int:
        return self._layout.clamp(value)

    def watch_cursor(self, old: int, new: int) -> None:
        # Reached only when someone assigns ``view.cursor`` directly.
        if self._layout.width:
            self._scrolling = True
            try:
                self._exact_around(new)
                self._scroll_into_view(new)
            finally:
                self._scrolling = False
        self._cursor_changed(old, new)

    # --- rendering -----------------------------------------------------------------------------

    def render_lines(self, crop: Region) -> list[Strip]:
        if self._n and self._layout.width:
            self._exact_lines(int(self.scroll_y), int(self.scroll_y) + self.size.height)
        # rich_style walks the styles of every ancestor: look it up once per frame, not once
        # per line (it was most of the cost of redrawing a pane).
        self._frame = (self.rich_style, self.scrollable_content_region.width)
        try:
            return super().render_lines(crop)
        finally:
            self._frame = None

    def render_line(self, y: int) -> Strip:
        scroll_y = self.scroll_offset.y
        frame = self._frame
        if frame is None:
            base, width = self.rich_style, self.scrollable_content_region.width
        else:
            base, width = frame
        line_y = scroll_y + y
        if not self._n or not self._layout.width or line_y >= self._layout.tops[-1]:
            return Strip.blank(width, base)  # nothing, or the width is not known yet
        passage = self.passage_at_y(line_y)
        row = line_y - self._layout.tops[passage]
        is_cursor = passage == self.cursor
        key = (passage, row, is_cursor, self._layout.width, self._gutter, self._generation, width)
        strip = self._strip_cache.get(key)
        if strip is None:
            strip = self._render_passage_line(passage, row, is_cursor, width, base)
            self._strip_cache[key] = strip
        return strip

    def _render_passage_line(self, passage: int, row: int, is_cursor: bool, width: int,
                             base: Style) -> Strip:
        para = self.article.paragraphs[passage]
        segments: list[Segment] = [Segment(" " * self._margin, base)] if self._margin else []
        bar_style = base + self.get_component_rich_style("document-view--cursor-bar")
        line_style = base
        if is_cursor:
            line_style = base + self.get_component_rich_style("document-view--cursor")
        separator = row >= self._layout.lines[passage]
        segments.append(Segment("▌" if is_cursor and not separator else " ",
                                bar_style if is_cursor else base))
        if self._gutter:
            mark = self._marks.get(passage)
            gw = self._gutter - 1
            if mark is None or separator:
                segments.append(Segment(" " * self._gutter, base))
            elif row == 0:
                label = ellipsize(mark.label, gw)
                pad = " " * (gw - cell_len(label))
                segments.append(Segment(label + pad, base + self._style(mark.style)))
                segments.append(Segment(" ", base))
            else:
                segments.append(Segment(" " * (gw - 1) + "│", base + self._style(mark.style)))
                segments.append(Segment(" ", base))
        if separator:
            return Strip(segments).crop_extend(0, width, base)
        text_style = line_style + self._role_style(para)
        s, e = self._layout.wrap(passage)[row]
        text = self.article.text
        abs_s, abs_e = para.start + s, para.start + e
        pos = abs_s
        for h in self._highlights.get(passage, ()):
            hs, he = max(h.start, abs_s), min(h.end, abs_e)
            if hs >= he:
                continue
            if hs > pos:
                segments.append(Segment(_clean(text[pos:hs]), text_style))
            segments.append(Segment(_clean(text[max(pos, hs):he]), text_style + self._style(h.style)))
            pos = max(pos, he)
        if pos < abs_e:
            segments.append(Segment(_clean(text[pos:abs_e]), text_style))
        return Strip(segments).crop_extend(0, width, line_style)

    def _role_style(self, para) -> Style:
        if para.role == "headline":
            name = "document-view--headline"
        elif para.role == "subhead":
            name = "document-view--subhead"
        elif para.role:
            name = "document-view--meta"
        elif para.boilerplate:
            name = "document-view--boilerplate"
        else:
            return Style.null()
        return self.get_component_rich_style(name, partial=True)

    def _style(self, style: StyleLike) -> Style:
        if isinstance(style, Style):
            return style
        cached = self._style_cache.get(style)
        if cached is None:
            variables = self.app.theme_variables
            words = []
            for word in style.split():
                if word.startswith("$"):
                    word = variables.get(word[1:], "")
                    # Theme values may be "#rrggbb" or "#rrggbbaa"; Rich wants opaque colours.
                    if word.startswith("#") and len(word) == 9:
                        word = word[:7]
                words.append(word)
            try:
                cached = Style.parse(" ".join(w for w in words if w))
            except Exception:
                cached = Style.null()  # a bad style from a caller should not crash drawing
            self._style_cache[style] = cached
        return cached

    # --- layout --------------------------------------------------------------------------------

    def _invalidate(self) -> None:
        self._generation += 1
        self._strip_cache.clear()
        self._style_cache.clear()
        self.refresh()

    def _cursor_changed(self, old: int, new: int) -> None:
        # Only the two passages change look; a scroll, if any, repaints the rest. Redrawing
        # every line here made each j cost a full pane (two, in the compare view).
        if self._layout.width and self._n:
            for p in {old, new}:
                if 0 <= p < self._n:
                    self.refresh_lines(self._layout.tops[p], self._layout.lines[p] + 1)
        else:
            self.refresh()
        if old != new:
            self.post_message(self.CursorMoved(self, new))

    def _relayout(self) -> None:
        """Rebuild the line layout for the current width, keeping the cursor's screen row."""
        available = self.scrollable_content_region.width - 1 - self._gutter
        if self.scrollable_content_region.width < MIN_LAYOUT_WIDTH:
            # Not laid out yet (a first resize can report a sliver of the final width): wrapping
            # now would paint one frame of a character or two per line.
            return
        width = max(4, available)
        if self.measure and width > self.measure:
            width = self.measure
        margin = max(0, (available - width) // 2)
        if margin != self._margin:
            self._margin = margin
            self._invalidate()
        first_layout = self._layout.width == 0
        if width == self._layout.width:
            return
        anchor_row: int | None = None
        if not first_layout and self._n:
            row = self._layout.tops[self.cursor] - int(self.scroll_y)
            if 0 <= row < self.size.height:
                anchor_row = row
        self._strip_cache.clear()
        if self._layout.set_width(width):
            self._start_background_wrap()
        self._sync_virtual_size()
        if first_layout:
            pending, self._pending_align = self._pending_align, None
            if pending is not None:
                self.move_cursor(self.cursor, align_y=None if pending < 0 else pending)
        elif self._n:
            if anchor_row is not None:
                self.move_cursor(self.cursor, align_y=anchor_row)
            else:
                self.move_cursor(self.cursor)
        self.refresh()

    def _start_background_wrap(self) -> None:
        """Wrap the rest of a long document a slice at a time while the reader is idle, so
        estimated heights converge to exact ones and the scrollbar and layout stop shifting."""
        self._background_next = 0
        if self._background is None:
            self._background = self.set_interval(BACKGROUND_INTERVAL, self._background_step,
                                                 name="wrap-in-background")

    def _background_step(self) -> None:
        todo, i = self._layout.next_estimated(self._background_next, BACKGROUND_CHUNK)
        self._background_next = i
        if todo:
            self._set_exact(todo)
        if i >= self._n and self._background is not None:
            self._background.stop()
            self._background = None

    def _sync_virtual_size(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, self._layout.total_lines)

    def _set_exact(self, passages: Iterable[int]) -> None:
        """Wrap ``passages`` exactly; if any height changes, rebuild the layout and shift the
        scroll offset by the change above the top of the view so the screen does not jump."""
        layout = self._layout
        top_passage = layout.passage_at(int(self.scroll_y))
        offset_in_top = int(self.scroll_y) - layout.tops[top_passage]
        changed = layout.make_exact(passages, top_passage)
        if changed is None:
            return
        first_changed, delta_above = changed
        layout.rebuild_tops(first_changed)
        self._sync_virtual_size()
        if delta_above:
            self._scroll_y_to(layout.tops[top_passage] + offset_in_top)

    def _exact_lines(self, y0: int, y1: int) -> None:
        """Make every passage covering content lines [y0, y1) exact."""
        layout = self._layout
        for _ in range(8):  # corrections can shrink passages and pull more into range
            first, last = layout.passage_at(y0), layout.passage_at(max(y0, y1 - 1))
            if not layout.estimated(first, last):
                return
            self._set_exact(range(first, last + 1))

    def _exact_around(self, passage: int) -> None:
        """Make a screenful above and below ``passage`` exact before we scroll to it."""
        if not self._n or self._layout.all_exact:
            return
        self._set_exact(self._layout.around(passage, max(1, self.size.height)))

    def _scroll_y_to(self, y: int) -> None:
        scrolling, self._scrolling = self._scrolling, True
        try:
            self.scroll_to(y=max(0, y), animate=False, force=True)
        finally:
            self._scrolling = scrolling

    def _scroll_into_view(self, passage: int) -> None:
        top = self._layout.tops[passage]
        bottom = top + self._layout.lines[passage]
        view_top = int(self.scroll_y)
        height = max(1, self.size.height)
        if top < view_top:
            self._scroll_y_to(top)
        elif bottom > view_top + height:
            # A passage taller than the screen is shown from its start.
            self._scroll_y_to(top if bottom - top >= height else bottom - height + 1)

    def _skip_separator(self, y: int) -> int:
        """A page should not start with the blank line between two passages."""
        p = self.passage_at_y(y)
        if y - self._layout.tops[p] >= self._layout.lines[p] and y < self.max_scroll_y:
            return y + 1
        return y

    def _first_visible(self) -> int:
        top = int(self.scroll_y)
        p = self.passage_at_y(top)
        # Prefer a passage that starts on screen over one that started above it.
        if self._layout.tops[p] < top and p + 1 < self._n and self._layout.tops[p + 1] < top + self.size.height:
            return p + 1
        return p

    def _cursor_to_first_visible(self) -> None:
        old = self.cursor
        new = self._first_visible()
        if new != old:
            self.set_reactive(DocumentView.cursor, new)
            self._cursor_changed(old, new)


def _clean(text: str) -> str:
    # Line breaks inside a reflowed paragraph and tabs display as single spaces.
    return text.replace("\n", " ").replace("\t", " ")
