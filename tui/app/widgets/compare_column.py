"""``Column``: one article in the compare view's ``CompareColumns`` widget, as the screen sets it.

A ``Column`` holds the article's line layout at the column's width (``PassageLayout``), the
content line at the top of its body (``top``, any integer: a column may scroll past either end
of its article), its place and gutter in the widget, a header line, and its marks:
``static(paragraph)`` (marks that change only when the alignment does, cached per paragraph)
and ``dynamic`` (the passage under the cursor, its counterpart, word differences). ``Marks``
are ``(start, end, kind)`` ranges of the article's text (kinds: ``compare_columns.KINDS``).
The geometry methods map text offsets to content lines and back, wrapping the paragraphs
they need exactly (``make_exact``, ``exact_lines``, ``exact_around``). The widget that draws
columns is compare_columns.py.
"""
from __future__ import annotations

import bisect
from typing import Callable, Iterable

from rich.segment import Segment
from textual.cache import LRUCache

from tui.corpus import Article

from .passage_layout import PassageLayout

Marks = tuple[tuple[int, int, str], ...]


class Column:
    """One article in the widget: its layout at this column's width, where its body is
    scrolled to, its header and its marks (see the module docstring)."""

    def __init__(self, article: Article) -> None:
        self.article = article
        self.layout = PassageLayout(article)
        self.top = 0                 # content line on the first body row; may be out of range
        self.x = 0                   # first cell of the column in the widget
        self.width = 0               # cells
        self.gutter = 0              # cells of the label gutter (0: marks go in the bar)
        self.label = "only here"     # the gutter label of a sentence only this article has
        self.header = ""
        self.focused = False
        self.dynamic: dict[int, Marks] = {}
        self._static: Callable[[int], Marks] | None = None
        self._static_cache: dict[int, Marks] = {}
        self.strips: LRUCache[tuple, tuple[Segment, ...]] = LRUCache(2048)
        self.wrap_next = 0           # where the background wrap goes on

    # --- marks ---------------------------------------------------------------------------------

    def set_static(self, marks: Callable[[int], Marks] | None) -> None:
        """Marks that change with the alignment only: ``marks(paragraph)``."""
        self._static = marks
        self._static_cache = {}

    def static(self, paragraph: int) -> Marks:
        got = self._static_cache.get(paragraph)
        if got is None:
            got = self._static(paragraph) if self._static is not None else ()
            if len(self._static_cache) > 8192:
                self._static_cache.clear()
            self._static_cache[paragraph] = got
        return got

    def marks(self, paragraph: int) -> Marks:
        dynamic = self.dynamic.get(paragraph)
        static = self.static(paragraph)
        return static + dynamic if dynamic else static

    # --- geometry ------------------------------------------------------------------------------

    @property
    def text_width(self) -> int:
        return max(4, self.width - 2 - self.gutter)

    @property
    def total_lines(self) -> int:
        return self.layout.total_lines

    def line_of(self, offset: int) -> int:
        """The content line showing character ``offset`` (the end of the text: the line after
        the last one). The paragraph is wrapped exactly first."""
        layout = self.layout
        if not layout.count or offset >= len(self.article.text):
            return layout.total_lines
        p = self.article.paragraph_at(offset)
        self.make_exact(range(p, p + 1))
        para = self.article.paragraphs[p]
        lines = layout.wrap(p)
        rel = offset - para.start
        row = bisect.bisect_right([s for s, _ in lines], rel) - 1
        return layout.tops[p] + max(0, min(row, len(lines) - 1))

    def offset_at(self, line: int) -> int | None:
        """The first character shown on content line ``line``, or None (a blank line)."""
        layout = self.layout
        if not layout.count or not 0 <= line < layout.total_lines:
            return None
        p = layout.passage_at(line)
        row = line - layout.tops[p]
        if row >= layout.lines[p]:
            return None
        return self.article.paragraphs[p].start + layout.wrap(p)[row][0]

    def make_exact(self, paragraphs: Iterable[int]) -> None:
        """Wrap ``paragraphs`` exactly; when heights above the top line change, ``top`` moves
        by as much, so what is on screen stays put."""
        layout = self.layout
        if layout.all_exact or not layout.count:
            return
        top_p = layout.passage_at(self.top) if self.top >= 0 else 0
        offset_in_top = self.top - layout.tops[top_p]
        changed = layout.make_exact(paragraphs, top_p)
        if changed is None:
            return
        first, delta_above = changed
        layout.rebuild_tops(first)
        if delta_above and self.top >= 0:
            self.top = layout.tops[top_p] + offset_in_top

    def exact_lines(self, y0: int, y1: int) -> None:
        """Make every paragraph on content lines [y0, y1) exact."""
        layout = self.layout
        if layout.all_exact or not layout.count:
            return
        for _ in range(8):  # corrections can shrink paragraphs and pull more into range
            lo, hi = max(0, y0), max(0, min(y1, layout.total_lines) - 1)
            first, last = layout.passage_at(lo), layout.passage_at(hi)
            if not layout.estimated(first, last):
                return
            self.make_exact(range(first, last + 1))

    def exact_around(self, offset: int, height: int) -> None:
        if self.layout.all_exact or not self.layout.count:
            return
        p = self.article.paragraph_at(offset)
        self.make_exact(self.layout.around(p, max(1, height)))
