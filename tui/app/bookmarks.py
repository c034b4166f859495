"""Bookmarks: the dialog that saves one, and the screen that lists, edits, deletes and opens them.

Other screens call :func:`request_bookmark` with a record (kind, article_id, path, title, outlet,
date, start, end, text, speaker); the dialog asks for a note and tags, then the record goes to
``app.state``. Records keep the article id, which comes from content, so a bookmark still opens
after its file is moved or renamed.
"""
from __future__ import annotations

from typing import Any, Callable

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from .app import PaletteCommand
from .clipboard import copy_citation
from .help_screen import KeyBar

PREVIEW_CHARS = 240


def parse_tags(raw: str) -> list[str]:
    """``"ukraine, biden  #nato"`` -> ``["ukraine", "biden", "nato"]``: commas or spaces
    separate, a leading ``#`` is dropped, duplicates are kept once in first-seen order."""
    seen: list[str] = []
    for part in raw.replace(",", " ").split():
        tag = part.lstrip("#").strip()
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def make_record(app, *, kind: str, article_id: str, path: str, start: int, end: int, text: str,
                speaker: str | None = None) -> dict[str, Any]:
    """A bookmark record with the article's title, outlet and date filled in from the library,
    so the bookmark still reads well after the file is gone."""
    info = None
    library = getattr(app, "library", None)
    if library is not None:
        info = library.by_id(article_id)
    return {"kind": kind, "article_id": article_id, "path": path,
            "title": info.title if info else "", "outlet": info.outlet if info else None,
            "date": info.date if info else None, "start": start, "end": end, "text": text,
            "speaker": speaker, "note": "", "tags": []}


def preview(text: str, limit: int = PREVIEW_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def source_line(record: dict[str, Any]) -> str:
    parts = [record.get("speaker"), record.get("outlet"), record.get("date"), record.get("title")]
    return " · ".join(p for p in parts if p)


class StillInput(Input):
    """An Input whose cursor does not blink: over SSH every blink is a redraw sent down the
    wire, twice a second, for as long as the box has focus."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(Input.cursor_blink, False)


class OpenList(OptionList):
    """An OptionList whose ``enter`` is shown in the footer as "Open" (the stock binding is
    hidden, and as the focused widget's binding it would hide the screen's)."""

    BINDINGS = [Binding("enter", "select", "Open", id="list.open")]


class FieldInput(StillInput):
    """A dialog field: ``enter`` saves. Handled as the input's own submit, in order after the
    letters typed before it (a priority binding would run ahead of them and save half a
    note)."""

    BINDINGS = [Binding("enter", "submit", "Save", id="bookmark.save")]


class BookmarkDialog(ModalScreen[dict | None]):
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
            yield Static(Content(f"“{preview(self.record.get('text') or '', 200)}”"),
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


def request_bookmark(app, record: dict[str, Any],
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


class BookmarksScreen(Screen):
    """Every bookmark with its source, note and tags."""

    DEFAULT_CSS = """
    BookmarksScreen #bookmarks-title { height: 1; padding: 0 1; background: $panel;
        color: $text; text-style: bold; text-wrap: nowrap;
        text-overflow: ellipsis; }
    BookmarksScreen #bookmarks-list { height: 1fr; border: none; padding: 0 1; }
    BookmarksScreen #bookmarks-empty { padding: 1 2; color: $text-muted; }
    """

    BINDINGS = [
        # q is the app's "back" (always in the key bar); escape does the same here.
        Binding("escape", "close", "Back", show=False, id="bookmarks.back"),
        Binding("e", "edit", "Edit", id="bookmarks.edit"),
        Binding("d,delete", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo", id="bookmarks.undo"),
        Binding("y", "copy", "Copy", id="bookmarks.copy"),
        Binding("j", "cursor_down", "Down", show=False, id="bookmarks.down"),
        Binding("k", "cursor_up", "Up", show=False, id="bookmarks.up"),
    ]

    PALETTE_COMMANDS = [
        PaletteCommand("Bookmarks: open", "Read the article at this bookmark (enter)",
                       "screen.open"),
        PaletteCommand("Bookmarks: edit note and tags", "(e)", "screen.edit"),
        PaletteCommand("Bookmarks: delete", "Undo with u (d)", "screen.delete"),
        PaletteCommand("Bookmarks: undo delete", "Bring back the last deleted (u)",
                       "screen.undo"),
        PaletteCommand("Bookmarks: copy with citation", "Text, source and file (y)",
                       "screen.copy"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.records: list[dict[str, Any]] = []
        # A stack, so several deletes can be undone one by one, latest first.
        self.deleted: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static("Bookmarks", id="bookmarks-title")
        yield OpenList(id="bookmarks-list")
        yield Static("", id="bookmarks-empty")
        yield KeyBar()

    def on_mount(self) -> None:
        self.refresh_list()
        self.query_one(OptionList).focus()

    def on_screen_resume(self) -> None:
        # A bookmark may have been added from a screen opened on top of this one.
        if self.is_mounted:
            self.refresh_list(keep=self.current_id())

    # --- list --------------------------------------------------------------------------------

    def load(self) -> list[dict[str, Any]]:
        records = list(self.app.state.list_bookmarks())
        # Newest first: the bookmark just made is the one the user comes here to see.
        records.reverse()
        return records

    def refresh_list(self, keep: Any = None, index: int | None = None) -> None:
        self.records = self.load()
        ol = self.query_one(OptionList)
        ol.clear_options()
        options: list[Option | None] = []
        for n, rec in enumerate(self.records):
            if n:
                options.append(None)
            options.append(Option(self.render_record(rec)))
        ol.add_options(options)
        n = len(self.records)
        title = f"Bookmarks ({n})" if n else "Bookmarks"
        if self.deleted:
            title += "  ·  u undoes the last delete"
        self.query_one("#bookmarks-title", Static).update(Content(title))
        empty = self.query_one("#bookmarks-empty", Static)
        empty.display = n == 0
        ol.display = n > 0
        if n == 0:
            empty.update("No bookmarks yet. Press b on a quote, a search result or a passage in "
                         "the reader to add one.")
            return
        target = 0
        if keep is not None:
            target = next((i for i, r in enumerate(self.records) if r.get("id") == keep), 0)
        elif index is not None:
            target = max(0, min(index, n - 1))
        self.highlight(target)

    def highlight(self, record_index: int) -> None:
        # The None entries between records draw dividers and are not options: record i is
        # option i.
        self.query_one(OptionList).highlighted = record_index

    def render_record(self, rec: dict[str, Any]) -> Group:
        """``kind · speaker · outlet · date · title`` on one line, then the text and the note
        with tags, indented under it."""
        kind = rec.get("kind") or "passage"
        head = Text.assemble((kind, "bold"), (" · " + source_line(rec), "dim"), no_wrap=True,
                             overflow="ellipsis")
        body = [Text(f"“{preview(rec.get('text') or '')}”")]
        note = (rec.get("note") or "").strip()
        tags = rec.get("tags") or []
        if note or tags:
            body.append(Text.assemble((note, "italic"), ("  " if note and tags else "", ""),
                                      (" ".join(f"#{t}" for t in tags), "bold")))
        return Group(head, Padding(Group(*body), (0, 0, 0, 2)))

    def current_index(self) -> int | None:
        hi = self.query_one(OptionList).highlighted
        if hi is None or not self.records:
            return None
        return min(hi, len(self.records) - 1)

    def current(self) -> dict[str, Any] | None:
        i = self.current_index()
        return None if i is None else self.records[i]

    def current_id(self) -> Any:
        rec = self.current()
        return rec.get("id") if rec else None

    # --- actions -----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss()

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        rec = self.current()
        if rec is None:
            return
        self.open_record(rec)

    def open_record(self, rec: dict[str, Any]) -> None:
        library = self.app.library
        article_id = rec.get("article_id")
        if article_id and library.by_id(article_id) is not None:
            self.app.open_reader(article_id, offset=rec.get("start"))
            return
        # The content changed (new id) but the file is still there: look for the text again
        # rather than trust offsets into an older version.
        info = library.by_path(rec["path"]) if rec.get("path") else None
        if info is not None:
            offset = None
            try:
                article = library.article(info.id)
                found = article.text.find(rec.get("text") or "\0")
                offset = found if found >= 0 else None
            except Exception:  # noqa: BLE001 - an unreadable file is reported by the reader
                pass
            if offset is None:
                self.app.notify("The article changed since this bookmark; opening at the top.",
                                severity="warning")
            self.app.open_reader(info.id, offset=offset)
            return
        where = rec.get("title") or rec.get("path") or "its article"
        self.app.notify(f"The article of this bookmark is no longer in the library: {where}",
                        severity="warning", markup=False)

    def action_edit(self) -> None:
        rec = self.current()
        if rec is None:
            return
        bookmark_id = rec.get("id")

        def edited(result: dict | None) -> None:
            if result is None:
                return
            self.app.state.update_bookmark(bookmark_id, **result)
            self.refresh_list(keep=bookmark_id)
            self.app.notify("Bookmark updated")

        self.app.push_screen(BookmarkDialog(rec, editing=True), edited)

    def action_delete(self) -> None:
        i = self.current_index()
        if i is None:
            return
        removed = self.app.state.delete_bookmark(self.records[i].get("id"))
        if removed is None:
            removed = self.records[i]
        self.deleted.append(removed)
        self.refresh_list(index=i)
        self.app.notify("Press u to undo.", title="Bookmark deleted")

    def action_undo(self) -> None:
        if not self.deleted:
            self.app.notify("Nothing to undo.")
            return
        rec = self.deleted.pop()
        restored = self.app.state.restore_bookmark(rec)
        keep = restored if restored is not None else rec.get("id")
        self.refresh_list(keep=keep)
        self.app.notify("Bookmark restored")

    def action_copy(self) -> None:
        rec = self.current()
        if rec is not None:
            copy_citation(self.app, rec)
