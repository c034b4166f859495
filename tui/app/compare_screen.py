"""The compare screen: two to four articles side by side, locked to aligned sentences.

Paragraphs stay as each outlet wrote them; the links are between sentences (or groups of
them) inside the paragraphs: exactly what ``synoptic align --unit sentence`` prints. One
column is focused (▶): its cursor leads, and every other column puts the counterpart of the
passage under that cursor level with it (blank lines pad a column where its article ends
first). Each other column is aligned with the focused one (a ``PairIndex`` per pair of
articles, computed in worker threads; for two long articles the first window of paragraphs
first, so the first screen shows links at once, then the whole alignment in a child process,
whole_alignment.py). The "second" column (⇄,
the other one of two) is the one ``n``/``N``, ``d``, ``l`` and ``u`` pair with; ``c``
cycles it. Three or four articles show as one column each when every column gets at least
COLUMN_MIN cells, else the focused and the second one.

Open it with ``SynopticApp.open_compare(*ids)`` (two to four article ids), which a story, the
library or the command line may call alike.

Sides: the aligner sees two articles in id order (``align_pair``), so corrections saved from
either orientation apply to the same pair; ``_pair(i, j)`` says which side article ``i`` is.
Cursors are character offsets into each article's text, so they survive re-alignment (a
correction re-cuts the passages) and mean the same in every pair.
"""
from __future__ import annotations

import dataclasses
import sys
import threading
from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize

from tui.corpus import Article, LoadError, Span

from .base import SynopticScreen
from .commands import PaletteCommand
from .compare_model import (PairIndex, Placement, Stop, changed_words, complete, only_ranges,
                            short_name)
from .compare_text import (header_text, not_in_label, only_label, para_label, status_text,
                           unit_label, units_label)
from .session import Session
from .widgets.compare_columns import Column, CompareColumns, Marks
from .widgets.key_bar import KeyBar
from .widgets.line_label import LineLabel

UNIT = "sentence"
COLUMN_MIN = 50          # cells: three or four articles get a column each from this width
INCREMENTAL_ABOVE = 400  # paragraphs: two articles longer than this show a first window first
LOPSIDED = 8             # ...unless one is this many times longer (the aligner prunes those)
# While a worker aligns, the app's thread waits for the interpreter lock each time it gives it
# up (every await on the event loop); Python hands it over every 5 ms by default, which made a
# key take 50-250 ms to show (tests/bench/compare_open.py). 0.5 ms keeps keys answered.
ALIGNING_SWITCH_INTERVAL = 0.0005
SESSION_DELAY = 0.6      # seconds of stillness before the position is written to the session


class PairJob:
    """The alignment of two articles (in id order): its index once known, and the worker's
    progress. ``generation`` drops results of a worker that was replaced (a correction
    re-aligns the pair)."""

    def __init__(self, a: Article, b: Article) -> None:
        self.articles = (a, b)
        self.index: PairIndex | None = None
        self.error = ""
        self.progress: tuple[int, int] | None = None  # left paragraphs linked, of all
        self.generation = 0
        self.running = False
        self.cancel = threading.Event()
        self.differs: dict = {}
        self.words: dict[tuple, tuple] = {}

    @property
    def progress_text(self) -> str:
        if self.progress is None or not self.running:
            return ""
        done, total = self.progress
        return f"aligning the whole ({done * 100 // max(1, total)}% linked)"


class CompareScreen(SynopticScreen):
    """Two to four articles side by side, scrolling locked to aligned sentences."""

    CSS = """
    CompareScreen { layout: vertical; }
    CompareScreen #compare-status {
        height: 1; padding: 0 1; background: $panel; color: $text;
    }
    """

    # The keys used most are the columns widget's (widgets/compare_columns.py), which the
    # key bar lists first; a narrow key bar keeps the first ones (all are in ? and the palette).
    BINDINGS = [
        Binding("tab", "switch_pane", "Column", id="compare.switch_pane"),
        Binding("shift+tab", "switch_pane_back", "Previous column",
                id="compare.switch_pane_back", show=False),
        Binding("c", "cycle_second", "Second", id="compare.cycle_second"),
        Binding("s", "swap", "Swap", id="compare.swap"),
        Binding("o", "pick_other", "Other", id="compare.pick_other"),
        Binding("l", "link", "Link", id="compare.link"),
        Binding("u", "unlink", "Unlink", id="compare.unlink"),
        Binding("b", "bookmark", "Bookmark", id="compare.bookmark"),
        Binding("f", "toggle_lock", "Free", id="compare.toggle_lock"),
    ]

    PALETTE_COMMANDS = [
        PaletteCommand("Compare: switch column", "The next column leads (tab)",
                       "screen.switch_pane"),
        PaletteCommand("Compare: previous column", "The previous column leads (shift+tab)",
                       "screen.switch_pane_back"),
        PaletteCommand("Compare: next sentence", "Move to the next sentence or linked group "
                       "())", "screen.next_sentence"),
        PaletteCommand("Compare: previous sentence", "Move to the previous sentence or linked "
                       "group (()", "screen.previous_sentence"),
        PaletteCommand("Compare: cycle the second article", "The next article becomes the one "
                       "differences, words and links are with (c)", "screen.cycle_second"),
        PaletteCommand("Compare: swap columns", "The focused and the second column change "
                       "places (s)", "screen.swap"),
        PaletteCommand("Compare: word differences", "Show or hide the words that differ inside "
                       "the linked passages (d)", "screen.toggle_words"),
        PaletteCommand("Compare: next difference", "Next passage only one side has, or "
                       "reworded (n)", "screen.next_difference"),
        PaletteCommand("Compare: previous difference", "Previous passage only one side has, or "
                       "reworded (N)", "screen.previous_difference"),
        PaletteCommand("Compare: pick articles", "Choose the second article or add one, most "
                       "related first (o)", "screen.pick_other"),
        PaletteCommand("Compare: link passages", "Say the passage under the cursor and the "
                       "second column's match; saved (l)", "screen.link"),
        PaletteCommand("Compare: unlink passage", "Say the passage under the cursor and its "
                       "counterpart do not match; saved, undone by l (u)", "screen.unlink"),
        PaletteCommand("Compare: bookmark passage", "Bookmark the passage under the cursor (b)",
                       "screen.bookmark"),
        PaletteCommand("Compare: free or lock scrolling", "Move the columns independently, e.g. "
                       "to pick two passages to link; again to lock them (f)",
                       "screen.toggle_lock"),
    ]

    def __init__(self, *articles: Article, passage: int | None = None, focus: int = 0) -> None:
        """``articles``: two to four, left to right. ``passage``: the paragraph the focused
        column (``focus``) starts at; without it, at the first matching pair."""
        super().__init__()
        if not 2 <= len(articles) <= 4:
            raise ValueError("compare takes two to four articles")
        # one Article object per column, even for an article compared with itself
        seen: set[int] = set()
        self._articles: list[Article] = []
        for article in articles:
            if id(article) in seen:
                article = dataclasses.replace(article)
            seen.add(id(article))
            self._articles.append(article)
        self._order: list[int] = list(range(len(articles)))   # left to right
        self._focus = max(0, min(focus, len(articles) - 1))
        self._second = 1 if self._focus == 0 else 0
        self._offsets = [0] * len(articles)
        if passage is not None:
            paras = articles[self._focus].paragraphs
            if paras:
                self._offsets[self._focus] = paras[max(0, min(passage, len(paras) - 1))].start
        self._columns = [Column(a) for a in articles]
        self._jobs: dict[tuple[str, str], PairJob] = {}
        self._locked = True
        self._words = False
        self._stop: Stop | None = None        # the difference n/N last stepped to
        self._message = ""
        self._status = ""
        self._session_timer = None
        self._session_pending = False
        self._start_at_match = passage is None
        self._shown: list[int] = []
        self._static_sources: list[tuple] = [()] * len(articles)

    # --- structure -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield CompareColumns(id="compare-columns")
        yield LineLabel("Aligning…", id="compare-status")
        yield KeyBar()

    @property
    def columns_widget(self) -> CompareColumns:
        return self.query_one(CompareColumns)

    def on_mount(self) -> None:
        self._lay_out(self.app.size.width)
        self.columns_widget.focus()
        self._ensure_jobs()
        self._sync()

    def on_resize(self, event: Resize) -> None:
        if self._lay_out(event.size.width):
            self._ensure_jobs()
        self.call_after_refresh(self._sync)

    def on_compare_columns_resized(self, _message: CompareColumns.Resized) -> None:
        self._scroll_focused("keep")
        self._sync()

    def _lay_out(self, width: int) -> bool:
        """Which columns show at ``width``; True when that changed."""
        n = len(self._articles)
        fits = n * COLUMN_MIN + (n - 1) <= width
        shown = list(self._order) if n == 2 or fits else \
            [i for i in self._order if i in (self._focus, self._second)]
        if shown == self._shown:
            return False
        self._shown = shown
        for i, col in enumerate(self._columns):
            col.label = self._label(i)
        self.columns_widget.set_columns([self._columns[i] for i in shown])
        self._static_sources = [()] * n
        return True

    def _label(self, i: int) -> str:
        if len(self._shown) <= 2:
            other = self._second if i == self._focus else self._focus
            return only_label(self._articles[i], self._articles[other])
        if i == self._focus:
            return "only here"
        return not_in_label(self._articles[self._focus])

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cycle_second" and len(self._articles) <= 2:
            return False  # two articles: nothing to cycle (o picks another)
        return True

    # --- public view of the state (tests read it) ----------------------------------------------

    @property
    def articles(self) -> list[Article]:
        """The articles in the view, left to right."""
        return [self._articles[i] for i in self._order]

    @property
    def shown_articles(self) -> list[Article]:
        return [self._articles[i] for i in self._shown]

    @property
    def focused_article(self) -> Article:
        return self._articles[self._focus]

    @property
    def second_article(self) -> Article:
        return self._articles[self._second]

    @property
    def left_article(self) -> Article:
        return self._articles[self._shown[0] if self._shown else self._order[0]]

    @property
    def right_article(self) -> Article:
        return self._articles[self._shown[-1] if self._shown else self._order[-1]]

    def column(self, article: Article) -> Column:
        return self._columns[self._index_of(article)]

    def cursor(self, article: Article) -> int:
        """The cursor of ``article``'s column: a character offset of its text."""
        return self._offsets[self._index_of(article)]

    def cursor_paragraph(self, article: Article) -> int:
        return article.paragraph_at(self.cursor(article)) if article.paragraphs else 0

    def _index_of(self, article: Article) -> int:
        for i, a in enumerate(self._articles):
            if a is article:
                return i
        raise ValueError("not an article of this view")

    def pair_index(self, a: Article | None = None, b: Article | None = None
                   ) -> tuple[PairIndex | None, int]:
        """The index of articles ``a`` (default: the focused) and ``b`` (default: the second),
        and the side ``a`` is on in it."""
        i = self._focus if a is None else self._index_of(a)
        j = self._second if b is None else self._index_of(b)
        job, side = self._pair(i, j)
        return job.index, side

    def passage(self, article: Article | None = None) -> list[Span]:
        """The spans of the passage under the cursor of ``article``'s column (default: the
        focused one): its linked group of sentences, or the one sentence."""
        i = self._focus if article is None else self._index_of(article)
        return self._group_spans(i, self._offsets[i])

    def pair_job(self, a: Article | None = None, b: Article | None = None) -> PairJob:
        """The alignment job of ``a`` and ``b`` (default: the focused and the second)."""
        i = self._focus if a is None else self._index_of(a)
        j = self._second if b is None else self._index_of(b)
        return self._pair(i, j)[0]

    @property
    def alignment_index(self) -> PairIndex | None:
        """The index of the focused and the second article (None until aligned)."""
        return self.pair_index()[0]

    @property
    def aligning(self) -> bool:
        """True while an alignment a shown column needs is still running or not started."""
        for i in self._shown:
            if i != self._focus:
                job = self._pair(self._focus, i)[0]
                if job.running or (job.index is None and not job.error):
                    return True
        return False

    @property
    def words_shown(self) -> bool:
        return self._words

    @property
    def locked(self) -> bool:
        return self._locked

    @property
    def status_text(self) -> str:
        return self._status

    # --- alignment -----------------------------------------------------------------------------

    def _pair(self, i: int, j: int) -> tuple[PairJob, int]:
        """The job aligning articles ``i`` and ``j``, and the side article ``i`` is on."""
        a, b = self._articles[i], self._articles[j]
        first = (a.id, i) <= (b.id, j)
        key = (a.id, b.id) if first else (b.id, a.id)
        job = self._jobs.get(key)
        if job is None:
            job = self._jobs[key] = PairJob(a, b) if first else PairJob(b, a)
        return job, 0 if first else 1

    def _needed(self) -> list[int]:
        """Articles aligned with the focused one for what is on screen."""
        out = [i for i in self._shown if i != self._focus]
        if self._second not in out:
            out.append(self._second)
        return out

    def _ensure_jobs(self) -> None:
        for j in self._needed():
            job, _ = self._pair(self._focus, j)
            if job.index is None and not job.running and not job.error:
                self._start_job(job)

    def _start_job(self, job: PairJob) -> None:
        job.cancel.set()  # a worker still running for this pair stops at its next window
        job.cancel = threading.Event()
        job.generation += 1
        job.running = True
        job.error = ""
        self.run_worker(partial(self._align, job, job.generation, job.cancel), thread=True,
                        group="compare-align", exit_on_error=False,
                        description=f"align {short_name(job.articles[0])} with "
                                    f"{short_name(job.articles[1])}")

    def _align(self, job: PairJob, generation: int, cancel: threading.Event) -> None:
        """Worker thread: align the pair and post the index (for long articles, the first
        window's too), unless cancelled."""
        with _responsive_while_aligning():
            self._align_now(job, generation, cancel)

    def _align_now(self, job: PairJob, generation: int, cancel: threading.Event) -> None:
        a, b = job.articles
        try:
            from tui.align.corrections import from_store

            records = from_store(self.app.state, a, b, UNIT)
        except Exception as e:  # noqa: BLE001 - unreadable state must not stop the compare view
            records = []
            self._call(self.notify, f"Could not read corrections: {e}", severity="warning",
                       markup=False)
        try:
            from tui.align import align_pair

            if not incremental(a, b):
                alignment = align_pair(a, b, UNIT, records or None)
                index = PairIndex(alignment, (a, b), None, job.differs)
                self._call(self._aligned, job, generation, index, None)
                return
            from tui.align.incremental import IncrementalAlignment

            from .whole_alignment import cache_whole

            # The first window of paragraphs, so the first screen shows links at once...
            work = IncrementalAlignment(a, b, UNIT, records or None)
            work.step()
            closing = self.app.closing
            if cancel.is_set() or closing.is_set():
                return
            if not work.done:
                focused = self._articles[self._focus].id
                sides = tuple(side for side in (0, 1) if job.articles[side].id == focused)
                index = PairIndex(complete(work.alignment(), (a, b)), (a, b),
                                  work.aligned_until, job.differs, sides or (0,))
                self._call(self._aligned, job, generation, index,
                           (work.aligned_until[0], len(a.paragraphs)))
                # ...then the whole alignment, as synoptic align makes it: windows miss what an
                # outlet moved further than a window (0.3% of the links of two 10,000-paragraph
                # documents differ). A child process makes it (keys stay quick, leaving kills
                # it) and caches it; align_pair reads it back with the corrections applied.
                if not cache_whole(a, b, UNIT, cancel, closing) and \
                        (cancel.is_set() or closing.is_set()):
                    return
            index = PairIndex(align_pair(a, b, UNIT, records or None), (a, b), None,
                              job.differs)
            if not cancel.is_set():
                self._call(self._aligned, job, generation, index, None)
        except Exception as e:  # noqa: BLE001 - say what failed; the columns stay readable
            self._call(self._align_failed, job, generation, e)

    def _call(self, callback, *args, **kwargs) -> None:
        """Run ``callback`` on the app's thread (from a worker); nothing once the app is gone."""
        try:
            self.app.call_from_thread(callback, *args, **kwargs)
        except RuntimeError:
            pass  # the app closed meanwhile

    def _aligned(self, job: PairJob, generation: int, index: PairIndex,
                 progress: tuple[int, int] | None) -> None:
        if generation != job.generation or not self.is_attached:
            return
        job.index = index
        job.progress = progress
        job.running = progress is not None
        job.words.clear()
        if self._stop is not None and job is self._pair(self._focus, self._second)[0]:
            self._stop = None
        if self._start_at_match and job is self._pair(self._focus, self._second)[0]:
            self._start_at_match = False
            self._go_to_first_match(index)
        self._sync()

    def _align_failed(self, job: PairJob, generation: int, error: Exception) -> None:
        if generation != job.generation or not self.is_attached:
            return
        job.running = False
        job.error = str(error) or type(error).__name__
        self._sync()

    def _go_to_first_match(self, index: PairIndex) -> None:
        """Opened without a place to return to: start at the first matching pair, so a weak
        link of a headline does not open the other column half-way down."""
        side = self._pair(self._focus, self._second)[1]
        if self._offsets[self._focus]:
            return
        for link in index.links:
            if link.kind == "match":
                units = link.left if side == 0 else link.right
                self._offsets[self._focus] = index.units(side)[units[0]].start
                self._scroll_focused("jump")
                return

    def on_unmount(self) -> None:
        for job in self._jobs.values():
            job.cancel.set()
        # A move made just before quitting is still worth remembering.
        if self._session_timer is not None:
            self._session_timer.stop()
        if self._session_pending:
            self.save_session()

    # --- units of the focused column -----------------------------------------------------------

    def _units(self, i: int) -> tuple[PairIndex | None, int]:
        """The index whose passages article ``i``'s cursor steps through: its pair with the
        second article when ``i`` is focused (else with the focused one)."""
        j = self._second if i == self._focus else self._focus
        job, side = self._pair(i, j)
        return job.index, side

    def _group_spans(self, i: int, offset: int) -> list[Span]:
        """The passage at ``offset`` of article ``i`` as spans: its linked group in the pair
        that leads its units, or the sentence (before the alignment arrives)."""
        index, side = self._units(i)
        article = self._articles[i]
        if index is not None and index.count[side]:
            units = index.units(side)
            return [units[u] for u in index.group(side, index.unit_at(side, offset))]
        return [_sentence_at(article, offset)] if article.paragraphs else []

    def _unit_starts(self, i: int) -> list[int]:
        index, side = self._units(i)
        if index is not None and index.count[side]:
            return index.unit_starts(side)
        return [s.start for s in self._articles[i].sentences]

    # --- moving --------------------------------------------------------------------------------

    def _move(self, offset: int, how: str) -> None:
        """Put the focused cursor on ``offset``; ``how`` says how to scroll ("down", "up":
        stepping; "jump": a quarter down the column when it is off screen)."""
        self._stop = None
        self._offsets[self._focus] = offset
        self._scroll_focused(how)
        self._sync()

    def _scroll_focused(self, how: str) -> None:
        col = self._columns[self._focus]
        if not col.layout.width:
            return  # not laid out yet: the first layout brings the cursor into view
        spans = self._group_spans(self._focus, self._offsets[self._focus])
        if not spans:
            return
        height = max(1, self.columns_widget.body_height)
        col.exact_around(spans[0].start, height)
        y0 = col.line_of(spans[0].start)
        y1 = col.line_of(max(spans[-1].start, spans[-1].end - 1)) + 1
        lines = y1 - y0
        top = col.top
        # Stepping keeps a quarter of the column ahead in view (vim's scrolloff): each step
        # scrolls by about one paragraph, so a step redraws a few new lines, never a screenful.
        margin = max(0, min(height // 4, (height - lines) // 2))
        if how == "down" and y1 > top + height - margin and y0 >= top:
            top = y1 - height + margin
        elif how == "up" and y0 < top + margin and y1 <= top + height:
            top = y0 - margin
        elif y0 < top or y1 > top + height:
            top = y0 - (height // 4 if lines < height * 3 // 4 else 0)
        if lines >= height or y0 < top:
            top = min(top, y0)
        col.top = max(0, min(top, max(0, col.total_lines - 1)))

    def action_next_paragraph(self) -> None:
        self._step_paragraph(+1)

    def action_previous_paragraph(self) -> None:
        self._step_paragraph(-1)

    def _step_paragraph(self, delta: int) -> None:
        i = self._focus
        article = self._articles[i]
        if not article.paragraphs:
            return
        if not self._locked:
            self._free_step_paragraph(i, delta)
            return
        spans = self._group_spans(i, self._offsets[i])
        if delta > 0:
            p = article.paragraph_at(max(spans[-1].start, spans[-1].end - 1)) + 1
        else:
            # to the start of the paragraph the passage begins in, else the one before
            p = article.paragraph_at(spans[0].start)
            first = article.paragraphs[p].sentences
            if not first or spans[0].start <= first[0].start:
                p -= 1
        if not 0 <= p < len(article.paragraphs):
            self._edge(delta)
            return
        self._move(article.paragraphs[p].start, "down" if delta > 0 else "up")

    def action_next_sentence(self) -> None:
        self._step_sentence(+1)

    def action_previous_sentence(self) -> None:
        self._step_sentence(-1)

    def _step_sentence(self, delta: int) -> None:
        i = self._focus
        if not self._articles[i].paragraphs:
            return
        offset = self._offsets[i]
        index, side = self._units(i)
        if index is not None and index.count[side]:
            u = index.unit_at(side, offset)
            group = index.group(side, u)
            v = max(group) + 1 if delta > 0 else min(group) - 1
            if not 0 <= v < index.count[side]:
                self._edge(delta)
                return
            if delta < 0:
                back = index.group(side, v)
                if max(back) == v:
                    v = min(back)
            target = index.units(side)[v].start
        else:
            starts = self._unit_starts(i)
            k = max(0, _bisect_right(starts, offset) - 1) + delta
            if not 0 <= k < len(starts):
                self._edge(delta)
                return
            target = starts[k]
        if not self._locked:
            self._offsets[i] = target
            self._scroll_free(i, "down" if delta > 0 else "up")
            return
        self._move(target, "down" if delta > 0 else "up")

    def action_first_paragraph(self) -> None:
        article = self._articles[self._focus]
        if article.paragraphs:
            self._columns[self._focus].top = 0
            self._move(article.paragraphs[0].start, "jump")

    def action_last_paragraph(self) -> None:
        article = self._articles[self._focus]
        if article.paragraphs:
            self._move(article.paragraphs[-1].start, "jump")

    def action_page_down(self) -> None:
        self._page(+1)

    def action_page_up(self) -> None:
        self._page(-1)

    def _page(self, delta: int) -> None:
        i = self._focus
        col = self._columns[i]
        height = max(1, self.columns_widget.body_height)
        top = col.top + delta * max(1, height - 1)
        # Down stops where the last line reaches the bottom (or where G left the column):
        # further on, the column would show only padding and the cursor would leave the screen.
        bottom = max(col.top, col.total_lines - height) if delta > 0 else col.total_lines - 1
        top = max(0, min(top, bottom))
        if top == col.top:
            self._edge(delta)
            return
        col.top = top
        self._cursor_into_view(i)
        self._stop = None
        self._sync()

    def _cursor_into_view(self, i: int) -> None:
        """After a scroll, the cursor moves to the first passage on screen when it left it."""
        col = self._columns[i]
        height = max(1, self.columns_widget.body_height)
        col.exact_lines(col.top, col.top + height)
        y = col.line_of(self._offsets[i])
        if col.top <= y < col.top + height:
            return
        for line in range(col.top, col.top + height):
            offset = col.offset_at(line)
            if offset is None:
                continue
            starts = self._unit_starts(i)
            k = _bisect_right(starts, offset) - 1
            # prefer a passage that starts on screen
            if k + 1 < len(starts) and col.line_of(starts[k + 1]) < col.top + height and \
                    (k < 0 or col.line_of(starts[k]) < col.top):
                k += 1
            self._offsets[i] = starts[max(0, k)] if starts else offset
            return

    def _edge(self, delta: int) -> None:
        self._say("At the end" if delta > 0 else "At the start")

    def _free_step_paragraph(self, i: int, delta: int) -> None:
        article = self._articles[i]
        p = article.paragraph_at(self._offsets[i]) + delta
        if not 0 <= p < len(article.paragraphs):
            self._edge(delta)
            return
        self._offsets[i] = article.paragraphs[p].start
        self._scroll_free(i, "down" if delta > 0 else "up")

    def _scroll_free(self, i: int, how: str) -> None:
        self._scroll_focused(how)
        self._sync()

    # --- keeping the columns in step -----------------------------------------------------------

    def _sync(self) -> None:
        """Line every shown column up with the focused cursor (when locked), mark what is
        linked with what, and update the headers and the status line."""
        if not self.is_attached or not self._shown:
            return
        widget = self.columns_widget
        if any(not self._columns[j].layout.width for j in self._shown):
            self._update_status()
            return  # not laid out yet
        height = max(1, widget.body_height)
        f = self._focus
        fcol = self._columns[f]
        offset = self._offsets[f]
        f_marks: dict[int, list] = {}
        f_spans = self._group_spans(f, offset)
        for sp in f_spans:
            _add_mark(f_marks, self._articles[f], sp.start, sp.end, "cursor")
        followed: list[Column] = []
        for j in self._shown:
            if j == f:
                continue
            col = self._columns[j]
            job, side = self._pair(f, j)
            index = job.index
            marks: dict[int, list] = {}
            if not self._locked:
                self._free_marks(j, marks)
            elif index is not None and index.count[side] and index.count[1 - side]:
                self._follow(j, index, side, offset, marks, f_marks, height)
                followed.append(col)
            col.dynamic = _freeze(marks)
        if followed and f_spans:
            self._less_padding(f_spans[0].start, followed)
        fcol.dynamic = _freeze(f_marks)
        self._update_static()
        self._update_headers()
        widget.prepare()
        widget.refresh_changed()
        self._update_status()
        self._schedule_session()

    def _follow(self, j: int, index: PairIndex, side: int, offset: int,
                marks: dict[int, list], f_marks: dict[int, list], height: int) -> None:
        f = self._focus
        fcol, col = self._columns[f], self._columns[j]
        other = 1 - side
        u = index.unit_at(side, offset)
        stop = self._stop if j == self._second else None
        place: Placement
        there = ()
        if stop is not None and stop.kind == "only_there":
            place = Placement(stop.there, stop.there[0])
            there = stop.there
        else:
            place = index.placement(side, u)
        here_first = index.units(side)[min(index.group(side, u))].start
        y_here = fcol.line_of(here_first)
        row = y_here - fcol.top
        units = index.units(other)
        if place.anchor >= index.count[other]:
            col.exact_around(units[-1].start, height)
            y_there = col.line_of(max(units[-1].start, units[-1].end - 1)) + 2
        else:
            col.exact_around(units[place.anchor].start, height)
            y_there = col.line_of(units[place.anchor].start)
        col.top = y_there - row
        article = self._articles[j]
        kind = "pair-partial" if place.link is not None and place.link.kind == "partial" \
            else "pair"
        for v in place.target or there:
            _add_mark(marks, article, units[v].start, units[v].end, kind)
        if place.mate >= 0 and j == self._second:  # what l would link it with
            _add_mark(marks, article, units[place.mate].start, units[place.mate].end, "mate")
        cursor_unit = (place.target or there or ((place.mate,) if place.mate >= 0 else ()))
        if cursor_unit:
            self._offsets[j] = units[cursor_unit[0]].start
        elif place.anchor < index.count[other]:
            self._offsets[j] = units[place.anchor].start
        if self._words and place.link is not None:
            mine, theirs = self._changed_words(self._pair(f, j)[0], index, place.link, side)
            for s, e, k in theirs:
                _add_mark(marks, article, s, e, k)
            if j == self._second:
                for s, e, k in mine:
                    _add_mark(f_marks, self._articles[f], s, e, k)

    def _less_padding(self, focus_start: int, others: list[Column]) -> None:
        """When a counterpart sits near the top of its article, its column is padded with
        blank lines to stay level. Scroll the focused column down instead, as far as its
        passage stays on screen, so there is less blank space (every column moves together,
        so the pairs stay level)."""
        pad = max((-col.top for col in others), default=0)
        if pad <= 0:
            return
        fcol = self._columns[self._focus]
        row = fcol.line_of(focus_start) - fcol.top
        shift = min(pad, row)
        if shift > 0:
            fcol.top += shift
            for col in others:
                col.top += shift

    def _changed_words(self, job: PairJob, index: PairIndex, link, side: int):
        key = index.key(link)
        got = job.words.get(key)
        if got is None:
            from tui.align.diff import CHANGED

            sides = changed_words(index, link)
            got = tuple([(s, e, "changed" if kind == CHANGED else "only-word")
                         for s, e, kind in sides[k]] for k in (0, 1))
            job.words[key] = got
        return got[side], got[1 - side]

    def _free_marks(self, j: int, marks: dict[int, list]) -> None:
        """Unlocked: each column shows its own cursor, what ``l`` would link."""
        for sp in self._group_spans(j, self._offsets[j]):
            _add_mark(marks, self._articles[j], sp.start, sp.end, "pair")

    def _update_static(self) -> None:
        """Marks of the sentences only one side has: in each column beside the focused one,
        what the focused article does not have; in the focused column, what none of the
        shown ones has."""
        f = self._focus
        for j in self._shown:
            col = self._columns[j]
            if j == f:
                others = [k for k in self._shown if k != f]
                pairs = [self._pair(f, k) for k in others]
                source = ("focus", tuple((id(job), job.generation, job.index is not None)
                                         for job, _ in pairs))
                if source != self._static_sources[j]:
                    self._static_sources[j] = source
                    indexes = [(job.index, side) for job, side in pairs]
                    col.set_static(partial(_only_marks, indexes)
                                   if all(ix is not None for ix, _ in indexes) else None)
                    col.strips.clear()
            else:
                job, side = self._pair(f, j)
                source = ("other", id(job), job.generation, job.index is not None, f)
                if source != self._static_sources[j]:
                    self._static_sources[j] = source
                    col.set_static(partial(_only_marks, [(job.index, 1 - side)])
                                   if job.index is not None else None)
                    col.strips.clear()

    def _update_headers(self) -> None:
        many = len(self._shown) > 2
        for j in self._shown:
            col = self._columns[j]
            article = self._articles[j]
            n = len(article.paragraphs)
            position = f"{para_label(article.paragraph_at(self._offsets[j]))}/{n}" if n \
                else "empty"
            role = "focus" if j == self._focus else ("second" if many and j == self._second
                                                     else "")
            col.header = header_text(article, position, role)
            col.focused = j == self._focus

    def _update_status(self) -> None:
        if self._message:
            self._set_status(self._message)
            return
        f, s = self._focus, self._second
        job, side = self._pair(f, s)
        index = job.index
        unit = index.unit_at(side, self._offsets[f]) if index is not None else -1
        other_unit = index.unit_at(1 - side, self._offsets[s]) if index is not None else -1
        articles = (self._articles[f], self._articles[s]) if side == 0 else \
            (self._articles[s], self._articles[f])
        progress = " · ".join(p for p in (self._pair(f, j)[0].progress_text
                                          for j in self._needed()) if p)
        text = status_text(index, side, unit, articles, stop=self._stop, words=self._words,
                           locked=self._locked, other_unit=other_unit, progress=progress,
                           error=job.error)
        if len(self._shown) < len(self._articles):
            text += f" · c: next of {len(self._articles)}"
        self._set_status(text)

    def _set_status(self, text: str) -> None:
        if text != self._status:
            self._status = text
            if self.is_mounted:
                self.query_one("#compare-status", LineLabel).update(text)

    def _say(self, text: str) -> None:
        """A message about what just happened; it stays until the next key."""
        self._message = text
        self._set_status(text)

    # --- mouse ---------------------------------------------------------------------------------

    def on_compare_columns_clicked(self, message: CompareColumns.Clicked) -> None:
        if not 0 <= message.column < len(self._shown):
            return
        j = self._shown[message.column]
        if j != self._focus:
            self._set_focus(j)
        if message.offset is not None:
            starts = self._unit_starts(j)
            k = _bisect_right(starts, message.offset) - 1
            self._offsets[j] = starts[max(0, k)] if starts else message.offset
            self._stop = None
        self._sync()

    def on_compare_columns_scrolled(self, message: CompareColumns.Scrolled) -> None:
        if not 0 <= message.column < len(self._shown):
            return
        j = self._focus if self._locked else self._shown[message.column]
        col = self._columns[j]
        col.top = max(0, min(col.top + message.lines, max(0, col.total_lines - 1)))
        self._cursor_into_view(j)
        self._stop = None
        self._sync()

    # --- keys ----------------------------------------------------------------------------------

    def on_key(self, _event) -> None:
        # a message stays until the next key
        if self._message:
            self._message = ""

    def _set_focus(self, j: int) -> None:
        """Article ``j`` leads; the one that led becomes the second."""
        if j == self._focus:
            return
        self._second, self._focus = self._focus, j
        self._stop = None
        for i, col in enumerate(self._columns):
            col.label = self._label(i)
        self.columns_widget.set_columns([self._columns[i] for i in self._shown])
        self._static_sources = [()] * len(self._articles)
        self._ensure_jobs()

    def action_switch_pane(self) -> None:
        self._switch(+1)

    def action_switch_pane_back(self) -> None:
        self._switch(-1)

    def _switch(self, delta: int) -> None:
        shown = self._shown
        if len(shown) < 2:
            return
        k = shown.index(self._focus)
        self._set_focus(shown[(k + delta) % len(shown)])
        self._scroll_focused("jump")
        self._sync()

    def action_cycle_second(self) -> None:
        n = len(self._articles)
        if n <= 2:
            self._say("Two articles: the second is the other one (o picks another)")
            return
        order = [i for i in self._order if i != self._focus]
        k = order.index(self._second) if self._second in order else -1
        self._second = order[(k + 1) % len(order)]
        self._stop = None
        self._shown = []
        self._lay_out(self.size.width or self.app.size.width)
        self._ensure_jobs()
        self._sync()
        self._say(f"Second: {short_name(self._articles[self._second])} "
                  "(differences, words and links are with it)")

    def action_swap(self) -> None:
        a, b = self._order.index(self._focus), self._order.index(self._second)
        self._order[a], self._order[b] = self._order[b], self._order[a]
        self._shown = []
        self._lay_out(self.size.width or self.app.size.width)
        self._sync()
        self._say(f"Swapped: {short_name(self.left_article)} on the left")

    def action_toggle_lock(self) -> None:
        self._locked = not self._locked
        if self._locked:
            self._stop = None
        self._sync()
        self._say("Scrolling locked to the alignment again" if self._locked else
                  "Free: each column moves on its own; tab, move, then l links the two cursors")

    def action_toggle_words(self) -> None:
        self._words = not self._words
        self._sync()

    def action_next_difference(self) -> None:
        self._step_difference(True)

    def action_previous_difference(self) -> None:
        self._step_difference(False)

    def _step_difference(self, forward: bool) -> None:
        f = self._focus
        job, side = self._pair(f, self._second)
        index = job.index
        if index is None:
            self._say("Still aligning…")
            return
        if not self._locked:
            self._locked = True
        u = index.unit_at(side, self._offsets[f])
        stop = index.next_stop(side, u, forward, self._stop)
        if stop is None:
            total = len(index.stops_of(side))
            where = "below" if forward else "above"
            self._say(f"No more differences {where} ({total} in all)" if total
                      else "No differences: every passage has a counterpart with the same "
                           "words")
            self.app.bell()
            return
        units = index.units(side)
        if stop.here:
            target = units[stop.here[0]].start
        else:
            target = units[max(0, stop.after)].start if index.count[side] else 0
        self._offsets[f] = target
        self._scroll_focused("jump")
        self._stop = stop
        self._sync()

    # --- corrections ---------------------------------------------------------------------------

    def action_link(self) -> None:
        f, s = self._focus, self._second
        job, side = self._pair(f, s)
        index = job.index
        if index is None:
            self._say("Still aligning…")
            return
        if not index.count[side] or not index.count[1 - side]:
            return
        u = index.unit_at(side, self._offsets[f])
        place = index.placement(side, u)
        here = self._articles[f]
        there = self._articles[s]
        if self._locked and place.hidden is not None and place.hidden.correction:
            self._save(job, ("delete", place.hidden.correction),
                       f"Linked {units_label(index, side, index.group(side, u))} of "
                       f"{short_name(here)} again as the aligner had it (saved)")
            return
        if self._locked:
            v = place.mate if place.mate >= 0 else -1
            if v < 0 and place.link is None:
                self._say("Nothing faces this passage: f frees the columns to pick one, "
                          "then l links the two cursors")
                return
            if v < 0:
                self._say(f"{unit_label(index, side, u)} is already linked (u unlinks it)")
                return
        else:
            v = index.unit_at(1 - side, self._offsets[s])
            link = index.link_at(side, u)
            if link is not None and v in (link.right if side == 0 else link.left):
                self._say(f"{unit_label(index, side, u)} and {unit_label(index, 1 - side, v)} "
                          "are already linked")
                return
        from tui.align.corrections import link_record

        a, b = job.articles
        mine, theirs = [index.units(side)[u]], [index.units(1 - side)[v]]
        record = link_record(a, b, *((mine, theirs) if side == 0 else (theirs, mine)))
        self._locked = True
        self._save(job, ("add", record),
                   f"Linked {unit_label(index, side, u)} of {short_name(here)} with "
                   f"{unit_label(index, 1 - side, v)} of {short_name(there)} (saved)")

    def action_unlink(self) -> None:
        f, s = self._focus, self._second
        job, side = self._pair(f, s)
        index = job.index
        if index is None:
            self._say("Still aligning…")
            return
        u = index.unit_at(side, self._offsets[f])
        link = index.link_at(side, u)
        if link is None:
            self._say(f"{unit_label(index, side, u) if u >= 0 else 'This'} is not linked to "
                      f"{short_name(self._articles[s])}")
            return
        from tui.align.corrections import unlink_action

        a, b = job.articles
        what = unlink_action(a, b, index.alignment, link)
        mine = link.left if side == 0 else link.right
        theirs = link.right if side == 0 else link.left
        label = (f"{units_label(index, side, mine)} of {short_name(self._articles[f])} from "
                 f"{units_label(index, 1 - side, theirs)} of {short_name(self._articles[s])}")
        self._save(job, what, f"Unlinked {label} (saved; "
                   + ("the aligner's links are back)" if what[0] == "delete"
                      else "l on it links them again)"))

    def _save(self, job: PairJob, what: tuple, message: str) -> None:
        """Store a correction (("add", record) or ("delete", id)), then align the pair again."""
        a, b = job.articles
        op, value = what
        try:
            if op == "delete":
                self.app.state.delete_correction(value)
            else:
                self.app.state.add_correction(a.id, b.id, UNIT, value["op"], value["left"],
                                              value["right"])
        except Exception as e:  # noqa: BLE001 - a locked or full disk: say so, keep going
            self._say(f"Could not save the correction: {e}")
            return
        self._stop = None
        self._start_job(job)
        self._sync()
        self._say(message)

    # --- other actions -------------------------------------------------------------------------

    def action_bookmark(self) -> None:
        from .bookmark_dialog import bookmark_record, request_bookmark

        f = self._focus
        article = self._articles[f]
        spans = self._group_spans(f, self._offsets[f])
        if not spans:
            self._say("Nothing to bookmark")
            return
        start, end = spans[0].start, spans[-1].end
        request_bookmark(self.app, bookmark_record("passage", article.id, article.path, start,
                                                   end, article.text[start:end],
                                                   source=article))

    def action_pick_other(self) -> None:
        from .pick_article_dialog import PickArticleScreen

        library = self.app.library
        if not library.infos:
            self._say("The library is still loading")
            return
        keep = self._articles[self._focus]
        if not [i for i in library.infos if i.id != keep.id]:
            self._say("There is no other article in the library")
            return
        in_view = [a.id for a in self.articles if a is not keep]

        def picked(choice) -> None:
            if not choice:
                return
            ids, second = choice
            self._apply_pick(ids, second)

        self.app.push_screen(PickArticleScreen(keep, in_view, self._articles[self._second].id),
                             picked)

    def _apply_pick(self, ids: list[str], second: str | None) -> None:
        """Show the focused article with ``ids`` (one to three others), ``second`` as the
        second column."""
        library = self.app.library
        keep = self._articles[self._focus]
        known = {a.id: a for a in self._articles}
        articles = [keep]
        try:
            for article_id in ids:
                if article_id != keep.id:
                    articles.append(known.get(article_id) or library.article(article_id))
        except LoadError as e:
            self._say(str(e))
            return
        articles = articles[:4]
        if len(articles) < 2:
            return
        # keep the order the reader had; new ones at the end
        old = [a.id for a in self.articles]
        articles.sort(key=lambda a: old.index(a.id) if a.id in old else len(old))
        focus = next(n for n, a in enumerate(articles) if a is keep)
        screen = CompareScreen(*articles, passage=self.cursor_paragraph(keep), focus=focus)
        if second:
            for n, a in enumerate(articles):
                if a.id == second and n != focus:
                    screen._second = n
        self.app.switch_screen(screen)

    # --- session -------------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self.save_session()

    def _schedule_session(self) -> None:
        # One timer, restarted on every move (a new timer per keystroke costs a task each).
        if self._session_timer is None:
            self._session_timer = self.set_interval(SESSION_DELAY, self._session_due,
                                                    name="compare-session")
        else:
            self._session_timer.reset()
        self._session_pending = True

    def _session_due(self) -> None:
        if self._session_timer is not None:
            self._session_timer.pause()
        if self._session_pending:
            self.save_session()

    def save_session(self) -> None:
        self._session_pending = False
        articles = self.articles
        session = Session.compare(articles[0].id, articles[1].id,
                                  self.cursor_paragraph(articles[0]),
                                  others=tuple(a.id for a in articles[2:]))
        try:
            self.app.set_session(session)
        except Exception:  # noqa: BLE001 - losing the session costs a restart's convenience only
            pass


# --- helpers -------------------------------------------------------------------------------------

def incremental(a: Article, b: Article) -> bool:
    """Whether the pair shows its first window of paragraphs aligned first (first screen at
    once) and the whole alignment, as ``synoptic align`` makes it, after: when both articles
    are long and of comparable length. A long article against a short one is aligned whole
    at once (the aligner looks in the long one only where the short one's words are)."""
    n, m = len(a.paragraphs), len(b.paragraphs)
    return min(n, m) > INCREMENTAL_ABOVE and max(n, m) <= LOPSIDED * min(n, m)


_switch_lock = threading.Lock()
_aligning = [0, 0.005]  # workers aligning, the switch interval before the first began


class _responsive_while_aligning:
    """While any compare alignment runs in a worker thread, the interpreter hands the lock to
    the app's thread more often (see ALIGNING_SWITCH_INTERVAL)."""

    def __enter__(self) -> None:
        with _switch_lock:
            if not _aligning[0]:
                _aligning[1] = sys.getswitchinterval()
                sys.setswitchinterval(min(_aligning[1], ALIGNING_SWITCH_INTERVAL))
            _aligning[0] += 1

    def __exit__(self, *exc) -> None:
        with _switch_lock:
            _aligning[0] -= 1
            if not _aligning[0]:
                sys.setswitchinterval(_aligning[1])


def _bisect_right(values: list[int], x: int) -> int:
    import bisect

    return bisect.bisect_right(values, x)


def _sentence_at(article: Article, offset: int) -> Span:
    p = article.paragraphs[article.paragraph_at(offset)]
    for s in p.sentences:
        if s.start <= offset < s.end:
            return s
    return p.sentences[0] if p.sentences and offset < p.sentences[0].start else \
        (p.sentences[-1] if p.sentences else p.span)


def _add_mark(marks: dict[int, list], article: Article, start: int, end: int, kind: str) -> None:
    if end <= start:
        return
    p = article.paragraph_at(start)
    marks.setdefault(p, []).append((start, end, kind))


def _freeze(marks: dict[int, list]) -> dict[int, Marks]:
    return {p: tuple(v) for p, v in marks.items()}


def _only_marks(indexes: list[tuple[PairIndex, int]], paragraph: int) -> Marks:
    return tuple((s, e, "only") for s, e in only_ranges(indexes, paragraph))
