"""The compare screen's drawing state: columns kept level, marks, headers and status line.

``CompareSync`` is a mixin of ``CompareScreen`` (compare_screen.py). ``_sync`` runs after
every change: with the columns locked it scrolls each shown column so the counterpart of the
focused cursor's passage is level with it, sets each column's marks (the cursor's passage,
its counterpart, what ``l`` would link, word differences, sentences only one side has), the
headers, and the status line (``status_text`` in compare_text.py, or a message that stays
until the next key).
"""
from __future__ import annotations

from functools import partial

from tui.corpus import Article

from .compare_alignment import PairJob
from .compare_model import PairIndex, Placement, changed_words, only_ranges
from .compare_text import header_text, para_label, status_text
from .widgets.compare_columns import Column, Marks
from .widgets.line_label import LineLabel


class CompareSync:
    """``CompareScreen``'s lining up of columns, marks, headers and status line (a mixin)."""

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


def _add_mark(marks: dict[int, list], article: Article, start: int, end: int, kind: str) -> None:
    if end <= start:
        return
    p = article.paragraph_at(start)
    marks.setdefault(p, []).append((start, end, kind))


def _freeze(marks: dict[int, list]) -> dict[int, Marks]:
    return {p: tuple(v) for p, v in marks.items()}


def _only_marks(indexes: list[tuple[PairIndex, int]], paragraph: int) -> Marks:
    return tuple((s, e, "only") for s, e in only_ranges(indexes, paragraph))
