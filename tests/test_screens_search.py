"""Search as you type, driven with keys: results per keystroke, highlights, jump, bookmark."""
from __future__ import annotations

import os
from types import SimpleNamespace

from textual import events

from tests.conftest import SEED_000, SEED_002
from tui import SEEDS_DIR
from tui.app.app import SynopticApp
from tui.app.bookmarks import BookmarkDialog
from tui.app.reader_screen import ReaderScreen
from tui.app.search_screen import SearchScreen, distinct_places, highlighted, window
from tui.corpus import read_article
from tui.state import StateStore

ID_000 = read_article(SEED_000).id
ID_002 = read_article(SEED_002).id


class RecordingApp(SynopticApp):
    def __init__(self, *args, **kwargs) -> None:
        self.notes: list[str] = []
        super().__init__(*args, **kwargs)

    def notify(self, message, *, title="", **kwargs) -> None:
        self.notes.append(f"{title}: {message}" if title else str(message))
        super().notify(message, title=title, **kwargs)


def make_app() -> RecordingApp:
    state = StateStore.open(os.environ["SYNOPTIC_STATE"])
    app = RecordingApp([str(SEEDS_DIR)], state, theme="synoptic-dark", restore_session=False)
    app.animation_level = "none"
    return app


def screen_text(app) -> str:
    return "\n".join(s.text for s in app.screen._compositor.render_strips())


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


async def test_typo_query_shows_both_reports_first_with_words_highlighted():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
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
        text = screen_text(app)
        assert "quote " in text and "Volodymyr Zelensky" in text
        # The matched words are styled in the rendered option.
        head, body = screen.query_one("#search-results").get_option_at_index(0).prompt.renderables
        assert head.plain.startswith("quote ") and "CNN · Volodymyr Zelensky" in head.plain
        styled = {body.plain[s.start:s.end] for s in body.spans if "underline" in str(s.style)}
        assert {"fighting", "for", "our"} <= styled
    app.state.close()


async def test_results_follow_each_keystroke_and_backspace():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot)
        # The seeds are small enough to search on the UI thread; a big library, or a slow
        # search, uses the worker: run this test through the worker.
        assert screen.inline
        screen.inline = False
        await type_query(app, pilot, "ammunition")
        assert screen.hits and "ammunition" in screen.hits[0].text
        for _ in range(len("ammunition")):
            await pilot.press("backspace")
        await answered(app, pilot, "")
        assert screen.hits == [] and screen.shown_query == ""
        await type_query(app, pilot, "xqzv")
        assert screen.hits == [] and "no results for “xqzv”" in screen_text(app)
    app.state.close()


async def test_enter_jumps_to_the_place_and_q_comes_back_to_the_results():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
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
    app.state.close()


async def test_tab_to_results_then_b_bookmarks_and_typing_returns_to_the_query():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
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
    app.state.close()


async def test_a_stale_answer_is_not_shown():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "sleep")
        current = list(screen.hits)
        fake = SimpleNamespace(article_id=ID_000, path="x", start=0, end=1, text="x",
                               kind="sentence", matches=[], score=1.0)
        screen.show_hits("slee", [fake], 0.0)  # a slower, older keystroke's answer
        assert screen.hits == current
    app.state.close()


async def test_tiny_terminal_does_not_crash():
    app = make_app()
    async with app.run_test(size=(40, 12)) as pilot:
        screen = await open_search(app, pilot)
        await type_query(app, pilot, "kyiv")
        await pilot.press("down", "down", "tab", "j", "b")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")  # in the list q is "back", not a letter of the query
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
    app.state.close()


async def test_letters_typed_before_the_box_has_focus_reach_the_query():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        app.action_search()
        for ch in "sleep":  # queued at once, while the screen is still mounting
            app.post_message(events.Key(ch, ch))
        await answered(app, pilot, "sleep")
        assert app.screen.query_one("#search-input").value == "sleep"
        assert app.screen.hits and app.screen.hits[0].text == "Work and sleep."
    app.state.close()


def test_window_cuts_long_text_around_the_first_match_and_shifts_ranges():
    text = "a" * 300 + " needle " + "b" * 300
    start = text.index("needle")
    shown, ranges = window(text, [(start, start + 6)], limit=100)
    assert shown.startswith("…") and shown.endswith("…")
    [(s, e)] = ranges
    assert shown[s:e] == "needle"
    short, same = window("short text", [(0, 5)])
    assert short == "short text" and same == [(0, 5)]
    text = highlighted("one two\nthree", [(4, 7)])
    assert text.plain == "one two three"
    assert [text.plain[s.start:s.end] for s in text.spans] == ["two"]


def test_distinct_places_keeps_the_quote_over_the_sentence_around_it():
    def hit(kind, start, end, score, aid="a"):
        return SimpleNamespace(kind=kind, start=start, end=end, score=score, article_id=aid)

    sentence, quote = hit("sentence", 0, 100, 0.9), hit("quote", 40, 60, 0.9)
    other = hit("sentence", 0, 100, 0.8, aid="b")
    later = hit("sentence", 100, 150, 0.5)
    assert distinct_places([sentence, quote, other, later]) == [quote, other, later]
