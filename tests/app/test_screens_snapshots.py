"""Snapshots of the quotes, search and bookmarks screens at 80×24 on the seeds.

Baselines live in tests/app/__snapshots__/test_screens_snapshots/; after an intended change of
look, regenerate them with ``pytest tests/app/test_screens_snapshots.py --snapshot-update`` and
review the SVGs before committing.
"""
from __future__ import annotations

import os

from tests.conftest import SEED_000, SEED_002
from tui import SEEDS_DIR
from tui.app.app import SynopticApp
from tui.corpus import read_article
from tui.state import StateStore


def make_app() -> SynopticApp:
    state = StateStore.open(os.environ["SYNOPTIC_STATE"])
    app = SynopticApp([str(SEEDS_DIR)], state, theme="synoptic-dark", restore_session=False)
    app.animation_level = "none"
    return app


async def settle(pilot) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def add_bookmark(app, path, needle: str, kind: str, speaker=None, note="", tags=()) -> None:
    article = read_article(path)
    start = article.text.index(needle)
    app.state.add_bookmark({"kind": kind, "article_id": article.id, "path": article.path,
                            "title": article.title, "outlet": article.outlet,
                            "date": article.date, "start": start, "end": start + len(needle),
                            "text": needle, "speaker": speaker, "note": note,
                            "tags": list(tags)})


def test_quotes_screen_snapshot(snap_compare):
    app = make_app()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        await pilot.press("j", "j")

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.state.close()


def test_quotes_wordings_snapshot(snap_compare):
    app = make_app()

    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("Q")
        await settle(pilot)
        screen = pilot.app.screen
        while screen.current()[1].text != "We are fighting for our life.":
            await pilot.press("j")
        await pilot.press("v")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.state.close()


def test_search_screen_snapshot(snap_compare):
    app = make_app()

    async def run_before(pilot) -> None:
        await settle(pilot)
        pilot.app.action_search()
        await settle(pilot)
        # Typing is covered by test_screens_search; here only the look matters.
        pilot.app.screen.query_one("#search-input").value = "figting for our lifes"
        for _ in range(20):
            await settle(pilot)
            if pilot.app.screen.shown_query == "figting for our lifes":
                break

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.state.close()


def test_bookmarks_screen_snapshot(snap_compare):
    app = make_app()

    async def run_before(pilot) -> None:
        await settle(pilot)
        add_bookmark(pilot.app, SEED_000, "We are fighting for our lives.", "quote",
                     "Volodymyr Zelensky", note="European Parliament", tags=("speech",))
        add_bookmark(pilot.app, SEED_002, "We are fighting for our life.", "quote",
                     "Volodymyr Zelensky", tags=("speech", "variant"))
        add_bookmark(pilot.app, SEED_002, "Rockets were fired near a TV tower on Tuesday "
                     "afternoon", "passage")
        await pilot.press("B")
        await settle(pilot)

    try:
        assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    finally:
        app.state.close()
