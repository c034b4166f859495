"""Screenshots of the compare screen on seeds 000 and 002, compared with approved SVGs in
tests/app/__snapshots__ (regenerate after an intended change with ``pytest --snapshot-update``).

Deterministic: fixed theme and size, a fresh state and cache (conftest), the two seeds only, and
the alignment waited for before the picture is taken."""
from __future__ import annotations

from tests.conftest import SEED_000, SEED_002
from tests.app.helpers import compare_ready as settle
from tui.app.app import SynopticApp
from tui.state import StateStore, default_state_path


def make_app() -> SynopticApp:
    state = StateStore.open(default_state_path())
    return SynopticApp([str(SEED_000), str(SEED_002)], state, theme="synoptic-dark",
                       compare=(str(SEED_000), str(SEED_002)))


def test_compare_side_by_side_160x40(snap_compare):
    app = make_app()

    async def run_before(pilot) -> None:
        app.animation_level = "none"
        await settle(pilot)
        await pilot.press("n", "n", "n", "n", "n")  # ¶7 of 000, reworded, beside CNN's ¶2
        await pilot.press("d")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)
    app.state.close()


def test_compare_stacked_80x24(snap_compare):
    app = make_app()

    async def run_before(pilot) -> None:
        app.animation_level = "none"
        await settle(pilot)
        await pilot.press("n", "n")  # ¶4: only in the re-translation; CNN shows the gap
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()
