"""Helpers shared by the tests that drive the app with Pilot (the ``launch`` fixture of
conftest.py starts the app with ``make_app``).

Reading the screen goes through public API only: ``screen_lines`` parses the app's SVG
screenshot (``App.export_screenshot``), ``widget_strips`` renders one widget's lines with their
styles (``Widget.render_lines``). No test reads Textual's private compositor.
"""
from __future__ import annotations

import html
import os
import re
from pathlib import Path

from rich.cells import cell_len
from textual.geometry import Region
from textual.strip import Strip

from tui import SEEDS_DIR
from tui.app.app import SynopticApp
from tui.app.compare_screen import CompareScreen
from tui.app.widgets.article_table import ArticleTable
from tui.corpus import read_article
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


# One <text> element of Rich's SVG export: a run of one style on one line of the screen.
_SVG_TEXT = re.compile(r'<text [^>]*\bx="([0-9.e+-]+)"[^>]*\btextLength="([0-9.e+-]+)"'
                       r'[^>]*\bclip-path="url\(#[^"]*-line-(\d+)\)"[^>]*>(.*?)</text>')


def screen_lines(app) -> list[str]:
    """What the screen shows, one string per terminal row, read from the app's public SVG
    screenshot (``App.export_screenshot``), which draws what the terminal would show."""
    width, height = app.size
    rows = [[" "] * width for _ in range(height)]
    for x, length, line, escaped in _SVG_TEXT.findall(app.export_screenshot()):
        text = html.unescape(escaped).replace("\xa0", " ")
        col = round(float(x) / (float(length) / len(text)))
        row = rows[int(line)]
        for ch in text:
            if col >= width:
                break
            row[col] = ch
            for extra in range(1, cell_len(ch)):  # a wide character covers the next cell
                if col + extra < width:
                    row[col + extra] = ""
            col += max(1, cell_len(ch))
    return ["".join(r) for r in rows]


def screen_text(app) -> str:
    """What the screen shows, line by line."""
    return "\n".join(screen_lines(app))


def widget_strips(widget) -> list[Strip]:
    """The lines ``widget`` draws (its border and padding included), with their styles, through
    the public ``Widget.render_lines``."""
    width, height = widget.size
    return widget.render_lines(Region(0, 0, width, height))


async def settle(app, pilot, rounds: int = 2) -> None:
    """Let workers (indexing, extraction) finish and their results reach the screen."""
    for _ in range(rounds):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def ready(app, pilot) -> None:
    """Let the library scan finish and reach the screen."""
    await app.workers.wait_for_complete()
    await pilot.pause()


def table(app) -> ArticleTable:
    return app.screen.query_one(ArticleTable)


async def open_seed(app, pilot, seed: Path) -> None:
    """Open ``seed`` in the reader from the library, as a person would: j, then enter."""
    target = read_article(seed).id
    index = [r.id for r in table(app).rows].index(target)
    for _ in range(index):
        await pilot.press("j")
    await pilot.press("enter")
    await pilot.pause()


async def compare_ready(pilot) -> CompareScreen:
    """Wait until the compare screen is up and its alignment is on screen."""
    app = pilot.app
    for _ in range(600):
        await pilot.pause(0.01)
        screen = app.screen
        if isinstance(screen, CompareScreen) and not screen.aligning \
                and screen.alignment_index is not None:
            await pilot.pause()
            return screen
    raise AssertionError(f"compare screen not ready; screen is {app.screen!r}")


# --- the compare view ----------------------------------------------------------------------------

def drawn_columns(screen) -> list[list[list]]:
    """What each shown column of a CompareScreen draws: per body row (the header row left
    out), the Rich segments (text and style), from the widget's public ``render_lines``."""
    widget = screen.columns_widget
    strips = widget_strips(widget)
    return [[list(strip.crop(col.x, col.x + col.width)) for strip in strips[1:]]
            for col in widget.columns]


def row_texts(rows) -> list[str]:
    return ["".join(seg.text for seg in row) for row in rows]


def mark_color(screen, kind: str):
    """The background colour the compare widget paints a mark of ``kind`` with ("cursor",
    "pair", "pair-partial", "mate")."""
    return screen.columns_widget.get_component_rich_style(f"compare-columns--{kind}").bgcolor


def marked(rows, color) -> list[tuple[int, str]]:
    """(row, text) of every run painted with background ``color``, in reading order."""
    out = []
    for y, row in enumerate(rows):
        text = "".join(seg.text for seg in row if seg.style and seg.style.bgcolor == color)
        if text.strip():
            out.append((y, text))
    return out


def marked_text(rows, color) -> str:
    return " ".join(" ".join(t.split()) for _, t in marked(rows, color))
