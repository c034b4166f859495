"""Issue 10's small things, each as a person meets it: counts in words ("1 result", 4.7M), the
read figure of an article only opened, the key bar at 80 columns and where q goes, help that
explains keys, and a document view that paints nothing before it knows its width."""
from __future__ import annotations

import re

from textual.app import App, ComposeResult
from textual.containers import Container

from tests.conftest import SEED_002
from tests.app.helpers import open_seed, ready, screen_lines, screen_text, settle
from tests.app.test_screens_search import open_search, type_query
from tui.app.compare_screen import CompareScreen
from tui.app.help_screen import HelpScreen, binding_rows
from tui.app.library_screen import LibraryScreen, read_percent
from tui.app.numbers import short_count
from tui.app.reader_screen import ReaderScreen
from tui.app.search_screen import SearchScreen
from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.key_bar import KeyBar
from tui.corpus import read_article


def key_bar_text(app) -> str:
    return screen_lines(app)[-1]


def test_words_column_counts_fit_in_six_cells():
    assert short_count(382) == "382"
    assert short_count(12_345) == "12,345"
    assert short_count(123_456) == "123.5k"
    assert short_count(4_677_123) == "4.7M"
    assert short_count(999_999) == "1.0M"
    for n in (0, 9, 99_999, 100_000, 999_949, 12_345_678, 987_654_321, 5_000_000_000):
        assert len(short_count(n)) <= 6, n


def test_read_percent_is_zero_when_just_opened_and_full_at_the_last_paragraph():
    assert read_percent(0, 15) == 0
    assert read_percent(14, 15) == 100
    assert read_percent(7, 15) == 50
    assert read_percent(0, 1) == 0 and read_percent(1, 1) == 100


async def test_opening_an_article_does_not_mark_it_read(launch):
    async with launch(restore_session=False, size=(100, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        row = next(line for line in screen_lines(app)
                   if read_article(SEED_002).title[:30] in line)
        assert row.rstrip().endswith("0%"), row
        assert not re.search(r"\b[1-9]\d?%", row), row


async def test_one_search_result_is_one_result(launch):
    async with launch(restore_session=False, size=(100, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "ammunition")
        assert len(screen.hits) == 1
        text = screen_text(app)
        assert "Search · 1 result " in text and "1 results" not in text


async def test_library_key_bar_at_80_columns_keeps_quotes_and_bookmarks(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        bar = key_bar_text(app)
        for shown in ("Q ", "B ", "? ", "q "):
            assert shown in bar, bar
        # what the bar leaves out is still in help
        listed = " ".join(keys for _, keys, _ in binding_rows(app.screen))
        for key in ("a", "c", "Q", "B", "/", "⏎"):
            assert re.search(rf"(^|[ /,]){re.escape(key)}($|[ /,])", listed), (key, listed)
        assert "Add" not in bar or "Compare" not in bar  # something had to give at 80 columns


async def test_key_bar_says_where_q_goes(launch):
    async with launch(restore_session=False, size=(120, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "ammunition")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert "Back to search" in key_bar_text(app)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        await open_seed(app, pilot, SEED_002)
        assert isinstance(app.screen, ReaderScreen)
        assert "Back to library" in key_bar_text(app)


async def test_help_explains_free_in_the_compare_view(launch):
    async with launch(restore_session=False, size=(120, 40)) as (app, pilot):
        await ready(app, pilot)
        await pilot.press("c")
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, CompareScreen):
                break
        assert isinstance(app.screen, CompareScreen)
        rows = {keys: description for _, keys, description in binding_rows(app.screen)}
        assert "scroll each column alone" in rows["f"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Free: scroll each column alone" in screen_text(app)
        # a key with a second key ("j" and "down") is still one row
        assert sum("Next paragraph" in d for d in rows.values()) == 1


class NarrowApp(App):
    """A document view in a container 3 cells wide from the start, widened by the test."""

    CSS = "#box { width: 3; }"

    def compose(self) -> ComposeResult:
        with Container(id="box"):
            yield DocumentView(read_article(SEED_002))


async def test_document_view_paints_nothing_before_its_width_is_known():
    """Issue 10 #8: a first layout at a sliver of the final width painted the article one
    character per line for a frame."""
    app = NarrowApp()
    async with app.run_test(size=(80, 20)) as pilot:
        box = app.query_one("#box")
        await pilot.pause()
        view = app.query_one(DocumentView)
        lines = [line.text for line in view.render_lines(view.region.reset_offset)]
        assert not any(ch.isalnum() for line in lines for ch in line), lines
        box.styles.width = 60
        await pilot.pause()
        text = "\n".join(line.text for line in view.render_lines(view.region.reset_offset))
        assert "Zelensky" in text
