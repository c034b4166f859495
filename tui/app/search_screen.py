"""Search as you type over every sentence and quote of the library.

The index is built once per library content in a thread worker (``SearchIndex.cached`` keys it
by content, and this module keeps the built index for the app's lifetime so reopening the screen
is instant). Each keystroke runs the searcher in an exclusive thread worker; a result is shown
only if the query it answers is still the one in the box, so a slow old query never overwrites a
newer one.
"""
from __future__ import annotations

import threading
import time
from typing import Any

from rich.console import Group
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from .app import PaletteCommand
from .bookmarks import OpenList, StillInput, make_record, request_bookmark
from .clipboard import copy_citation
from .help_screen import KeyBar
from .reader_screen import StatusLine
from .quotes_screen import library_articles_and_quotes

# Each result shown costs layout time on every keystroke; a screen shows about six.
MAX_RESULTS = 30
# Searches run on the UI thread while they take less than this (and the library is small);
# handing a search to a thread and back costs more than that under load.
INLINE_BUDGET = 0.004
INLINE_MAX_ARTICLES = 500
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


def highlighted(text: str, matches: list[tuple[int, int]], style: str = "bold underline"
                ) -> Text:
    flat = text.replace("\n", " ")
    shown, ranges = window(flat, matches)
    out = Text(shown)
    for s, e in ranges:
        if e > s:
            out.stylize(style, s, e)
    return out


class QueryInput(StillInput):
    """The search box; ``enter`` opens the highlighted result, and the footer says so."""

    # Input binds up/down to scrolling itself; here they move through the results instead, so
    # the user can type, glance down the list and open without leaving the box.
    BINDINGS = [
        Binding("enter", "submit", "Open", id="search.open"),
        Binding("down", "screen.move(1)", "Move", key_display="↑↓", id="search.input_down"),
        Binding("up", "screen.move(-1)", "Move", show=False, id="search.input_up"),
    ]


class SearchScreen(Screen):
    """An input and the results of its query, best first."""

    DEFAULT_CSS = """
    SearchScreen #search-status { height: 1; padding: 0 1; background: $panel; color: $text;
        text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    SearchScreen #search-input { height: 1; padding: 0 1; background: $boost; }
    SearchScreen #search-results { height: 1fr; border: none; padding: 0 1; }
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
        self.inline = False
        # Written on the UI thread at each keystroke, read by search workers to drop stale work.
        self.latest_query = ""
        self._search_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield StatusLine("Search · Indexing…", id="search-status")
        yield QueryInput(placeholder="type words to find; typos are fine", id="search-input",
                         compact=True)
        yield OpenList(id="search-results")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()
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
        elapsed = time.perf_counter() - started
        self.app.call_from_thread(self.index_ready, index, searcher, by_place, elapsed)

    def index_ready(self, index, searcher, by_place, elapsed: float) -> None:
        self.index = index
        self.searcher = searcher
        self.index_seconds = elapsed
        self.inline = len(self.app.library.infos) <= INLINE_MAX_ARTICLES
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

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        self.latest_query = event.value
        if self.searcher is None:
            return  # index_ready runs the query typed while indexing
        if self.inline:
            self.search_now(event.value)
        else:
            self.search(event.value)

    def search_now(self, query: str) -> None:
        """Search on the UI thread: on a small library the search takes a millisecond or two,
        far less than handing it to a thread and back. The first search over budget sends
        this screen's searches to the worker from then on."""
        started = time.perf_counter()
        with self._search_lock:
            hits = distinct_places(self.searcher.update(query)) if query.strip() else []
        elapsed = time.perf_counter() - started
        if elapsed > INLINE_BUDGET:
            self.inline = False
        self.show_hits(query, hits, elapsed)

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
        elapsed = time.perf_counter() - started
        self.app.call_from_thread(self.show_hits, query, hits, elapsed)

    def show_hits(self, query: str, hits: list[Any], elapsed: float) -> None:
        if query != self.query_one(Input).value:
            return  # stale: a newer keystroke's search will answer
        # Rich styles cannot name theme variables: take the theme's accent as it is now.
        accent = self.app.theme_variables.get("accent", "")
        self._match_style = f"bold underline {accent}".strip()
        self._kind_style = f"bold {accent}".strip()
        self.shown_query = query
        self.hits = hits
        # Kept for benchmarks (tests/bench), not shown: the status line must stay deterministic.
        self.search_seconds = elapsed
        ol = self.query_one(OptionList)
        ol.clear_options()
        options: list[Option | None] = []
        for h in hits:
            if options:
                options.append(None)
            options.append(Option(self.render_hit(h)))
        ol.add_options(options)
        if hits:
            ol.highlighted = 0
        if not query.strip():
            self.set_status(self.idle_status())
        elif hits:
            more = "+" if len(hits) >= MAX_RESULTS else ""
            self.set_status(f"Search · {len(hits)}{more} results · tab, then b bookmarks, "
                            "y copies")
        else:
            self.set_status(f"Search · no results for “{query.strip()}”")

    def render_hit(self, hit) -> Group:
        """``kind  Outlet · Speaker · Title`` on one line (cut to the width), then the text
        around the match with the matched words marked."""
        info = self.app.library.by_id(hit.article_id)
        kind = "quote" if hit.kind == "quote" else "text"
        speaker = None
        if hit.kind == "quote":
            q = self.quotes_by_place.get((hit.article_id, hit.start))
            speaker = q.speaker if q is not None else None
        parts = [info.outlet if info else None, speaker, info.title if info else hit.path]
        head = Text.assemble((f"{kind:<6}", self._kind_style), (" · ".join(p for p in parts if p),
                                                                  "bold"),
                             no_wrap=True, overflow="ellipsis")
        return Group(head, highlighted(hit.text, hit.matches, self._match_style))

    # --- actions -----------------------------------------------------------------------------

    def current(self):
        hi = self.query_one(OptionList).highlighted
        if hi is None or hi >= len(self.hits):
            return None
        return self.hits[hi]

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
        ol = self.query_one(OptionList)
        if not self.hits:
            return
        if step > 0:
            ol.action_cursor_down()
        else:
            ol.action_cursor_up()

    # set_focus rather than focus(): focus() waits behind keys already queued, which would
    # then go to the old widget.
    def action_focus_results(self) -> None:
        if self.hits:
            self.set_focus(self.query_one(OptionList))

    def action_focus_query(self) -> None:
        self.set_focus(self.query_one(Input))

    def action_close(self) -> None:
        self.dismiss()

    @on(OptionList.OptionSelected, "#search-results")
    def _selected(self, event: OptionList.OptionSelected) -> None:
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
