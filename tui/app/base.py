"""``SynopticScreen`` and ``SynopticModal``: the bases of every screen and dialog of the app.

They say, for type checkers and readers, that ``self.app`` is the ``SynopticApp`` (its library,
state store and navigation methods), so no screen needs to guess what the app offers; and they
hold ``PALETTE_COMMANDS``, the screen's own entries in the command palette (``commands.py``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from .app import SynopticApp
    from .commands import PaletteCommand

ResultType = TypeVar("ResultType")


class SynopticScreen(Screen[ResultType]):
    """A full screen of the app."""

    # Entries this screen adds to the command palette (``screen.<action>`` ones run here).
    PALETTE_COMMANDS: ClassVar[list[PaletteCommand]] = []

    @property
    def place_name(self) -> str:
        """What the key bar calls this screen when ``q`` goes back to it ("q Back to
        search"): the class name without "Screen", in lower case."""
        return type(self).__name__.removesuffix("Screen").lower() or "screen"

    if TYPE_CHECKING:
        @property
        def app(self) -> SynopticApp: ...


class SynopticModal(ModalScreen[ResultType]):
    """A dialog over the screen it was opened from (shown dimmed behind it)."""

    if TYPE_CHECKING:
        @property
        def app(self) -> SynopticApp: ...
