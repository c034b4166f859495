"""The library: every article with outlet, date, words and reading progress; ``/`` filters;
``S`` groups the articles by story.

``enter`` reads (``app.open_reader``), ``c`` compares with the most related article
(``app.compare_related``); the article list is ``widgets.article_table.ArticleTable``.

By story (``S``; the choice is remembered in the settings as ``library.by_story``): one row per
story (``widgets.story_table.StoryTable``: title, outlets, date span, articles, how many were
opened). The grouping (``tui.stories.library_stories``) runs in a worker, its progress on the
indexing line, while the article list stays usable; ``S`` again cancels it. ``enter`` or ``l``
opens a story to its articles (the article list, filtered to them: reading and the filter work
as everywhere); ``h``, ``esc`` or ``q`` goes back to the stories. ``c`` on a story compares its
articles, one column each, up to the four most alike (``open_story_compare``); ``Q`` lists the quotes of the story under the
cursor or open (``QuotesScreen(article_ids=...)``), else of the whole library. The by-story
parts (grouping worker, story list, story open and close) are ``LibraryStories`` in
library_stories.py, a mixin of this screen.
"""
from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from .base import SynopticScreen
from .commands import PaletteCommand
from .library_stories import BY_STORY_SETTING, LibraryStories, story_matches
from .numbers import percent, progress_counts
from .session import Session
from .widgets.article_table import ArticleTable
from .widgets.key_bar import KeyBar
from .widgets.story_table import StoryTable

if TYPE_CHECKING:
    from tui.corpus.library import ArticleInfo
    from tui.stories import FeatureCollector, Story, StoryIndex

# Re-exported: tests import BY_STORY_SETTING from here.
__all__ = ["BY_STORY_SETTING", "LibraryScreen", "haystack", "read_percent"]


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


class LibraryScreen(LibraryStories, SynopticScreen):
    BINDINGS = [
        Binding("c", "compare", "Compare", id="library.compare"),
        Binding("slash", "filter", "Filter", id="library.filter"),
        Binding("escape", "clear_filter", "Clear filter", id="library.clear_filter"),
        # "/" filters the list here (titles, outlets, dates); the text search every other
        # screen opens with "/" is one key away and says so in the key bar.
        Binding("ctrl+f", "app.search", "Search text", id="library.search"),
        Binding("S", "toggle_stories", "By story", id="library.stories"),
        # Q: the quotes of the story under the cursor or open (check_action), else all.
        Binding("Q", "story_quotes", "Story quotes", id="library.story_quotes"),
        Binding("Q", "app.open_quotes", "Quotes", id="library.quotes"),
        Binding("B", "app.open_bookmarks", "Bookmarks", id="library.bookmarks"),
        # Only while a story is open (check_action): then q and esc go back to the stories
        # rather than quit; h as in vim. ("back": the key bar always shows it.)
        Binding("h,escape,q", "back", "Stories", id="library.close_story"),
        Binding("q", "app.back", "Quit", id="library.quit"),
        Binding("a", "add_articles", "Add", id="library.add"),
    ]
    PALETTE_COMMANDS = [
        PaletteCommand("Library: group by story", "One row per story, or every article again "
                       "(S)", "screen.toggle_stories"),
        PaletteCommand("Library: back to the stories", "Close the story open (h)",
                       "screen.back"),
        PaletteCommand("Library: quotes of this story", "Its statements across its outlets "
                       "(Q)", "screen.story_quotes"),
    ]
    # What the key bar leaves out first when the terminal is narrow (80 columns): Q and B
    # stay, being the way to whole screens; every key is in ? either way.
    KEY_BAR_DROP = ("library.add", "library.filter", "library.stories", "library.story_quotes",
                    "library.compare")
    DEFAULT_CSS = """
    LibraryScreen #title { height: 1; padding: 0 1; background: $panel; color: $foreground; }
    LibraryScreen #indexing { height: 1; padding: 0 1; background: $panel; color: $text-muted; }
    LibraryScreen #indexing.-idle { display: none; }
    LibraryScreen #filter { height: 1; border: none; padding: 0 1; display: none; }
    LibraryScreen #filter.-active { display: block; }
    LibraryScreen #stories { display: none; }
    LibraryScreen #empty { display: none; padding: 1 2; color: $text-muted; }
    LibraryScreen #empty.-shown { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self._progress_memo: dict[str, str] = {}
        self._hay: list[tuple[ArticleInfo, str]] = []
        self._hay_for: list[ArticleInfo] | None = None
        self._typed_ahead: list[str] | None = None
        # By story: the choice, the grouping shown (and its haystacks), the story open.
        self.by_story = False
        self.stories: StoryIndex | None = None
        self._story_hay: list[tuple[Story, str]] = []
        self.story_open: Story | None = None
        self.grouping = False          # a grouping worker is running
        self._generation = 0           # bumped to make a running grouping's result stale
        self._story_progress_shown: tuple[int, int] | None = None
        self._collector: FeatureCollector | None = None
        self._collector_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Static("Synoptic", id="title")
        # A text progress bar: Textual's ProgressBar would add its stylesheet to start-up.
        yield Static("", id="indexing", classes="-idle", markup=False)
        # The filter box is mounted on the first "/" (its stylesheet is large; start-up is not
        # the time to parse it).
        yield ArticleTable(self._progress_text, id="articles")
        yield StoryTable(self._story_progress_text, id="stories")
        yield Static("", id="empty")
        yield KeyBar()

    @property
    def table(self) -> ArticleTable:
        return self.query_one("#articles", ArticleTable)

    @property
    def story_table(self) -> StoryTable:
        return self.query_one("#stories", StoryTable)

    @property
    def showing_stories(self) -> bool:
        """Whether the list shows stories (grouped, the grouping there, no story open)."""
        return self.by_story and self.stories is not None and self.story_open is None

    @property
    def current_list(self) -> ArticleTable:
        return self.story_table if self.showing_stories else self.table

    def on_mount(self) -> None:
        self.watch(self.app, "load_progress", self._show_progress)
        self.watch(self.app, "library_version", self._library_changed, init=False)
        self.by_story = self.app.setting(BY_STORY_SETTING, False) is True
        if self.by_story:
            # What the first scan parses feeds the grouping (no second parse of new files).
            self.app.article_parsed = self._collect
        if self.app.library_loaded:
            self._library_changed()
        self.table.focus()

    def on_screen_resume(self) -> None:
        self.app.set_session(Session())
        # Reading progress may have changed in the reader.
        self._progress_memo.clear()
        self.table.invalidate()
        self.story_table.invalidate()

    # --- content -------------------------------------------------------------------------------

    def _show_progress(self, progress: tuple[str, int, int, str] | None) -> None:
        if progress is None:
            if self.grouping and self._story_progress_shown is not None:
                self._bar("Reading", *self._story_progress_shown, note="S cancels")
            else:
                self.query_one("#indexing", Static).add_class("-idle")
            return
        self._bar(*progress)

    def _bar(self, what: str, done: int, total: int, unit: str = "", note: str = "") -> None:
        """The indexing line: ``what: done of total unit… ███░░ 40%  note``."""
        box = self.query_one("#indexing", Static)
        box.remove_class("-idle")
        label = f"{what}: {progress_counts(done, total, unit)}… "
        if self.app.opening:
            label += "esc stops "
        room = max(0, box.size.width - len(label) - len(note) - 8)
        filled = room * done // max(total, 1)
        box.update(f"{label}{'█' * filled}{'░' * (room - filled)} {percent(done, total):3d}%"
                   f"{'  ' + note if note else ''}")

    def _library_changed(self, *_args) -> None:
        if self.by_story:
            self.group_stories()
        self._populate()

    def _populate(self, *_args, keep: str | None = None) -> None:
        """Fill the list shown (articles, a story's articles, or stories) through the filter,
        the cursor on ``keep`` (an article or story id), else where it was."""
        self._apply_filter(self._filter_text(), keep)

    def _apply_filter(self, text: str, keep: str | None = None) -> None:
        if self.showing_stories:
            self._show_stories(story_matches(self._story_hay, text), text, keep)
            return
        self._show_list(stories=False)
        infos = self.app.library.infos
        words = text.lower().split()
        story = self.story_open
        if self._hay_for is not infos:
            self._hay = [(info, haystack(info)) for info in infos]
            self._hay_for = infos
        if story is not None:
            library = self.app.library
            base = [info for info in map(library.by_id, (r.id for r in story.articles))
                    if info is not None]
            pool = [(info, haystack(info)) for info in base]
        else:
            base, pool = infos, self._hay
        if words:
            rows = [info for info, hay in pool if all(w in hay for w in words)]
        else:
            rows = list(base)
        if keep is None:
            keep = self.table.selected.id if self.table.selected else self._initial_selection()
        self.table.set_rows(rows, keep_id=keep)
        if story is not None:
            n = len(base)
            # The story's title cut so the count still shows on a narrow terminal.
            count = f" · {n:,} article{'s' if n != 1 else ''}"
            room = max(12, self.size.width - 2 - len("Synoptic › ") - len(count))
            name = story.title if len(story.title) <= room else story.title[:room - 1] + "…"
            title = f"Synoptic › {name}{count}"
        else:
            title = f"Synoptic · {len(infos):,} article{'s' if len(infos) != 1 else ''}"
            if self.by_story and self.grouping:
                title += " · grouping by story…"
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

    def _show_list(self, stories: bool) -> None:
        """Show the story list or the article list. (Each widget's ``display``, not a class on
        the screen: a screen class restyles every widget, a third of the time of enter/h.)"""
        if self.story_table.display != stories:
            self.story_table.display = stories
        if self.table.display == stories:
            self.table.display = not stories

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

    # --- grouping by story -----------------------------------------------------------------

    @on(StoryTable.Selected, "#stories")
    def _story_selected(self, event: StoryTable.Selected) -> None:
        event.stop()
        self.open_story(event.item)

    # --- filter --------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        field = self._filter_field()
        if action == "filter" and field is not None and field.has_focus:
            return False  # "/" is then typed into the filter
        if action == "clear_filter" and (field is None or not field.has_class("-active")):
            return bool(self.app.opening)  # esc stops opening a big article
        if action == "back" and self.story_open is None:
            return False
        if action == "story_quotes" and self._story_here() is None:
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
        self.current_list.focus()
        self.refresh_bindings()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self._apply_filter(event.value)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.current_list.focus()
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
        elif self.focused is self.current_list:
            active = self.active_bindings.get(event.key)
            if active is not None and active.binding.action == "filter":
                self._typed_ahead = []
        # Down arrow from the filter box moves into the list, as in most pickers.
        if event.key == "down" and self.focused is not None and self.focused.id == "filter":
            self.current_list.focus()
            event.stop()

    # --- actions -------------------------------------------------------------------------------

    @on(ArticleTable.Selected, "#articles")
    def _open(self, event: ArticleTable.Selected) -> None:
        self.app.open_reader(event.item.id)

    def action_read(self) -> None:
        self.current_list.action_select()

    def action_compare(self) -> None:
        if self.showing_stories:
            story = self.story_table.selected
            if story is not None:
                self.compare_story(story)
            return
        info = self.table.selected
        if info is None:
            return
        # The most related of the articles listed: in a story, of its other articles (of the
        # library when it has no other).
        order = [r.id for r in self.table.rows]
        if self.story_open is not None and len(order) < 2:
            order = None
        self.app.compare_related(info.id, order)

    def action_add_articles(self) -> None:
        from tui.web import add_folder

        from .add_dialog import AddDialog

        self.app.push_screen(AddDialog(add_folder()))
