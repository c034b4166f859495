"""``KeyBar``: the keys of the current screen on one line, built from live bindings, so a
remapped key shows its new name. ``?`` (``help_screen``) lists them all."""
from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.keys import key_to_character
from textual.widget import Widget
from textual.widgets import Input


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

    BACK_ACTIONS = {"back", "app.back"}

    def _back_description(self, description: str) -> str:
        """"Back to search": where ``q`` goes, named after the screen under this one."""
        stack = self.app.screen_stack
        if self.screen not in stack:
            return description
        i = stack.index(self.screen)
        below = stack[i - 1] if i > 0 else None
        name = getattr(below, "place_name", None)
        return f"{description} to {name}" if name and description == "Back" else description

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
        return [item[:4] for item in self._items()]

    def _items(self) -> list[tuple[str, str, str, object, str | None]]:
        """``shown`` with each binding's id."""
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
            description = binding.description
            if binding.action in self.BACK_ACTIONS:
                description = self._back_description(description)
            out.append((display, description, binding.action, active.node, binding.id))
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
        items = self._items()

        def size(item) -> int:
            return cell_len(item[0]) + 1 + cell_len(item[1]) + 2

        # Too many keys for the width: the palette hint goes first (ctrl+p is listed in ?),
        # then the keys the screen names in KEY_BAR_DROP in that order, then the last ones;
        # never help or back/quit. Every key stays in ? (help_screen).
        show_palette = self.app.ENABLE_COMMAND_PALETTE
        if show_palette and 1 + sum(map(size, items)) > room:
            show_palette = False
            room = width
        drop_first = list(getattr(self.screen, "KEY_BAR_DROP", ()))
        while items and 1 + sum(map(size, items)) > room:
            ids = [it[4] for it in items]
            first = next((i for i in drop_first if i in ids), None)
            if first is not None:
                items.pop(ids.index(first))
                continue
            droppable = [i for i, it in enumerate(items) if it[2] not in self.ALWAYS_SHOWN]
            items.pop(droppable[-1] if droppable else -1)
        for key, description, action, node, _id in items:
            item = size((key, description))
            text.append(key, key_style)
            text.append(f" {description}  ")
            self._spans.append((pos, pos + item - 2, action, node))
            pos += item
        if show_palette and width >= cell_len(palette) + 1:
            text.append(" " * max(0, width - pos - cell_len(palette) - 1))
            text.append(palette, palette_style)
        return text

    async def on_click(self, event: events.Click) -> None:
        for start, end, action, node in self._spans:
            if start <= event.x < end:
                await self.app.run_action(action, node)
                return
