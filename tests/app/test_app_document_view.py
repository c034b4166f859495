"""DocumentView: wrapping, geometry, cursor movement, marks/highlights, and huge documents."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st
from rich.cells import cell_len
from textual.app import App, ComposeResult

from tests.conftest import SEED_002
from tests.app.helpers import screen_lines, widget_strips
from tui.app.widgets import document_view
from tui.app.widgets.document_view import DocumentView
from tui.app.widgets.text_fit import wrap_spans
from tui.corpus import Article, Paragraph, read_article


class ViewApp(App):
    def __init__(self, article, **kwargs) -> None:
        super().__init__()
        self.article = article
        self.kwargs = kwargs
        self.moves: list[int] = []

    def compose(self) -> ComposeResult:
        yield DocumentView(self.article, **self.kwargs)

    def on_mount(self) -> None:
        self.animation_level = "none"
        self.query_one(DocumentView).focus()

    def on_document_view_cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.moves.append(event.passage)


def screen_text(app: App) -> list[str]:
    return screen_lines(app)


def big_article(paragraphs: int) -> Article:
    """A long article built directly (the corpus parser's sentence splitting would dominate
    the test's run time, and the view does not use sentences)."""
    blocks = [f"Paragraph {i} " + "words in a row " * (i % 9 + 1) for i in range(paragraphs)]
    spans, pos = [], 0
    for block in blocks:
        body = block.rstrip()
        spans.append(Paragraph(pos, pos + len(body), ()))
        pos += len(block) + 2
    return Article(path="big.txt", text="\n\n".join(blocks), id="big", title="Big",
                   paragraphs=spans)


# --- wrap_spans -------------------------------------------------------------------------------

def test_wrap_breaks_between_words_and_keeps_offsets():
    text = "The quick brown fox jumps over the lazy dog"
    lines = wrap_spans(text, 10)
    assert [text[s:e] for s, e in lines] == ["The quick", "brown fox", "jumps over", "the lazy",
                                             "dog"]


def test_wrap_cuts_words_longer_than_the_line():
    assert [("x" * 25)[s:e] for s, e in wrap_spans("x" * 25, 10)] == ["x" * 10, "x" * 10, "x" * 5]


def test_wrap_counts_wide_characters_as_two_cells():
    text = "日本語の文章 です " * 4
    for s, e in wrap_spans(text, 9):
        assert cell_len(text[s:e]) <= 9


def test_wrap_keeps_list_line_breaks_but_reflows_prose():
    listing = "Items:\n- one\n- two"
    assert [listing[s:e] for s, e in wrap_spans(listing, 40)] == ["Items:", "- one", "- two"]
    prose = "a hard-wrapped line of ordinary prose that goes on\nand continues on the next line"
    assert len(wrap_spans(prose, 200)) == 1


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab cd\nxé日 "), max_size=200),
       st.integers(min_value=1, max_value=30))
def test_wrap_never_overflows_and_loses_no_word(text, width):
    lines = wrap_spans(text, width)
    for s, e in lines:
        assert cell_len(text[s:e].replace("\n", " ")) <= max(width, 2)
    # Every non-space character appears on exactly one line, in order.
    covered = "".join(text[s:e] for s, e in lines)
    assert "".join(covered.split()) == "".join(text.split())


# --- the widget -------------------------------------------------------------------------------

async def test_passage_keys_move_cursor_and_post_messages():
    article = read_article(SEED_002)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("j", "j", "k")
        assert view.cursor == 1
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == len(article.paragraphs) - 1
        assert view.scroll_y == view.max_scroll_y > 0
        await pilot.press("g")
        await pilot.pause()
        assert view.cursor == 0 and view.scroll_y == 0
        assert app.moves == [1, 2, 1, len(article.paragraphs) - 1, 0]


async def test_cursor_passage_is_drawn_with_the_cursor_bar():
    article = read_article(SEED_002)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(3)
        await pilot.pause()
        rows = screen_text(app)
        marked = [r for r in rows if r.startswith("▌")]
        first_words = article.para_text(3).split()[:3]
        assert marked and marked[0][1:].split()[:3] == first_words


async def test_move_cursor_aligns_passage_to_requested_row():
    article = read_article(SEED_002)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(12, align_y=5)
        await pilot.pause()
        assert view.cursor == 12
        assert view.passage_top_y(12) - view.scroll_y == 5
        assert view.passage_at_y(view.passage_top_y(12)) == 12
        assert view.passage_at_y(view.passage_top_y(12) - 1) == 11  # the separator line


async def test_page_down_moves_view_and_cursor_forward():
    article = read_article(SEED_002)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("space")
        await pilot.pause()
        assert view.scroll_y > 0
        assert view.cursor in view.visible_passages and view.cursor > 0


async def test_marks_and_highlights_are_drawn():
    article = read_article(SEED_002)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        para = article.paragraphs[2]
        view.set_marks({2: "only CNN"})
        word_end = para.start + len(article.para_text(2).split()[0])
        view.set_highlights({2: [(para.start, word_end, "reverse")]})
        await pilot.pause()
        rows = screen_text(app)
        labelled = [r for r in rows if "only CNN" in r]
        assert len(labelled) == 1
        # The text moved right to make room for the gutter.
        assert labelled[0].index(article.para_text(2)[:5]) > len("only CNN")
        strip = next(s for s in widget_strips(view)
                     if "only CNN" in "".join(seg.text for seg in s))
        reversed_text = "".join(seg.text for seg in strip if seg.style and seg.style.reverse)
        assert reversed_text == article.text[para.start:word_end]
        view.set_marks({})
        await pilot.pause()
        assert not any("only CNN" in r for r in screen_text(app))


async def test_resize_rewraps_and_keeps_the_cursor_on_screen():
    article = read_article(SEED_002)
    app = ViewApp(article)
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(15, align_y=4)
        await pilot.pause()
        wide_lines = view.passage_height(15)
        await pilot.resize_terminal(50, 30)
        await pilot.pause()
        assert view.passage_height(15) > wide_lines
        assert view.cursor == 15
        assert 15 in view.visible_passages


async def test_measure_centres_text_on_wide_screens():
    article = read_article(SEED_002)
    app = ViewApp(article, measure=40)
    async with app.run_test(size=(120, 20)) as pilot:
        await pilot.pause()
        # The last column is the scrollbar.
        body = [r[:-2] for r in screen_text(app) if r[:-2].strip()]
        assert all(len(r.rstrip()) <= 120 - 35 for r in body)
        assert all(r.startswith(" " * 30) for r in body)


async def test_twenty_thousand_paragraphs_open_and_go_to_end():
    article = big_article(20_000)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        await pilot.press("G")
        await pilot.pause()
        assert view.cursor == 19_999
        assert "Paragraph 19999" in "\n".join(screen_text(app))
        await pilot.press("k")
        await pilot.pause()
        assert view.cursor == 19_998
        assert "Paragraph 19998" in "\n".join(screen_text(app))
        await pilot.press("g")
        await pilot.pause()
        assert "Paragraph 0 " in "\n".join(screen_text(app))


async def test_huge_document_wraps_only_around_what_is_shown(monkeypatch):
    monkeypatch.setattr(document_view, "BACKGROUND_INTERVAL", 3600)  # no background pass
    article = big_article(100_000)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(50_000, align_y=0)
        await pilot.pause()
        assert "Paragraph 50000 " in screen_text(app)[0]
        # Lazy layout: far fewer than all paragraphs were wrapped.
        assert view.layout.exact_count < 500
        # Geometry stays consistent after the lazy corrections.
        assert view.passage_at_y(view.passage_top_y(50_000)) == 50_000


async def test_background_pass_makes_every_height_exact_without_moving_the_view(monkeypatch):
    monkeypatch.setattr(document_view, "BACKGROUND_INTERVAL", 0.01)
    monkeypatch.setattr(document_view, "BACKGROUND_CHUNK", 2_000)
    article = big_article(20_000)
    app = ViewApp(article)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocumentView)
        view.move_cursor(10_000, align_y=3)
        await pilot.pause()
        for _ in range(500):
            if view.layout.exact_count == view.passage_count:
                break
            await pilot.pause(0.02)
        assert view.layout.exact_count == view.passage_count
        for i in (0, 5_000, 9_999, 19_999):
            para = article.paragraphs[i]
            exact = len(wrap_spans(article.text[para.start:para.end], view.layout.width))
            assert view.passage_height(i) == exact
        # Corrections above the view shifted the scroll offset with them.
        assert view.passage_top_y(10_000) - view.scroll_y == 3
        assert view.cursor == 10_000
