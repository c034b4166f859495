"""``ResultList``: search results, best first, in one Line API widget.

For each result, a ``kind  source`` line cut to the width, then its text wrapped with the
matched words marked, then a rule; a cursor marks one result. Only the lines on screen are
drawn, and new results replace the data and repaint only the rows whose content changed, so a
keystroke never mounts widgets or lays out the screen: putting results on screen costs about as
much for 300 results as for 3.
"""
from __future__ import annotations

import bisect
from typing import Any, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from .cursor_list import CursorList
from .text_fit import ellipsize, wrap_line_spans

# Cells right of the result text: a gap, then the scroll bar.
BAR_CELLS = 2


class Result(NamedTuple):
    """One result as shown: ``kind`` ("quote" or "text"), ``source`` (outlet · speaker ·
    title), and the text around the match with the matched words' ranges in it."""

    kind: str
    source: str
    text: str
    ranges: tuple[tuple[int, int], ...]


class ResultList(CursorList):
    """Search results with a cursor; see the module docstring. The virtual size is set without
    the layout a reactive assignment would request, and the scroll bar is drawn in the last
    column of each line rather than by Textual's scroll bar widget."""

    BINDINGS = [
        Binding("enter", "select", "Open", id="list.open"),
        Binding("down", "cursor_down", "Down", show=False, id="search.list_down"),
        Binding("up", "cursor_up", "Up", show=False, id="search.list_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="search.list_page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="search.list_page_up"),
        Binding("home", "first", "First", show=False, id="search.list_first"),
        Binding("end", "last", "Last", show=False, id="search.list_last"),
    ]
    COMPONENT_CLASSES = {"result-list--cursor", "result-list--kind", "result-list--source",
                         "result-list--match", "result-list--separator"}
    DEFAULT_CSS = """
    ResultList {
        background: $surface;
        color: $foreground;
        /* The scroll bar is drawn in the last column of each line (see render_line). */
        overflow-x: hidden;
        overflow-y: hidden;
    }
    ResultList > .result-list--cursor { background: $block-cursor-blurred-background; }
    ResultList:focus > .result-list--cursor {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
    }
    ResultList > .result-list--kind { color: $accent; text-style: bold; }
    ResultList > .result-list--source { text-style: bold; }
    ResultList > .result-list--match { color: $accent; text-style: bold underline; }
    ResultList > .result-list--separator { color: $foreground 15%; }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._width = 0                               # wrap width of the layout below
        self._bodies: list[list[tuple[int, int]]] = []  # wrapped lines of each result's text
        self._tops: list[int] = [0]                    # first line of each result, then the end
        # Strips are keyed by (result, row, cursor?, width, style generation, bar): a result
        # that the next keystroke still finds is not drawn again, wherever it moves in the list.
        self._wraps: LRUCache[tuple[str, int], list[tuple[int, int]]] = LRUCache(1024)
        self._styles: dict[str, Style] | None = None  # for the current generation

    @property
    def results(self) -> list[Result]:
        return self.items

    # --- data ----------------------------------------------------------------------------------

    def set_results(self, results: list[Result]) -> None:
        """Show ``results`` from the top with the cursor on the first."""
        shown = self._shown_keys()
        self.items = results
        self.cursor = 0
        self._layout()
        self.scroll_to(y=0, animate=False, force=True)
        self._refresh_changed(shown)

    @property
    def line_count(self) -> int:
        return self._tops[-1]

    def lines_of(self, index: int) -> range:
        """Content lines of result ``index`` (its rule excluded)."""
        return range(self._tops[index], self._tops[index] + 1 + len(self._bodies[index]))

    def item_lines(self, index: int) -> range:
        return self.lines_of(index)

    def item_at_line(self, line: int) -> int:
        return max(0, min(bisect.bisect_right(self._tops, line) - 1, len(self.items) - 1))

    def invalidate(self) -> None:
        self._styles = None
        super().invalidate()

    def _wrap(self, text: str, width: int) -> list[tuple[int, int]]:
        lines = self._wraps.get((text, width))
        if lines is None:
            lines = self._wraps[(text, width)] = wrap_line_spans(text, width)
        return lines

    @property
    def text_width(self) -> int:
        """Cells for the text: the width less a gap and the scroll bar."""
        return max(1, self._width - BAR_CELLS)

    def _layout(self) -> None:
        width = self.scrollable_content_region.width
        self._width = width
        text_width = self.text_width
        self._bodies = [self._wrap(r.text, text_width) for r in self.items] if width > 0 \
            else [[] for _ in self.items]
        tops = [0]
        for body in self._bodies:
            # kind/source line, the text, and a rule before the next result.
            tops.append(tops[-1] + 2 + len(body))
        if self.items:
            tops[-1] -= 1  # no rule after the last
        self._tops = tops
        # Assigned as a reactive, the virtual size would lay out the whole screen; only the
        # scroll range depends on it here. (Textual's scroll bar is a widget of its own that
        # costs a layout to show or hide and more to draw than the lines that changed: the bar
        # is drawn with the lines instead.)
        self.set_reactive(Widget.virtual_size, Size(width, tops[-1]))
        self.scroll_y = self.validate_scroll_y(self.scroll_y)

    @property
    def allow_vertical_scroll(self) -> bool:
        # The mouse wheel scrolls though the overflow is "hidden" (no Textual scroll bar).
        return not (self.disabled or self.loading) and self.max_scroll_y > 0

    def _thumb(self) -> tuple[int, int] | None:
        """Rows of the view the scroll bar's thumb covers, or None when all lines fit."""
        height = self.scrollable_content_region.height
        total = self.line_count
        if total <= height or height <= 0:
            return None
        size = max(1, round(height * height / total))
        top = round(self.scroll_y * (height - size) / max(1, total - height))
        return top, top + size

    def on_resize(self, event: events.Resize) -> None:
        self._layout()
        self.scroll_to_cursor()
        self.refresh()

    # --- cursor --------------------------------------------------------------------------------

    def before_cursor_move(self) -> Any:
        return self._shown_keys()

    def after_cursor_move(self, before: Any) -> None:
        self._refresh_changed(before)

    def scroll_to_cursor(self) -> None:
        if self._width > 0:
            super().scroll_to_cursor()

    def index_at_line(self, y: int) -> int:
        return self.item_at_line(y)

    def on_click(self, event: events.Click) -> None:
        if event.x >= self.text_width:
            return  # the gap or the scroll bar
        y = round(self.scroll_y) + event.y
        if 0 <= y < self.line_count:
            self.move_cursor(self.item_at_line(y))
            self.action_select()

    # --- rendering -----------------------------------------------------------------------------

    def styles_now(self) -> dict[str, Style]:
        """The Rich styles lines are drawn with, worked out once per generation. The rule's
        and cursor's colours are translucent ("$foreground 15%"): their full component styles
        have them blended with the background; the others are laid over the line's style."""
        if self._styles is None:
            base = self.rich_style
            cursor = self.get_component_rich_style("result-list--cursor")
            styles = {"base": base, "cursor": cursor,
                      "rule": self.get_component_rich_style("result-list--separator")}
            # The scroll bar in the colours of Textual's (scrollbar-color, -background).
            track = self.styles.scrollbar_background
            if track.a < 1:
                track = self.background_colors[0] + track
            thumb = track + self.styles.scrollbar_color
            styles["track"] = Style(bgcolor=track.rich_color)
            styles["thumb"] = Style(bgcolor=thumb.rich_color)
            for part in ("kind", "source", "match"):
                over = self.get_component_rich_style(f"result-list--{part}", partial=True)
                styles[part] = base + over
                styles[f"cursor-{part}"] = cursor + over
            self._styles = styles
        return self._styles

    def _line_key(self, y: int, thumb: tuple[int, int] | None) -> tuple:
        """What row ``y`` of the view shows, as a key: equal keys draw the same strip. The
        last item is the scroll bar's cell: None (no bar), False (track) or True (thumb)."""
        width = self._width
        bar = None if thumb is None else thumb[0] <= y < thumb[1]
        line = round(self.scroll_y) + y
        if not self.items or line >= self.line_count:
            return ("blank", width, self._generation, bar)
        index = bisect.bisect_right(self._tops, line) - 1
        row = line - self._tops[index]
        if row > len(self._bodies[index]):
            return ("rule", width, self._generation, bar)
        return (self.items[index], row, index == self.cursor, width, self._generation, bar)

    def _shown_keys(self) -> list[tuple]:
        thumb = self._thumb()
        return [self._line_key(y, thumb) for y in range(self.scrollable_content_region.height)]

    def _refresh_changed(self, shown: list[tuple]) -> None:
        """Repaint the rows whose content differs from ``shown`` (the keys before a change):
        Textual then draws only those lines again, and a result that stays where it was (the
        rules between results, the results the next letter still finds) costs nothing."""
        now = self._shown_keys()
        if len(now) != len(shown):
            self.refresh()
            return
        width = self.size.width
        y = 0
        while y < len(now):
            if now[y] == shown[y]:
                y += 1
                continue
            start = y
            while y < len(now) and now[y] != shown[y]:
                y += 1
            self.refresh(Region(0, start, width, y - start))

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._width:
            # First paint, or a paint before the resize event: wrap for the width drawn at.
            self._layout()
        key = self._line_key(y, self._thumb())
        strip = self._strips.get(key)
        if strip is None:
            styles = self.styles_now()
            text_width = self.text_width
            gap = styles["base"]
            if key[0] == "blank":
                strip = Strip.blank(text_width, gap)
            elif key[0] == "rule":
                strip = Strip([Segment("─" * text_width, styles["rule"])], text_width)
            else:
                result, row, is_cursor = key[:3]
                index = bisect.bisect_right(self._tops, round(self.scroll_y) + y) - 1
                strip = self._render_row(result, self._bodies[index], row, is_cursor,
                                         text_width, styles)
                if is_cursor:
                    gap = styles["cursor"]
            bar = key[-1]
            tail = [Segment(" " * (BAR_CELLS - 1), gap),
                    Segment(" ", gap if bar is None else styles["thumb" if bar else "track"])]
            strip = Strip([*strip, *tail]).crop_extend(0, width, styles["base"])
            self._strips[key] = strip
        return strip

    def _render_row(self, result: Result, body: list[tuple[int, int]], row: int,
                    is_cursor: bool, width: int, styles: dict[str, Style]) -> Strip:
        prefix = "cursor-" if is_cursor else ""
        base = styles["cursor" if is_cursor else "base"]
        if row == 0:
            label = f"{result.kind:<6}"
            segments = [Segment(label, styles[prefix + "kind"]),
                        Segment(ellipsize(result.source, width - cell_len(label), trim=True),
                                styles[prefix + "source"])]
        else:
            start, end = body[row - 1]
            match = styles[prefix + "match"]
            segments = []
            pos = start
            for s, e in result.ranges:
                s, e = max(s, start), min(e, end)
                if e <= s:
                    continue
                if s > pos:
                    segments.append(Segment(result.text[pos:s], base))
                segments.append(Segment(result.text[s:e], match))
                pos = e
            if pos < end:
                segments.append(Segment(result.text[pos:end], base))
        return Strip(segments).crop_extend(0, width, base)
