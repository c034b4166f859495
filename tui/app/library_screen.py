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
cursor or open (``QuotesScreen(article_ids=...)``), else of the whole library.
"""
from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Sequence

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Static

from .base import SynopticScreen
from .commands import PaletteCommand
from .numbers import percent, progress_counts
from .session import Session
from .widgets.article_table import ArticleTable
from .widgets.key_bar import KeyBar
from .widgets.story_table import StoryTable

if TYPE_CHECKING:
    from tui.corpus import Article
    from tui.corpus.library import ArticleInfo
    from tui.stories import FeatureCollector, Story, StoryIndex

    from .app import SynopticApp

BY_STORY_SETTING = "library.by_story"
# The compare view shows two to four articles: a bigger story opens on its four most alike
# (``o`` there swaps one for another).
MAX_COMPARED = 4
# Progress reaches the screen at most this often (seconds).
PROGRESS_INTERVAL = 0.1


def open_story_compare(app: SynopticApp, article_ids: Sequence[str]) -> None:
    """Open the compare view on a story's articles, most alike first (``StoryIndex
    .most_alike``): all of them up to four, one column each (the view takes two to four)."""
    app.open_compare(*article_ids[:MAX_COMPARED])


def haystack(info: ArticleInfo) -> str:
    """What ``/`` matches against, lower-cased once per library load."""
    return f"{info.title} {info.outlet or ''} {info.date or ''}".lower()


def story_haystack(story: Story) -> str:
    """What ``/`` matches a story against: its title and each article's title, outlet and
    date, lower-cased once per grouping."""
    parts = [story.title]
    for ref in story.articles:
        parts += [ref.title, ref.outlet or "", ref.date or ""]
    return " ".join(parts).lower()


def story_matches(hay: list[tuple[Story, str]], text: str) -> list[Story]:
    """The stories whose haystack holds every word of ``text`` (all of them for no words)."""
    words = text.lower().split()
    if not words:
        return [story for story, _ in hay]
    return [story for story, h in hay if all(w in h for w in words)]


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

    def _show_stories(self, rows: list[Story], text: str, keep: str | None) -> None:
        table = self.story_table
        first_time = not self.story_table.display
        if keep is None and first_time and self.stories is not None:
            # Coming from the article list (or a restart): the story of the article there.
            info = self.table.selected
            article = info.id if info is not None else self._initial_selection()
            found = self.stories.story_of(article) if article else None
            keep = found.id if found is not None else None
        if keep is None and table.selected is not None:
            keep = table.selected.id
        table.set_rows(rows, keep_id=keep)
        if first_time:
            self._show_list(stories=True)
            self._move_focus_to(table)
        n = len(self._story_hay)
        articles = len(self.app.library.infos)
        title = (f"Synoptic · {n:,} stor{'ies' if n != 1 else 'y'} · {articles:,} "
                 f"article{'s' if articles != 1 else ''}")
        if text.split():
            title += f" · {len(rows):,} match{'es' if len(rows) != 1 else ''} “{text.strip()}”"
        self.query_one("#title", Static).update(title)
        empty = self.query_one("#empty", Static)
        if not n and self.app.library_loaded:
            empty.update(f"No articles found in {', '.join(self.app.library.paths)}.")
        elif not rows and text.split():
            empty.update("No story title, outlet or date matches. esc clears the filter; "
                         "ctrl+f searches the text of every article.")
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

    def _story_progress_text(self, story: Story) -> str:
        """"2/3": how many of the story's articles were opened in the reader."""
        memo = self._progress_memo
        text = memo.get(story.id)
        if text is None:
            opened = sum(1 for r in story.articles if self.app.position(r.id) is not None)
            text = f"{opened}/{len(story.articles)}" if opened else ""
            memo[story.id] = text
        return text

    # --- grouping by story -----------------------------------------------------------------

    def _collect(self, article: Article) -> None:
        """``Library.scan(parsed=...)``, in the indexing thread: keep the story features of an
        article the scan had to parse, for the grouping that follows."""
        with self._collector_lock:
            if self._collector is None:
                from tui.stories import FeatureCollector

                self._collector = FeatureCollector()
            collector = self._collector
        collector(article)

    def _take_collector(self) -> FeatureCollector | None:
        with self._collector_lock:
            collector, self._collector = self._collector, None
        return collector

    def group_stories(self) -> None:
        """Group the library by story in a worker (a newer call supersedes a running one)."""
        self._generation += 1
        self.grouping = True
        self._story_progress_shown = None
        self._group_worker(self._generation)

    @work(thread=True, exclusive=True, group="stories", exit_on_error=False)
    def _group_worker(self, generation: int) -> None:
        from textual.worker import get_current_worker

        from tui.stories import library_stories

        worker = get_current_worker()
        app = self.app
        shown = [0.0]

        def stale() -> bool:
            return (worker.is_cancelled or generation != self._generation
                    or app.closing.is_set())

        def progress(done: int, total: int) -> None:
            now = time.monotonic()
            if done == total or now - shown[0] >= PROGRESS_INTERVAL:
                shown[0] = now
                app.call_from_thread(self._grouping_progress, generation, done, total)

        try:
            index = library_stories(app.library, progress=progress, cancelled=stale,
                                    features=self._take_collector())
            if index is None or stale():
                return
            hay = [(story, story_haystack(story)) for story in index.stories]
        except Exception as e:  # noqa: BLE001 - shown, and the article list stays
            app.call_from_thread(self._grouping_failed, generation, str(e))
            return
        app.call_from_thread(self._grouping_done, generation, index, hay)
        # After the stories are shown: weigh the library for "c" (most_alike), so that the
        # UI thread only reads (a "c" pressed meanwhile waits for this, a fraction of a second).
        try:
            index.warm()
        except Exception:  # noqa: BLE001 - "c" weighs again itself and reports what fails
            pass

    def _grouping_progress(self, generation: int, done: int, total: int) -> None:
        if generation != self._generation or not self.is_attached:
            return
        self._story_progress_shown = (done, total)
        if self.app.load_progress is not None:
            return  # the indexing line is showing the scan
        if done < total:
            self._bar("Reading", done, total, note="S cancels")
        else:
            box = self.query_one("#indexing", Static)
            box.remove_class("-idle")
            box.update(f"Grouping {len(self.app.library.infos):,} articles by story…  "
                       "S cancels")

    def _grouping_done(self, generation: int, index: StoryIndex,
                       hay: list[tuple[Story, str]]) -> None:
        if generation != self._generation:
            return
        self.grouping = False
        self.query_one("#indexing", Static).add_class("-idle")
        self.stories = index
        self._story_hay = hay
        if self.story_open is not None:
            # The open story after a regrouping: the one holding its first article now.
            self.story_open = index.story_of(self.story_open.articles[0].id)
        self._progress_memo.clear()
        self._populate()
        self.refresh_bindings()

    def _grouping_failed(self, generation: int, message: str) -> None:
        if generation != self._generation:
            return
        self.grouping = False
        self.query_one("#indexing", Static).add_class("-idle")
        self.app.notify(f"Could not group by story: {message}", severity="error", timeout=8)
        self._populate()

    def action_toggle_stories(self) -> None:
        self.by_story = not self.by_story
        self.app.remember_setting(BY_STORY_SETTING, self.by_story)
        if self.by_story:
            self.app.article_parsed = self._collect
            if self.app.library_loaded:
                self.group_stories()
            self._populate()
        else:
            self.app.article_parsed = None
            self._take_collector()
            if self.grouping:
                self._generation += 1     # its result, if it comes, is dropped
                self.workers.cancel_group(self, "stories")
                self.grouping = False
                self.query_one("#indexing", Static).add_class("-idle")
                self.app.notify("Grouping by story cancelled", timeout=2)
            story = self._story_here()
            self.story_open = None
            self._populate(keep=story.articles[0].id if story is not None else None)
            self._move_focus_to(self.table)
        self.refresh_bindings()

    def _move_focus_to(self, widget) -> None:
        """Focus ``widget`` when the focus was on one of the lists (not in the filter box)."""
        if self.focused in (self.table, self.story_table) or self.focused is None:
            self.set_focus(widget)

    def open_story(self, story: Story) -> None:
        """Show the story's articles (``h``, ``esc`` or ``q`` go back)."""
        self.story_open = story
        self._populate(keep=story.articles[0].id)
        self._move_focus_to(self.table)
        self.refresh_bindings()

    def action_back(self) -> None:
        """Back from a story's articles to the stories."""
        story = self.story_open
        if story is None:
            return
        self.story_open = None
        self._populate(keep=story.id)
        self._move_focus_to(self.story_table)
        self.refresh_bindings()

    @on(StoryTable.Selected, "#stories")
    def _story_selected(self, event: StoryTable.Selected) -> None:
        event.stop()
        self.open_story(event.item)

    def _story_here(self) -> Story | None:
        """The story under the cursor, or the one open."""
        if self.story_open is not None:
            return self.story_open
        if self.showing_stories:
            return self.story_table.selected
        return None

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

    def compare_story(self, story: Story) -> None:
        """Compare the story's most alike articles; a story of one text is compared with the
        most related article of the library."""
        library = self.app.library
        refs = self.stories.most_alike(story.id) if self.stories is not None else []
        ids = [r.id for r in refs if library.by_id(r.id) is not None]
        if len(ids) >= 2:
            texts = len({info.text_key or info.id
                         for info in map(library.by_id, (r.id for r in story.articles))
                         if info is not None})
            if texts > MAX_COMPARED:
                self.app.notify(f"Comparing the {MAX_COMPARED} most alike of {texts} "
                                "articles: o picks which are shown", timeout=4)
            open_story_compare(self.app, ids)
            return
        if ids:
            self.app.notify("This story has one article: comparing it with the most related "
                            "article of the library", timeout=4)
            self.app.compare_related(ids[0])

    def action_story_quotes(self) -> None:
        story = self._story_here()
        if story is None:
            return
        from .quotes_screen import QuotesScreen

        self.app.push_screen(QuotesScreen(article_ids=[r.id for r in story.articles],
                                          title=story.title))

    def action_add_articles(self) -> None:
        from tui.web import add_folder

        from .add_dialog import AddDialog

        self.app.push_screen(AddDialog(add_folder()))
