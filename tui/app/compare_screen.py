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

This module holds the screen's state, layout, public view, bindings, mouse, focus and
session; the rest is in mixins it inherits: ``CompareAlignment`` (compare_alignment.py: the
``PairJob`` of each pair and its worker), ``CompareMoves`` (compare_moves.py: cursor and
scrolling keys), ``CompareSync`` (compare_sync.py: columns kept level, marks, headers, status
line) and ``CompareActions`` (compare_actions.py: the other commands and the corrections).
"""
from __future__ import annotations

import dataclasses

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Resize

from tui.corpus import Article, Span

from .base import SynopticScreen
from .commands import PaletteCommand
from .compare_actions import CompareActions
from .compare_alignment import (ALIGNING_SWITCH_INTERVAL, INCREMENTAL_ABOVE, LOPSIDED, UNIT,
                                CompareAlignment, PairJob, incremental)
from .compare_model import PairIndex, Stop
from .compare_moves import CompareMoves, _bisect_right
from .compare_sync import CompareSync
from .compare_text import not_in_label, only_label
from .session import Session
from .widgets.compare_columns import Column, CompareColumns
from .widgets.key_bar import KeyBar
from .widgets.line_label import LineLabel

# Re-exported: tests and callers import these from here.
__all__ = ["ALIGNING_SWITCH_INTERVAL", "COLUMN_MIN", "CompareScreen", "INCREMENTAL_ABOVE",
           "LOPSIDED", "PairJob", "SESSION_DELAY", "UNIT", "incremental"]

COLUMN_MIN = 50          # cells: three or four articles get a column each from this width
SESSION_DELAY = 0.6      # seconds of stillness before the position is written to the session


class CompareScreen(CompareAlignment, CompareMoves, CompareSync, CompareActions,
                    SynopticScreen):
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

    def on_unmount(self) -> None:
        for job in self._jobs.values():
            job.cancel.set()
        # A move made just before quitting is still worth remembering.
        if self._session_timer is not None:
            self._session_timer.stop()
        if self._session_pending:
            self.save_session()

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
