"""The reader: one article in a DocumentView, its title and metadata above."""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.corpus import Article

from .document_view import DocumentView
from .help_screen import KeyBar


# Lines much longer than this are tiring to read; wider terminals get margins.
READING_MEASURE = 100
RESUME_ROW = 2


def metadata_line(article: Article) -> str:
    parts = [article.outlet, article.date, article.dateline,
             f"By {article.byline}" if article.byline and not article.byline.startswith("By ")
             else article.byline, f"{article.words:,} words"]
    return " · ".join(p for p in parts if p)


class StatusLine(Widget):
    """One line of text that changes on every keypress: a repaint, never a re-layout (a
    Static.update would lay out the whole screen each time the cursor moves)."""

    DEFAULT_CSS = "StatusLine { height: 1; }"
    text: reactive[str] = reactive("", layout=False)

    def __init__(self, text: str = "", **kwargs) -> None:
        super().__init__(**kwargs)
        self.set_reactive(StatusLine.text, text)

    def render(self) -> Text:
        return Text(self.text, no_wrap=True, overflow="ellipsis")


class ReaderScreen(Screen):
    BINDINGS = [
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("c", "compare", "Compare", id="reader.compare"),
    ]
    DEFAULT_CSS = """
    ReaderScreen #reader-head { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    ReaderScreen #reader-title { color: $foreground; text-style: bold; height: 1; }
    ReaderScreen #reader-meta { color: $text-muted; height: 1; }
    ReaderScreen DocumentView { height: 1fr; }
    """
    def __init__(self, article: Article, passage: int = 0) -> None:
        super().__init__()
        self.article = article
        self.initial_passage = passage

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(id="reader-head"):
            yield Static(self.article.title, id="reader-title", markup=False)
            yield StatusLine(self._meta(self.initial_passage), id="reader-meta")
        yield DocumentView(self.article, cursor=self.initial_passage, measure=READING_MEASURE,
                           id="document")
        yield KeyBar()

    @property
    def document(self) -> DocumentView:
        return self.query_one(DocumentView)

    def on_mount(self) -> None:
        self.document.focus()
        # Opening counts as reading: the library shows progress and a restart comes back here.
        self.app.save_position(self.article.id, self.initial_passage)
        if self.initial_passage:
            # Resume with the passage near the top and a little of what came before above it.
            self.document.move_cursor(self.initial_passage, align_y=RESUME_ROW)

    def on_screen_resume(self) -> None:
        self.app.set_session(screen="reader", article=self.article.id)

    def _meta(self, passage: int) -> str:
        total = len(self.article.paragraphs)
        where = f"¶ {passage + 1}/{total}" if total else ""
        meta = metadata_line(self.article)
        return f"{meta} · {where}" if meta else where

    @on(DocumentView.CursorMoved, "#document")
    def _cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.query_one("#reader-meta", StatusLine).text = self._meta(event.passage)
        self.app.save_position(self.article.id, event.passage)

    # --- actions -------------------------------------------------------------------------------

    def action_first_passage(self) -> None:
        self.document.action_first_passage()

    def action_last_passage(self) -> None:
        self.document.action_last_passage()

    def action_compare(self) -> None:
        self.app.compare_related(self.article.id)

    def bookmark_record(self) -> dict:
        article = self.article
        passage = self.document.cursor
        para = article.paragraphs[passage]
        return {"kind": "passage", "article_id": article.id, "path": article.path,
                "title": article.title, "outlet": article.outlet, "date": article.date,
                "start": para.start, "end": para.end, "text": article.text[para.start:para.end]}

    def action_bookmark(self) -> None:
        if not self.article.paragraphs:
            return
        record = self.bookmark_record()
        request = _bookmarks_request()
        if request is not None:
            request(self.app, record)
            return
        self.app.state.add_bookmark(record)
        self.app.notify(f"Bookmarked ¶ {self.document.cursor + 1} of {self.article.title}",
                        timeout=3)


def _bookmarks_request():
    """``tui.app.bookmarks.request_bookmark`` when that module exists (it may ask for a note)."""
    name = f"{__package__}.bookmarks"
    try:
        module = importlib.import_module(name)
    except ModuleNotFoundError as e:
        if e.name != name:
            raise
        return None
    return getattr(module, "request_bookmark", None)
