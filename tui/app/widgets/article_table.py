"""``ArticleTable``: the library's articles, one row each, with a header and a row cursor.

Why not DataTable: it measures every cell of every row before its first paint, which takes
1.5 s for 10,000 articles and as long again on each filter keystroke. This is a Line API list
that lays out columns from the width and renders only the visible rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.strip import Strip

from .cursor_list import CursorList
from .text_fit import fit

if TYPE_CHECKING:
    from tui.corpus.library import ArticleInfo

# (key, heading, width, right-aligned); the title takes what is left. Columns are dropped from
# the end of DROP_ORDER as the terminal narrows, so the title keeps at least MIN_TITLE cells.
COLUMNS = [("outlet", "Outlet", 12, False), ("date", "Date", 10, False),
           ("words", "Words", 6, True), ("read", "Read", 4, True)]
DROP_ORDER = ["words", "outlet", "date", "read"]
MIN_TITLE = 20


class ArticleTable(CursorList):
    """A virtualised list of ArticleInfo rows with a header line and a row cursor.
    ``progress(info)`` gives the text of the Read column.

    A subclass lists other rows (``story_table.StoryTable``) by giving its own ``COLUMNS``,
    ``DROP_ORDER``, ``TITLE_HEADING`` and ``_cells``; rows need an ``id``."""

    BINDINGS = [
        Binding("enter", "select", "Read", id="library.read"),
        Binding("j", "cursor_down", "Down", show=False, id="library.down"),
        Binding("down", "cursor_down", "Down", show=False, id="library.down_alt"),
        Binding("k", "cursor_up", "Up", show=False, id="library.up"),
        Binding("up", "cursor_up", "Up", show=False, id="library.up_alt"),
        Binding("g", "first", "First", show=False, id="library.first"),
        Binding("home", "first", "First", show=False, id="library.first_alt"),
        Binding("G", "last", "Last", show=False, id="library.last"),
        Binding("end", "last", "Last", show=False, id="library.last_alt"),
        Binding("pagedown", "page_down", "Page down", show=False, id="library.page_down"),
        Binding("space", "page_down", "Page down", show=False, id="library.page_down_alt"),
        Binding("pageup", "page_up", "Page up", show=False, id="library.page_up"),
    ]
    COMPONENT_CLASSES = {"article-table--header", "article-table--cursor", "article-table--muted"}
    DEFAULT_CSS = """
    ArticleTable {
        background: $surface;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        scrollbar-size-vertical: 1;
    }
    ArticleTable > .article-table--header { color: $text-muted; text-style: bold; }
    ArticleTable > .article-table--cursor { background: $synoptic-cursor-blurred; }
    ArticleTable:focus > .article-table--cursor { background: $synoptic-cursor; text-style: bold; }
    ArticleTable > .article-table--muted { color: $text-muted; }
    """
    HEADER_LINES = 1
    STRIP_CACHE = 512
    COLUMNS: ClassVar[list[tuple[str, str, int, bool]]] = COLUMNS
    DROP_ORDER: ClassVar[list[str]] = DROP_ORDER
    TITLE_HEADING: ClassVar[str] = "Title"

    def __init__(self, progress: Callable[[Any], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._progress = progress

    @property
    def rows(self) -> list[ArticleInfo]:
        return self.items

    @property
    def selected(self) -> ArticleInfo | None:
        return super().selected

    # --- data ----------------------------------------------------------------------------------

    def set_rows(self, rows: list[ArticleInfo], keep_id: str | None = None) -> None:
        """Show ``rows``, the cursor on the row of ``keep_id`` (else the first)."""
        self.items = rows
        index = 0
        if keep_id is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep_id), 0)
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.cursor = index
        self.invalidate()
        self.call_after_refresh(self.scroll_to_cursor)

    @property
    def page_lines(self) -> int:
        # A page keeps one row of the last in view.
        return max(1, self.size.height - 2)

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return  # the header
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.items):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.move_cursor(row)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.items) + 1)
        self.invalidate()

    # --- rendering -----------------------------------------------------------------------------

    def layout_columns(self, width: int) -> list[tuple[str, str, int, bool]]:
        """Visible columns with widths for ``width`` cells: the title gets the rest."""
        keep = {key for key, *_ in self.COLUMNS}

        def fixed() -> int:
            return sum(w + 1 for key, _, w, _ in self.COLUMNS if key in keep)

        for key in self.DROP_ORDER:
            if width - 2 - fixed() >= MIN_TITLE:
                break
            keep.discard(key)
        title_w = max(1, width - 2 - fixed())
        return [("title", self.TITLE_HEADING, title_w, False)] + [c for c in self.COLUMNS
                                                                  if c[0] in keep]

    def _cells(self, info: ArticleInfo, widths: dict[str, int]) -> dict[str, str]:
        """The text of each column of one row (``widths``: the columns shown, in cells)."""
        return {"title": info.title, "outlet": info.outlet or "—", "date": info.date or "—",
                "words": f"{info.words:,}", "read": self._progress(info)}

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        columns = self.layout_columns(width)
        if y == 0:
            style = base + self.get_component_rich_style("article-table--header")
            return self._strip([(h, w, right) for _, h, w, right in columns], style, width)
        row = int(self.scroll_y) + y - 1
        if row >= len(self.items):
            return Strip.blank(width, base)
        is_cursor = row == self.cursor
        key = (row, is_cursor, width, self._generation, self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            cells = self._cells(self.items[row], {k: w for k, _, w, _ in columns})
            style = base
            if is_cursor:
                style = base + self.get_component_rich_style("article-table--cursor")
            strip = self._strip([(cells[k], w, right) for k, _, w, right in columns], style,
                                width)
            self._strips[key] = strip
        return strip

    @staticmethod
    def _strip(cells: list[tuple[str, int, bool]], style: Style, width: int) -> Strip:
        parts = [" "]
        for text, w, right in cells:
            if right and cell_len(text) <= w:
                parts.append(" " * (w - cell_len(text)) + text)
            else:
                parts.append(fit(text, w))
            parts.append(" ")
        return Strip([Segment("".join(parts), style)]).crop_extend(0, width, style)
