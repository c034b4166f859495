"""Screenshots of the compare screen, compared with approved SVGs in tests/app/__snapshots__
(regenerate after an intended change with ``pytest --snapshot-update``).

Deterministic: fixed theme and size, a fresh state and cache (conftest), the seeds only, and the
alignments waited for before the picture is taken."""
from __future__ import annotations

from tests.app.helpers import compare_ready
from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.app.app import SynopticApp
from tui.state import StateStore, default_state_path


def make_app(*paths) -> SynopticApp:
    state = StateStore.open(default_state_path())
    return SynopticApp([str(p) for p in paths], state, theme="synoptic-dark",
                       compare=tuple(str(p) for p in paths))


async def to_sentence_link(pilot) -> None:
    """000's "In a rare exclusive interview…" (two sentences of one paragraph), linked with
    one sentence inside a CNN paragraph whose other sentences only CNN has."""
    screen = await compare_ready(pilot)
    article = screen.focused_article
    at = article.text.index("In a rare exclusive interview")
    for _ in range(20):
        if article.paragraph_at(screen.cursor(article)) == article.paragraph_at(at):
            break
        await pilot.press("j")
    await pilot.pause()


def test_compare_sentence_link_160x40(snap_compare):
    app = make_app(SEED_000, SEED_002)

    async def run_before(pilot) -> None:
        app.animation_level = "none"
        await to_sentence_link(pilot)
        await pilot.press("d")  # the words that differ inside the link
        await pilot.pause()

    assert snap_compare(app, terminal_size=(160, 40), run_before=run_before)
    app.state.close()


def test_compare_sentence_link_80x24(snap_compare):
    app = make_app(SEED_000, SEED_002)

    async def run_before(pilot) -> None:
        app.animation_level = "none"
        await to_sentence_link(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()


def test_compare_three_columns_180x45(snap_compare):
    app = make_app(SEED_000, SEED_002, SEED_003)

    async def run_before(pilot) -> None:
        app.animation_level = "none"
        await to_sentence_link(pilot)
        await compare_ready(pilot)

    assert snap_compare(app, terminal_size=(180, 45), run_before=run_before)
    app.state.close()


def test_compare_three_narrow_fallback_80x24(snap_compare):
    app = make_app(SEED_000, SEED_002, SEED_003)

    async def run_before(pilot) -> None:
        app.animation_level = "none"
        await to_sentence_link(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
    app.state.close()
