"""``PassageLayout``: where each passage of an article starts, in wrapped lines, at one width.

Each paragraph ("passage") takes ``lines[i]`` wrapped lines plus one blank separator line;
``tops[i]`` is the content line where passage ``i`` starts (a prefix sum, length n + 1).
Passages not yet wrapped at the current width carry an estimate (``exact[i]`` is 0): a long
article is wrapped exactly only around what is shown and, a slice at a time, in the background.
The document view asks for exact heights before it draws or jumps, and moves its scroll offset
when a correction above the viewport changes the height, so nothing on screen jumps.

Plain Python over an Article (Textual's LRU cache aside); the view does the scrolling.
"""
from __future__ import annotations

import bisect
from itertools import accumulate, islice
from typing import Iterable

from textual.cache import LRUCache

from tui.corpus import Article

from .text_fit import wrap_spans

# Articles up to this size are wrapped completely up front (a few ms); bigger ones are wrapped
# lazily around what is on screen.
EAGER_WRAP_CHARS = 400_000

_PLUS_ONE = (1).__add__  # a passage's lines plus the blank line after it


class PassageLayout:
    """Line counts and tops of an article's passages at ``width``; see the module docstring."""

    def __init__(self, article: Article) -> None:
        self.article = article
        n = len(article.paragraphs)
        self.count = n
        self._lengths = [p.end - p.start for p in article.paragraphs]
        self.width = 0                        # wrap width (0: not laid out yet)
        self.lines: list[int] = [1] * n       # wrapped (or estimated) line count per passage
        # Wrapped line spans of recently drawn passages; ``exact[i]`` says whether
        # ``lines[i]`` is the true wrapped height or still an estimate.
        self._wrapped: LRUCache[int, list[tuple[int, int]]] = LRUCache(4096)
        self.exact = bytearray(n)
        self.exact_count = 0
        self.tops: list[int] = list(range(0, 2 * n + 1, 2))

    @property
    def total_lines(self) -> int:
        return self.tops[-1]

    @property
    def all_exact(self) -> bool:
        return self.exact_count == self.count

    def clamp(self, passage: int) -> int:
        return max(0, min(int(passage), self.count - 1)) if self.count else 0

    def passage_at(self, y: int) -> int:
        """The passage on content line ``y`` (a separator line belongs to the passage above)."""
        if not self.count:
            return 0
        return self.clamp(bisect.bisect_right(self.tops, y) - 1)

    def wrap(self, passage: int) -> list[tuple[int, int]]:
        """Line spans of ``passage`` at the current width, offsets into the passage's text."""
        lines = self._wrapped.get(passage)
        if lines is None:
            para = self.article.paragraphs[passage]
            lines = wrap_spans(self.article.text[para.start:para.end], self.width)
            self._wrapped[passage] = lines
        return lines

    def _estimate(self, length: int) -> int:
        # Greedy wrapping loses about a tenth of each line to word breaks in English prose.
        w = self.width
        return 1 if length <= w else int(length / (w * 0.9)) + 1

    def set_width(self, width: int) -> bool:
        """Lay out again for ``width``: exactly for a short article, with estimates for a long
        one. Returns whether estimates remain (to be wrapped in the background)."""
        self.width = width
        self._wrapped.clear()
        if len(self.article.text) <= EAGER_WRAP_CHARS:
            self.lines = [len(self.wrap(i)) for i in range(self.count)]
            self.exact = bytearray(b"\x01" * self.count)
            self.exact_count = self.count
        else:
            est = self._estimate
            self.lines = [est(n) for n in self._lengths]
            self.exact = bytearray(self.count)
            self.exact_count = 0
        self.rebuild_tops()
        return not self.all_exact

    def rebuild_tops(self, first: int = 0) -> None:
        """Recompute passage tops from passage ``first`` on (those above it are unchanged)."""
        if first <= 0 or len(self.tops) != self.count + 1:
            self.tops = list(accumulate(map(_PLUS_ONE, self.lines), initial=0))
        else:
            # In C (map + accumulate): a 10,000-passage tail costs ~0.2 ms, and wrapping
            # passages exactly around the cursor does this on most moves through a long text.
            self.tops[first:] = accumulate(map(_PLUS_ONE, islice(self.lines, first, None)),
                                           initial=self.tops[first])

    def make_exact(self, passages: Iterable[int], top_passage: int) -> tuple[int, int] | None:
        """Wrap ``passages`` exactly. Returns None when no height changed, else the first
        passage whose height changed and the lines gained (or lost, negative) above
        ``top_passage``. The caller rebuilds the tops from that passage."""
        delta_above = 0
        first_changed = self.count
        for i in passages:
            if self.exact[i]:
                continue
            n = len(self.wrap(i))
            self.exact[i] = 1
            self.exact_count += 1
            if n != self.lines[i]:
                if i < top_passage:
                    delta_above += n - self.lines[i]
                self.lines[i] = n
                first_changed = min(first_changed, i)
        return None if first_changed == self.count else (first_changed, delta_above)

    def estimated(self, first: int, last: int) -> bool:
        """Whether any passage from ``first`` to ``last`` still has an estimated height."""
        exact = self.exact
        return not all(exact[i] for i in range(first, last + 1))

    def around(self, passage: int, height: int) -> range:
        """Passages within a screenful (``height`` lines) above and two below ``passage``."""
        lo = hi = passage
        lines = 0
        while lo > 0 and lines < height:
            lo -= 1
            lines += self.lines[lo] + 1
        lines = 0
        while hi < self.count - 1 and lines < 2 * height:
            lines += self.lines[hi] + 1
            hi += 1
        return range(lo, hi + 1)

    def next_estimated(self, start: int, limit: int) -> tuple[list[int], int]:
        """Up to ``limit`` passages with estimated heights from ``start`` on, and where the
        next search should start."""
        todo: list[int] = []
        i, n, exact = start, self.count, self.exact
        while i < n and len(todo) < limit:
            if not exact[i]:
                todo.append(i)
            i += 1
        return todo, i
