"""SynopticApp: the library, the state store, navigation between screens, and start-up.

Screens reach the app through ``self.app`` (typed as SynopticApp by ``base.SynopticScreen``) and
navigate with its methods: ``open_reader``, ``open_compare``, ``compare_related``,
``action_open_quotes``, ``action_open_bookmarks``, ``action_search``, ``action_help``. Each
screen module is imported where its screen is pushed, so start-up loads the library screen only
(``tests/app/test_app_import_cost.py`` guards it). ``README.md`` here maps the screens.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from . import themes as theme_files
from .commands import SynopticCommands
from .library_cache import LibraryCache
from .session import Session

if TYPE_CHECKING:
    from tui.corpus import Article
    from tui.corpus.library import Library

# Articles up to this size open without a worker: parsing takes a few milliseconds and the
# reader appears at once. Bigger files are parsed in a thread with a notification.
SYNC_OPEN_BYTES = 512 * 1024
FLUSH_INTERVAL = 1.0
MAX_ERROR_LINES = 3


class SynopticApp(App):
    TITLE = "Synoptic"
    CSS = """
    Screen { background: $background; }
    /* Dialogs keep the screen they were opened from visible, dimmed, for context. */
    ModalScreen { background: $background 60%; }
    DocumentView:focus > .document-view--cursor { background: $synoptic-cursor; }
    DocumentView > .document-view--cursor { background: $synoptic-cursor-blurred; }
    Toast { max-width: 70; }
    """

    BINDINGS = [
        Binding("ctrl+p", "command_palette", "Palette", id="app.palette", priority=True,
                show=False),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("slash", "search", "Search", id="app.search"),
        Binding("ctrl+f", "search", "Search", id="app.search_alt", show=False),
        Binding("Q", "open_quotes", "Quotes", id="app.quotes", show=False),
        Binding("B", "open_bookmarks", "Bookmarks", id="app.bookmarks", show=False),
        Binding("q", "back", "Back", id="app.back"),
        Binding("ctrl+q", "quit", "Quit", id="app.quit", priority=True, show=False),
    ]

    COMMANDS = App.COMMANDS | {SynopticCommands}

    # Bumped when a library scan finishes, so screens can ``watch`` it and refresh.
    library_version: reactive[int] = reactive(0, init=False)
    # (done, total) while indexing; None when idle.
    load_progress: reactive[tuple[int, int] | None] = reactive(None, init=False)

    def __init__(self, paths: list[str], state=None, *, theme: str | None = None,
                 compare: tuple[str, ...] | None = None, library: Library | None = None,
                 restore_session: bool = True) -> None:
        self._paths = list(paths)
        self._library = library
        self._library_lock = threading.Lock()
        if state is None:
            from tui.state import StateStore, default_state_path

            state = StateStore.open(default_state_path())
        self.state = state
        self._compare_paths = compare
        self._restore = restore_session and compare is None
        # Read before any screen records itself as the current one.
        self.start_session = Session.from_dict(self._stored_session())
        self._start_passage_given = False
        # The articles, quotes and search index the quotes and search screens share.
        self.library_cache = LibraryCache()
        self._loaded_themes, self._theme_messages = theme_files.load_themes()
        self.extra_theme_names = {t.name for t in self._loaded_themes}
        # NO_COLOR: Textual picks its filter at start-up from the theme in force then; asking
        # for native ANSI colours selects the filter that removes colour entirely (keeping bold
        # and reverse) rather than the one that turns colours into greys.
        super().__init__(ansi_color=True if "NO_COLOR" in os.environ else None)
        for t in self._loaded_themes:
            self.register_theme(t)
        remembered = self._setting("theme", None)
        name, message = theme_files.initial_theme(theme, remembered if isinstance(remembered, str)
                                                  else None, self.available_themes)
        if message:
            self._theme_messages.append(message)
        self._set_initial_theme(name)
        self.animation_level = "none" if self._setting("animations", True) is False else "basic"
        self.library_loaded = False
        # Called (in the indexing thread) with each article the library scan parses: the
        # library screen collects story features with it when grouping by story.
        self.article_parsed: Callable[[Article], None] | None = None
        # Set when the app starts to leave (quit, SIGHUP, SIGTERM): workers stop at their next
        # check, and their calls into the UI are dropped (see ``call_from_thread``).
        self.closing = threading.Event()

    @property
    def library(self) -> Library:
        """The articles. Created on first use, normally by the indexing thread, so importing
        the corpus layer is not on the path to the first frame."""
        if self._library is None:
            with self._library_lock:
                if self._library is None:
                    from tui.corpus.library import Library

                    self._library = Library(self._paths)
        return self._library

    # --- start-up ------------------------------------------------------------------------------

    def _set_initial_theme(self, name: str) -> None:
        """Start in ``name`` as if it had been the app's default theme.

        Assigning ``self.theme`` runs Textual's theme watcher, which queues a ``refresh_css``: a
        re-parse of every stylesheet in a fresh parser (no cache) just after the first parse,
        before the first frame. Nothing is mounted yet, so the watcher's other effects are all
        that is needed, and they are what ``App.__init__`` itself does for its default theme:
        theme classes, the ANSI-to-truecolor filter for a dark or light theme, and the
        stylesheet's variables (read when the stylesheet is first parsed)."""
        self.set_reactive(App.theme, name)
        theme = self.current_theme
        self.update_classes({f"-theme-{theme.name}": True, "-dark-mode": theme.dark,
                             "-light-mode": not theme.dark}, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())

    def get_theme_variable_defaults(self) -> dict[str, str]:
        # Used by themes that do not set our variables (Textual's own themes, user themes).
        theme = self.current_theme if hasattr(self, "_registered_themes") else None
        if theme is not None and theme.ansi:
            return {"synoptic-cursor": "ansi_bright_black",
                    "synoptic-cursor-blurred": "ansi_default", "synoptic-mark": "ansi_yellow"}
        primary = (theme.primary if theme else "#0178D4")
        try:
            from textual.color import Color

            base = Color.parse(primary)
            focus, blur = base.with_alpha(0.24).hex, base.with_alpha(0.12).hex
        except Exception:
            focus = blur = "transparent"
        accent = (theme.accent or theme.warning or primary) if theme else "#ffa62b"
        return {"synoptic-cursor": focus, "synoptic-cursor-blurred": blur,
                "synoptic-mark": accent}

    def get_default_screen(self) -> Screen:
        from .library_screen import LibraryScreen

        return LibraryScreen()

    def on_mount(self) -> None:
        keymap = self._setting("keymap", {})
        if isinstance(keymap, dict) and keymap:
            valid = {k: v for k, v in keymap.items() if isinstance(k, str) and isinstance(v, str)}
            self.set_keymap(valid)
        for line in list(getattr(self.state, "messages", ())) + self._theme_messages:
            self.notify(line, severity="warning", timeout=8)
        self.call_after_refresh(self.apply_keymap_file)
        self.set_interval(FLUSH_INTERVAL, self._flush_if_dirty, name="flush-state")
        # Paint first, then index: the indexing thread imports the corpus layer and competes
        # for the interpreter, which would hold back the first frame.
        self.call_after_refresh(self.load_library)

    def apply_keymap_file(self) -> None:
        """Keys from ``keymap.toml`` (see ``keymap.py``); its problems in one notification.
        After the first frame: checking it imports every screen's module."""
        from .keymap import keymap_path, load_keymap

        path = keymap_path()
        if not path.exists():
            return
        result = load_keymap(path)
        if result.keymap:
            self.update_keymap(result.keymap)
        message = result.message()
        if message:
            self.notify(message, title="Keymap", severity="warning", timeout=12)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.closing.set()
        super().exit(*args, **kwargs)

    def call_from_thread(self, callback, *args: Any, **kwargs: Any) -> Any:
        """Textual's, except that once the app is closing the call is dropped (returns None):
        the screen it would update is going away, and a worker must never wait on a loop that
        may stop before it runs the call."""
        if self.closing.is_set() or not self.is_running:
            return None
        return super().call_from_thread(callback, *args, **kwargs)

    def job_cancelled(self) -> bool:
        """For lower-layer ``cancelled`` callbacks in thread workers: the worker was cancelled
        (its screen left, or a newer one replaced it) or the app is closing."""
        from textual.worker import get_current_worker

        if self.closing.is_set():
            return True
        try:
            return get_current_worker().is_cancelled
        except Exception:  # noqa: BLE001 - called outside a worker: only the app's state counts
            return False

    @work(thread=True, exclusive=True, group="library", name="index library")
    def load_library(self) -> None:
        def progress(done: int, total: int) -> None:
            # A plain assignment: the scan never waits for the UI; a timer shows it.
            self._scan_progress = (done, total)

        self._scan_progress = None
        self._progress_timer = self.call_from_thread(
            self.set_interval, 0.1, self._poll_progress, name="index-progress")
        from tui.cancel import Cancelled

        try:
            self.library.scan(progress=progress, cancelled=self.job_cancelled,
                              parsed=self.article_parsed)
        except Cancelled:
            return  # the app is closing: nothing to show
        finally:
            self.call_from_thread(self._library_loaded)

    def _poll_progress(self) -> None:
        progress = self._scan_progress
        # Small libraries finish before the first tick: no progress bar flashes.
        if progress is not None and progress[0] < progress[1]:
            self.load_progress = progress

    def _library_loaded(self) -> None:
        self._progress_timer.stop()
        self.load_progress = None
        self.library_loaded = True
        self.library_version += 1
        self._report_load_errors(self.library.errors)
        if self._compare_paths:
            # Once: a later rescan (articles added) must not open the compare view again.
            compare, self._compare_paths = self._compare_paths, None
            infos = [self.library.by_path(path) for path in compare]
            if all(infos):
                self.open_compare(*(info.id for info in infos))
        elif self._restore:
            self._restore = False
            self._restore_session()

    def articles_added(self, folder: str | os.PathLike) -> None:
        """Rescan after articles were saved into ``folder``, taking the folder into the
        library when none of its paths holds it."""
        target = Path(folder).resolve()
        paths = self.library.paths
        if not any(target == Path(p).resolve() or Path(p).resolve() in target.parents
                   for p in paths):
            paths.append(str(folder))
        self.load_library()

    def _report_load_errors(self, errors: list[str]) -> None:
        if not errors:
            return
        if len(errors) <= MAX_ERROR_LINES:
            for line in errors:
                self.notify(line, title="Could not read", severity="warning", timeout=8)
            return
        shown = "\n".join(errors[:MAX_ERROR_LINES])
        more = len(errors) - MAX_ERROR_LINES
        self.notify(f"{shown}\n…and {more} more (`synoptic list` prints them all)",
                    title=f"{len(errors):,} files could not be read", severity="warning",
                    timeout=10)

    def _restore_session(self) -> None:
        session = self.start_session
        if session.screen == "reader" and session.article:
            if self.library.by_id(session.article):
                self.open_reader(session.article)
        elif session.screen == "compare" and session.left and session.right:
            ids = [session.left, session.right, *session.others]
            if all(self.library.by_id(i) for i in ids):
                self.open_compare(*ids)

    # --- state ---------------------------------------------------------------------------------

    def _setting(self, key: str, default: Any) -> Any:
        try:
            return self.state.get_setting(key, default)
        except Exception:  # a damaged setting must not stop the app from starting
            return default

    def setting(self, key: str, default: Any = None) -> Any:
        """A remembered setting (``default`` when unset or unreadable)."""
        return self._setting(key, default)

    def remember_setting(self, key: str, value: Any) -> None:
        """Remember a setting (written with the next flush)."""
        self.state.set_setting(key, value)

    def _stored_session(self) -> Any:
        try:
            return self.state.get_session()
        except Exception:  # a damaged session must not stop the app from starting
            return None

    def set_session(self, session: Session) -> None:
        """Remember the current screen so the next start reopens it."""
        if not self.is_running or self.return_code is not None:
            return  # screens resuming while the app closes are not where the user was
        data = session.to_dict()
        if self._stored_session() != data:
            self.state.set_session(data)

    def _resume_passage(self, left_id: str, right_id: str,
                        others: tuple[str, ...] = ()) -> int | None:
        """The passage the last run left the compare view of these two articles at: given to
        the first compare view of them only (the stored session moves on as soon as a screen
        opens)."""
        start = self.start_session
        if (self._start_passage_given or start.screen != "compare" or start.passage is None
                or (start.left, start.right, start.others) != (left_id, right_id, others)):
            return None
        self._start_passage_given = True
        return start.passage

    def save_position(self, article_id: str, passage: int, line: int = 0) -> None:
        """Record a reading position in memory; the flush timer writes it."""
        from tui.state import Anchor

        self.state.set_position(Anchor(article_id, passage, line))

    def position(self, article_id: str) -> int | None:
        anchor = self.state.get_position(article_id)
        return None if anchor is None else anchor.passage

    def _flush_if_dirty(self) -> None:
        # Debounced saving: positions change in memory on every keypress; at most one write a
        # second, in a thread so a slow disk (fsync) never stalls a keystroke.
        if getattr(self.state, "dirty", False) and not getattr(self.state, "read_only", False):
            self._flush_in_thread()

    @work(thread=True, exclusive=True, group="flush")
    def _flush_in_thread(self) -> None:
        self.flush_state(from_thread=True)

    def flush_state(self, from_thread: bool = False) -> None:
        """Write pending state now (the flush timer, exit, and signals call this)."""
        if getattr(self.state, "dirty", False) and not getattr(self.state, "read_only", False):
            try:
                self.state.flush()
            except OSError as e:
                message = f"could not save reading state: {e.strerror or e}"
                if from_thread:
                    self.call_from_thread(self.notify, message, severity="error", timeout=8)
                else:
                    self.notify(message, severity="error", timeout=8)

    def watch_theme(self, name: str) -> None:
        # Not called for the start-up theme (``_set_initial_theme``): only a user's choice is
        # remembered.
        if hasattr(self, "state"):
            self.state.set_setting("theme", name)

    def on_unmount(self) -> None:
        self.flush_state()

    # --- navigation ----------------------------------------------------------------------------

    def _load_article(self, article_id: str) -> Article | None:
        from tui.corpus import LoadError

        try:
            return self.library.article(article_id)
        except LoadError as e:
            self.notify(str(e), severity="error", timeout=8)
            return None

    def open_reader(self, article_id: str, offset: int | None = None,
                    passage: int | None = None) -> None:
        """Open an article. ``offset`` (a character offset into its text) or ``passage`` say
        where; with neither, the reader resumes at the remembered position."""
        info = self.library.by_id(article_id)
        if info is None:
            self.notify(f"article {article_id} is not in the library", severity="error")
            return
        if info.size and info.size > SYNC_OPEN_BYTES:
            self.notify(f"Opening {info.title}…", timeout=2)
            self._open_reader_in_thread(article_id, offset, passage)
            return
        article = self._load_article(article_id)
        if article is not None:
            self._push_reader(article, offset, passage)

    @work(thread=True, exclusive=True, group="open")
    def _open_reader_in_thread(self, article_id: str, offset: int | None,
                               passage: int | None) -> None:
        from tui.cancel import Cancelled
        from tui.corpus import LoadError

        try:
            article = self.library.article(article_id, self.job_cancelled)
        except LoadError as e:
            self.call_from_thread(self.notify, str(e), severity="error", timeout=8)
            return
        except Cancelled:
            return
        self.call_from_thread(self._push_reader, article, offset, passage)

    def _push_reader(self, article: Article, offset: int | None, passage: int | None) -> None:
        from .reader_screen import ReaderScreen

        if offset is not None:
            passage = article.paragraph_at(offset)
        if passage is None:
            passage = self.position(article.id) or 0
        self.push_screen(ReaderScreen(article, passage))

    def open_compare(self, left_id: str, right_id: str, *other_ids: str) -> None:
        """Open the compare view of two to four articles, left to right (where the last run
        left it, if it did). A story, the library and the command line all open it here."""
        from .compare_screen import CompareScreen

        ids = [left_id, right_id, *other_ids][:4]
        articles = [self._load_article(i) for i in ids]
        if any(a is None for a in articles):
            return
        self.push_screen(CompareScreen(*articles,
                                       passage=self._resume_passage(left_id, right_id,
                                                                    tuple(ids[2:]))))

    def compare_related(self, article_id: str, order: list[str] | None = None) -> None:
        """Compare ``article_id`` with the most related other article (found in a thread:
        it may parse many files)."""
        if len(self.library.infos) < 2:
            self.notify("Comparing needs at least two articles in the library",
                        severity="warning")
            return
        if len(self.library.infos) > 20:
            self.notify("Finding the most related article…", timeout=2)
        self._compare_related_worker(article_id, order)

    @work(thread=True, exclusive=True, group="related")
    def _compare_related_worker(self, article_id: str, order: list[str] | None) -> None:
        from tui.cancel import Cancelled

        try:
            other = self.related_article(article_id, order, self.job_cancelled)
        except Cancelled:
            return
        if other is not None:
            self.call_from_thread(self.open_compare, article_id, other)

    def related_article(self, article_id: str, order: list[str] | None = None,
                        cancelled=None) -> str | None:
        """The id of the article most related to ``article_id`` (``tui.align.related``), among
        the likely candidates of the library (or of ``order``); the first other one when none
        of them can be read."""
        from tui.align.related import likely_related, rank_related
        from tui.corpus import LoadError

        library = self.library
        ids = [i for i in (order or [info.id for info in library.infos])]
        others = [i for i in ids if i != article_id]
        if not others:
            return None
        try:
            base = library.article(article_id, cancelled)
        except LoadError:
            return others[0]
        infos = [info for info in map(library.by_id, others) if info is not None]
        candidates = likely_related(library.by_id(article_id), infos)
        ranked = rank_related(base, [info.id for info in candidates],
                              lambda other: library.article(other, cancelled))
        return ranked[0][1] if ranked else others[0]

    def action_open_quotes(self) -> None:
        from .quotes_screen import QuotesScreen

        if not isinstance(self.screen, QuotesScreen):
            self.push_screen(QuotesScreen())

    def action_open_bookmarks(self) -> None:
        from .bookmarks import BookmarksScreen

        if not isinstance(self.screen, BookmarksScreen):
            self.push_screen(BookmarksScreen())

    def action_search(self) -> None:
        from .search_screen import SearchScreen

        if not isinstance(self.screen, SearchScreen):
            self.push_screen(SearchScreen())

    def action_help(self) -> None:
        from .help_screen import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_show_library(self) -> None:
        from .library_screen import LibraryScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, LibraryScreen):
            self.pop_screen()

    def action_back(self) -> None:
        """``q``: close the current screen; on the library (the bottom screen) quit."""
        if len(self.screen_stack) > 1:
            self.pop_screen()
        else:
            self.exit()
