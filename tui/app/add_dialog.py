"""``a`` in the library: add articles from an address typed in a dialog.

The same work as ``synoptic add`` (``tui.web.add``), in a thread: progress on one line, one line
per article saved, already there, or failed ("URL: HTTP 404 Not Found"), and a summary. Leaving
the dialog cancels what is not yet fetched (what was saved stays). Saved articles go to the
library folder (``tui.web.add_folder``); the app then rescans, taking that folder into the
library when it is not part of it yet.
"""
from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Static

from .base import SynopticModal
from .widgets.inputs import StillInput
from .widgets.key_bar import KeyBar

HINT = "An article or feed address (https://…), or a local .html file · enter adds"


class AddDialog(SynopticModal[list[str]]):
    BINDINGS = [Binding("escape", "close", "Close", id="add.close")]
    DEFAULT_CSS = """
    AddDialog { align: center middle; }
    AddDialog > #add-box {
        width: 90; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    AddDialog #add-hint, AddDialog #add-folder { height: 1; color: $text-muted; }
    AddDialog #add-source { border: none; height: 1; padding: 0; margin: 1 0 0 0; }
    AddDialog #add-status { height: 1; margin-top: 1; color: $accent; }
    AddDialog #add-log-box { height: auto; max-height: 12; }
    AddDialog KeyBar { dock: bottom; }
    """

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = Path(folder)
        self.saved: list[str] = []
        self.lines: list[str] = []
        self.running = False
        self._cancel = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box") as box:
            box.border_title = "Add articles"
            yield Static(HINT, id="add-hint", markup=False)
            yield Static(f"Saved in {self.folder}", id="add-folder", markup=False)
            yield StillInput(placeholder="https://…", id="add-source")
            yield Static("", id="add-status", markup=False)
            with VerticalScroll(id="add-log-box"):
                yield Static("", id="add-log", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#add-source", Input).focus()

    @on(Input.Submitted, "#add-source")
    def _submitted(self, event: Input.Submitted) -> None:
        source = event.value.strip()
        if not source or self.running:
            return
        self.running = True
        event.input.disabled = True
        self._status(f"Adding {source}…")
        self._add(source)

    @work(thread=True, exclusive=True, group="add-articles")
    def _add(self, source: str) -> None:
        from tui.web.add import Adder

        def outcome(o) -> None:
            self.app.call_from_thread(self._outcome, o)

        def progress(line: str) -> None:
            self.app.call_from_thread(self._status, line)

        try:
            adder = Adder(self.folder, on_outcome=outcome, on_progress=progress,
                          cancel=self._cancel)
            report = adder.add([source])
        except OSError as e:  # the folder itself cannot be read or made
            self.app.call_from_thread(self._failed_to_start, f"{self.folder}: "
                                      f"{e.strerror or e}")
            return
        self.app.call_from_thread(self._done, report)

    def _status(self, line: str) -> None:
        if self.is_attached:
            self.query_one("#add-status", Static).update(line)

    def _outcome(self, outcome) -> None:
        from tui.web.add import AlreadyThere, Saved

        if isinstance(outcome, Saved):
            self.saved.append(str(outcome.path))
            line = f"✓ {outcome.title}" + (f" ({outcome.outlet})" if outcome.outlet else "")
        elif isinstance(outcome, AlreadyThere):
            line = f"· already in the library: {outcome.path.name}"
        else:
            line = f"✗ {outcome}"
        self.lines.append(line)
        if self.is_attached:
            self.query_one("#add-log", Static).update("\n".join(self.lines))
            self.query_one("#add-log-box", VerticalScroll).scroll_end(animate=False)

    def _failed_to_start(self, message: str) -> None:
        self._outcome_line(f"✗ {message}")
        self._finish("Nothing added.")

    def _outcome_line(self, line: str) -> None:
        self.lines.append(line)
        if self.is_attached:
            self.query_one("#add-log", Static).update("\n".join(self.lines))

    def _done(self, report) -> None:
        parts = [f"Saved {len(report.saved)}"]
        if report.already_there:
            parts.append(f"{len(report.already_there)} already there")
        if report.failed:
            parts.append(f"{len(report.failed)} failed")
        self._finish(" · ".join(parts) + " — enter adds another, esc closes")
        if report.saved:
            self.app.articles_added(self.folder)

    def _finish(self, status: str) -> None:
        self.running = False
        if not self.is_attached:
            return
        self._status(status)
        box = self.query_one("#add-source", Input)
        box.disabled = False
        box.value = ""
        box.focus()

    def action_close(self) -> None:
        self._cancel.set()
        self.dismiss(self.saved)
