"""The app driven like a person would: library, filter, reader, keys, restart, themes, errors."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import SEED_000, SEED_002, SEED_003
from tests.app.helpers import open_seed, ready, screen_text, table
from tui.app import app as app_module
from tui.app import bookmark_dialog
from tui.app.widgets.document_view import DocumentView
from tui.app.help_screen import HelpScreen
from tui.app.library_screen import LibraryScreen
from tui.app.reader_screen import ReaderScreen
from tui.corpus import read_article
from tui.state import StateStore


async def test_library_lists_the_three_seeds(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        assert isinstance(app.screen, LibraryScreen)
        titles = [r.title for r in table(app).rows]
        assert sorted(titles) == sorted(read_article(s).title for s in (SEED_000, SEED_002,
                                                                        SEED_003))
        text = screen_text(app)
        assert "3 articles" in text
        assert "CNN" in text and "2022-03-10" in text


async def test_slash_filters_as_you_type_and_escape_clears(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await pilot.press("slash", *"trust")
        await pilot.pause()
        assert [r.title for r in table(app).rows] == [read_article(SEED_003).title]
        assert "1 match" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert len(table(app).rows) == 3
        assert app.focused is table(app)
        await pilot.press("slash", *"zq")
        await pilot.pause()
        assert table(app).rows == []
        assert "No title, outlet or date matches" in screen_text(app)
        # The hint's key works from the filter box: full-text search opens.
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert type(app.screen).__name__ == "SearchScreen"


async def test_enter_opens_the_reader_and_passage_keys_move(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        assert isinstance(app.screen, ReaderScreen)
        article = app.screen.article
        assert article.id == read_article(SEED_002).id
        view = app.screen.query_one(DocumentView)
        assert view.has_focus
        await pilot.press("j", "j", "j", "k")
        assert view.cursor == 2
        assert f"¶ 3/{len(article.paragraphs)}" in screen_text(app)
        await pilot.press("G")
        assert view.cursor == len(article.paragraphs) - 1
        await pilot.press("g")
        assert view.cursor == 0
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_restart_reopens_same_article_at_same_passage(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_003)
        await pilot.press("j", "j", "j", "j", "j", "ctrl+q")

    async with launch(size=(80, 24)) as (again, pilot):
        await ready(again, pilot)
        await pilot.pause()
        assert isinstance(again.screen, ReaderScreen)
        assert again.screen.article.id == read_article(SEED_003).id
        assert again.screen.query_one(DocumentView).cursor == 5
        # Back in the library, the progress column shows how far it was read: the five
        # paragraphs passed over, of the paragraphs before the last.
        await pilot.press("q")
        await pilot.pause()
        paragraphs = len(read_article(SEED_003).paragraphs)
        assert f"{round(100 * 5 / (paragraphs - 1))}%" in screen_text(again)


async def test_positions_are_saved_debounced_and_flushed_on_exit(monkeypatch, isolated_state, launch):
    monkeypatch.setattr(app_module, "FLUSH_INTERVAL", 3600)
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_000)
        await pilot.press("j", "j", "j", "j")
        await pilot.pause()
        # Every keypress updated memory, none wrote the file.
        assert app.state.dirty
        on_disk = json.loads(isolated_state.read_text()) if isolated_state.exists() else {}
        assert read_article(SEED_000).id not in on_disk.get("positions", {})
    saved = json.loads(isolated_state.read_text())
    assert saved["positions"][read_article(SEED_000).id]["passage"] == 4


async def test_library_quit_from_library_records_library_session(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_000)
        await pilot.press("q", "q")
        await pilot.pause()
    async with launch(size=(80, 24)) as (again, pilot):
        await ready(again, pilot)
        assert isinstance(again.screen, LibraryScreen)
        # The cursor lands on the article read last.
        assert table(again).selected.id == read_article(SEED_000).id


async def test_theme_chosen_in_palette_is_remembered(launch):
    async with launch(theme=None, size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        assert app.theme == "synoptic-dark"
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"light")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "synoptic-light"
    async with launch(theme=None, size=(80, 24)) as (again, pilot):
        assert again.theme == "synoptic-light"


def _words(app) -> str:
    return " ".join(screen_text(app).replace("▌", " ").split())


async def test_small_terminal_does_not_crash(launch):
    import re

    async with launch(size=(40, 12)) as (app, pilot):
        await ready(app, pilot)
        lines = screen_text(app).splitlines()
        assert lines[0].strip() == "Synoptic · 3 articles" and "Title" in lines[1]
        rows = table(app).rows
        assert [line[1:18] for line in lines[2:5]] == [r.title[:17] for r in rows]
        await pilot.press("slash", "u", "escape", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        article = read_article(rows[0].path)
        lines = screen_text(app).splitlines()
        assert lines[0].strip().endswith("…") and article.title.startswith(
            lines[0].strip()[:-1])
        first, total = map(int, re.search(r"¶ (\d+)/(\d+)", lines[1]).groups())
        assert first == 1 and total > 1
        await pilot.press("j", "space", "G", "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "Keys — Reader" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        assert f"¶ {total}/{total}" in lines[1]  # G went to the last passage
        last = article.paragraphs[-1]
        assert " ".join(article.text[last.start:last.end].split()[:4]) in _words(app)
        assert any(line.startswith("▌") for line in lines)
        await pilot.press("q")
        await pilot.pause()
        await pilot.resize_terminal(20, 6)
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        lines = screen_text(app).splitlines()
        assert len(lines) == 6 and all(len(line) <= 20 for line in lines)
        assert lines[0].strip().startswith("Synoptic")
        assert [line[1:10] for line in lines[2:5]] == [r.title[:9] for r in rows]


async def test_bad_files_are_reported_and_the_rest_load(tmp_path, launch):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "good.txt").write_bytes(SEED_002.read_bytes())
    (lib / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (lib / "empty.txt").write_bytes(b"")
    (lib / "x.txt").mkdir()
    async with launch([lib], size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        assert [r.id for r in table(app).rows] == [read_article(SEED_002).id]
        joined = "\n".join(app.notes)
        assert "binary.txt" in joined and "empty.txt" in joined


async def test_many_bad_files_are_summarised(tmp_path, launch):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "good.txt").write_bytes(SEED_002.read_bytes())
    for i in range(7):
        (lib / f"empty{i}.txt").write_bytes(b"  \n")
    async with launch([lib], size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        summaries = [n for n in app.notes if "7 files could not be read" in n]
        assert len(summaries) == 1
        assert "and 4 more" in summaries[0]
        assert len(table(app).rows) == 1


async def test_empty_library_says_so(tmp_path, launch):
    async with launch([tmp_path], size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await pilot.press("enter", "c", "j")
        assert "No articles found" in screen_text(app)


async def test_b_in_the_reader_bookmarks_the_passage_under_the_cursor(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        await pilot.press("j", "j", "b")
        await pilot.pause()
        await pilot.press("enter")  # the note dialog: saved without a note
        await pilot.pause()
        marks = app.state.list_bookmarks()
        article = read_article(SEED_002)
        para = article.paragraphs[2]
        assert len(marks) == 1
        assert marks[0]["kind"] == "passage" and marks[0]["article_id"] == article.id
        assert marks[0]["text"] == article.text[para.start:para.end]
        assert any("Bookmarked" in n for n in app.notes)


async def test_bookmark_goes_through_request_bookmark(monkeypatch, launch):
    calls = []
    monkeypatch.setattr(bookmark_dialog, "request_bookmark",
                        lambda app, record: calls.append(record))
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_000)
        await pilot.press("b")
        await pilot.pause()
    assert len(calls) == 1
    assert set(calls[0]) >= {"kind", "article_id", "path", "title", "outlet", "date", "start",
                             "end", "text"}


async def test_keymap_setting_remaps_keys(launch):
    with StateStore.open(os.environ["SYNOPTIC_STATE"]) as store:
        store.set_setting("keymap", {"document.next": "n"})
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        view = app.screen.query_one(DocumentView)
        await pilot.press("n", "n")
        assert view.cursor == 2
        await pilot.press("j")
        assert view.cursor == 2  # the old key no longer moves


async def test_help_lists_the_reader_keys(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        for expected in ("Bookmark", "Next", "Bottom", "Search"):
            assert expected in text
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_related_article_pairs_the_retranslation_with_its_original(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        original, retranslation = read_article(SEED_002).id, read_article(SEED_000).id
        assert app.related_article(original) == retranslation
        assert app.related_article(retranslation) == original


@pytest.mark.parametrize("name", ["synoptic-dark", "synoptic-light", "synoptic-ansi"])
async def test_every_bundled_theme_renders_both_screens(name, launch):
    from textual.color import Color

    async with launch(theme=name, size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        assert app.theme == name
        background = Color.parse(app.get_theme(name).background)
        assert app.screen.styles.background == background
        lines = screen_text(app).splitlines()
        assert lines[0].strip() == "Synoptic · 3 articles"
        first = table(app).rows[0]
        assert lines[2].startswith(f" {first.title[:30]}")  # the first row, under the header
        assert sum("CNN" in line for line in lines) == 1
        await pilot.press("enter", "j")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.styles.background == background
        lines = screen_text(app).splitlines()
        assert lines[0].strip() == first.title[:78].strip()
        assert "words · ¶ 2/" in lines[1]
        assert sum(line.startswith("▌") for line in lines) >= 1  # the current passage's mark


async def test_palette_runs_screen_actions(launch):
    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"end of")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(DocumentView)
        assert view.cursor == len(read_article(SEED_002).paragraphs) - 1


async def test_letters_typed_right_after_slash_land_in_the_filter(launch):
    from textual import events

    async with launch(size=(80, 24)) as (app, pilot):
        await ready(app, pilot)
        # All queued at once, as a paste or a fast typist over SSH delivers them; "q" must not
        # quit and every letter must reach the box.
        for character, key in [("/", "slash"), ("t", "t"), ("r", "r"), ("u", "u"), ("q", "q")]:
            app.post_message(events.Key(key, character))
        await pilot.pause()
        await pilot.pause()
        assert app.screen.query_one("#filter").value == "truq"
        assert isinstance(app.screen, LibraryScreen)
