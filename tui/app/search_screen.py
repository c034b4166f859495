"""Search as you type over every sentence and quote of the library.

The index is built once per library content in a thread worker (``SearchIndex.cached`` keys it
by content, and this module keeps the built index for the app's lifetime so reopening the screen
is instant). Each keystroke runs the searcher in an exclusive thread worker; a result is shown
only if the query it answers is still the one in the box, so a slow old query never overwrites a
newer one.

A keystroke's answer may be sampled (a query of common words only, where thousands of sentences
tie on words; ``Searcher.exact`` is then False). Once typing pauses for REFINE_DELAY, a thread
worker computes the proved answer (``SearchIndex.search_exact``) and replaces the sampled one if
the query is still the same; the status line says "refining…" meanwhile. The next keystroke
abandons the refinement within a chunk of work.

The results are one Line API widget (``ResultList``): a keystroke swaps its list of results
and repaints the lines on screen. No widget is mounted or removed and the screen is not laid out
again, so putting results on screen costs about as much for 300 results as for 3.
"""
from __future__ import annotations

import bisect
import statistics
import threading
import time
from collections import deque
from typing import Any, NamedTuple

from rich.cells import cell_len, get_character_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from .app import PaletteCommand
from .bookmarks import StillInput, make_record, request_bookmark
from .clipboard import copy_citation
from .document_view import wrap_spans
from .help_screen import KeyBar
from .reader_screen import StatusLine
from .quotes_screen import library_articles_and_quotes

# The searcher's limit. Showing results costs the same for any number of them (only the lines
# on screen are drawn); the searcher's own time grows a little with the limit.
MAX_RESULTS = 30
# Searches run on the UI thread while the recent ones took less than this (median) and the
# library is small: the query and its results are then painted in one frame, well within the
# 16 ms of a 60 Hz frame. A search in the worker lands a frame after the typed letter at best.
INLINE_BUDGET = 0.008
INLINE_MAX_ARTICLES = 500
RECENT_SEARCHES = 8
# A sampled answer is refined once no key has been typed for this long (seconds): long enough
# not to start work between the keys of a word, short enough to feel like part of the answer.
REFINE_DELAY = 0.2
# Cells right of the result text: a gap, then the scroll bar.
BAR_CELLS = 2
# Long sentences are cut to a window around the first match so every result stays 2-4 lines.
WINDOW_CHARS = 200

_index_lock = threading.Lock()
_index_cache: dict[tuple[str, ...], Any] = {}


def build_index(library) -> tuple[Any, dict[tuple[str, int], Any]]:
    """The search index of ``library`` and its quotes by (article id, start), built once per
    library content."""
    from tui.search import SearchIndex

    key = tuple(i.id for i in library.infos)
    with _index_lock:
        hit = _index_cache.get(key)
        if hit is not None:
            return hit
    articles, quotes = library_articles_and_quotes(library)
    index = SearchIndex.cached(articles, quotes=quotes)
    by_place = {(q.article_id, q.start): q for q in quotes}
    with _index_lock:
        _index_cache.clear()  # one library per app: keep memory bounded to the current one
        _index_cache[key] = (index, by_place)
    return index, by_place


def distinct_places(hits) -> list[Any]:
    """``hits`` without those overlapping a better hit in the same article: a quote and the
    sentence around it are one place to the reader, shown once (as the better-ranked one, the
    quote when they tie, since it carries a speaker)."""
    kept: list[Any] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    # Stable: the searcher's order stands except that a quote goes before an equal-scored
    # sentence.
    for h in sorted(hits, key=lambda h: (-h.score, h.kind != "quote")):
        taken = spans.setdefault(h.article_id, [])
        if any(h.start < e and s < h.end for s, e in taken):
            continue
        taken.append((h.start, h.end))
        kept.append(h)
    return kept


def window(text: str, matches: list[tuple[int, int]], limit: int = WINDOW_CHARS
           ) -> tuple[str, list[tuple[int, int]]]:
    """``text`` cut to about ``limit`` characters around its first match, with the match
    ranges shifted to the cut; ellipses mark what was cut."""
    if len(text) <= limit:
        return text, list(matches)
    first = min((s for s, _ in matches), default=0)
    start = max(0, min(first - limit // 4, len(text) - limit))
    end = min(len(text), start + limit)
    cut = text[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    ranges = [(max(s, start) + shift, min(e, end) + shift) for s, e in matches
              if e > start and s < end]
    return lead + cut + tail, ranges


def shown_text(text: str, matches: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line, cut to a window around its first match, with the match ranges
    in it sorted and merged (as the result list draws them, left to right)."""
    flat = text.replace("\n", " ").replace("\t", " ")
    shown, ranges = window(flat, matches)
    merged: list[tuple[int, int]] = []
    for s, e in sorted(r for r in ranges if r[1] > r[0]):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return shown, merged


# Characters one cell wide: Latin, Greek, Cyrillic and the typographic punctuation of news
# text (curly quotes, dashes, ellipsis). Text made only of these is as many cells as characters.
_ONE_CELL = frozenset(
    c for lo, hi in ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x205E))
    for c in map(chr, range(lo, hi + 1)) if get_character_cell_size(c) == 1)


def wrap_line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of a one-line ``text`` to ``width`` cells as ``(start, end)`` offsets.
    Text of one-cell characters (nearly every result) is cut with ``rfind``, several times
    faster than the general word scan of ``wrap_spans``, which handles the rest (wide
    characters, combining marks)."""
    width = max(1, width)
    if not (text.isascii() or _ONE_CELL.issuperset(text)):
        return wrap_spans(text, width)
    n = len(text)
    lines: list[tuple[int, int]] = []
    start = 0
    while start < n and text[start] == " ":
        start += 1
    while start < n:
        if n - start <= width:
            end = n
            while end > start and text[end - 1] == " ":
                end -= 1
            lines.append((start, end))
            break
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            # A word longer than the line is cut into line-sized pieces.
            lines.append((start, start + width))
            start += width
            continue
        end = cut
        while end > start and text[end - 1] == " ":
            end -= 1
        lines.append((start, end))
        start = cut + 1
        while start < n and text[start] == " ":
            start += 1
    return lines or [(0, 0)]


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending in an ellipsis when it had to be cut."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:max(0, width)]
    out = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + "…"


class Result(NamedTuple):
    """One result as shown: ``kind`` ("quote" or "text"), ``source`` (outlet · speaker ·
    title), and the text around the match with the matched words' ranges in it."""

    kind: str
    source: str
    text: str
    ranges: tuple[tuple[int, int], ...]


class ResultList(ScrollView, can_focus=True, inherit_bindings=False):
    """Search results, best first: for each, a ``kind  source`` line cut to the width, then
    its text wrapped with the matched words marked, then a rule. A cursor marks one result.

    Only the lines on screen are drawn (``render_line``, with a strip cache); new results
    replace the data and repaint, so a keystroke never mounts widgets or lays out the screen
    (the virtual size is set without the layout a reactive assignment would request)."""

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

    class Selected(Message):
        """``enter`` or a click on the result at ``index``."""

        def __init__(self, results: "ResultList", index: int) -> None:
            super().__init__()
            self.results = results
            self.index = index

        @property
        def control(self) -> "ResultList":
            return self.results

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.results: list[Result] = []
        self.cursor = 0
        self._width = 0                               # wrap width of the layout below
        self._bodies: list[list[tuple[int, int]]] = []  # wrapped lines of each result's text
        self._tops: list[int] = [0]                    # first line of each result, then the end
        # Strips by (result, row, cursor?, width, style generation): a result that the next
        # keystroke still finds is not drawn again, wherever it moves in the list.
        self._cache: LRUCache[tuple, Strip] = LRUCache(1024)
        self._wraps: LRUCache[tuple[str, int], list[tuple[int, int]]] = LRUCache(1024)
        self._generation = 0
        self._styles: dict[str, Style] | None = None  # for the current generation

    # --- data ----------------------------------------------------------------------------------

    def set_results(self, results: list[Result]) -> None:
        """Show ``results`` from the top with the cursor on the first."""
        shown = self._shown_keys()
        self.results = results
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

    def invalidate(self) -> None:
        """Draw every line again (the styles changed)."""
        self._generation += 1
        self._styles = None
        self._cache.clear()
        self.refresh()

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
        self._bodies = [self._wrap(r.text, text_width) for r in self.results] if width > 0 \
            else [[] for _ in self.results]
        tops = [0]
        for body in self._bodies:
            # kind/source line, the text, and a rule before the next result.
            tops.append(tops[-1] + 2 + len(body))
        if self.results:
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
        return not self._check_disabled() and self.max_scroll_y > 0

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
        self._scroll_to_cursor()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.invalidate()

    # --- cursor --------------------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        if not self.results:
            return
        index = max(0, min(index, len(self.results) - 1))
        if index == self.cursor:
            return
        shown = self._shown_keys()
        self.cursor = index
        self._scroll_to_cursor()
        self._refresh_changed(shown)

    def _scroll_to_cursor(self) -> None:
        if not self.results or self._width <= 0:
            return
        lines = self.lines_of(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = round(self.scroll_y)
        if lines.start < top or len(lines) > height:
            self.scroll_to(y=lines.start, animate=False, force=True)
        elif lines.stop > top + height:
            self.scroll_to(y=lines.stop - height, animate=False, force=True)

    def index_at_line(self, y: int) -> int:
        return max(0, min(bisect.bisect_right(self._tops, y) - 1, len(self.results) - 1))

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.results) - 1)

    def action_page_down(self) -> None:
        # The result a screen further down, or at least the next one.
        if self.results:
            height = max(1, self.scrollable_content_region.height)
            target = self.index_at_line(self._tops[self.cursor] + height)
            self.move_cursor(max(target, self.cursor + 1))

    def action_page_up(self) -> None:
        if self.results:
            height = max(1, self.scrollable_content_region.height)
            target = self.index_at_line(max(0, self._tops[self.cursor] - height))
            self.move_cursor(min(target, self.cursor - 1))

    def action_select(self) -> None:
        if 0 <= self.cursor < len(self.results):
            self.post_message(self.Selected(self, self.cursor))

    def on_click(self, event: events.Click) -> None:
        if event.x >= self.text_width:
            return  # the gap or the scroll bar
        y = round(self.scroll_y) + event.y
        if 0 <= y < self.line_count:
            self.move_cursor(self.index_at_line(y))
            self.action_select()

    def on_focus(self) -> None:
        self.invalidate()

    def on_blur(self) -> None:
        self.invalidate()

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
        if not self.results or line >= self.line_count:
            return ("blank", width, self._generation, bar)
        index = bisect.bisect_right(self._tops, line) - 1
        row = line - self._tops[index]
        if row > len(self._bodies[index]):
            return ("rule", width, self._generation, bar)
        return (self.results[index], row, index == self.cursor, width, self._generation, bar)

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
        strip = self._cache.get(key)
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
            self._cache[key] = strip
        return strip

    def _render_row(self, result: Result, body: list[tuple[int, int]], row: int,
                    is_cursor: bool, width: int, styles: dict[str, Style]) -> Strip:
        prefix = "cursor-" if is_cursor else ""
        base = styles["cursor" if is_cursor else "base"]
        if row == 0:
            label = f"{result.kind:<6}"
            segments = [Segment(label, styles[prefix + "kind"]),
                        Segment(cut(result.source, width - cell_len(label)),
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


class QueryInput(StillInput):
    """The search box; ``enter`` opens the highlighted result, and the footer says so."""

    # Input binds up/down to scrolling itself; here they move through the results instead, so
    # the user can type, glance down the list and open without leaving the box.
    BINDINGS = [
        Binding("enter", "submit", "Open", id="search.open"),
        Binding("down", "screen.move(1)", "Move", key_display="↑↓", id="search.input_down"),
        Binding("up", "screen.move(-1)", "Move", show=False, id="search.input_up"),
    ]
    # Those keys act on the screen or open a result; every other key bound here edits the box.
    NOT_EDITING = ("submit", "screen.")

    @property
    def content_width(self) -> int:
        # Input sets its virtual width to this on every change of value, and a new virtual
        # size lays out the whole screen (the costliest part of a keystroke here). While the
        # query fits the box, the box's width: no layout until the query outgrows it.
        return max(super().content_width, self.scrollable_content_region.width)

    async def _on_key(self, event: events.Key) -> None:
        # Textual runs a focused widget's key bindings only once the key has bubbled up to the
        # app, while letters are typed in the widget's own queue: in a burst of keys (a fast
        # typist over SSH, keys queued while a frame is drawn) "ab⌫c" would give "ab", the
        # backspace landing after the "c". Editing keys run here, in the order typed.
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.action.startswith(self.NOT_EDITING):
                event.stop()
                event.prevent_default()  # Input's own handler has nothing more to do
                await self.run_action(binding.action)
                return


class SearchScreen(Screen):
    """An input and the results of its query, best first."""

    DEFAULT_CSS = """
    SearchScreen #search-status { height: 1; padding: 0 1; background: $panel; color: $text;
        text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    SearchScreen #search-input { height: 1; padding: 0 1; background: $boost; }
    SearchScreen #search-results { height: 1fr; padding: 0 0 0 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="search.close"),
        # Priority: handled in key order, so "tab b" typed fast bookmarks instead of typing b.
        Binding("tab", "focus_results", "Results", id="search.results", priority=True),
        Binding("b", "bookmark", "Bookmark", id="search.bookmark"),
        Binding("y", "copy", "Copy", id="search.copy"),
        Binding("slash", "focus_query", "Query", id="search.query"),
        Binding("j", "move(1)", "Down", show=False, id="search.j"),
        Binding("k", "move(-1)", "Up", show=False, id="search.k"),
    ]

    PALETTE_COMMANDS = [
        PaletteCommand("Search: open result", "Read the article at this result (enter)",
                       "screen.open"),
        PaletteCommand("Search: bookmark result", "Save this quote or passage (tab, b)",
                       "screen.bookmark"),
        PaletteCommand("Search: copy with citation", "Text, source and file (tab, y)",
                       "screen.copy"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.index = None
        self.searcher = None
        self.quotes_by_place: dict[tuple[str, int], Any] = {}
        self.hits: list[Any] = []
        self.shown_query = ""
        self.index_seconds = 0.0
        self.search_seconds = 0.0
        # Whether searches may run on the UI thread at all (a small library); they do while
        # the recent ones were fast (see ``inline``).
        self.inline_allowed = False
        self._recent: deque[float] = deque(maxlen=RECENT_SEARCHES)
        # Written on the UI thread at each keystroke, read by search workers to drop stale work.
        self.latest_query = ""
        self._search_lock = threading.Lock()
        # Whether the shown answer is proved (False: sampled, a refinement is due or running).
        self.shown_exact = True
        self.refine_seconds = 0.0
        self._refine_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield StatusLine("Search · Indexing…", id="search-status")
        yield QueryInput(placeholder="type words to find; typos are fine", id="search-input",
                         compact=True)
        yield ResultList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        box = self.query_one(Input)
        box.focus()
        # A watcher runs as the value changes, in the same turn as the key: an inline search's
        # results are then painted in the frame that shows the letter (Input.Changed arrives a
        # message later, often after that frame).
        self.watch(box, "value", self._query_changed, init=False)
        self.build()

    # --- index -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="search-index")
    def build(self) -> None:
        started = time.perf_counter()
        try:
            index, by_place = build_index(self.app.library)
        except Exception as e:  # noqa: BLE001 - a broken index must leave the app usable
            self.app.call_from_thread(self.set_status, f"Search · could not build the index: {e}")
            return
        from tui.search import Searcher

        searcher = Searcher(index, limit=MAX_RESULTS)
        # The first search of a fresh index fills its lazy tables (tens of ms): here, not on
        # the first keystroke. A throwaway searcher, so the real one starts clean.
        Searcher(index, limit=MAX_RESULTS).update("the a")
        elapsed = time.perf_counter() - started
        self.app.call_from_thread(self.index_ready, index, searcher, by_place, elapsed)

    def index_ready(self, index, searcher, by_place, elapsed: float) -> None:
        self.index = index
        self.searcher = searcher
        self.index_seconds = elapsed
        self.inline_allowed = len(self.app.library.infos) <= INLINE_MAX_ARTICLES
        self.quotes_by_place = by_place
        self.set_status(self.idle_status())
        query = self.query_one(Input).value
        if query.strip():
            self.search(query)  # in the worker: the first search of a fresh index may be slow

    def idle_status(self) -> str:
        n = len(self.app.library.infos)
        return f"Search · every sentence and quote of {n} article{'s' if n != 1 else ''}"

    def set_status(self, text: str) -> None:
        # A repaint, not a re-layout of the screen, on every keystroke.
        self.query_one("#search-status", StatusLine).text = text

    # --- searching ---------------------------------------------------------------------------

    def _query_changed(self, query: str) -> None:
        self.latest_query = query
        self._cancel_refine_timer()
        if self.searcher is None:
            return  # index_ready runs the query typed while indexing
        if self.inline:
            self.search_now(query)
        else:
            self.search(query)

    @property
    def inline(self) -> bool:
        """Whether the next search runs on the UI thread: on a small library, while the median
        of the recent searches is within budget (one slow search, a pause of the machine, does
        not move the screen to the worker; a library whose searches are slow does)."""
        return self.inline_allowed and (
            not self._recent or statistics.median(self._recent) <= INLINE_BUDGET)

    def search_now(self, query: str) -> None:
        """Search on the UI thread: on a small library the search takes a millisecond or two,
        less than handing it to a thread and back, and the results share the letter's frame."""
        started = time.perf_counter()
        with self._search_lock:
            hits = distinct_places(self.searcher.update(query)) if query.strip() else []
            exact = self.searcher.exact or not query.strip()
        elapsed = time.perf_counter() - started
        if query.strip():
            self._recent.append(elapsed)
        self.show_hits(query, hits, elapsed, exact)

    @work(thread=True, exclusive=True, group="search-query")
    def search(self, query: str) -> None:
        if not query.strip():
            self.app.call_from_thread(self.show_hits, query, [], 0.0)
            return
        started = time.perf_counter()
        # One search at a time: the searcher may keep state between keystrokes.
        with self._search_lock:
            if query != self.latest_query:
                return  # typed over already: skip the work, the newer search follows
            hits = distinct_places(self.searcher.update(query))
            exact = self.searcher.exact
        elapsed = time.perf_counter() - started
        self._recent.append(elapsed)  # deque.append is atomic: no lock needed with the UI
        self.app.call_from_thread(self.show_hits, query, hits, elapsed, exact)

    def show_hits(self, query: str, hits: list[Any], elapsed: float, exact: bool = True) -> None:
        if query != self.query_one(Input).value:
            return  # stale: a newer keystroke's search will answer
        self.shown_query = query
        self.hits = hits
        self.shown_exact = exact
        # Kept for benchmarks (tests/bench), not shown: the status line must stay deterministic.
        self.search_seconds = elapsed
        self.query_one(ResultList).set_results([self.result(h) for h in hits])
        self.show_status(query)
        self._cancel_refine_timer()
        if not exact:
            self._refine_timer = self.set_timer(REFINE_DELAY, lambda: self._refine_due(query))

    def show_status(self, query: str) -> None:
        hits = self.hits
        if not query.strip():
            self.set_status(self.idle_status())
        elif hits:
            more = "+" if len(hits) >= MAX_RESULTS else ""
            refining = "" if self.shown_exact else " · refining…"
            self.set_status(f"Search · {len(hits)}{more} results{refining} · tab, then b "
                            "bookmarks, y copies")
        else:
            self.set_status(f"Search · no results for “{query.strip()}”")

    # --- refining a sampled answer -------------------------------------------------------------

    def _cancel_refine_timer(self) -> None:
        if self._refine_timer is not None:
            self._refine_timer.stop()
            self._refine_timer = None

    def _refine_due(self, query: str) -> None:
        self._refine_timer = None
        if query == self.query_one(Input).value and not self.shown_exact \
                and self.shown_query == query:
            self.refine(query)

    @work(thread=True, exclusive=True, group="search-refine")
    def refine(self, query: str) -> None:
        """The proved answer to ``query``, computed in chunks; abandoned as soon as the query
        changes or a newer refinement starts (exclusive: starting one cancels this)."""
        worker = get_current_worker()

        def cancelled() -> bool:
            return worker.is_cancelled or self.latest_query != query

        started = time.perf_counter()
        # Stateless and thread-safe: no need for the searcher's lock, so keystrokes go on.
        hits = self.index.search_exact(query, MAX_RESULTS, cancelled)
        if hits is None or cancelled():
            return
        elapsed = time.perf_counter() - started
        self.app.call_from_thread(self.show_refined, query, distinct_places(hits), elapsed)

    def show_refined(self, query: str, hits: list[Any], elapsed: float) -> None:
        """Put the proved answer in place of the sampled one, keeping the cursor on the result
        it was on when that result is still there."""
        if query != self.query_one(Input).value or query != self.shown_query \
                or self.shown_exact:
            return  # typed over (or answered) already
        self.refine_seconds = elapsed
        places = [(h.article_id, h.start, h.end) for h in hits]
        if places == [(h.article_id, h.start, h.end) for h in self.hits]:
            self.hits = hits            # the sample was right: nothing to repaint but the status
            self.shown_exact = True
            self.show_status(query)
            return
        results = self.query_one(ResultList)
        current = self.current()
        self.hits = hits
        self.shown_exact = True
        results.set_results([self.result(h) for h in hits])
        if current is not None:
            at = (current.article_id, current.start, current.end)
            if at in places:
                results.move_cursor(places.index(at))
        self.show_status(query)

    def result(self, hit) -> Result:
        """``hit`` as the list shows it: ``kind  Outlet · Speaker · Title``, then the text
        around the match with the matched words marked."""
        info = self.app.library.by_id(hit.article_id)
        speaker = None
        if hit.kind == "quote":
            q = self.quotes_by_place.get((hit.article_id, hit.start))
            speaker = q.speaker if q is not None else None
        parts = [info.outlet if info else None, speaker, info.title if info else hit.path]
        text, ranges = shown_text(hit.text, hit.matches)
        return Result("quote" if hit.kind == "quote" else "text",
                      " · ".join(p for p in parts if p), text, tuple(ranges))

    # --- actions -----------------------------------------------------------------------------

    def current(self):
        """The hit under the result list's cursor, or None when there are no results."""
        cursor = self.query_one(ResultList).cursor
        return self.hits[cursor] if 0 <= cursor < len(self.hits) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While typing, letters belong to the query: hide the list-only keys from the footer.
        if action in ("bookmark", "copy"):
            return not isinstance(self.focused, Input)
        if action == "focus_results":
            return isinstance(self.focused, Input)
        return True

    def on_descendant_focus(self) -> None:
        self.refresh_bindings()

    def on_key(self, event) -> None:
        # Letters reach the query even when they arrive before the box has focus (typed right
        # after "/", while the screen mounts) or while the results list has it: there, a
        # character that is not a key of this screen (b, y, j, k, q, ?, /…) edits the query.
        # (A printable key the box handled never gets here: Input stops it. One that gets here
        # with the box focused was sent to the screen before the box had focus.)
        if not (event.is_printable and event.character):
            return
        focused = self.focused
        if focused is None or isinstance(focused, Input) or \
                event.key not in self.active_bindings:
            inp = self.query_one(Input)
            self.set_focus(inp)
            inp.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    def action_move(self, step: int) -> None:
        results = self.query_one(ResultList)
        results.move_cursor(results.cursor + step)

    # set_focus rather than focus(): focus() waits behind keys already queued, which would
    # then go to the old widget.
    def action_focus_results(self) -> None:
        if self.hits:
            self.set_focus(self.query_one(ResultList))

    def action_focus_query(self) -> None:
        self.set_focus(self.query_one(Input))

    def action_close(self) -> None:
        self.dismiss()

    @on(ResultList.Selected, "#search-results")
    def _selected(self, event: ResultList.Selected) -> None:
        event.stop()
        self.action_open()

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        hit = self.current()
        if hit is None:
            return
        self.app.open_reader(hit.article_id, offset=hit.start)

    def record(self, hit) -> dict[str, Any]:
        speaker = None
        if hit.kind == "quote":
            q = self.quotes_by_place.get((hit.article_id, hit.start))
            speaker = q.speaker if q is not None else None
        return make_record(self.app, kind="quote" if hit.kind == "quote" else "passage",
                           article_id=hit.article_id, path=hit.path, start=hit.start,
                           end=hit.end, text=hit.text, speaker=speaker)

    def action_bookmark(self) -> None:
        hit = self.current()
        if hit is not None:
            request_bookmark(self.app, self.record(hit))

    def action_copy(self) -> None:
        hit = self.current()
        if hit is not None:
            copy_citation(self.app, self.record(hit))
