"""The reader: one article in a DocumentView, its title and metadata above.

``c`` compares it with the most related article (``app.compare_related``); ``b`` bookmarks the
passage under the cursor (``bookmark_dialog``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

if TYPE_CHECKING:
    from tui.corpus import Article

from .base import SynopticScreen
from .numbers import plural
from .session import Session
from .widgets.document_view import DocumentView
from .widgets.key_bar import KeyBar
from .widgets.line_label import LineLabel


# Lines much longer than this are tiring to read; wider terminals get margins.
READING_MEASURE = 100
RESUME_ROW = 2


def metadata_line(article: Article) -> str:
    parts = [article.outlet, article.date, article.dateline,
             f"By {article.byline}" if article.byline and not article.byline.startswith("By ")
             else article.byline, plural(article.words, "word")]
    return " · ".join(p for p in parts if p)


class ReaderScreen(SynopticScreen):
    BINDINGS = [
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("c", "compare", "Compare", id="reader.compare"),
    ]
    DEFAULT_CSS = """
    ReaderScreen #reader-head { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    /* Titles are stored whole (a lede's first sentence can be long): cut to the width here. */
    ReaderScreen #reader-title { color: $foreground; text-style: bold; height: 1;
                                 text-wrap: nowrap; text-overflow: ellipsis; }
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
            yield LineLabel(self._meta(self.initial_passage), id="reader-meta")
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
        self.app.set_session(Session.reader(self.article.id))

    def _meta(self, passage: int) -> str:
        total = len(self.article.paragraphs)
        where = f"¶ {passage + 1}/{total}" if total else ""
        meta = metadata_line(self.article)
        return f"{meta} · {where}" if meta else where

    @on(DocumentView.CursorMoved, "#document")
    def _cursor_moved(self, event: DocumentView.CursorMoved) -> None:
        self.query_one("#reader-meta", LineLabel).text = self._meta(event.passage)
        self.app.save_position(self.article.id, event.passage)

    # --- actions -------------------------------------------------------------------------------

    def action_first_passage(self) -> None:
        self.document.action_first_passage()

    def action_last_passage(self) -> None:
        self.document.action_last_passage()

    def action_compare(self) -> None:
        self.app.compare_related(self.article.id)

    def action_bookmark(self) -> None:
        if not self.article.paragraphs:
            return
        from .bookmark_dialog import passage_record, request_bookmark

        request_bookmark(self.app, passage_record(self.article, self.document.cursor))
