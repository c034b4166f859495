"""Fitting text to cells: cutting with an ellipsis, padding, and word wrapping as offsets.

Every width here is in terminal cells (``rich.cells``: a CJK character takes two, a combining
mark none), except ``shorten``, which counts characters for messages whose width the terminal
decides. Wrapping returns ``(start, end)`` offsets into the text rather than strings, so that
highlights (offsets into an article) map onto wrapped lines exactly.
"""
from __future__ import annotations

import bisect
import re
from functools import cache
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size

ELLIPSIS = "…"

_WORD = re.compile(r"\S+")
_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d{1,3}[.)])\s")


def ellipsize(text: str, width: int, *, trim: bool = False) -> str:
    """``text`` in at most ``width`` cells, ending in an ellipsis when it had to be cut. With
    ``trim``, spaces before the ellipsis go ("word…", not "word …")."""
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    out = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    head = "".join(out)
    return (head.rstrip() if trim else head) + ELLIPSIS


def fit(text: str, width: int) -> str:
    """``text`` in exactly ``width`` cells: cut with an ellipsis, or padded with spaces."""
    if width <= 0:
        return ""
    shown = ellipsize(text, width)
    return shown + " " * (width - cell_len(shown))


def shorten(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, cut at the end with an ellipsis."""
    return text if len(text) <= limit else text[:limit - 1].rstrip() + ELLIPSIS


# --- wrapping ------------------------------------------------------------------------------------

def _keep_line_breaks(text: str) -> bool:
    """Lists and verse keep their line breaks; hard-wrapped prose is reflowed."""
    lines = text.split("\n")
    if len(lines) < 2:
        return False
    if any(_LIST_ITEM.match(line) for line in lines[1:]):
        return True
    return max(len(line) for line in lines) < 50


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of ``text`` to ``width`` cells. Returns ``(start, end)`` offsets into
    ``text`` for each line, so highlights can be mapped onto wrapped lines exactly. Words longer
    than a line are cut. Newlines inside a reflowed paragraph count as one space."""
    width = max(1, width)
    if "\n" in text and _keep_line_breaks(text):
        out: list[tuple[int, int]] = []
        pos = 0
        for line in text.split("\n"):
            out.extend((pos + s, pos + e) for s, e in _wrap_run(line, width)) if line.strip() \
                else out.append((pos, pos))
            pos += len(line) + 1
        return out or [(0, 0)]
    return _wrap_run(text, width) or [(0, 0)]


def _wrap_run(text: str, width: int) -> list[tuple[int, int]]:
    if text.isascii():
        if len(text) <= width and "\n" not in text:
            return [(0, len(text))] if text else []
        cells = None
    else:
        # Cell offsets per character: wide (CJK) characters take two cells, combining marks none.
        cells = [0, *accumulate(get_character_cell_size(c) for c in text)]
        if cells[-1] <= width and "\n" not in text:
            return [(0, len(text))]
    lines: list[tuple[int, int]] = []
    start = -1
    end = 0
    for m in _WORD.finditer(text):
        ws, we = m.span()
        if start >= 0 and (we - start if cells is None else cells[we] - cells[start]) <= width:
            end = we
            continue
        if start >= 0:
            lines.append((start, end))
        start = ws
        # A word longer than the line is cut into line-sized pieces.
        while (we - start if cells is None else cells[we] - cells[start]) > width:
            if cells is None:
                cut = start + width
            else:
                cut = bisect.bisect_right(cells, cells[start] + width, start, we) - 1
                cut = max(cut, start + 1)
            lines.append((start, cut))
            start = cut
        end = we
    if start >= 0:
        lines.append((start, end))
    return lines


@cache
def _one_cell() -> frozenset[str]:
    """Characters one cell wide: Latin, Greek, Cyrillic and the typographic punctuation of news
    text (curly quotes, dashes, ellipsis). Text made only of these is as many cells as
    characters. Built on first use, not at start-up."""
    return frozenset(
        c for lo, hi in ((0x20, 0x7E), (0xA0, 0x2FF), (0x370, 0x482), (0x2010, 0x205E))
        for c in map(chr, range(lo, hi + 1)) if get_character_cell_size(c) == 1)


def wrap_line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Greedy word wrap of a one-line ``text`` to ``width`` cells as ``(start, end)`` offsets.
    Text of one-cell characters (nearly every search result) is cut with ``rfind``, several
    times faster than the general word scan of ``wrap_spans``, which handles the rest (wide
    characters, combining marks)."""
    width = max(1, width)
    if not (text.isascii() or _one_cell().issuperset(text)):
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
