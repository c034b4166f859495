"""``a`` in the library: the add dialog fetches from a site on 127.0.0.1 in a thread, shows one
line per article saved or failed, and the library lists the new articles."""
from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Input

from tests.app.helpers import make_app, screen_text, settle
from tests.websites import LocalSite, Page, article_page, rss_feed, story
from tui.app.add_dialog import AddDialog
from tui.app.library_screen import LibraryScreen


async def add(app, pilot, source: str) -> None:
    app.screen.query_one("#add-source", Input).value = source
    await pilot.press("enter")
    await settle(app, pilot, rounds=3)


async def test_adding_a_feed_shows_each_outcome_and_the_library_grows(launch):
    library = Path(os.environ["SYNOPTIC_DATA_DIR"]) / "library"
    with LocalSite() as site:
        site.routes["/lake"] = Page(article_page("Lake level falls", story("lake"),
                                                 outlet="Shore News", date="2024-05-02"))
        site.routes["/feed"] = Page(rss_feed("Shore News", [
            {"link": site.url("/lake"), "title": "Lake", "date": "2024-05-02"},
            {"link": site.url("/gone"), "title": "Gone", "date": "2024-05-01"},
        ]), content_type="application/rss+xml")
        async with launch(size=(100, 30)) as (app, pilot):
            await settle(app, pilot)
            before = len(app.library.infos)
            await pilot.press("a")
            await pilot.pause()
            assert isinstance(app.screen, AddDialog)
            assert f"Saved in {library}" in screen_text(app)
            await add(app, pilot, site.url("/feed"))
            text = screen_text(app)
            assert "✓ Lake level falls (Shore News)" in text
            assert f"✗ {site.url('/gone')}: HTTP 404 Not Found" in text
            assert "Saved 1 · 1 failed — enter adds another, esc closes" in text
            # The same address again: nothing new.
            await add(app, pilot, site.url("/lake"))
            assert "· already in the library: 2024-05-02-lake-level-falls.md" in \
                screen_text(app)
            await pilot.press("escape")
            await settle(app, pilot)
            assert isinstance(app.screen, LibraryScreen)
            # The library folder joined the library: the article is listed.
            assert len(app.library.infos) == before + 1
            assert str(library) in app.library.paths
            assert "Lake level falls" in screen_text(app)
    assert [p.name for p in library.iterdir()] == ["2024-05-02-lake-level-falls.md"]


async def test_leaving_the_dialog_cancels_what_is_not_saved(launch):
    library = Path(os.environ["SYNOPTIC_DATA_DIR"]) / "library"
    with LocalSite() as site:
        site.routes["/slow"] = Page(article_page("Slow", story("slow")), delay=1.5)
        async with launch(size=(100, 30)) as (app, pilot):
            await settle(app, pilot)
            await pilot.press("a")
            await pilot.pause()
            app.screen.query_one("#add-source", Input).value = site.url("/slow")
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, LibraryScreen)
            await settle(app, pilot)
    assert not library.exists() or not list(library.iterdir())


def test_add_dialog_snapshot(snap_compare, tmp_path, monkeypatch):
    # A relative library folder and file name keep temporary paths out of the picture.
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SYNOPTIC_LIBRARY", "library")
    (tmp_path / "page.html").write_text(article_page(
        "Harbour reopens after storm", story("harbour"), outlet="Coast Daily",
        date="2024-06-01"), encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not html")
    from tui import SEEDS_DIR

    app = make_app([SEEDS_DIR], restore_session=False)

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        await add(app, pilot, "page.html")
        await add(app, pilot, "notes.txt")

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.state.close()
