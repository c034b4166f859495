"""Compare screen under Pilot: panes kept in step, keys, corrections, layout, odd inputs.

The app is built the way ``synoptic compare LEFT RIGHT`` builds it (SynopticApp with
``compare=``), so these tests also cover the path from the command line to the screen.
"""
from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.app.helpers import compare_ready as settle
from tests.conftest import SEED_000, SEED_002
from tui.app.compare_screen import CompareScreen
from tui.app.pick_article_dialog import PickArticleScreen
from tui.app.widgets.document_view import DocumentView


@pytest.fixture
def compare_app(launch):
    """``async with compare_app(...) as (app, pilot)``: the app opened straight in the compare
    view of ``left`` and ``right`` (or, with ``compare=False``, wherever the last session was),
    once the alignment is on screen."""

    @asynccontextmanager
    async def start(size=(160, 40), left: Path = SEED_000, right: Path = SEED_002,
                    paths: list[Path] | None = None, compare: bool = True):
        pair = (str(left), str(right)) if compare else None
        async with launch(paths or [left, right], size=size, compare=pair) as (app, pilot):
            await settle(pilot)
            yield app, pilot

    return start


def row(view: DocumentView, passage: int) -> int:
    return view.passage_top_y(passage) - int(view.scroll_y)


def assert_in_step(screen: CompareScreen) -> bool:
    """The other pane's cursor is the partner of the driving passage, at the same screen row
    when the other pane can scroll that far. Returns whether the passage was linked."""
    index = screen.alignment_index
    driver, other = screen.driving_view, screen.other_view
    side = screen._driving
    pair = index.pair_at(side, driver.cursor)
    if pair is None:
        return False
    partner = pair.first(1 - side)
    assert other.cursor == partner
    wanted = other.passage_top_y(partner) - row(driver, driver.cursor)
    if 0 <= wanted <= other.max_scroll_y:
        assert row(other, partner) == row(driver, driver.cursor)
    return True


async def test_moving_the_driving_pane_moves_the_other_to_the_aligned_passage(compare_app):
    async with compare_app() as (app, pilot):
        screen = app.screen
        assert screen.left_article.path.endswith(SEED_000.name)
        assert screen.driving_view is screen.left_view
        assert screen.alignment_index.pairs, "the seeds must have aligned passages"
        linked = 0
        for _ in range(screen.driving_view.passage_count - 1):
            await pilot.press("j")
            linked += assert_in_step(screen)
        assert linked >= 5
        for _ in range(3):
            await pilot.press("k")
            assert_in_step(screen)

        # a passage only the driving side has: the other pane shows the gap, with no pair
        index = screen.alignment_index
        side = screen._driving
        unaligned = sorted(index.unaligned[side])
        assert unaligned, "the re-translation has passages CNN lacks"
        driver = screen.driving_view
        driver.move_cursor(unaligned[-1])
        await pilot.pause()
        assert screen.other_view.cursor == index.placement(side, unaligned[-1]).target
        assert screen.other_view.has_class("-unpaired")
        assert "only in" in screen.status_text
        assert driver.marks[unaligned[-1]].label.startswith("only")

        # scrolling the driving pane (mouse wheel, scrollbar) scrolls the other with it
        other = screen.other_view
        driver.move_cursor(0)
        await pilot.pause()
        before = other.scroll_y
        driver.scroll_to(y=driver.max_scroll_y // 2, animate=False, immediate=True)
        await pilot.pause()
        assert other.scroll_y != before
        assert_in_step(screen)


async def test_tab_switches_the_driving_pane_and_s_swaps_sides(compare_app):
    async with compare_app() as (app, pilot):
        screen = app.screen
        first = screen.driving_view
        await pilot.press("tab")
        assert screen.driving_view is not first
        assert screen.driving_view.has_focus
        assert screen.driving_view is screen.right_view
        for _ in range(6):
            await pilot.press("j")
            assert_in_step(screen)  # the left pane now follows the right one

        left, right = screen.left_article, screen.right_article
        await pilot.press("s")
        await pilot.pause()
        assert (screen.left_article, screen.right_article) == (right, left)
        assert screen.left_view.region.x < screen.right_view.region.x
        assert screen.left_view.article is right
        await pilot.press("j")
        assert_in_step(screen)


async def test_n_walks_the_differences_and_d_shows_the_words(compare_app):
    async with compare_app() as (app, pilot):
        screen = app.screen
        index = screen.alignment_index
        side = screen._driving
        stops = index.stops[side]
        start = screen.driving_view.cursor
        ahead = [s for s in stops if s > start]
        assert ahead
        seen = []
        for _ in range(len(ahead)):
            await pilot.press("n")
            seen.append(screen.driving_view.cursor)
            number = stops.index(seen[-1]) + 1
            assert f"difference {number} of {len(stops)}" in screen.status_text
        assert seen == ahead
        await pilot.press("n")  # past the last: stays, says so
        await pilot.pause()
        assert screen.driving_view.cursor == stops[-1]
        assert "No more differences" in screen.status_text
        await pilot.press("N")
        await pilot.pause()
        if len(stops) > 1:
            assert screen.driving_view.cursor == stops[-2]
        # d on a reworded pair highlights words in both panes; d again clears them
        reworded = next(u for u in stops if index.pair_at(side, u) is not None)
        screen.driving_view.move_cursor(reworded)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        pair = index.pair_at(side, reworded)
        assert screen.words_shown
        assert screen.view(side)._highlights and screen.view(1 - side)._highlights
        assert set(screen.view(side)._highlights) <= set(pair.units[side])
        await pilot.press("d")
        await pilot.pause()
        assert not screen.view(0)._highlights and not screen.view(1)._highlights


async def test_link_and_unlink_are_saved_and_kept_when_reopened(compare_app):
    async with compare_app() as (app, pilot):
        screen = app.screen
        index = screen.alignment_index
        side = screen._driving
        a, b = screen._articles
        # link an unaligned passage of the driving pane with the other pane's current one
        target = max(index.unaligned[side])
        screen.driving_view.move_cursor(target)
        await pilot.pause()
        partner = screen.other_view.cursor
        await pilot.press("l")
        screen = await settle(pilot)
        assert "Linked" in screen.status_text
        pair = screen.alignment_index.pair_at(side, target)
        assert pair is not None and partner in pair.units[1 - side]
        saved = app.state.corrections(a.id, b.id, "paragraph")
        assert saved and saved[-1]["op"] == "link"
    async with compare_app() as (app, pilot):
        screen = app.screen
        pair = screen.alignment_index.pair_at(side, target)
        assert pair is not None and partner in pair.units[1 - side], "link lost on reopening"
        screen.driving_view.move_cursor(target)
        await pilot.pause()
        await pilot.press("u")
        screen = await settle(pilot)
        assert "Unlinked" in screen.status_text
        assert screen.alignment_index.pair_at(side, target) is None
    async with compare_app(left=SEED_002, right=SEED_000) as (app, pilot):
        # opened the other way round: the same corrections apply
        screen = app.screen
        assert screen.alignment_index.pair_at(side, target) is None


async def test_free_scrolling_picks_any_two_passages_to_link(compare_app):
    async with compare_app() as (app, pilot):
        screen = app.screen
        side = screen._driving
        a, b = screen._articles
        left = screen.driving_view
        await pilot.press("f")
        left_at = left.cursor
        await pilot.press("tab", "j", "j", "j")
        assert left.cursor == left_at, "unlocked: the left pane stays where it was"
        right_at = screen.driving_view.cursor
        await pilot.press("l")
        screen = await settle(pilot)
        pair = screen.alignment_index.pair_at(side, left_at)
        assert pair is not None and pair.units[1 - side] == (right_at,)
        saved = app.state.corrections(a.id, b.id, "paragraph")[-1]
        assert saved["op"] == "link"
        # stored as paragraph anchors (schema 2), resolved by the aligner
        expected = ([left_at], [right_at]) if side == 0 else ([right_at], [left_at])
        assert (saved["left"], saved["right"]) == tuple({"paragraphs": x} for x in expected)
        assert_in_step(screen)  # linking locks the panes again


async def test_stacked_layout_at_80_by_24_and_back(compare_app):
    async with compare_app(size=(120, 30)) as (app, pilot):
        screen = app.screen
        assert not screen.has_class("-stacked")
        assert screen.left_view.region.x < screen.right_view.region.x
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert screen.has_class("-stacked")
        left, right = screen.left_view, screen.right_view
        assert left.region.y < right.region.y
        assert left.region.width >= 70 and right.region.width >= 70
        assert left.region.height >= 5 and right.region.height >= 5
        assert_in_step(screen)
        for _ in range(4):
            await pilot.press("j")
            assert_in_step(screen)
        await pilot.press("n", "tab", "j", "s")
        await pilot.pause()
        assert_in_step(screen)


async def test_an_article_compared_with_itself(compare_app):
    async with compare_app(left=SEED_000, right=SEED_000, paths=[SEED_000]) as (app, pilot):
        screen = app.screen
        index = screen.alignment_index
        # every passage faces itself, with the same words: nothing to stop at
        assert all(index.pair_at(0, u).first(1) == u for u in range(len(index.pairs)))
        assert index.stops == ([], [])
        await pilot.press("n")
        assert "No differences" in screen.status_text
        for key in ("j", "j", "d", "tab", "j", "s", "l", "u", "N"):
            await pilot.press(key)
        screen = await settle(pilot)
        assert screen.driving_view.passage_count == screen.other_view.passage_count
        assert_in_step(screen)


async def test_a_one_line_article(tmp_path, compare_app):
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Just one line about the talks.\n", encoding="utf-8")
    async with compare_app(left=tiny, right=SEED_002) as (app, pilot):
        screen = app.screen
        assert screen.left_view.passage_count == 1
        for key in ("j", "k", "n", "N", "d", "l", "tab", "j", "j", "n", "d", "u", "s", "b"):
            await pilot.press(key)
            if not isinstance(app.screen, CompareScreen):
                await pilot.press("escape")  # the bookmark dialog
        screen = await settle(pilot)
        assert isinstance(app.screen, CompareScreen)


async def test_bookmark_and_session_reopening_at_the_same_passage(compare_app):
    async with compare_app() as (app, pilot):
        screen = app.screen
        for _ in range(4):
            await pilot.press("j")
        view = screen.driving_view
        para = view.article.paragraphs[view.cursor]
        await pilot.press("b")
        if not isinstance(app.screen, CompareScreen):
            await pilot.press("enter")  # the note dialog of tui.app.bookmarks
        records = app.state.list_bookmarks()
        assert len(records) == 1
        record = records[0]
        assert record["kind"] == "passage" and record["article_id"] == view.article.id
        assert (record["start"], record["end"]) == (para.start, para.end)
        assert record["text"] == view.article.text[para.start:para.end]
        assert record["title"] == view.article.title

        passage = screen.left_view.cursor
        screen.save_session()
        app.flush_state()
        session = app.state.get_session()
        assert session["screen"] == "compare"
        assert session["left"] == screen.left_article.id
        assert session["right"] == screen.right_article.id
        assert session["passage"] == passage
    async with compare_app(compare=False) as (app, pilot):
        screen = app.screen
        assert screen.left_view.cursor == passage
        assert_in_step(screen)


async def test_o_picks_another_article_most_related_first(compare_app):
    from tests.conftest import SEED_003

    async with compare_app(paths=[SEED_000, SEED_002, SEED_003]) as (app, pilot):
        await pilot.press("o")
        for _ in range(200):
            await pilot.pause(0.01)
            if isinstance(app.screen, PickArticleScreen) and "Most related" in str(
                    app.screen.query_one("#pick-hint").content):
                break
        assert isinstance(app.screen, PickArticleScreen)
        await pilot.press("enter")
        screen = await settle(pilot)
        assert screen.left_article.path.endswith(SEED_000.name)
        assert screen.right_article.path.endswith(SEED_003.name)


def test_every_key_has_a_binding_id_and_a_palette_entry():
    ids = {b.id for b in CompareScreen.BINDINGS}
    assert None not in ids and all(i.startswith("compare.") for i in ids)
    actions = {b.action for b in CompareScreen.BINDINGS}
    palette = {c.action.removeprefix("screen.") for c in CompareScreen.PALETTE_COMMANDS}
    assert actions <= palette


async def test_keys_before_the_alignment_arrives_do_not_crash(launch):
    async with launch([SEED_000, SEED_002], size=(100, 30),
                      compare=(str(SEED_000), str(SEED_002))) as (app, pilot):
        for _ in range(300):
            await pilot.pause(0.01)
            if isinstance(app.screen, CompareScreen):
                break
        await pilot.press("n", "d", "l", "u", "j", "tab", "s", "N")
        screen = await settle(pilot)
        assert_in_step(screen)
