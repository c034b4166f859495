"""The library: every article with outlet, date, words and reading progress; ``/`` filters.

``enter`` reads (``app.open_reader``), ``c`` compares with the most related article
(``app.compare_related``); the article list is ``widgets.article_table.ArticleTable``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from .base import SynopticScreen
from .numbers import percent, plural, progress_counts
from .session import Session
from .widgets.article_table import ArticleTable
from .widgets.key_bar import KeyBar

if TYPE_CHECKING:
    from tui.corpus.library import ArticleInfo


def haystack(info: ArticleInfo) -> str:
    """What ``/`` matches against, lower-cased once per library load."""
    return f"{info.title} {info.outlet or ''} {info.date or ''}".lower()


def read_percent(passage: int, paragraphs: int) -> int:
    """How much of an article was read, the cursor on ``passage``: the paragraphs before it,
    so an article just opened is 0 % read (it was 7 % with the first paragraph counted) and
    one whose last paragraph was reached is 100 %."""
    if paragraphs <= 1:
        return 100 if passage >= paragraphs else 0
    return min(100, round(100 * passage / (paragraphs - 1)))


class LibraryScreen(SynopticScreen):
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
    # What the key bar leaves out first when the terminal is narrow (80 columns): Q and B
    # stay, being the way to whole screens; every key is in ? either way.
    KEY_BAR_DROP = ("library.add", "library.filter", "library.compare")
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
        if self.app.library_loaded:
            self._populate()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.app.set_session(Session())
        # Reading progress may have changed in the reader.
        self._progress_memo.clear()
        self.table.invalidate()

    # --- content -------------------------------------------------------------------------------

    def _show_progress(self, progress: tuple[str, int, int, str] | None) -> None:
        box = self.query_one("#indexing", Static)
        if progress is None:
            box.add_class("-idle")
            return
        what, done, total, unit = progress
        box.remove_class("-idle")
        label = f"{what}: {progress_counts(done, total, unit)}… "
        if self.app.opening:
            label += "esc stops "
        room = max(0, box.size.width - len(label) - 6)
        filled = room * done // max(total, 1)
        box.update(f"{label}{'█' * filled}{'░' * (room - filled)} {percent(done, total):3d}%")

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
        if not infos and self.app.library_loaded:
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
        return self.app.start_session.article

    def _progress_text(self, info: ArticleInfo) -> str:
        memo = self._progress_memo
        text = memo.get(info.id)
        if text is None:
            passage = self.app.position(info.id)
            if passage is None or info.paragraphs <= 0:
                text = ""
            else:
                text = f"{read_percent(passage, info.paragraphs)}%"
            memo[info.id] = text
        return text

    # --- filter --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        field = self._filter_field()
        if action == "filter" and field is not None and field.has_focus:
            return False  # "/" is then typed into the filter
        if action == "clear_filter" and (field is None or not field.has_class("-active")):
            return bool(self.app.opening)  # esc stops opening a big article
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
            from .widgets.inputs import StillInput

            field = StillInput(placeholder="filter by title, outlet or date (esc clears)",
                               id="filter")
            await self.mount(field, after=self.query_one("#indexing"))
        field.add_class("-active")
        self.set_focus(field)
        if self._typed_ahead:
            field.insert_text_at_cursor("".join(self._typed_ahead))
        self._typed_ahead = None
        self.refresh_bindings()

    def action_clear_filter(self) -> None:
        field = self._filter_field()
        if field is None or not field.has_class("-active"):
            self.app.cancel_open()
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

    @on(ArticleTable.Selected, "#articles")
    def _open(self, event: ArticleTable.Selected) -> None:
        self.app.open_reader(event.item.id)

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
