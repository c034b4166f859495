"""Bookmarks: the screen that lists, edits, deletes and opens them (newest first).

Saving one is ``bookmark_dialog.request_bookmark``; ``e`` edits a bookmark's note and tags in
the same dialog.
"""
from __future__ import annotations

from typing import Any

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.state.export import in_marks

from .base import SynopticScreen
from .bookmark_dialog import BookmarkDialog, preview, source_line
from .clipboard import copy_citation
from .commands import PaletteCommand
from .widgets.key_bar import KeyBar
from .widgets.open_list import OpenList


class BookmarksScreen(SynopticScreen):
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
        body = [Text(in_marks(preview(rec.get('text') or '')))]
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
