"""Search as you type over every sentence and quote of the library.

The index is built once per library content in a thread worker (``SearchIndex.cached`` keys it
by content on disk, and ``app.library_cache`` keeps the built index while the app runs, so
reopening the screen is instant). Each keystroke runs the searcher in an exclusive thread worker
(or inline, on a small library while searches are fast); a result is shown only if the query it
answers is still the one in the box, so a slow old query never overwrites a newer one.

A keystroke's answer may be sampled (a query of common words only, where thousands of sentences
tie on words; ``Searcher.exact`` is then False). Once typing pauses for REFINE_DELAY, a thread
worker computes the proved answer (``SearchIndex.search_exact``) and replaces the sampled one if
the query is still the same; the status line says "refining…" meanwhile. The next keystroke
abandons the refinement within a chunk of work.

The results are one Line API widget (``widgets.result_list.ResultList``): a keystroke swaps its
list of results and repaints the lines on screen. ``enter`` opens a result in the reader, ``b``
bookmarks it (``bookmark_dialog``), ``y`` copies it with its citation.
"""
from __future__ import annotations

import statistics
import threading
import time
from collections import deque
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.timer import Timer
from textual.widgets import Input
from textual.worker import get_current_worker

from .base import SynopticScreen
from .bookmark_dialog import bookmark_record, request_bookmark
from .clipboard import copy_citation
from .commands import PaletteCommand
from .numbers import plural
from .widgets.inputs import QueryInput
from .widgets.key_bar import KeyBar
from .widgets.line_label import LineLabel
from .widgets.result_list import Result, ResultList

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

# ``tui.search`` (numpy) is imported by the worker that builds the index, not here: importing
# it would hold back the screen's first paint.


class SearchScreen(SynopticScreen):
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
        # A quote's speaker by (article id, start), to name it in the results.
        self.speakers: dict[tuple[str, int], str | None] = {}
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
        # What is still being indexed on a big library ("" once everything is searched).
        self.pending = ""

    def compose(self) -> ComposeResult:
        yield LineLabel("Search · Indexing…", id="search-status")
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
        from tui.cancel import Cancelled

        started = time.perf_counter()
        cache = self.app.library_cache
        library = self.app.library
        cancelled = self.app.job_cancelled
        try:
            done = cache.cached_search(library)
            if done is None and not cache.uses_child(library):
                done = cache.search_index(library, cancelled)
            if done is not None:
                self._hand_over(done[0], done[1], started, "")
                return
            self._build_in_steps(cache, library, started, cancelled)
        except Cancelled:
            return
        except Exception as e:  # noqa: BLE001 - a broken index must leave the app usable
            self.app.call_from_thread(self.set_status, f"Search · could not build the index: {e}")
            return

    def _build_in_steps(self, cache, library, started: float, cancelled) -> None:
        """A big library: the first sentences' index, every sentence's, then the quotes'
        (``LibraryCache``); each is searched as soon as it is there."""
        from tui.search.combined import CombinedIndex

        from .numbers import percent, progress_counts

        shown = [0.0]

        def note(text: str, force: bool = False) -> None:
            now = time.monotonic()
            if force or now - shown[0] >= 0.1:
                shown[0] = now
                self.app.call_from_thread(self.set_pending, text)

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "read":
                note(f"reading {progress_counts(done, total, 'bytes')}")
            else:
                note(f"indexing sentences: {progress_counts(done, total)}")

        def early(index) -> None:
            self._hand_over(index, {}, started, "indexing the other sentences…")

        sentences = cache.sentence_index(library, early, progress, cancelled)
        self._hand_over(sentences, {}, started, "finding quotes…")

        def quotes_progress(update) -> None:
            if update.stage == "grouping":
                note(f"grouping quotes {percent(update.done, update.total)}%")
            else:
                note(f"finding quotes {percent(update.done, update.total)}%")

        quotes = cache.quotes(library, quotes_progress, cancelled)
        note("indexing quotes…", force=True)
        quote_index, speakers = cache.quote_index(library, quotes, cancelled)
        combined = CombinedIndex([sentences, quote_index])
        cache.store_search(library, combined, speakers)
        self._hand_over(combined, speakers, started, "")

    def _hand_over(self, index, speakers, started: float, pending: str) -> None:
        """Give ``index`` to the screen (from the worker); ``pending`` says what is still
        being built ("" when this is the whole index)."""
        from tui.search.combined import searcher_for

        searcher = searcher_for(index, MAX_RESULTS)
        # The first search of a fresh index fills its lazy tables (tens of ms): here, not on
        # the first keystroke. A throwaway searcher, so the real one starts clean.
        searcher_for(index, MAX_RESULTS).update("the a")
        elapsed = time.perf_counter() - started
        self.app.call_from_thread(self.index_ready, index, searcher, speakers, elapsed, pending)

    def index_ready(self, index, searcher, speakers, elapsed: float, pending: str = "") -> None:
        self.index = index
        self.searcher = searcher
        self.index_seconds = elapsed
        self.inline_allowed = (len(self.app.library.infos) <= INLINE_MAX_ARTICLES
                               and not self.app.library_cache.uses_child(self.app.library))
        self.speakers = speakers
        self.pending = pending
        query = self.query_one(Input).value
        if query.strip():
            self.search(query)  # in the worker: the first search of a fresh index may be slow
        else:
            self.set_status(self.idle_status())

    def set_pending(self, text: str) -> None:
        """What is still being indexed, for the status line (from the build worker)."""
        if not self.is_attached:
            return
        self.pending = text
        if self.searcher is None:
            self.set_status(f"Search · Indexing: {text}")
        else:
            self.show_status(self.shown_query)

    def idle_status(self) -> str:
        articles = plural(len(self.app.library.infos), "article")
        if self.pending:
            return f"Search · the sentences of {articles} · {self.pending}"
        return f"Search · every sentence and quote of {articles}"

    def set_status(self, text: str) -> None:
        # A repaint, not a re-layout of the screen, on every keystroke.
        self.query_one("#search-status", LineLabel).text = text

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
            hits = self.places(self.searcher.update(query)) if query.strip() else []
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
            hits = self.places(self.searcher.update(query))
            exact = self.searcher.exact
        elapsed = time.perf_counter() - started
        self._recent.append(elapsed)  # deque.append is atomic: no lock needed with the UI
        self.app.call_from_thread(self.show_hits, query, hits, elapsed, exact)

    def places(self, hits: list[Any]) -> list[Any]:
        """The searcher's hits as the list shows them: quotes with their speakers, and one
        hit per place (a quote and the sentence around it are one)."""
        from tui.search.results import distinct_places, with_speakers

        return distinct_places(with_speakers(hits, self.speakers))

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
            count = f"{len(hits)}{more} result{'' if len(hits) == 1 else 's'}"
            refining = "" if self.shown_exact else " · refining…"
            pending = f" · {self.pending}" if self.pending else ""
            self.set_status(f"Search · {count}{refining}{pending} · tab, then b "
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
        self.app.call_from_thread(self.show_refined, query, self.places(hits), elapsed)

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
        from tui.search.results import shown_text

        info = self.app.library.by_id(hit.article_id)
        speaker = hit.speaker if hit.kind == "quote" else None
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
        quote = hit.kind == "quote"
        return bookmark_record("quote" if quote else "passage", hit.article_id, hit.path,
                               hit.start, hit.end, hit.text,
                               source=self.app.library.by_id(hit.article_id),
                               speaker=hit.speaker if quote else None)

    def action_bookmark(self) -> None:
        hit = self.current()
        if hit is not None:
            request_bookmark(self.app, self.record(hit))

    def action_copy(self) -> None:
        hit = self.current()
        if hit is not None:
            copy_citation(self.app, self.record(hit))
