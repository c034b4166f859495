"""A start reopens where the last run left off, from sessions of every version."""
from __future__ import annotations

import os

from tests.app.helpers import settle
from tests.conftest import SEED_000, SEED_002
from tui.app.compare_screen import CompareScreen
from tui.app.reader_screen import ReaderScreen
from tui.corpus import read_article
from tui.state import StateStore

LEFT, RIGHT = read_article(SEED_000).id, read_article(SEED_002).id


def store_session(session: dict) -> None:
    with StateStore.open(os.environ["SYNOPTIC_STATE"]) as store:
        store.set_session(session)


async def wait_for(app, pilot, kind):
    for _ in range(300):
        await settle(app, pilot, rounds=1)
        if isinstance(app.screen, kind) and (kind is not CompareScreen
                                             or not app.screen.aligning):
            return app.screen
        await pilot.pause(0.01)
    raise AssertionError(f"no {kind.__name__}; screen is {app.screen!r}")


async def test_a_compare_session_of_the_old_key_scheme_reopens_at_its_passage(launch):
    store_session({"screen": "compare", "article_id": LEFT, "right_id": RIGHT, "passage": 6})
    async with launch([SEED_000, SEED_002], size=(120, 30)) as (app, pilot):
        screen = await wait_for(app, pilot, CompareScreen)
        assert (screen.left_article.id, screen.right_article.id) == (LEFT, RIGHT)
        assert screen.cursor_paragraph(screen.left_article) == 6
        screen.save_session()
        # Written back in the one schema.
        assert app.state.get_session() == {"screen": "compare", "left": LEFT, "right": RIGHT,
                                           "passage": 6}


async def test_a_reader_session_of_the_old_key_scheme_reopens_the_article(launch):
    store_session({"screen": "reader", "article_id": RIGHT})
    async with launch([SEED_000, SEED_002], size=(80, 24)) as (app, pilot):
        screen = await wait_for(app, pilot, ReaderScreen)
        assert screen.article.id == RIGHT
        assert app.state.get_session() == {"screen": "reader", "article": RIGHT}


async def test_the_saved_passage_is_used_once_then_compare_opens_at_the_first_match(launch):
    store_session({"screen": "compare", "left": LEFT, "right": RIGHT, "passage": 6})
    async with launch([SEED_000, SEED_002], size=(120, 30)) as (app, pilot):
        screen = await wait_for(app, pilot, CompareScreen)
        assert screen.cursor_paragraph(screen.left_article) == 6
        await pilot.press("q")
        await pilot.pause()
        app.open_compare(LEFT, RIGHT)
        screen = await wait_for(app, pilot, CompareScreen)
        assert screen.cursor_paragraph(screen.left_article) != 6
