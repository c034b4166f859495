"""The quotes screen driven with keys: grouped reports, open in context, bookmark, copy, filter."""
from __future__ import annotations

from tests.conftest import SEED_000, SEED_002
from tests.app.helpers import screen_text, settle
from tui.app.quotes_screen import QuotesScreen
from tui.app.wordings_dialog import WordingsScreen
from tui.app.reader_screen import ReaderScreen
from tui.corpus import read_article
from tui.quotes.model import Quote

ID_000 = read_article(SEED_000).id
ID_002 = read_article(SEED_002).id


async def open_quotes(app, pilot) -> QuotesScreen:
    await settle(app, pilot)
    await pilot.press("Q")
    await settle(app, pilot)
    assert isinstance(app.screen, QuotesScreen)
    return app.screen


async def highlight_quote(pilot, screen: QuotesScreen, article_id: str, text: str) -> Quote:
    """Move the cursor with j (as a user would) to the quote of ``article_id`` saying ``text``."""
    for _ in range(200):
        row = screen.current()
        if row and row[1].article_id == article_id and row[1].text == text:
            return row[1]
        await pilot.press("j")
    raise AssertionError(f"quote {text!r} of {article_id} not reachable with j")


async def test_fighting_for_our_lives_is_one_group_with_both_wordings(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        group = next(g for g in screen.groups
                     if any(q.text == "We are fighting for our lives." for q in g.quotes))
        assert [(q.article_id, q.text) for q in group.quotes] == [
            (ID_000, "We are fighting for our lives."), (ID_002, "We are fighting for our life.")]
        assert group.speaker == "Volodymyr Zelensky"
        # In the list: one header naming the speaker, then both wordings right under it.
        ol = screen.query_one("#quotes-list")
        rows = sorted(i for i, (g, _q) in screen.rows.items() if g is group)
        header = ol.get_option_at_index(rows[0] - 1)
        assert header.disabled and "reported by 2 articles" in str(header.prompt)
        assert rows == [rows[0], rows[0] + 1]
        # Statements several articles report come before single reports, fragments last.
        kinds = [(len(g.article_ids) > 1, not g.fragment) for g in screen.groups]
        assert kinds == sorted(kinds, reverse=True)
        assert screen.groups[-1].fragment
        text = screen_text(app)
        assert "Quotes · " in text and "reported by several" in text


async def test_enter_opens_the_reader_at_the_quote(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        quote = await highlight_quote(pilot, screen, ID_002, "We are fighting for our life.")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        article = app.screen.article
        assert article.id == ID_002
        assert app.screen.document.cursor == article.paragraph_at(quote.start)
        assert "fighting for our life" in article.para_text(app.screen.document.cursor)
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen  # back where the user was


async def test_b_bookmarks_the_quote_with_its_speaker_and_y_copies_a_citation(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        quote = await highlight_quote(pilot, screen, ID_000, "We are fighting for our lives.")
        await pilot.press("y")
        assert app.clipboard == ("“We are fighting for our lives.” — Volodymyr Zelensky, "
                                 f"{read_article(SEED_000).title}, {quote.path}")
        await pilot.press("b")
        await pilot.pause()
        for ch in "key line":
            await pilot.press(ch)
        await pilot.press("tab", *"ep", "enter")
        await pilot.pause()
        [saved] = app.state.list_bookmarks()
        assert saved["kind"] == "quote" and saved["speaker"] == "Volodymyr Zelensky"
        assert (saved["article_id"], saved["start"], saved["end"]) == (ID_000, quote.start,
                                                                       quote.end)
        assert saved["note"] == "key line" and saved["tags"] == ["ep"]
        assert any(n.startswith("Bookmarked") for n in app.notes)
        assert app.screen is screen


async def test_v_shows_the_wordings_side_by_side_with_differences_marked(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        await highlight_quote(pilot, screen, ID_002, "We are fighting for our life.")
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, WordingsScreen)
        text = screen_text(app)
        assert "We are fighting for our lives." in text
        assert "We are fighting for our life." in text
        contents = [w.content for w in app.screen.query(".wording-text")]
        marked = {c.plain[s.start:s.end] for c in contents for s in c.spans}
        assert marked == {"lives", "life"}
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


async def test_x_hides_fragments_and_f_filters_by_speaker_or_words(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        shown = lambda: [q for _g, q in screen.rows.values()]  # noqa: E731
        assert any(q.fragment for q in shown())
        await pilot.press("x")
        await pilot.pause()
        assert shown() and not any(q.fragment for q in shown())
        await pilot.press("f")
        for ch in "ammunition":
            await pilot.press(ch)
        await pilot.pause()
        assert [q.text for q in shown()] == ["I need ammunition, not a ride."]
        await pilot.press("enter")  # back to the list, the filter stays
        await pilot.pause()
        assert screen.focused is screen.query_one("#quotes-list")
        assert [q.text for q in shown()] == ["I need ammunition, not a ride."]
        await pilot.press("escape")  # from the list: clears the filter first...
        await pilot.pause()
        assert app.screen is screen and len(shown()) > 1
        await pilot.press("escape")  # ...then leaves
        await pilot.pause()
        assert app.screen is not screen


async def test_filter_escape_clears_and_keeps_screen_open(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        total = len(screen.rows)
        await pilot.press("f", *"zqx")
        await pilot.pause()
        assert screen.rows == {}
        assert "No quote matches" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and len(screen.rows) == total


def _words_on_screen(app) -> str:
    """The screen's words in reading order, box drawing and wrapping left out."""
    text = screen_text(app)
    for mark in "│╭╮╰╯─▅▆▇█▌◆⏎":
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _opening(text: str, words: int = 4) -> str:
    return " ".join(text.split()[:words])


async def test_tiny_terminal_does_not_crash(launch):
    async with launch(restore_session=False, size=(40, 12)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        assert screen_text(app).splitlines()[0].startswith(" Quotes · ")
        group, quote = screen.current()  # the first row: a statement several articles report
        assert len(group.article_ids) > 1
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, WordingsScreen)
        assert f"· {len(group.wordings())} wordings" in screen_text(app).splitlines()[0]
        assert _opening(group.wordings()[0][1]) in _words_on_screen(app)
        await pilot.press("escape", "j", "j")
        await pilot.pause()
        group, quote = screen.current()
        assert _opening(quote.text) in _words_on_screen(app)  # the cursor's quote is in view
        await pilot.press("b")
        await pilot.pause()
        assert "Bookmark quote" in screen_text(app)
        assert _opening(quote.text) in _words_on_screen(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.current() == (group, quote)
        assert app.state.list_bookmarks() == []       # cancelled: nothing saved
        assert all(len(line) <= 40 for line in screen_text(app).splitlines())


async def test_n_and_shift_n_jump_statement_by_statement(launch):
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        # The first wording of each statement, in list order.
        firsts = []
        for index in sorted(screen.rows):
            group, quote = screen.rows[index]
            if not firsts or screen.rows[firsts[-1]][0] is not group:
                firsts.append(index)
        assert len(firsts) >= 4
        ol = screen.query_one("#quotes-list")
        assert ol.highlighted == firsts[0]
        for want in firsts[1:4]:
            await pilot.press("n")
            assert ol.highlighted == want
        await pilot.press("j")           # the second wording of that statement
        assert ol.highlighted == firsts[3] + 1 and screen.rows[ol.highlighted][0] is (
            screen.rows[firsts[3]][0])
        await pilot.press("N")           # back to that statement's first wording
        assert ol.highlighted == firsts[3]
        await pilot.press("N")
        assert ol.highlighted == firsts[2]


async def test_progress_is_shown_while_quotes_are_found(monkeypatch, launch):
    seen: list[tuple[str, int, int]] = []
    original = QuotesScreen._progress

    def recording(self, stage, done, total, *found_and_early):
        seen.append((stage, done, total))
        original(self, stage, done, total, *found_and_early)

    monkeypatch.setattr(QuotesScreen, "_progress", recording)
    async with launch(restore_session=False, size=(80, 24)) as (app, pilot):
        screen = await open_quotes(app, pilot)
        # The worker reported reading the three seeds, then finding quotes, then grouping.
        assert seen[0] == ("read", 0, 3) and ("read", 3, 3) in seen
        assert seen[-1] == ("quotes", 3, 3)
        assert seen.index(("read", 3, 3)) < seen.index(("quotes", 3, 3))
        message = screen.query_one("#quotes-message")
        screen._progress("read", 500, 2000)
        assert "Reading articles: 500 of 2,000" in str(message.render())
        screen._progress("quotes", 40, 1200)
        assert "Finding quotes: 40 of 1,200 articles" in str(message.render())
        screen._progress("quotes", 1200, 1200)
        assert "Grouping the quotes of 1,200 articles" in str(message.render())


async def test_q_leaves_while_quotes_are_still_being_found(monkeypatch, launch):
    """Issue 10: `q` one second after `Q` still showed the quotes screen 12 s later (the
    hidden filter had taken the focus, so `q` was typed into it)."""
    import threading

    import tui.quotes as quotes_layer

    release = threading.Event()
    real = quotes_layer.library_quotes

    def slow(articles, progress=None, **kwargs):
        release.wait(30)
        return real(articles, progress=progress, **kwargs)

    monkeypatch.setattr(quotes_layer, "library_quotes", slow)
    try:
        async with launch(restore_session=False, size=(100, 30)) as (app, pilot):
            await settle(app, pilot)
            await pilot.press("Q")
            await pilot.pause(0.2)
            assert isinstance(app.screen, QuotesScreen) and app.focused is None
            await pilot.press("q")
            for _ in range(100):
                if not isinstance(app.screen, QuotesScreen):
                    break
                await pilot.pause(0.05)
            assert not isinstance(app.screen, QuotesScreen)
            assert not release.is_set()          # left while the job was still running
            release.set()
    finally:
        release.set()
