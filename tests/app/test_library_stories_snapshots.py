"""Screenshots of the library by story (issue 13) on the hand-written city library
(tests/stories_library.py: four events with three outlets each and a story of one), compared
with approved SVGs in tests/app/__snapshots__. Fixed theme and size, a fresh state and cache
(conftest); the library's folder is a temp path, never drawn. The three-column compare and its
narrow fallback are in test_compare_snapshots.py."""
from __future__ import annotations

from tests.app.helpers import make_app, settle
from tests.stories_library import write_library


def city_app(tmp_path):
    folder = tmp_path / "city"
    write_library(folder, named_outlets=True)
    return make_app([folder], theme="synoptic-dark", restore_session=False)


def test_library_by_story_120x30(snap_compare, tmp_path):
    app = city_app(tmp_path)

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot, 3)
        await pilot.press("j")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(120, 30), run_before=run_before)
    app.state.close()


def test_library_story_open_80x24(snap_compare, tmp_path):
    app = city_app(tmp_path)

    async def run_before(pilot) -> None:
        await settle(app, pilot)
        await pilot.press("S")
        await settle(app, pilot, 3)
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()
