"""``CompareColumns``: two to four articles side by side, drawn by one Line API widget.

Why one widget for every column: a keystroke in the compare view moves every column. As
separate scroll views, each column that scrolled re-rendered every visible line through
Textual's scrolling and styles pipeline, and each was a separate update; here a keystroke is
one refresh of one widget whose lines are joined from per-column strips that are cached by
content line, so a column that scrolls reuses the strips of the lines it already showed. It
also lets a column scroll past either end of its article (blank lines above the first line or
after the last), which lines up a linked pair that sits near the top of one article and the
middle of another ("pad as needed"): a scroll view stops at its ends.

The widget draws; the screen decides. A ``Column`` (compare_column.py) holds one article's
line layout (``PassageLayout``), the content line at the top of its body (``top``, any
integer), a header line, and what to mark: ``static(paragraph)`` (marks that change only when
the alignment does, such as sentences only this article has) and ``dynamic`` (the passage
under the cursor, its counterpart, word differences). Marks are ``(start, end, kind)`` ranges
of the article's text; ``KINDS`` maps each kind to a component class, so the theme decides how
it looks.

Row 0 is the header row (one header per column); the body starts on row 1. Within a column:
a one-cell bar (▌ beside the highlighted passage; ┆ beside a sentence only this article has
when there is no room for labels), an optional gutter of labels ("only in CNN"), the text, a
blank cell; columns are separated by a rule.
"""
from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.timer import Timer
from textual.widget import Widget

from .compare_column import Column, Marks
from .text_fit import ellipsize

# Re-exported: the compare screen imports Column and Marks from here.
__all__ = ["Column", "CompareColumns", "KINDS", "Marks"]

# Mark kinds, in the order their styles are applied (later ones win), and their classes.
KINDS = {
    "only": "compare-columns--only",            # a sentence only this article has
    "mate": "compare-columns--mate",            # the facing unlinked sentence (what l links)
    "pair": "compare-columns--pair",            # the counterpart of the cursor's passage
    "pair-partial": "compare-columns--pair-partial",
    "cursor": "compare-columns--cursor",        # the passage under the cursor
    "changed": "compare-columns--changed",      # words that differ (d)
    "only-word": "compare-columns--only-word",  # words only this side of the link has
}
_ORDER = {kind: n for n, kind in enumerate(KINDS)}
BACKGROUND_KINDS = frozenset({"mate", "pair", "pair-partial", "cursor"})
BAR_KINDS = frozenset({"pair", "pair-partial", "cursor"})
ROLE_CLASSES = {"headline": "compare-columns--headline", "subhead": "compare-columns--subhead",
                "boilerplate": "compare-columns--boilerplate", "meta": "compare-columns--meta"}

LABEL_GUTTER_MIN = 72   # columns at least this wide show gutter labels ("only in CNN")
LABEL_MAX = 11          # cells of a gutter label
BACKGROUND_CHUNK = 250  # paragraphs wrapped per tick in the background (long articles)
BACKGROUND_INTERVAL = 0.05
BACKGROUND_DELAY = 1.0  # seconds after a layout before the background wrap starts


class CompareColumns(Widget, can_focus=True):
    """Columns of articles side by side; see the module docstring."""

    ALLOW_SELECT = False

    # Actions run on the screen, which moves every column. Ids shared with the reader's
    # DocumentView (document.*) remap both with one keymap entry. Most used first: the key
    # bar lists the focused widget's keys before the screen's and drops from the end.
    BINDINGS = [
        Binding("n", "screen.next_difference", "Next diff", id="compare.next_difference"),
        Binding("N", "screen.previous_difference", "Previous diff",
                id="compare.previous_difference", show=False),
        Binding("j", "screen.next_paragraph", "Paragraph", id="document.next",
                key_display="j/k"),
        Binding("down", "screen.next_paragraph", "Paragraph", id="document.next_alt",
                show=False),
        Binding("k", "screen.previous_paragraph", "Previous paragraph", id="document.previous",
                show=False),
        Binding("up", "screen.previous_paragraph", "Previous paragraph",
                id="document.previous_alt", show=False),
        # no key_display such as ")/(": the key bar would show it after a keymap remapped
        # the key; "(" and N are in help
        Binding("right_parenthesis", "screen.next_sentence", "Sentence",
                id="compare.next_sentence"),
        Binding("left_parenthesis", "screen.previous_sentence", "Previous sentence",
                id="compare.previous_sentence", show=False),
        Binding("J", "screen.next_sentence", "Sentence", id="compare.next_sentence_alt",
                show=False),
        Binding("K", "screen.previous_sentence", "Previous sentence",
                id="compare.previous_sentence_alt", show=False),
        Binding("d", "screen.toggle_words", "Words", id="compare.word_diff"),
        Binding("g", "screen.first_paragraph", "Top", id="document.top", show=False),
        Binding("home", "screen.first_paragraph", "Top", id="document.top_alt", show=False),
        Binding("G", "screen.last_paragraph", "Bottom", id="document.bottom", show=False),
        Binding("end", "screen.last_paragraph", "Bottom", id="document.bottom_alt", show=False),
        Binding("space", "screen.page_down", "Page", id="document.page_down", show=False),
        Binding("pagedown", "screen.page_down", "Page", id="document.page_down_alt",
                show=False),
        Binding("pageup", "screen.page_up", "Page up", id="document.page_up", show=False),
    ]

    COMPONENT_CLASSES = {
        *KINDS.values(), *ROLE_CLASSES.values(),
        "compare-columns--header", "compare-columns--header-focused",
        "compare-columns--rule", "compare-columns--bar", "compare-columns--bar-focused",
        "compare-columns--gutter", "compare-columns--mark",
    }

    DEFAULT_CSS = """
    CompareColumns { background: $surface; color: $foreground; height: 1fr; }
    CompareColumns > .compare-columns--header { background: $panel; color: $text-muted; }
    CompareColumns > .compare-columns--header-focused { background: $primary 40%; color: $text; }
    CompareColumns > .compare-columns--rule { color: $panel-lighten-2; }
    CompareColumns > .compare-columns--bar { color: $text-muted; }
    CompareColumns > .compare-columns--bar-focused { color: $accent; text-style: bold; }
    CompareColumns > .compare-columns--gutter { color: $text-muted; }
    CompareColumns > .compare-columns--mark { color: $warning; }
    CompareColumns > .compare-columns--only { color: $text-warning; }
    CompareColumns > .compare-columns--mate { background: $foreground 7%; }
    CompareColumns > .compare-columns--pair { background: $synoptic-cursor-blurred; }
    CompareColumns > .compare-columns--pair-partial { background: $warning 15%; }
    CompareColumns > .compare-columns--cursor { background: $synoptic-cursor; }
    /* Words that differ inside a link: bold and underlined in the text colour, so they do not
       read as the amber of sentences only one side has; words one side alone has in red. */
    CompareColumns > .compare-columns--changed { color: $text; text-style: bold underline; }
    CompareColumns > .compare-columns--only-word { color: $error; text-style: bold underline; }
    CompareColumns > .compare-columns--headline { color: $accent; text-style: bold; }
    CompareColumns > .compare-columns--subhead { text-style: bold; }
    CompareColumns > .compare-columns--meta { color: $text-muted; text-style: italic; }
    CompareColumns > .compare-columns--boilerplate { color: $text-disabled; }
    """

    class Clicked(Message):
        """A click on ``column`` (an index into ``columns``) at character ``offset`` (None:
        a blank line)."""

        def __init__(self, column: int, offset: int | None) -> None:
            super().__init__()
            self.column = column
            self.offset = offset

    class Scrolled(Message):
        """The mouse wheel over ``column``: ``lines`` down (negative: up)."""

        def __init__(self, column: int, lines: int) -> None:
            super().__init__()
            self.column = column
            self.lines = lines

    class Resized(Message):
        """The columns were laid out again for a new width or set of columns."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: list[Column] = []
        self._styles: dict[str, Style] = {}
        self._generation = 0
        self._background: Timer | None = None
        self._row_keys: list[tuple] = []
        self._rows: LRUCache[tuple, Strip] = LRUCache(512)
        self._styles_blank: dict[tuple, tuple[Segment, ...]] = {}
        self._filters: tuple = ((), None)   # the line filters and background of this frame

    # --- public API ----------------------------------------------------------------------------

    @property
    def body_height(self) -> int:
        return max(0, self.size.height - 1)

    def set_columns(self, columns: list[Column]) -> None:
        """Show these columns, left to right."""
        self.columns = list(columns)
        self._lay_out()

    def column_at(self, x: int) -> int | None:
        for n, col in enumerate(self.columns):
            if col.x <= x < col.x + col.width:
                return n
        return None

    def prepare(self) -> None:
        """Wrap exactly what each column shows (call after moving ``top``s)."""
        height = self.body_height
        for col in self.columns:
            col.exact_lines(col.top, col.top + height)

    # --- layout --------------------------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self._lay_out()

    def _lay_out(self) -> None:
        width = self.size.width
        n = len(self.columns)
        if not n or width <= 0:
            return
        room = max(n, width - (n - 1))
        x = 0
        estimates = False
        for k, col in enumerate(self.columns):
            w = room // n + (1 if k < room % n else 0)
            col.x, col.width = x, w
            col.gutter = min(LABEL_MAX, cell_len(col.label)) + 1 if w >= LABEL_GUTTER_MIN else 0
            x += w + 1
            if col.layout.width != col.text_width:
                # keep the line at the top of the column where it was
                offset = col.offset_at(col.top) if col.layout.width else None
                col.strips.clear()
                if col.layout.set_width(col.text_width):
                    estimates = True
                if offset is not None:
                    col.top = col.line_of(offset)
            elif not col.layout.all_exact:
                estimates = True
        if estimates and self._background is None:
            # not at once: the first second belongs to the first screen and its links (the
            # screen aligns its first window in a worker meanwhile, and wrapping competes)
            self._background = self.set_interval(BACKGROUND_INTERVAL, self._background_step,
                                                 name="compare-wrap-in-background",
                                                 pause=True)
            self.set_timer(BACKGROUND_DELAY, self._background.resume)
        self._row_keys = []
        self._rows.clear()
        self.refresh()
        self.post_message(self.Resized())

    def _background_step(self) -> None:
        """Wrap a slice of each long article exactly while the reader is idle, so estimated
        heights become exact ones (what is on screen stays put: see Column.make_exact)."""
        busy = False
        for col in self.columns:
            layout = col.layout
            if layout.all_exact:
                continue
            todo, col.wrap_next = layout.next_estimated(col.wrap_next, BACKGROUND_CHUNK)
            if todo:
                col.make_exact(todo)
            if not layout.all_exact:
                if col.wrap_next >= layout.count:
                    col.wrap_next = 0
                busy = True
        if busy:
            self.refresh_changed()
        elif self._background is not None:
            self._background.stop()
            self._background = None

    # --- events --------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._restyle())

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._restyle()

    def _restyle(self) -> None:
        self._styles.clear()
        self._styles_blank.clear()
        self._generation += 1
        for col in self.columns:
            col.strips.clear()
        self._row_keys = []
        self._rows.clear()
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        n = self.column_at(event.x)
        if n is None or event.y < 1:
            if n is not None:
                self.post_message(self.Clicked(n, None))
            return
        col = self.columns[n]
        self.post_message(self.Clicked(n, col.offset_at(col.top + event.y - 1)))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        n = self.column_at(event.x)
        if n is not None:
            event.stop()
            self.post_message(self.Scrolled(n, 3))

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        n = self.column_at(event.x)
        if n is not None:
            event.stop()
            self.post_message(self.Scrolled(n, -3))

    # --- rendering -----------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        style = self._styles.get(name)
        if style is None:
            full = self.get_component_rich_style(name)
            if name in {KINDS[k] for k in BACKGROUND_KINDS}:
                style = Style(bgcolor=full.bgcolor)
            elif name.startswith("compare-columns--header") or name in (
                    "compare-columns--rule",):
                style = full
            else:
                style = self.get_component_rich_style(name, partial=True)
            self._styles[name] = style
        return style

    def refresh_changed(self) -> None:
        """Repaint the rows whose content changed since the last call: after a keystroke
        that scrolls no column, only the lines of the passages that gained or lost a mark."""
        height = self.size.height
        keys = [self._row_key(y) for y in range(height)]
        old, self._row_keys = self._row_keys, keys
        if len(old) != height:
            self.refresh()
            return
        regions = []
        start = None
        for y in range(height + 1):
            same = y == height or keys[y] == old[y]
            if not same and start is None:
                start = y
            elif same and start is not None:
                regions.append(Region(0, start, self.size.width, y - start))
                start = None
        if regions:
            self.refresh(*regions)

    def _row_key(self, y: int) -> tuple:
        """What row ``y`` shows (widths, gutters and labels change only with a new layout,
        which clears every cache)."""
        if y == 0:
            return tuple((col.header, col.focused) for col in self.columns)
        return tuple((self._line_key(col, col.top + y - 1), col.focused)
                     for col in self.columns)

    @staticmethod
    def _line_key(col: Column, line: int) -> tuple | None:
        layout = col.layout
        if line < 0 or line >= layout.total_lines or not layout.count:
            return None
        p = layout.passage_at(line)
        row = line - layout.tops[p]
        if row >= layout.lines[p]:
            return None
        marks = col.marks(p)
        if marks:  # only the marks on this line: the paragraph's other lines stay cached
            start = col.article.paragraphs[p].start
            s, e = layout.wrap(p)[row]
            lo, hi = start + s, start + e
            marks = tuple(m for m in marks if m[0] < hi and m[1] > lo)
        return (p, row, marks)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Every row from a cache keyed by what it shows (``_row_key``), so a frame after a
        keystroke builds only the rows whose content changed; a new row is joined from the
        columns' cached lines, to which the app's line filters (``get_line_filters``: true
        colour for ANSI themes, no colour) were applied once. This replaces the styles
        pipeline of ``Widget.render_lines``, which would restyle and filter every row of the
        widget whenever any column scrolls: this widget has no padding, border, tint or
        opacity for it to apply, and every Textual line filter maps segment by segment."""
        width = self.size.width
        filters = tuple(self.get_line_filters())
        background = self.background_colors[1]
        self._filters = (filters, background)
        rows = self._rows
        out: list[Strip] = []
        # refresh_changed computed every row's key after the last change of state
        known = self._row_keys if len(self._row_keys) == self.size.height else None
        for y in crop.line_range:
            key = (known[y] if known is not None else self._row_key(y), self._generation,
                   width, filters, background)
            strip = rows.get(key)
            if strip is None:
                strip = rows[key] = self._row(y)
            out.append(strip)
        x1, x2 = crop.column_span
        if (x1, x2) != (0, width):
            out = [strip.crop(x1, x2) for strip in out]
        return out

    def render_line(self, y: int) -> Strip:
        """Row ``y`` (the Line API; ``render_lines`` is what Textual calls)."""
        self._filters = ((), self.background_colors[1])
        return self._row(y)

    def _row(self, y: int) -> Strip:
        width = self.size.width
        base = self._styles.get("base")
        if base is None:
            base = self._styles["base"] = self.rich_style
        if not self.columns:
            return Strip.blank(width, base)
        rule = self._filtered((Segment("│", self._style("compare-columns--rule")),))
        segments: list[Segment] = []
        used = 0
        for n, col in enumerate(self.columns):
            if n:
                segments.extend(rule)
                used += 1
            if y == 0:
                segments.extend(self._header(col))
            else:
                key = self._line_key(col, col.top + y - 1)
                if key is None:
                    segments.extend(self._blank(col.width, base))
                else:
                    segments.extend(self._column_line(col, key, base))
            used += col.width
        if used < width:
            segments.extend(self._blank(width - used, base))
            used = width
        return Strip(segments, used)

    def _filtered(self, segments) -> tuple[Segment, ...]:
        filters, background = self._filters
        for line_filter in filters:
            segments = line_filter.apply(list(segments), background)
        return tuple(segments)

    def _blank(self, width: int, base: Style) -> tuple[Segment, ...]:
        key = ("blank", width, self._generation, self._filters)
        got = self._styles_blank.get(key)
        if got is None:
            got = self._styles_blank[key] = self._filtered((Segment(" " * width, base),))
        return got

    def _header(self, col: Column) -> tuple[Segment, ...]:
        key = ("header", col.header, col.focused, col.width, self._generation, self._filters)
        got = col.strips.get(key)
        if got is None:
            style = self._style("compare-columns--header-focused" if col.focused
                                else "compare-columns--header")
            text = ellipsize(col.header, max(0, col.width - 1))
            got = self._filtered(
                (Segment(" " + text + " " * max(0, col.width - 1 - cell_len(text)), style),))
            col.strips[key] = got
        return got

    def _column_line(self, col: Column, key: tuple, base: Style) -> tuple[Segment, ...]:
        full = (key, col.width, col.gutter, col.focused, col.layout.width, self._generation,
                self._filters)
        got = col.strips.get(full)
        if got is None:
            p, row, marks = key
            got = self._filtered(self._render_line(col, p, row, marks, base))
            col.strips[full] = got
        return got

    def _render_line(self, col: Column, p: int, row: int, marks: Marks,
                     base: Style) -> tuple[Segment, ...]:
        """One line of one column, exactly ``col.width`` cells."""
        article = col.article
        para = article.paragraphs[p]
        s, e = col.layout.wrap(p)[row]
        lo, hi = para.start + s, para.start + e
        here = [m for m in marks if m[0] < hi and m[1] > lo]
        segments: list[Segment] = []
        # the bar: the highlighted passage, or (without labels) a sentence only this side has
        bar = " "
        bar_style = base
        if any(m[2] in BAR_KINDS for m in here):
            bar = "▌"
            bar_style = base + self._style("compare-columns--bar-focused" if col.focused
                                           else "compare-columns--bar")
        elif not col.gutter and any(m[2] == "only" for m in here):
            bar, bar_style = "┆", base + self._style("compare-columns--mark")
        elif any(m[2] == "mate" for m in here):
            bar, bar_style = "┊", base + self._style("compare-columns--bar")
        segments.append(Segment(bar, bar_style))
        used = 1
        if col.gutter:
            only = [m for m in here if m[2] == "only"]
            mark = base + self._style("compare-columns--mark")
            gw = col.gutter - 1
            if not only:
                segments.append(Segment(" " * col.gutter, base))
            elif any(lo <= m[0] < hi or (m[0] < lo and row == 0) for m in only):
                label = ellipsize(col.label, gw)
                segments.append(Segment(label + " " * (gw - cell_len(label)) + " ", mark))
            else:
                segments.append(Segment(" " * (gw - 1) + "│ ", mark))
            used += col.gutter
        text_style = base + self._role_style(para)
        text = article.text
        if not here:
            shown = _clean(text[lo:hi])
            segments.append(Segment(shown, text_style))
            used += cell_len(shown)
        else:
            cuts = {lo, hi}
            for ms, me, _ in here:
                cuts.add(max(ms, lo))
                cuts.add(min(me, hi))
            points = sorted(cuts)
            ordered = sorted(here, key=lambda m: _ORDER.get(m[2], 0))
            for a, b in zip(points, points[1:]):
                style = text_style
                for ms, me, kind in ordered:
                    if ms <= a and me >= b:
                        cls = KINDS.get(kind)
                        if cls:
                            style = style + self._style(cls)
                shown = _clean(text[a:b])
                segments.append(Segment(shown, style))
                used += cell_len(shown)
        if used > col.width:  # a wrap a cell too wide (wide characters): cut, never spill
            return tuple(Strip(segments).crop_extend(0, col.width, base))
        if used < col.width:
            segments.append(Segment(" " * (col.width - used), base))
        return tuple(segments)

    def _role_style(self, para) -> Style:
        if para.role in ("headline", "subhead"):
            name = ROLE_CLASSES[para.role]
        elif para.role:
            name = ROLE_CLASSES["meta"]
        elif para.boilerplate:
            name = ROLE_CLASSES["boilerplate"]
        else:
            return Style.null()
        return self._style(name)


def _clean(text: str) -> str:
    # Line breaks inside a reflowed paragraph and tabs display as single spaces.
    return text.replace("\n", " ").replace("\t", " ")
