"""Screenshots of the library and the reader on the seeds, compared with approved SVGs in
tests/app/__snapshots__ (regenerate after an intended change with ``pytest --snapshot-update``).

Deterministic by construction: fixed theme and size, a fresh state (conftest), the seeds only,
no clock and no paths on screen."""
from __future__ import annotations

from tests.conftest import SEED_002
from tests.app.helpers import make_app, open_seed, ready


def test_library_80x24(snap_compare):
    app = make_app(theme="synoptic-dark")

    async def run_before(pilot) -> None:
        await ready(app, pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()


def test_reader_80x24(snap_compare):
    app = make_app(theme="synoptic-dark")

    async def run_before(pilot) -> None:
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        await pilot.press("j", "j", "j")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()


def test_reader_light_theme_80x24(snap_compare):
    app = make_app(theme="synoptic-light")

    async def run_before(pilot) -> None:
        await ready(app, pilot)
        await open_seed(app, pilot, SEED_002)
        await pilot.press("space")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()


def test_library_filtered_40x12(snap_compare):
    app = make_app(theme="synoptic-ansi")

    async def run_before(pilot) -> None:
        await ready(app, pilot)
        await pilot.press("slash", *"ukraine")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(40, 12), run_before=run_before)
    app.state.close()
