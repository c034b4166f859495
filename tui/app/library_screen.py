"""The library: every article with outlet, date, words and reading progress; ``/`` filters.

Why not DataTable: it measures every cell of every row before its first paint, which takes
1.5 s for 10,000 articles and as long again on each filter keystroke. ``ArticleTable`` is a Line
API list that lays out columns from the width and renders only the visible rows.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Input, Static

if TYPE_CHECKING:
    from tui.corpus.library import ArticleInfo

from .help_screen import KeyBar

# (key, heading, width, right-aligned); the title takes what is left. Columns are dropped from
# the end of DROP_ORDER as the terminal narrows, so the title keeps at least MIN_TITLE cells.
COLUMNS = [("outlet", "Outlet", 12, False), ("date", "Date", 10, False),
           ("words", "Words", 6, True), ("read", "Read", 4, True)]
DROP_ORDER = ["words", "outlet", "date", "read"]
MIN_TITLE = 20


def truncate(text: str, width: int) -> str:
    if width <= 0:
        return ""
    if cell_len(text) <= width:
        return text + " " * (width - cell_len(text))
    out = []
    used = 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out) + "…" + " " * (width - 1 - used)


def haystack(info: ArticleInfo) -> str:
    """What ``/`` matches against, lower-cased once per library load."""
    return f"{info.title} {info.outlet or ''} {info.date or ''}".lower()


class ArticleTable(ScrollView, can_focus=True, inherit_bindings=False):
    """A virtualised list of ArticleInfo rows with a header and a row cursor."""

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

    cursor: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        def __init__(self, table: "ArticleTable", info: ArticleInfo) -> None:
            super().__init__()
            self.table = table
            self.info = info

        @property
        def control(self) -> "ArticleTable":
            return self.table

    def __init__(self, progress: Callable[[ArticleInfo], str], **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[ArticleInfo] = []
        self._progress = progress
        self._cache: LRUCache[tuple, Strip] = LRUCache(512)
        self._generation = 0

    # --- data ----------------------------------------------------------------------------------

    def set_rows(self, rows: list[ArticleInfo], keep_id: str | None = None) -> None:
        self.rows = rows
        index = 0
        if keep_id is not None:
            index = next((i for i, r in enumerate(rows) if r.id == keep_id), 0)
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.set_reactive(ArticleTable.cursor, index)
        self.invalidate()
        self.call_after_refresh(self._scroll_to_cursor)

    @property
    def selected(self) -> ArticleInfo | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def invalidate(self) -> None:
        self._generation += 1
        self._cache.clear()
        self.refresh()

    # --- cursor --------------------------------------------------------------------------------

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1))

    def watch_cursor(self) -> None:
        self._scroll_to_cursor()
        self.refresh()

    def _scroll_to_cursor(self) -> None:
        visible = max(1, self.size.height - 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, force=True)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.size.height - 2)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.size.height - 2)

    def action_select(self) -> None:
        if self.selected is not None:
            self.post_message(self.Selected(self, self.selected))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return
        row = int(self.scroll_y) + event.y - 1
        if 0 <= row < len(self.rows):
            if row == self.cursor and event.chain >= 2:
                self.action_select()
            self.cursor = row

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self.invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.invalidate()

    # --- rendering -----------------------------------------------------------------------------

    def layout_columns(self, width: int) -> list[tuple[str, str, int, bool]]:
        """Visible columns with widths for ``width`` cells: the title gets the rest."""
        keep = {key for key, *_ in COLUMNS}
        def fixed() -> int:
            return sum(w + 1 for key, _, w, _ in COLUMNS if key in keep)
        for key in DROP_ORDER:
            if width - 2 - fixed() >= MIN_TITLE:
                break
            keep.discard(key)
        title_w = max(1, width - 2 - fixed())
        return [("title", "Title", title_w, False)] + [c for c in COLUMNS if c[0] in keep]

    def _cells(self, info: ArticleInfo) -> dict[str, str]:
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
        if row >= len(self.rows):
            return Strip.blank(width, base)
        is_cursor = row == self.cursor
        key = (row, is_cursor, width, self._generation, self.has_focus)
        strip = self._cache.get(key)
        if strip is None:
            cells = self._cells(self.rows[row])
            style = base
            if is_cursor:
                style = base + self.get_component_rich_style("article-table--cursor")
            strip = self._strip([(cells[k], w, right) for k, _, w, right in columns], style,
                                width)
            self._cache[key] = strip
        return strip

    @staticmethod
    def _strip(cells: list[tuple[str, int, bool]], style: Style, width: int) -> Strip:
        parts = [" "]
        for text, w, right in cells:
            if right and cell_len(text) <= w:
                parts.append(" " * (w - cell_len(text)) + text)
            else:
                parts.append(truncate(text, w))
            parts.append(" ")
        return Strip([Segment("".join(parts), style)]).crop_extend(0, width, style)

    def on_focus(self) -> None:
        self.invalidate()

    def on_blur(self) -> None:
        self.invalidate()


class LibraryScreen(Screen):
    BINDINGS = [
        Binding("c", "compare", "Compare", id="library.compare"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        # "/" filters the list here (titles, outlets, dates); the text search every other
        # screen opens with "/" is one key away and says so in the key bar.
        Binding("ctrl+f", "app.search", "Search text", id="library.search"),
        Binding("Q", "app.open_quotes", "Quotes", id="library.quotes"),
        Binding("B", "app.open_bookmarks", "Bookmarks", id="library.bookmarks"),
        Binding("q", "app.back", "Quit", id="library.quit"),
        Binding("a", "add_articles", "Add", id="library.add"),
    ]
    DEFAULT_CSS = """
    LibraryScreen #title { height: 1; padding: 0 1; background: $panel; color: $foreground; }
    LibraryScreen #indexing { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    LibraryScreen #indexing.-idle { display: none; }
    LibraryScreen #filter { height: 1; border: none; padding: 0 1; display: none; }
    LibraryScreen #filter.-active { display: block; }
    LibraryScreen #empty { display: none; padding: 1 2; color: $text-muted; }
    LibraryScreen #empty.-shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._progress_memo: dict[str, str] = {}
        self._hay: list[tuple[ArticleInfo, str]] = []
        self._hay_for: list[ArticleInfo] | None = None
        self._typed_ahead: list[str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("Synoptic", id="title")
        # A text progress bar: Textual's ProgressBar would add its stylesheet to start-up.
        yield Static("", id="indexing", classes="-idle", markup=False)
        # The filter box is mounted on the first "/" (its stylesheet is large; start-up is not
        # the time to parse it).
        yield ArticleTable(self._progress_text, id="articles")
        yield Static("", id="empty")
        yield KeyBar()

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def on_mount(self) -> None:
        self.watch(self.app, "load_progress", self._show_progress)
        self.watch(self.app, "library_version", self._populate, init=False)
        if getattr(self.app, "library_loaded", False):
            self._populate()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.app.set_session(screen="library")
        # Reading progress may have changed in the reader.
        self._progress_memo.clear()
        self.table.invalidate()

    # --- content -------------------------------------------------------------------------------

    def _show_progress(self, progress: tuple[int, int] | None) -> None:
        box = self.query_one("#indexing", Static)
        if progress is None:
            box.add_class("-idle")
            return
        done, total = progress
        box.remove_class("-idle")
        label = f"Indexing {done:,} / {total:,}… "
        room = max(0, box.size.width - len(label) - 6)
        filled = room * done // max(total, 1)
        box.update(f"{label}{'█' * filled}{'░' * (room - filled)} {100 * done // max(total, 1):3d}%")

    def _populate(self, *_args) -> None:
        self._apply_filter(self._filter_text())

    def _apply_filter(self, text: str) -> None:
        infos = self.app.library.infos
        if self._hay_for is not infos:
            self._hay = [(info, haystack(info)) for info in infos]
            self._hay_for = infos
        words = text.lower().split()
        if words:
            rows = [info for info, hay in self._hay if all(w in hay for w in words)]
        else:
            rows = list(infos)
        keep = self.table.selected.id if self.table.selected else self._initial_selection()
        self.table.set_rows(rows, keep_id=keep)
        title = f"Synoptic · {len(infos):,} article{'s' if len(infos) != 1 else ''}"
        if words:
            title += f" · {len(rows):,} match{'es' if len(rows) != 1 else ''} “{text.strip()}”"
        self.query_one("#title", Static).update(title)
        empty = self.query_one("#empty", Static)
        if not infos and getattr(self.app, "library_loaded", False):
            paths = ", ".join(self.app.library.paths)
            empty.update(f"No articles found in {paths}.\nRun synoptic with a folder of .txt, "
                         ".md or .html files.")
        elif not rows and words:
            empty.update("No title, outlet or date matches. esc clears the filter; ctrl+f "
                         "searches the text of every article.")
        else:
            empty.update("")
        empty.set_class(bool(empty.content), "-shown")

    def _initial_selection(self) -> str | None:
        # Land on the article read last, so "q" from the reader and a restart look the same.
        session = getattr(self.app, "start_session", {}) or {}
        return session.get("article") if isinstance(session.get("article"), str) else None

    def _progress_text(self, info: ArticleInfo) -> str:
        memo = self._progress_memo
        text = memo.get(info.id)
        if text is None:
            passage = self.app.position(info.id)
            if passage is None or info.paragraphs <= 0:
                text = ""
            else:
                text = f"{min(100, round(100 * (passage + 1) / info.paragraphs))}%"
            memo[info.id] = text
        return text

    # --- filter --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        field = self._filter_field()
        if action == "filter" and field is not None and field.has_focus:
            return False  # "/" is then typed into the filter
        if action == "clear_filter" and (field is None or not field.has_class("-active")):
            return False
        return True

    def _filter_field(self) -> Input | None:
        found = self.query("#filter")
        return found.first(Input) if found else None

    def _filter_text(self) -> str:
        field = self._filter_field()
        return field.value if field is not None else ""

    async def action_filter(self) -> None:
        field = self._filter_field()
        if field is None:
            field = Input(placeholder="filter by title, outlet or date (esc clears)",
                          id="filter")
            # No blinking: over SSH every blink is a redraw sent down the wire.
            field.cursor_blink = False
            await self.mount(field, after=self.query_one("#indexing"))
        field.add_class("-active")
        self.set_focus(field)
        if self._typed_ahead:
            field.insert_text_at_cursor("".join(self._typed_ahead))
        self._typed_ahead = None
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        field = self._filter_field()
        if field is None:
            return
        if field.value:
            field.value = ""
        field.remove_class("-active")
        self.table.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.table.focus()
        if not event.value:
            event.input.remove_class("-active")
        self.refresh_bindings()

    def on_key(self, event: events.Key) -> None:
        # Keys typed right after "/" reach the list before the filter box exists and has focus
        # (pasted over SSH, or a fast typist): hold them and hand them to the box.
        if self._typed_ahead is not None:
            if event.is_printable and event.character:
                self._typed_ahead.append(event.character)
                event.prevent_default()
                event.stop()
                return
        elif self.focused is self.table:
            active = self.active_bindings.get(event.key)
            if active is not None and active.binding.action == "filter":
                self._typed_ahead = []
        # Down arrow from the filter box moves into the list, as in most pickers.
        if event.key == "down" and self.focused is not None and self.focused.id == "filter":
            self.table.focus()
            event.stop()

    # --- actions -------------------------------------------------------------------------------

    @on(ArticleTable.Selected)
    def _open(self, event: ArticleTable.Selected) -> None:
        self.app.open_reader(event.info.id)

    def action_read(self) -> None:
        self.table.action_select()

    def action_compare(self) -> None:
        info = self.table.selected
        if info is None:
            return
        self.app.compare_related(info.id, [r.id for r in self.table.rows])

    def action_add_articles(self) -> None:
        from tui.web import add_folder

        from .add_dialog import AddDialog

        self.app.push_screen(AddDialog(add_folder()))
