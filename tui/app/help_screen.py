"""Key help: ``KeyBar`` (the one-line key summary at the bottom of each screen) and ``?``'s
HelpScreen, both built from live bindings, so a remapped key shows its new name."""
from __future__ import annotations

from rich.cells import cell_len
from rich.table import Table
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.keys import key_to_character
from textual.widgets import Input, Static

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


class HelpScreen(ModalScreen):
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


def _types_text(key: str, display: str) -> bool:
    """Whether pressing ``key`` in a text box types a character (so its binding cannot fire).
    Textual cannot name every punctuation key ("slash" is U+002F SOLIDUS), so a one-character
    display such as "/" counts too."""
    character = key_to_character(key)
    if character is None and len(display) == 1 and key != "enter":
        character = display
    return character is not None and character.isprintable()


class KeyBar(Widget):
    """The keys of the current screen on one line, like Textual's Footer but a single widget.

    Why not Footer: it is a container of one widget per key and recomposes on every focus and
    binding change; on a screen push that costs more than everything else together. This draws
    one line of text. A click on a key runs its action.
    """

    DEFAULT_CSS = """
    KeyBar { height: 1; background: $panel; color: $foreground; }
    KeyBar > .key-bar--key { color: $accent; text-style: bold; }
    KeyBar > .key-bar--palette { color: $text-muted; }
    """
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--palette"}
    ALWAYS_SHOWN = {"help", "back", "app.help", "app.back"}

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._spans: list[tuple[int, int, str, object]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _screen: self.refresh())

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def shown(self) -> list[tuple[str, str, str, object]]:
        """(key display, description, action, namespace) of bindings marked ``show``, one per
        action."""
        out = []
        seen = set()
        # A focused text box takes printable keys as text, so their bindings do nothing.
        typing = isinstance(self.screen.focused, Input)
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.show or not binding.description or not active.enabled:
                continue
            display = self.app.get_key_display(Binding(key, binding.action,
                                                        key_display=binding.key_display))
            if typing and _types_text(key, display):
                continue
            ident = (binding.action, binding.description)
            if ident in seen:
                continue
            seen.add(ident)
            out.append((display, binding.description, binding.action, active.node))
        return out

    def render(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        palette_style = self.get_component_rich_style("key-bar--palette", partial=True)
        width = self.size.width
        palette = self.app.get_key_display(Binding("ctrl+p", "")) + " palette"
        room = width - (cell_len(palette) + 2 if self.app.ENABLE_COMMAND_PALETTE else 0)
        text = Text(no_wrap=True, overflow="crop")
        self._spans = []
        pos = 1
        text.append(" ")
        items = self.shown()

        def size(item) -> int:
            return cell_len(item[0]) + 1 + cell_len(item[1]) + 2

        # Too many keys for the width: drop the last ones first, but never help or back/quit.
        while items and 1 + sum(map(size, items)) > room:
            droppable = [i for i, it in enumerate(items) if it[2] not in self.ALWAYS_SHOWN]
            items.pop(droppable[-1] if droppable else -1)
        for key, description, action, node in items:
            item = size((key, description))
            text.append(key, key_style)
            text.append(f" {description}  ")
            self._spans.append((pos, pos + item - 2, action, node))
            pos += item
        if self.app.ENABLE_COMMAND_PALETTE and width >= cell_len(palette) + 1:
            text.append(" " * max(0, width - pos - cell_len(palette) - 1))
            text.append(palette, palette_style)
        return text

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
