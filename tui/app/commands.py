"""The command palette (``ctrl+p``): one registry of commands, offered where they apply.

``APP_COMMANDS`` are the app's; a screen adds its own with a ``PALETTE_COMMANDS`` class variable
(see ``base.SynopticScreen``). A ``screen.<name>`` command is offered only on screens that
define ``action_<name>``. Every theme is an entry too.
"""
from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider

from .base import SynopticScreen

if TYPE_CHECKING:
    from .app import SynopticApp


# A NamedTuple, not a dataclass: this module is on the path to the first frame, and a
# dataclass costs milliseconds to create.
class PaletteCommand(NamedTuple):
    """One entry in the command palette. ``action`` is an action string; ``screen.<name>``
    entries are offered only on screens that define ``action_<name>``."""

    title: str
    help: str
    action: str


APP_COMMANDS: list[PaletteCommand] = [
    PaletteCommand("Library", "Show every article", "app.show_library"),
    PaletteCommand("Search", "Search all articles as you type", "app.search"),
    PaletteCommand("Quotes", "Every quote, variants grouped", "app.open_quotes"),
    PaletteCommand("Bookmarks", "Saved passages and quotes", "app.open_bookmarks"),
    PaletteCommand("Help", "Keys for this screen", "app.help"),
    PaletteCommand("Read article", "Open the selected article", "screen.read"),
    PaletteCommand("Compare with related article", "Side by side with the most related article",
                   "screen.compare"),
    PaletteCommand("Filter library", "Type to narrow the list", "screen.filter"),
    PaletteCommand("Add articles", "Save a web page, a feed's articles or an .html file into "
                   "the library", "screen.add_articles"),
    PaletteCommand("Bookmark passage", "Save the passage under the cursor", "screen.bookmark"),
    PaletteCommand("Top of article", "First passage", "screen.first_passage"),
    PaletteCommand("End of article", "Last passage", "screen.last_passage"),
    PaletteCommand("Back", "Close this screen", "app.back"),
]


class SynopticCommands(Provider):
    """The palette over one registry: app commands, the current screen's own commands, and
    one entry per theme."""

    def _entries(self) -> list[tuple[str, str, Any]]:
        app = cast("SynopticApp", self.app)
        screen = self.screen
        out: list[tuple[str, str, Any]] = []
        own = screen.PALETTE_COMMANDS if isinstance(screen, SynopticScreen) else []
        for cmd in [*APP_COMMANDS, *own]:
            namespace, _, name = cmd.action.partition(".")
            if namespace == "screen" and not hasattr(screen, f"action_{name.split('(')[0]}"):
                continue
            out.append((cmd.title, cmd.help, partial(app.run_action, cmd.action, screen)))
        for name in sorted(app.available_themes):
            if name.startswith("synoptic") or name in app.extra_theme_names:
                out.append((f"Theme: {name}", "Switch colours (remembered)",
                            partial(setattr, app, "theme", name)))
        return out

    async def discover(self) -> Hits:
        for title, help_text, callback in self._entries():
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for title, help_text, callback in self._entries():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
