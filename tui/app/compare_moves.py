"""The compare screen's cursor moves: stepping by sentence, paragraph, page and edge.

``CompareMoves`` is a mixin of ``CompareScreen`` (compare_screen.py). The focused column's
cursor steps through the passages of its pair with the second article (a linked group of
sentences is one step), or through sentences before the alignment arrives; with the columns
free (``f``) each column's cursor moves on its own. After a move, ``_sync`` (compare_sync.py)
lines the other columns up.
"""
from __future__ import annotations

from tui.corpus import Article, Span

from .compare_model import PairIndex


class CompareMoves:
    """``CompareScreen``'s cursor and scrolling keys (a mixin)."""

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
