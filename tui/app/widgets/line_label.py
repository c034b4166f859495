"""``LineLabel``: one line of plain text, cut with an ellipsis to the width.

Titles and status lines change on every keystroke. A Static re-lays its text through the Visual
machinery on each update (about a millisecond apiece) and asks for a layout of the screen; this
draws one strip and repaints only itself.
"""
from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widget import Widget

from .text_fit import ellipsize


class LineLabel(Widget):
    """One line of text; ``label.text = ...`` (or ``update``) repaints it, never a layout."""

    DEFAULT_CSS = "LineLabel { height: 1; }"

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self._text = text

    @property
    def text(self) -> str:
        return self._text

    @text.setter
    def text(self, text: str) -> None:
        self.update(text)

    def update(self, text: str) -> None:
        if text != self._text:
            self._text = text
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.content_region.width
        style = self.rich_style
        if y or width <= 0:
            return Strip.blank(max(0, width), style)
        text = ellipsize(self._text.replace("\n", " "), width)
        return Strip([Segment(text, style)]).extend_cell_length(width, style)
