"""Bookmarks end to end: the dialog, the list, edit, delete and undo, open, copy, export."""
from __future__ import annotations

import os
import shutil

from textual import events

from tests.conftest import SEED_000, SEED_002
from tests.app.helpers import screen_text, settle
from tui.app.bookmark_dialog import BookmarkDialog, parse_tags, request_bookmark
from tui.app.bookmarks import BookmarksScreen
from tui.app.clipboard import citation
from tui.app.quotes_screen import QuotesScreen
from tui.app.reader_screen import ReaderScreen
from tui.cli import main as cli_main
from tui.corpus import read_article
from tui.state import StateStore

ART_000 = read_article(SEED_000)
ART_002 = read_article(SEED_002)


def record_for(article, needle: str, kind: str = "passage", speaker=None) -> dict:
    start = article.text.index(needle)
    return {"kind": kind, "article_id": article.id, "path": article.path, "title": article.title,
            "outlet": article.outlet, "date": article.date, "start": start,
            "end": start + len(needle), "text": needle, "speaker": speaker, "note": "",
            "tags": []}


async def bookmark_through_dialog(app, pilot, record, note="", tags="") -> None:
    request_bookmark(app, record)
    await pilot.pause()
    assert isinstance(app.screen, BookmarkDialog)
    await pilot.press(*note, "tab", *tags, "enter")
    await pilot.pause()


async def test_bookmark_survives_restart_and_is_exported_as_markdown(capsys, launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        await pilot.press("Q")
        await settle(app, pilot)
        quotes = app.screen
        assert isinstance(quotes, QuotesScreen)
        while quotes.current()[1].text != "We are fighting for our life.":
            await pilot.press("j")
        await pilot.press("b")
        await pilot.pause()
        await pilot.press(*"EP", "tab", *"eu,talk", "enter")
        await pilot.pause()
        assert "Bookmarked: We are fighting for our life." in app.notes
        # Quit the way a user does: q back to the library, q again quits.
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()

    async with launch(restore_session=False, size=(80, 24)) as (again, pilot):
        await settle(again, pilot)
        await pilot.press("B")
        await settle(again, pilot)
        assert isinstance(again.screen, BookmarksScreen)
        text = screen_text(again)
        assert "“We are fighting for our life.”" in text
        assert "quote · Volodymyr Zelensky · CNN" in text
        assert "EP  #eu #talk" in text

    capsys.readouterr()
    assert cli_main(["bookmarks", "export", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert "We are fighting for our life." in out
    assert "Volodymyr Zelensky" in out and "EP" in out and "eu, talk" in out


async def test_delete_then_undo_restores_the_bookmark_in_place(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        for needle in ("We are fighting for our lives.", "We'll see.", "helpful"):
            app.state.add_bookmark(record_for(ART_000, needle))
        await pilot.press("B")
        await pilot.pause()
        screen = app.screen
        assert [r["text"] for r in screen.records] == ["helpful", "We'll see.",
                                                       "We are fighting for our lives."]
        await pilot.press("j", "d")
        await pilot.pause()
        assert [r["text"] for r in app.state.list_bookmarks()] == [
            "We are fighting for our lives.", "helpful"]
        assert "Bookmark deleted: Press u to undo." in app.notes
        assert "u undoes" in screen_text(app)
        assert screen.current()["text"] == "We are fighting for our lives."
        await pilot.press("delete")
        await pilot.pause()
        assert [r["text"] for r in app.state.list_bookmarks()] == ["helpful"]
        # Undo brings back the latest delete first, then the one before, each with its id.
        await pilot.press("u")
        await pilot.pause()
        assert screen.current()["text"] == "We are fighting for our lives."
        await pilot.press("u")
        await pilot.pause()
        assert [r["text"] for r in app.state.list_bookmarks()] == [
            "We are fighting for our lives.", "We'll see.", "helpful"]
        assert screen.current()["text"] == "We'll see."
        await pilot.press("u")
        await pilot.pause()
        assert app.notes[-1] == "Nothing to undo."


async def test_e_edits_note_and_tags(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        await bookmark_through_dialog(app, pilot, record_for(ART_002, "Work and sleep."),
                                      note="day", tags="x")
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkDialog)
        await pilot.press("ctrl+u", *"life", "tab", "ctrl+u", *"#x,#y", "enter")
        await pilot.pause()
        [saved] = app.state.list_bookmarks()
        assert saved["note"] == "life" and saved["tags"] == ["x", "y"]
        assert "life  #x #y" in screen_text(app)
        # escape cancels an edit without touching the bookmark
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"zzz", "escape")
        await pilot.pause()
        assert app.state.list_bookmarks()[0]["note"] == "life"


async def test_enter_opens_the_place_and_y_copies_with_citation(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        rec = record_for(ART_002, "Work and sleep.", kind="quote", speaker="Volodymyr Zelensky")
        app.state.add_bookmark(rec)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("y")
        assert app.clipboard == citation("Work and sleep.", speaker="Volodymyr Zelensky",
                                         title=ART_002.title, outlet="CNN", path=ART_002.path)
        assert app.clipboard.startswith("“Work and sleep.” — Volodymyr Zelensky, ")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.id == ART_002.id
        assert app.screen.document.cursor == ART_002.paragraph_at(rec["start"])


async def test_moved_file_still_opens_and_a_missing_one_is_reported(tmp_path, launch):
    library = tmp_path / "lib"
    library.mkdir()
    shutil.copy(SEED_002, library / "cnn.txt")
    moved = read_article(library / "cnn.txt")
    rec = record_for(moved, "Work and sleep.")
    rec["path"] = str(library / "cnn.txt")
    gone = record_for(ART_000, "helpful")
    gone["path"] = str(tmp_path / "deleted.txt")
    store = StateStore.open(os.environ["SYNOPTIC_STATE"])
    store.add_bookmark(gone)
    store.add_bookmark(rec)
    store.close()
    (library / "cnn.txt").rename(library / "renamed.txt")

    async with launch([library], restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("enter")  # newest first: the moved one
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.article.path.endswith("renamed.txt")
        assert app.screen.document.cursor == moved.paragraph_at(rec["start"])
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("j", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)
        assert "no longer in the library" in app.notes[-1]


async def test_empty_list_says_how_to_add_and_tiny_terminal_works(launch):
    async with launch(restore_session=False, size=(40, 12)) as (app, pilot):
        await settle(app, pilot)
        await pilot.press("B")
        await pilot.pause()
        assert "No bookmarks yet" in screen_text(app)
        for key in ("enter", "e", "d", "y"):
            await pilot.press(key)  # nothing selected: nothing happens, nothing breaks
        await pilot.press("u")
        await pilot.pause()
        await bookmark_through_dialog(app, pilot, record_for(ART_000, "We'll see."), note="n")
        assert isinstance(app.screen, BookmarksScreen)
        assert [r["text"] for r in app.screen.records] == ["We'll see."]  # refreshed on resume


async def test_keys_typed_in_one_burst_land_in_the_right_fields(launch):
    """A terminal delivers "note<tab>tags<enter>" typed fast (or pasted by tmux) as keys queued
    at once; tab must move to the tags before the letters after it are handled."""
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        await pilot.press("Q")
        await settle(app, pilot)
        quote = app.screen.current()[1]
        await pilot.press("b")
        # Everything after "b" arrives at once, before the dialog has focused its note.
        for ch in "EP speech\tovation, variant\r":
            key = {"\t": "tab", "\r": "enter", " ": "space", ",": "comma"}.get(ch, ch)
            app.post_message(events.Key(key, None if ch in "\t\r" else ch))
        await settle(app, pilot)
        [saved] = app.state.list_bookmarks()
        assert saved["text"] == quote.text
        assert saved["note"] == "EP speech" and saved["tags"] == ["ovation", "variant"]
        assert isinstance(app.screen, QuotesScreen)


def test_parse_tags():
    assert parse_tags(" ukraine, biden  #nato,,ukraine ") == ["ukraine", "biden", "nato"]
    assert parse_tags("") == []


def test_citation_leaves_out_unknown_parts():
    assert citation("We’ll  see.\n", title="T", path="p.txt") == "“We’ll see.” — T, p.txt"
    assert citation("x") == "“x”"


async def test_e_puts_the_cursor_at_the_end_of_the_note(launch):
    """Issue 10 #7: the note opened for editing is not selected; what is typed is added."""
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        await bookmark_through_dialog(app, pilot, record_for(ART_002, "Work and sleep."),
                                      note="day", tags="x")
        await pilot.press("B")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkDialog)
        note = app.focused
        assert note.value == "day" and note.cursor_position == 3
        assert note.selection.is_empty
        await pilot.press(*" two", "enter")
        await pilot.pause()
        assert app.state.list_bookmarks()[0]["note"] == "day two"


async def test_a_passage_ending_in_a_quotation_mark_gets_no_second_one(launch):
    """Issue 10 #11: "life.”" was shown as “… life.””."""
    text = "He said: “We are fighting for our life.”"
    async with launch(restore_session=False, size=(100, 30)) as (app, pilot):
        await settle(app, pilot)
        request_bookmark(app, {**record_for(ART_002, "Work and sleep."), "text": text})
        await pilot.pause()
        assert isinstance(app.screen, BookmarkDialog)
        shown = screen_text(app)
        assert "life.”" in shown and "life.””" not in shown
    assert citation(text) == f"“{text}"
    assert citation("“Quoted whole.”") == "“Quoted whole.”"
