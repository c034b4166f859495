"""``?``: the keys of the screen underneath, built from its live bindings (so a remapped key
shows its new name)."""
from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

GENERAL = ("Everywhere: / search · ? help · ctrl+p command palette (every action, themes) · "
           "q back, or quit from the library · ctrl+q quit")


def binding_rows(screen: Screen) -> list[tuple[str, str]]:
    """(keys, description) for every active binding of ``screen``, keys of one binding joined."""
    app = screen.app
    grouped: dict[tuple[str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if binding.system or not binding.description:
            continue
        keys = grouped.setdefault((binding.action, binding.description), [])
        display = app.get_key_display(Binding(key, binding.action))
        if display not in keys:
            keys.append(display)
    return [(" ".join(keys), description) for (_, description), keys in grouped.items()]


class HelpScreen(ModalScreen):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close"),
    ]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Vertical {
        width: 64; max-width: 100%; height: auto; max-height: 100%;
        background: $panel; border: round $primary; padding: 0 1;
    }
    HelpScreen #help-title { text-style: bold; color: $accent; }
    HelpScreen VerticalScroll { height: auto; max-height: 1fr; }
    HelpScreen #help-general { color: $text-muted; margin-top: 1; }
    """

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = binding_rows(under)
        self.under_name = type(under).__name__.replace("Screen", "") or "Screen"

    def compose(self) -> ComposeResult:
        table = Table.grid(padding=(0, 2))
        table.add_column(style="bold", no_wrap=True)
        table.add_column()
        for keys, description in self.rows:
            table.add_row(Text(keys), Text(description))
        with Vertical():
            yield Static(f"Keys — {self.under_name}", id="help-title")
            with VerticalScroll():
                yield Static(table)
                yield Static(GENERAL, id="help-general")

    def action_dismiss(self) -> None:
        self.dismiss()
