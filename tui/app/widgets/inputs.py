"""Text boxes: one that does not blink, a dialog field, and the search box.

Why not blink: over SSH every blink is a redraw sent down the wire, twice a second, for as long
as a box has focus.
"""
from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.widgets import Input


class StillInput(Input):
    """An Input whose cursor does not blink."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.set_reactive(Input.cursor_blink, False)


class FieldInput(StillInput):
    """A dialog field: ``enter`` saves. Handled as the input's own submit, in order after the
    letters typed before it (a priority binding would run ahead of them and save half a
    note)."""

    BINDINGS = [Binding("enter", "submit", "Save", id="bookmark.save")]

    def __init__(self, *args, **kwargs) -> None:
        # Editing a bookmark's note adds to it: the cursor at the end, nothing selected (Input
        # selects everything on focus, so the first letter typed replaced the whole note).
        kwargs.setdefault("select_on_focus", False)
        super().__init__(*args, **kwargs)
        self.cursor_position = len(self.value)


class QueryInput(StillInput):
    """The search box; ``enter`` opens the highlighted result, and the footer says so."""

    # Input binds up/down to scrolling itself; here they move through the results instead, so
    # the user can type, glance down the list and open without leaving the box.
    BINDINGS = [
        Binding("enter", "submit", "Open", id="search.open"),
        Binding("down", "screen.move(1)", "Move", key_display="↑↓", id="search.input_down"),
        Binding("up", "screen.move(-1)", "Move", show=False, id="search.input_up"),
    ]
    # Those keys act on the screen or open a result; every other key bound here edits the box.
    NOT_EDITING = ("submit", "screen.")

    @property
    def content_width(self) -> int:
        # Input sets its virtual width to this on every change of value, and a new virtual
        # size lays out the whole screen (the costliest part of a keystroke here). While the
        # query fits the box, the box's width: no layout until the query outgrows it.
        return max(super().content_width, self.scrollable_content_region.width)

    async def _on_key(self, event: events.Key) -> None:
        # Textual runs a focused widget's key bindings only once the key has bubbled up to the
        # app, while letters are typed in the widget's own queue: in a burst of keys (a fast
        # typist over SSH, keys queued while a frame is drawn) "ab⌫c" would give "ab", the
        # backspace landing after the "c". Editing keys run here, in the order typed.
        # (``_bindings`` is Textual's own map of this widget's bindings: 8.2.8 has no public
        # accessor for it, and the public ``Screen.active_bindings`` rebuilds the maps of the
        # whole focus chain on every call, which a keystroke here cannot afford.)
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.action.startswith(self.NOT_EDITING):
                event.stop()
                event.prevent_default()  # Input's own handler has nothing more to do
                await self.run_action(binding.action)
                return
