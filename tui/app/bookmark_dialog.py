"""Saving a bookmark: the record of a quote or passage, and the dialog that asks for a note.

Screens build a record with ``bookmark_record`` (or ``passage_record`` for a passage of an open
article) and call ``request_bookmark``: the dialog asks for a note and tags, then the record
goes to ``app.state``. Records keep the article id, which comes from content, so a bookmark
still opens after its file is moved or renamed; and the title, outlet and date, so it still
reads well after the file is gone. ``bookmarks.py`` lists them.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable, Protocol

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Input, Label, Static

from tui.state.export import in_marks

from .base import SynopticModal
from .widgets.inputs import FieldInput
from .widgets.key_bar import KeyBar
from .widgets.text_fit import shorten

if TYPE_CHECKING:
    from tui.corpus import Article

    from .app import SynopticApp

PREVIEW_CHARS = 240


class Source(Protocol):
    """An article's metadata: an Article or the library's ArticleInfo."""

    title: str
    outlet: str | None
    date: str | None


def bookmark_record(kind: str, article_id: str, path: str, start: int, end: int, text: str, *,
                    source: Source | None = None, speaker: str | None = None) -> dict[str, Any]:
    """A bookmark record (``kind`` "quote" or "passage") of ``text``, at ``start``:``end`` of
    the article; ``source`` gives its title, outlet and date."""
    return {"kind": kind, "article_id": article_id, "path": path,
            "title": source.title if source else "", "outlet": source.outlet if source else None,
            "date": source.date if source else None, "start": start, "end": end, "text": text,
            "speaker": speaker, "note": "", "tags": []}


def passage_record(article: Article, passage: int) -> dict[str, Any]:
    """The bookmark record of passage (paragraph) ``passage`` of ``article``."""
    para = article.paragraphs[passage]
    return bookmark_record("passage", article.id, article.path, para.start, para.end,
                           article.text[para.start:para.end], source=article)


def parse_tags(raw: str) -> list[str]:
    """``"ukraine, biden  #nato"`` -> ``["ukraine", "biden", "nato"]``: commas or spaces
    separate, a leading ``#`` is dropped, duplicates are kept once in first-seen order."""
    seen: list[str] = []
    for part in raw.replace(",", " ").split():
        tag = part.lstrip("#").strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    """``text`` on one line, cut to ``limit`` characters."""
    return shorten(" ".join(text.split()), limit)


def source_line(record: dict[str, Any]) -> str:
    parts = [record.get("speaker"), record.get("outlet"), record.get("date"), record.get("title")]
    return " · ".join(p for p in parts if p)


class BookmarkDialog(SynopticModal[dict | None]):
    """Asks for a note and tags; dismisses with ``{"note", "tags"}`` or None when cancelled."""

    DEFAULT_CSS = """
    BookmarkDialog { align: center middle; }
    BookmarkDialog KeyBar { dock: bottom; }
    BookmarkDialog > #bookmark-box {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    BookmarkDialog #bookmark-text { max-height: 3; color: $text; }
    BookmarkDialog #bookmark-source { color: $text-muted; height: 1; text-wrap: nowrap;
        text-overflow: ellipsis; margin-bottom: 1; }
    BookmarkDialog .field { height: 1; margin-top: 1; }
    BookmarkDialog .field Label { width: 6; color: $text-muted; }
    BookmarkDialog .field Input { width: 1fr; background: $boost; }
    BookmarkDialog .field Input:focus { background: $panel; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="bookmark.cancel"),
        # Priority, so the switch happens in key order: a non-priority tab is handled only
        # after it bubbles back from the focused input, and letters typed right after it would
        # still land in the note.
        Binding("tab", "switch_field", "Next field", id="bookmark.next", priority=True),
        Binding("shift+tab", "switch_field", "Next field", show=False,
                id="bookmark.previous", priority=True),
    ]

    def __init__(self, record: dict[str, Any], *, editing: bool = False) -> None:
        super().__init__()
        self.record = record
        self.editing = editing

    def compose(self) -> ComposeResult:
        kind = self.record.get("kind") or "passage"
        verb = "Edit bookmark" if self.editing else f"Bookmark {kind}"
        # Scrollable so the inputs stay reachable in a tiny terminal.
        with VerticalScroll(id="bookmark-box") as box:
            box.border_title = verb
            yield Static(Content(in_marks(preview(self.record.get('text') or '', 200))),
                         id="bookmark-text")
            yield Static(Content(source_line(self.record)), id="bookmark-source")
            with Horizontal(classes="field"):
                yield Label("Note")
                yield FieldInput(self.record.get("note") or "",
                            placeholder="why this matters (optional)", id="bookmark-note",
                            compact=True)
            with Horizontal(classes="field"):
                yield Label("Tags")
                yield FieldInput(" ".join(self.record.get("tags") or []),
                            placeholder="comma or space separated (optional)",
                            id="bookmark-tags", compact=True)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#bookmark-note", Input).focus()

    def action_switch_field(self) -> None:
        note = self.query_one("#bookmark-note", Input)
        # set_focus now, not focus() (which waits behind keys already queued).
        self.set_focus(self.query_one("#bookmark-tags", Input) if note.has_focus else note)

    def on_key(self, event) -> None:
        # Keys typed right after "b" reach the dialog before its note has focus; they go to
        # the note rather than nowhere. (A key a field handled never gets here: Input stops
        # printable keys.)
        if event.is_printable and event.character:
            field = self.focused if isinstance(self.focused, Input) else \
                self.query_one("#bookmark-note", Input)
            self.set_focus(field)
            field.insert_text_at_cursor(event.character)
            event.stop()
            event.prevent_default()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        note = self.query_one("#bookmark-note", Input).value.strip()
        tags = parse_tags(self.query_one("#bookmark-tags", Input).value)
        self.dismiss({"note": note, "tags": tags})

    def action_cancel(self) -> None:
        self.dismiss(None)


def request_bookmark(app: SynopticApp, record: dict[str, Any],
                     on_saved: Callable[[Any], None] | None = None) -> None:
    """Ask for a note and tags, then save ``record`` as a bookmark and say so.

    Called by every screen's ``b``; ``on_saved(bookmark_id)`` runs after the store accepted it.
    """
    record = dict(record)
    record.setdefault("note", "")
    record.setdefault("tags", [])

    def saved(result: dict | None) -> None:
        if result is None:
            return
        record.update(result)
        try:
            bookmark_id = app.state.add_bookmark(record)
        except Exception as e:  # noqa: BLE001 - a full disk or locked file must not end the app
            app.notify(f"Could not save the bookmark: {e}", severity="error", markup=False)
            return
        app.notify(preview(record.get("text") or "", 60), title="Bookmarked", markup=False)
        if on_saved is not None:
            on_saved(bookmark_id)

    app.push_screen(BookmarkDialog(record), saved)
