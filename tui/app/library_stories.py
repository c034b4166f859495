"""The library by story (``S``): the grouping worker, the story list, a story opened to its
articles, and comparing or listing the quotes of a story.

``LibraryStories`` is a mixin of ``LibraryScreen`` (library_screen.py), which holds the keys,
the article list and the filter. The grouping (``tui.stories.library_stories``) runs in a
worker, its progress on the indexing line, while the article list stays usable; ``S`` again
cancels it (a bumped generation drops a stale result). What the first scan parses feeds the
grouping (``_collect``), so new files are not parsed twice. ``/`` matches a story against
``story_haystack``; ``c`` on a story compares its most alike articles
(``open_story_compare``), ``Q`` lists its quotes.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Sequence

from textual import work
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.corpus import Article
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


class LibraryStories:
    """``LibraryScreen``'s by-story view (a mixin: it uses the screen's lists, title,
    indexing line and ``_populate``)."""

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

    def _story_here(self) -> Story | None:
        """The story under the cursor, or the one open."""
        if self.story_open is not None:
            return self.story_open
        if self.showing_stories:
            return self.story_table.selected
        return None

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

    def _story_progress_text(self, story: Story) -> str:
        """"2/3": how many of the story's articles were opened in the reader."""
        memo = self._progress_memo
        text = memo.get(story.id)
        if text is None:
            opened = sum(1 for r in story.articles if self.app.position(r.id) is not None)
            text = f"{opened}/{len(story.articles)}" if opened else ""
            memo[story.id] = text
        return text

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
