"""The library by story (issue 13): S groups, enter/l opens a story, h/esc/q go back, the filter
and reading progress in story mode, c compares a story's articles, Q lists its quotes; the
choice is remembered. Driven with keys on a hand-written city library (tests/stories_library.py:
four events with three outlets each and a story of one)."""
from __future__ import annotations

import os
import time

import pytest

from tests.app.helpers import compare_ready, screen_lines, screen_text, settle
from tests.stories_library import write_library
from tui.app.compare_screen import CompareScreen
from tui.app.library_screen import BY_STORY_SETTING, LibraryScreen
from tui.app.quotes_screen import QuotesScreen
from tui.app.reader_screen import ReaderScreen
import tui.corpus as corpus
from tui.corpus import read_article
from tui.state import StateStore

VOTE = "Council approves $4.2 million repair of Kessler Bridge"
FIRE = "Fire guts Dunmore textile mill; two firefighters hurt"


@pytest.fixture
def city(tmp_path):
    folder = tmp_path / "city"
    truth = write_library(folder, named_outlets=True)
    return folder, truth


async def grouped(app, pilot) -> LibraryScreen:
    """S on a loaded library, then the grouping done."""
    await settle(app, pilot)
    await pilot.press("S")
    await settle(app, pilot, 3)
    screen = app.screen
    assert isinstance(screen, LibraryScreen) and screen.showing_stories
    return screen


async def cursor_to(pilot, screen: LibraryScreen, title: str) -> None:
    """Move the story cursor with j/k to the story titled ``title``."""
    titles = [s.title for s in screen.story_table.rows]
    target = titles.index(title)
    key = "j" if target > screen.story_table.cursor else "k"
    for _ in range(abs(target - screen.story_table.cursor)):
        await pilot.press(key)
    assert screen.story_table.selected.title == title


def row_of(app, text: str) -> str:
    return next(line for line in screen_lines(app) if text in line)


async def test_S_shows_one_row_per_story_and_again_every_article(launch, city):
    folder, _ = city
    async with launch([folder], restore_session=False, size=(120, 24)) as (app, pilot):
        screen = await grouped(app, pilot)
        text = screen_text(app)
        assert "5 stories · 13 articles" in text
        # Header, then one row per story: title, outlets, date span, articles.
        assert "Story" in text and "Outlets" in text and "Dates" in text
        vote = row_of(app, VOTE[:30])
        # Outlets in the order of their articles (oldest first), as many as fit.
        assert "Courier, Channel Seven +1" in vote and "2024-03-04–05" in vote
        assert vote.rstrip().endswith("3")
        library_row = row_of(app, "Riverside branch library")
        assert "2024-03-09" in library_row and library_row.rstrip().endswith("1")
        # Largest first.
        assert [len(s.articles) for s in screen.story_table.rows] == [3, 3, 3, 3, 1]
        assert app.state.get_setting(BY_STORY_SETTING) is True
        await pilot.press("S")
        await pilot.pause()
        assert not screen.showing_stories
        text = screen_text(app)
        assert "13 articles" in text and "stories" not in text.splitlines()[0]
        assert "Title" in text and "Words" in text
        assert app.state.get_setting(BY_STORY_SETTING) is False


async def test_enter_and_l_open_a_story_h_esc_and_q_go_back(launch, city):
    folder, truth = city
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        screen = await grouped(app, pilot)
        for open_key, back_key in (("enter", "h"), ("l", "escape"), ("enter", "q")):
            await cursor_to(pilot, screen, FIRE)
            await pilot.press(open_key)
            await pilot.pause()
            assert screen.story_open is not None and not screen.showing_stories
            lines = screen_lines(app)
            assert lines[0].startswith(f" Synoptic › {FIRE} · 3 articles")
            shown = {r.path for r in screen.table.rows}
            assert shown == {p for p, key in truth.items() if key == "mill-fire"}
            for outlet in ("Courier", "Valley Gaz", "Channel Sev"):   # cut to the column
                assert any(outlet in line for line in lines[2:5]), (open_key, lines[:6])
            # The key bar says how to go back; q does not quit here.
            assert "Stories" in lines[-1]
            await pilot.press(back_key)
            await pilot.pause()
            assert app.is_running and isinstance(app.screen, LibraryScreen)
            assert screen.showing_stories and screen.story_table.selected.title == FIRE


async def test_reading_from_a_story_and_its_progress(launch, city):
    folder, _ = city
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        screen = await grouped(app, pilot)
        await cursor_to(pilot, screen, FIRE)
        assert row_of(app, FIRE[:30]).rstrip().endswith("3")   # nothing read: Read is empty
        await pilot.press("enter")
        await pilot.pause()
        first = screen.table.selected
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("j", "j")
        await pilot.press("q")
        await pilot.pause()
        # Back in the story: its article shows how far it was read ...
        assert screen.story_open is not None
        assert row_of(app, first.title[:30]).rstrip().endswith("%")
        await pilot.press("h")
        await pilot.pause()
        # ... and the story row how many of its articles were opened.
        assert row_of(app, FIRE[:30]).rstrip().endswith("1/3")


async def test_filter_in_story_mode_narrows_stories_then_a_story_s_articles(launch, city):
    folder, _ = city
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        screen = await grouped(app, pilot)
        await pilot.press("slash", *"kessler")
        await pilot.pause()
        titles = [s.title for s in screen.story_table.rows]
        assert len(titles) == 2 and VOTE in titles
        assert "2 matches “kessler”" in screen_lines(app)[0]
        # An outlet matches the stories it reported (every one here) ...
        await pilot.press(*["backspace"] * 7, *"channel seven")
        await pilot.pause()
        assert len(screen.story_table.rows) == 4
        # ... and a word no story has says so.
        await pilot.press(*["backspace"] * 13, *"zeppelin")
        await pilot.pause()
        assert "No story title, outlet or date matches" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.story_table.rows) == 5 and screen.story_table.has_focus
        # Inside a story the filter narrows its articles.
        await cursor_to(pilot, screen, VOTE)
        await pilot.press("enter", "slash", *"gazette", "enter")
        await pilot.pause()
        assert [r.outlet for r in screen.table.rows] == ["Valley Gazette"]
        assert "1 match “gazette”" in screen_lines(app)[0]


async def test_c_on_a_story_compares_its_articles_one_column_each(launch, city):
    folder, truth = city
    async with launch([folder], restore_session=False, size=(180, 40)) as (app, pilot):
        screen = await grouped(app, pilot)
        await cursor_to(pilot, screen, VOTE)
        story = screen.story_table.selected
        expected = [r.id for r in screen.stories.most_alike(story.id)]
        assert len(expected) == 3
        await pilot.press("c")
        compare = await compare_ready(pilot)
        assert isinstance(compare, CompareScreen)
        # The three outlets' accounts, most alike first, one column each (180 columns).
        assert [a.id for a in compare.articles] == expected
        assert len(compare.shown_articles) == 3
        paths = {read_article(p).id: p for p in truth}
        assert {truth[paths[i]] for i in expected} == {"bridge-vote"}
        text = screen_text(app)
        assert all(read_article(paths[i]).title[:25] in text for i in expected)
        # No note: the story has no more than four articles.
        assert not any("most alike of" in note for note in app.notes)


async def test_c_on_a_story_of_one_compares_with_the_most_related_article(launch, city):
    folder, _ = city
    async with launch([folder], restore_session=False, size=(100, 30)) as (app, pilot):
        screen = await grouped(app, pilot)
        await cursor_to(pilot, screen, "Riverside branch library opens with a crowd and a brass "
                                       "band")
        await pilot.press("c")
        await compare_ready(pilot)
        assert any("one article" in note for note in app.notes)


async def test_Q_on_a_story_lists_only_its_statements_with_who_reported_them(launch, city):
    folder, truth = city
    async with launch([folder], restore_session=False, size=(140, 30)) as (app, pilot):
        screen = await grouped(app, pilot)
        await cursor_to(pilot, screen, VOTE)
        await pilot.press("Q")
        await settle(app, pilot, 3)
        quotes = app.screen
        assert isinstance(quotes, QuotesScreen)
        vote_ids = {read_article(p).id for p, key in truth.items() if key == "bridge-vote"}
        found = {q.article_id for g in quotes.groups for q in g.quotes}
        assert found and found <= vote_ids
        text = screen_text(app)
        assert f"story “{VOTE[:20]}" in text.splitlines()[0]
        # Fisk's statement as the three outlets worded it (Channel Seven quoted only a phrase
        # of it, "the front door of this city."), one header naming them, each wording with
        # the outlet that reported it.
        assert len(quotes.groups) == 1
        outlets = ", ".join(dict.fromkeys(
            app.library.by_id(aid).outlet for aid in quotes.groups[0].article_ids))
        assert sorted(outlets.split(", ")) == ["Channel Seven", "Courier", "Valley Gazette"]
        assert f"◆ Dana Fisk · reported by {outlets} · wording differs" in text
        assert "front door of this city and we cannot let it crumble" in text
        lines = screen_lines(app)
        for wording, outlet in (("we cannot let it crumble", "Courier"),
                                ("“the front door of this city.”", "Channel Seven"),
                                ("“The Kessler Bridge is the front door of this city”",
                                 "Valley Gazette")):
            at = next(n for n, line in enumerate(lines) if wording in line)
            assert f"— {outlet}" in lines[at + 1] or f"Dana Fisk · {outlet}" in lines[at + 1]
        # Nothing from another story (the budget's "Every line of this budget ...").
        assert "budget" not in text.lower()
        await pilot.press("q")
        await pilot.pause()
        # Q inside an open story: the same list.
        await pilot.press("enter", "Q")
        await settle(app, pilot, 3)
        assert isinstance(app.screen, QuotesScreen)
        assert {q.article_id for g in app.screen.groups for q in g.quotes} == found


async def test_Q_without_a_story_lists_the_whole_library(launch, city):
    folder, _ = city
    async with launch([folder], restore_session=False, size=(100, 30)) as (app, pilot):
        await settle(app, pilot)
        await pilot.press("Q")
        await settle(app, pilot, 3)
        assert isinstance(app.screen, QuotesScreen) and app.screen.article_ids is None
        assert "story “" not in screen_lines(app)[0]


async def test_the_choice_is_remembered_and_the_next_start_groups(launch, city, monkeypatch):
    folder, _ = city
    from tui.corpus import library as library_module

    # As if the files were written long ago: the library index trusts them (a file written
    # within RACY_NS of being indexed is parsed again, and its features taken again).
    monkeypatch.setattr(library_module, "RACY_NS", 0)
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        await grouped(app, pilot)
    from tui.stories import index as stories_index

    # The second start reads the grouping from the cache: no article's features again.
    monkeypatch.setattr(stories_index, "extract", lambda a: pytest.fail("extracted again"))
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        await settle(app, pilot, 3)
        screen = app.screen
        assert screen.showing_stories and screen.story_table.has_focus
        assert "5 stories" in screen_lines(app)[0]


async def test_a_first_start_by_story_groups_what_the_scan_parsed(launch, city, monkeypatch):
    folder, _ = city
    state = StateStore.open(os.environ["SYNOPTIC_STATE"])
    state.set_setting(BY_STORY_SETTING, True)
    state.flush()
    state.close()
    reads = []
    real = corpus.read_article
    # The grouping reads files through tui.corpus.read_article; the scan does not.
    monkeypatch.setattr(corpus, "read_article", lambda p, *a: reads.append(p) or real(p, *a))
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        await settle(app, pilot, 3)
        assert app.screen.showing_stories
        assert "5 stories" in screen_lines(app)[0]
        assert reads == []


async def test_S_while_grouping_cancels_and_keeps_the_article_list(launch, city, monkeypatch):
    folder, _ = city
    from tui.stories import index as stories_index

    real = stories_index.extract

    def slow(article):
        # 13 articles: ~4 s, so the S below comes before the end even on a loaded machine.
        time.sleep(0.3)
        return real(article)

    monkeypatch.setattr(stories_index, "extract", slow)
    async with launch([folder], restore_session=False, size=(100, 24)) as (app, pilot):
        await settle(app, pilot)
        screen = app.screen
        await pilot.press("S")
        await pilot.pause(0.1)
        assert screen.grouping and "grouping by story…" in screen_lines(app)[0]
        assert "S cancels" in screen_lines(app)[1]
        await pilot.press("j")            # keys still work while it groups
        assert screen.table.cursor == 1
        await pilot.press("S")
        await settle(app, pilot, 3)
        assert not screen.grouping and not screen.showing_stories and screen.stories is None
        assert len(screen.table.rows) == 13 and screen.table.cursor == 1
        assert "grouping" not in screen_lines(app)[0]
        assert any("cancelled" in note for note in app.notes)


async def test_help_lists_the_story_keys_where_they_work(launch, city):
    folder, _ = city
    async with launch([folder], restore_session=False, size=(100, 40)) as (app, pilot):
        screen = await grouped(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for row in ("⏎ l", "Open story", "S", "By story", "Story quotes"):
            assert row in text, row
        assert "Stories" not in text          # nothing open to go back from
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert screen.story_open is not None
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "esc h q" in text and "Stories" in text and "Open story" not in text
