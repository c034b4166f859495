"""Helpers shared by the tests that drive the app with Pilot."""
from __future__ import annotations

import os

from tui import SEEDS_DIR
from tui.app.app import SynopticApp
from tui.state import StateStore


class RecordingApp(SynopticApp):
    """Keeps every notification so tests can read them."""

    def __init__(self, *args, **kwargs) -> None:
        self.notes: list[str] = []
        super().__init__(*args, **kwargs)

    def notify(self, message, *, title="", **kwargs) -> None:
        self.notes.append(f"{title}: {message}" if title else str(message))
        super().notify(message, title=title, **kwargs)


def make_app(paths=None, theme: str | None = "synoptic-dark", **kwargs) -> RecordingApp:
    """The app on ``paths`` (the seeds by default) with the temp state file the autouse
    fixture of conftest.py points SYNOPTIC_STATE at, and no animation."""
    state = StateStore.open(os.environ["SYNOPTIC_STATE"])
    app = RecordingApp([str(p) for p in (paths or [SEEDS_DIR])], state, theme=theme, **kwargs)
    app.animation_level = "none"
    return app


def screen_text(app) -> str:
    """What the screen shows, line by line."""
    return "\n".join(s.text for s in app.screen._compositor.render_strips())


async def settle(app, pilot, rounds: int = 2) -> None:
    """Let workers (indexing, extraction) finish and their results reach the screen."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()
