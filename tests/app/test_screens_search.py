"""Search as you type, driven with keys: results per keystroke, highlights, jump, bookmark."""
from __future__ import annotations

import threading
from types import SimpleNamespace

from hypothesis import given, settings, strategies as st

from textual import events

from tests.app.helpers import screen_text, widget_strips
from tests.conftest import SEED_000, SEED_002
from tui.app.bookmark_dialog import BookmarkDialog
from tui.app.reader_screen import ReaderScreen
from tui.app import search_screen
from tui.app.library_cache import LibraryCache
from tui.app.search_screen import SearchScreen
from tui.app.widgets.result_list import ResultList
from tui.app.widgets.text_fit import wrap_line_spans
from tui.search import Searcher
from tui.search.results import distinct_places, shown_text
from tui.corpus import read_article

ID_000 = read_article(SEED_000).id
ID_002 = read_article(SEED_002).id


def underlined(app) -> list[str]:
    """Text of every underlined run painted on screen, top to bottom."""
    return [seg.text for strip in widget_strips(app.screen.query_one(ResultList)) for seg in strip
            if seg.style is not None and seg.style.underline]


def fresh_answer(screen, query: str) -> list:
    """What a new searcher, with no state from earlier keystrokes, shows for ``query``."""
    return distinct_places(Searcher(screen.index, limit=search_screen.MAX_RESULTS).update(query))


async def settle(app, pilot) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_search(app, pilot) -> SearchScreen:
    await settle(app, pilot)
    app.action_search()  # the app's "/" (library uses "/" to filter, ctrl+f there)
    await settle(app, pilot)
    assert isinstance(app.screen, SearchScreen)
    return app.screen


async def answered(app, pilot, query: str) -> None:
    """Wait (by events, not by time) until the screen shows the answer to ``query``: each
    keystroke's search runs in a worker that may start after the previous one finished."""
    for _ in range(50):
        await settle(app, pilot)
        if app.screen.shown_query == query:
            return
    raise AssertionError(f"no answer shown for {query!r}")


async def type_query(app, pilot, text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)
    await answered(app, pilot, app.screen.query_one("#search-input").value)


async def test_typo_query_shows_both_reports_first_with_words_highlighted(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "figting for our lifes")
        assert screen.shown_query == "figting for our lifes"
        top = screen.hits[:2]
        assert {h.article_id for h in top} == {ID_000, ID_002}
        assert all("fighting for our li" in h.text for h in top)
        # One place is shown once: the quote, not also the sentence around it.
        places = [(h.article_id, h.start) for h in screen.hits]
        assert len(places) == len(set(places))
        assert [h.kind for h in top] == ["quote", "quote"]
        lines = screen_text(app).splitlines()
        # Status, query, then the first result: its kind and source, then its text.
        assert lines[2].strip().startswith("quote CNN · Volodymyr Zelensky")
        assert lines[3].strip() == "We are fighting for our life."
        # The matched words are painted underlined, the rest of the line is not.
        assert underlined(app)[:3] == ["fighting", "for", "our"]
        assert "We are " not in underlined(app)


async def test_results_follow_each_keystroke_and_backspace(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        # The seeds are small enough to search on the UI thread; a big library, or a slow
        # search, uses the worker: run this test through the worker.
        assert screen.inline
        screen.inline_allowed = False
        await type_query(app, pilot, "ammunition")
        assert screen.hits and "ammunition" in screen.hits[0].text
        for _ in range(len("ammunition")):
            await pilot.press("backspace")
        await answered(app, pilot, "")
        assert screen.hits == [] and screen.shown_query == ""
        await type_query(app, pilot, "xqzv")
        assert screen.hits == [] and "no results for “xqzv”" in screen_text(app)


async def test_enter_jumps_to_the_place_and_q_comes_back_to_the_results(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "our lifes")
        await pilot.press("down")  # the second result, still typing in the box
        second = screen.hits[1]
        assert screen.current() is second
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        article = app.screen.article
        assert article.id == second.article_id
        assert app.screen.document.cursor == article.paragraph_at(second.start)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen and screen.current() is second
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_tab_to_results_then_b_bookmarks_and_typing_returns_to_the_query(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "sleep")
        hit = screen.hits[0]
        await pilot.press("b")  # in the box, b is a letter of the query
        await settle(app, pilot)
        assert screen.query_one("#search-input").value == "sleepb"
        await pilot.press("backspace")
        await answered(app, pilot, "sleep")
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#search-results")
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BookmarkDialog)
        await pilot.press("enter")
        await pilot.pause()
        [saved] = app.state.list_bookmarks()
        assert saved["kind"] == "quote" and saved["text"] == hit.text == "Work and sleep."
        assert saved["speaker"] == "Volodymyr Zelensky"
        await pilot.press("y")
        assert app.clipboard.startswith("“Work and sleep.” — Volodymyr Zelensky, ")
        # A letter typed in the list goes to the query.
        await pilot.press("s")
        await settle(app, pilot)
        assert screen.focused is screen.query_one("#search-input")
        assert screen.query_one("#search-input").value == "sleeps"


async def test_a_stale_answer_is_not_shown(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "sleep")
        current = list(screen.hits)
        fake = SimpleNamespace(article_id=ID_000, path="x", start=0, end=1, text="x",
                               kind="sentence", matches=[], score=1.0)
        screen.show_hits("slee", [fake], 0.0)  # a slower, older keystroke's answer
        assert screen.hits == current


def _words(app) -> str:
    """The screen's words in reading order, box drawing left out."""
    text = screen_text(app)
    for mark in "│╭╮╰╯─▌":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _opening(text: str, words: int = 4) -> str:
    return " ".join(text.split()[:words])


async def test_tiny_terminal_does_not_crash(launch):
    async with launch(restore_session=False, size=(40, 12)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "kyiv")
        lines = screen_text(app).splitlines()
        assert lines[0].lstrip(". ").startswith(f"Search · {len(screen.hits)} results")
        assert lines[1].strip() == "kyiv"
        assert _opening(screen.hits[0].text) in _words(app)  # the best hit, under the box
        await pilot.press("down", "down", "tab", "j")
        await pilot.pause()
        hit = screen.current()
        assert hit is screen.hits[3] and _opening(hit.text) in _words(app)  # scrolled to it
        await pilot.press("b")
        await pilot.pause()
        assert "Bookmark passage" in screen_text(app)
        assert _opening(hit.text) in _words(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.current() is hit
        assert app.state.list_bookmarks() == []  # cancelled: nothing saved
        assert _opening(hit.text) in _words(app)
        assert all(len(line) <= 40 for line in screen_text(app).splitlines())
        await pilot.press("q")  # in the list q is "back", not a letter of the query
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)


async def test_letters_typed_before_the_box_has_focus_reach_the_query(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        app.action_search()
        for ch in "sleep":  # queued at once, while the screen is still mounting
            app.post_message(events.Key(ch, ch))
        await answered(app, pilot, "sleep")
        assert app.screen.query_one("#search-input").value == "sleep"
        assert app.screen.hits and app.screen.hits[0].text == "Work and sleep."


def test_wrap_line_spans_cuts_at_spaces_and_cuts_long_words():
    text = "We are fighting for our lives, said the president of Ukraine."
    lines = wrap_line_spans(text, 20)
    assert [text[s:e] for s, e in lines] == ["We are fighting for", "our lives, said the",
                                            "president of", "Ukraine."]
    assert [("x" * 25)[s:e] for s, e in wrap_line_spans("x" * 25, 10)] == \
        ["x" * 10, "x" * 10, "x" * 5]
    assert wrap_line_spans("", 10) == [(0, 0)]
    # Wide characters take two cells: the general wrapper handles them.
    assert [("日本語 日本語")[s:e] for s, e in wrap_line_spans("日本語 日本語", 7)] == \
        ["日本語", "日本語"]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab ", max_size=80), st.integers(min_value=1, max_value=30))
def test_wrap_line_spans_is_a_greedy_wrap_that_keeps_every_character(text, width):
    lines = wrap_line_spans(text, width)
    assert all(e - s <= width for s, e in lines)
    assert "".join(text[s:e] for s, e in lines).replace(" ", "") == text.replace(" ", "")
    for (s, e), (s2, e2) in zip(lines, lines[1:]):
        assert s2 >= e and text[e:s2].strip() == ""
        next_word = text[s2:e2].split(" ")[0]
        if text[e:s2]:  # broken at spaces: the next word did not fit on this line
            assert s2 + len(next_word) - s > width


async def test_fast_typing_ends_on_the_answer_to_the_final_query(launch):
    """Keys arrive faster than answers (sent in one go, with edits): whatever order the
    searches finish in, the screen ends showing exactly what a fresh search of the final
    query returns, painted."""
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        box = screen.query_one("#search-input")
        results = screen.query_one(ResultList)
        bursts = [([*"fightnig", "backspace", "backspace", "backspace", *"ing fro",
                    "backspace", "backspace", *"or our lifes kyiv"], "fighting for our lifes kyiv"),
                  (["backspace"] * 5, "fighting for our lifes"),
                  (["ctrl+u", *"sleap", "left", "left", "e", "right", "backspace", "end",
                    *" work"], "sleep work")]
        for inline in (True, False):
            screen.inline_allowed = inline
            box.value = ""
            await answered(app, pilot, "")
            for keys, final in bursts:
                # Sent as a terminal sends them, all at once, none waiting for the one before.
                for key in keys:
                    key = "space" if key == " " else key
                    app._driver.send_message(events.Key(key, " " if key == "space" else
                                                        key if len(key) == 1 else None))
                await answered(app, pilot, final)
                assert box.value == final
                expected = fresh_answer(screen, final)
                assert expected and [(h.article_id, h.start, h.end) for h in screen.hits] == \
                    [(h.article_id, h.start, h.end) for h in expected]
                assert [r.text for r in results.results] == \
                    [shown_text(h.text, h.matches)[0] for h in expected]
                assert results.cursor == 0 and screen.current() is screen.hits[0]
                first = shown_text(expected[0].text, expected[0].matches)[0]
                assert first[:40] in screen_text(app).replace("\n", " ")


async def test_page_keys_move_through_results_and_keep_the_cursor_on_screen(launch):
    async with launch(restore_session=False, size=(40, 12)) as (app, pilot):
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "the")
        results = screen.query_one(ResultList)
        assert len(screen.hits) > 10
        await pilot.press("tab")
        assert screen.focused is results
        seen = [results.cursor]
        for key in ["pagedown", "pagedown", "down", "j", "pageup", "end", "up", "k", "home"]:
            await pilot.press(key)
            await pilot.pause()
            seen.append(results.cursor)
            hit = screen.current()
            assert hit is screen.hits[results.cursor]
            # The cursor's result is on screen: its first line of text is painted.
            lines = results.lines_of(results.cursor)
            top = round(results.scroll_y)
            assert top <= lines.start < top + results.scrollable_content_region.height
            source = results.results[results.cursor].source
            assert source[:10] in screen_text(app)
        last = len(screen.hits) - 1
        assert seen[1] > 1 and seen[2] > seen[1]          # a page is more than one result
        assert seen[3:5] == [seen[2] + 1, seen[2] + 2]    # down, j
        assert seen[5] < seen[4]                          # pageup
        assert seen[6:9] == [last, last - 1, last - 2]    # end, up, k
        assert seen[9] == 0                               # home


async def test_query_typed_while_indexing_is_answered_once_the_index_is_ready(monkeypatch, launch):
    release = threading.Event()
    real_build = LibraryCache.search_index

    def slow_build(self, library, cancelled=None):
        release.wait(10)
        return real_build(self, library, cancelled)

    monkeypatch.setattr(LibraryCache, "search_index", slow_build)
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        await settle(app, pilot)
        app.action_search()
        await pilot.pause()
        for ch in "sleep":
            await pilot.press(ch)
        screen = app.screen
        assert screen.searcher is None and screen.hits == []
        assert screen_text(app).splitlines()[0].strip() == "Search · Indexing…"
        release.set()
        await answered(app, pilot, "sleep")
        assert screen.hits and screen.hits[0].text == "Work and sleep."
        assert "Work and sleep." in screen_text(app)


def sample_common_words(monkeypatch) -> None:
    """Search constants scaled to the seeds as the defaults are to a million sentences: every
    word is too common for a vector, and a pool of more than 5 sentences holding every word is
    sampled (5 of them rescored), so the keystroke's answer is flagged inexact."""
    import tui.search.index as index_module

    monkeypatch.setattr(index_module, "DENSE_MIN", 0)
    monkeypatch.setattr(index_module, "DENSE_FRACTION", 0.005)
    monkeypatch.setattr(index_module, "TIE_SAMPLE", 5)
    monkeypatch.setattr(index_module, "POOL_SAMPLE", 20)


def places(hits) -> list[tuple[str, int, int]]:
    return [(h.article_id, h.start, h.end) for h in hits]


def status_line(app) -> str:
    return screen_text(app).splitlines()[0]


async def test_sampled_answer_is_replaced_by_the_refined_one_keeping_the_cursor(monkeypatch, launch):
    sample_common_words(monkeypatch)
    # The pause before refining is made long so the sampled answer can be seen; the timer
    # firing is then done by hand (the next test lets it fire by itself).
    monkeypatch.setattr(search_screen, "REFINE_DELAY", 3600)
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        query = "and the"
        await type_query(app, pilot, query)
        fresh = Searcher(screen.index, limit=search_screen.MAX_RESULTS)
        sampled = distinct_places(fresh.update(query))
        assert not fresh.exact
        assert places(screen.hits) == places(sampled)
        assert not screen.shown_exact and "refining…" in status_line(app)
        assert screen._refine_timer is not None
        exact = distinct_places(screen.index.search_exact(query, search_screen.MAX_RESULTS))
        assert len(exact) > len(sampled)          # the sample missed results
        # The cursor is on a result the refined answer also has; it must stay on it.
        kept = next(i for i, h in enumerate(screen.hits)
                    if i > 0 and (h.article_id, h.start, h.end) in places(exact))
        await pilot.press("tab")
        for _ in range(kept):
            await pilot.press("j")
        before = screen.current()
        screen._refine_due(query)                 # what the timer does when it fires
        await settle(app, pilot)
        assert screen.shown_exact and screen.shown_query == query
        assert places(screen.hits) == places(exact)
        results = screen.query_one(ResultList)
        assert [r.text for r in results.results] == \
            [shown_text(h.text, h.matches)[0] for h in exact]
        assert places([screen.current()]) == places([before])
        assert "refining…" not in status_line(app)
        assert f"{len(exact)}{'+' if len(exact) >= search_screen.MAX_RESULTS else ''} results" \
            in status_line(app)


async def test_refinement_starts_once_typing_pauses_and_only_for_the_current_query(
        monkeypatch, launch):
    sample_common_words(monkeypatch)
    monkeypatch.setattr(search_screen, "REFINE_DELAY", 0.01)
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_search(app, pilot)
        screen.inline_allowed = False             # through the keystroke worker, as at 1M
        await type_query(app, pilot, "of the")
        for _ in range(200):                      # waits for events, asserts no duration
            if screen.shown_exact:
                break
            await pilot.pause(0.02)
            await app.workers.wait_for_complete()
        assert screen.shown_exact
        exact = distinct_places(screen.index.search_exact("of the", search_screen.MAX_RESULTS))
        assert places(screen.hits) == places(exact)
        assert len(exact) > len(fresh_answer(screen, "of the"))
        # A refinement answering an older query is dropped.
        fake = SimpleNamespace(article_id=ID_000, path="x", start=0, end=1, text="x",
                               kind="sentence", matches=[], score=1.0)
        screen.shown_exact = False
        screen.show_refined("of th", [fake], 0.0)
        assert places(screen.hits) == places(exact)
        # An exact keystroke answer schedules nothing.
        monkeypatch.undo()
        await type_query(app, pilot, " war")
        assert screen.shown_exact and screen._refine_timer is None
        assert "refining…" not in status_line(app)
