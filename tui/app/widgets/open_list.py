"""``OpenList``: Textual's OptionList, for lists of rich, multi-line entries (quotes, bookmarks)."""
from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


class OpenList(OptionList):
    """An OptionList whose ``enter`` is shown in the footer as "Open" (the stock binding is
    hidden, and as the focused widget's binding it would hide the screen's)."""

    BINDINGS = [Binding("enter", "select", "Open", id="list.open")]
