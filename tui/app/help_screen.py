"""``?``'s HelpScreen: every key of the screen below it, built from live bindings, so a
remapped key shows its new name (``widgets/key_bar.py`` shows the main ones on one line)."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from .base import SynopticModal

# Generic widget plumbing that every Textual screen has; listing it hides the keys that matter.
NOT_LISTED = ("focus_next", "focus_previous", "copy_text", "copy", "scroll_left",
              "scroll_right", "page_left", "page_right")


def binding_rows(screen: Screen) -> list[tuple[str, str, str]]:
    """(section, keys, description) for the active bindings of ``screen``: "This screen" for
    the screen and its focused widget, "Everywhere" for the app's; keys of one action joined."""
    app = screen.app
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        action = binding.action.rpartition(".")[2].split("(")[0]
        if binding.system or not binding.description or action in NOT_LISTED:
            continue
        section = "Everywhere" if active.node is app else "This screen"
        keys = grouped.setdefault((section, binding.action, binding.description), [])
        display = app.get_key_display(Binding(key, binding.action))
        if display not in keys:
            keys.append(display)
    rows = [(section, " ".join(keys), description)
            for (section, _, description), keys in grouped.items()]
    return sorted(rows, key=lambda row: row[0] != "This screen")  # stable: keeps key order


class HelpScreen(SynopticModal):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 72; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: round $primary; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $accent; }
    HelpScreen VerticalScroll { height: auto; max-height: 1fr; }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = binding_rows(under)
        self.under_name = type(under).__name__.replace("Screen", "") or "Screen"

    def compose(self) -> ComposeResult:
        # Two sections side by side when they fit, so the help fits 80x24 without scrolling.
        sections: dict[str, list[tuple[str, str]]] = {}
        for section, keys, description in self.rows:
            sections.setdefault(section, []).append((keys, description))
        grid = Table.grid(padding=(0, 3))
        tables = []
        for title, rows in sections.items():
            table = Table.grid(padding=(0, 1))
            table.add_column(style="bold", no_wrap=True)
            table.add_column(no_wrap=True)
            table.add_row(Text(title, style="italic"), "")
            for keys, description in rows:
                table.add_row(Text(keys), Text(description))
            tables.append(table)
            grid.add_column()
        grid.add_row(*tables)
        with Vertical():
            yield Static(f"Keys — {self.under_name}   (esc closes; ctrl+p lists every action)",
                         id="help-title", markup=False)
            with VerticalScroll():
                yield Static(grid)

    def action_dismiss(self) -> None:
        self.dismiss()
