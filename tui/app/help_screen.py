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


# What a key does, for a new user, where the key bar's one word is not enough ("f Free" in the
# compare view meant nothing), by binding id. Short: the two sections sit side by side.
HELP_TEXT = {
    "app.palette": "Every action, by name",
    "app.search": "Search the text of every article",
    "app.search_alt": "Search the text of every article",
    "app.quotes": "Every quote, grouped by statement",
    "app.bookmarks": "Saved quotes and passages",
    "library.compare": "Compare with the most related",
    "library.filter": "Filter by title, outlet or date",
    "library.search": "Search the text of every article",
    "library.add": "Add an article from a web address",
    "reader.compare": "Compare with the most related",
    "reader.bookmark": "Bookmark this passage",
    "document.next": "Next paragraph",
    "document.previous": "Previous paragraph",
    "compare.next_sentence": "Next sentence",
    "compare.cycle_second": "Pair with the next column",
    "compare.next_difference": "Next difference",
    "compare.previous_difference": "Previous difference",
    "compare.word_diff": "Word changes inside the pair",
    "compare.switch_pane": "Cursor to the next column",
    "compare.swap": "Swap the two columns",
    "compare.pick_other": "Compare with another article",
    "compare.link": "Link the passages under the cursors",
    "compare.unlink": "Unlink the passage under the cursor",
    "compare.toggle_lock": "Free: scroll each column alone (f locks)",
    "quotes.wordings": "Each article's wording side by side",
    "quotes.copy": "Copy with speaker and source",
    "quotes.filter": "Filter by speaker, words or outlet",
    "quotes.fragments": "Show or hide quoted fragments",
    "quotes.next": "Next statement",
    "quotes.previous": "Previous statement",
    "search.results": "From the query to the results",
    "search.query": "Back to the query",
    "search.copy": "Copy with its source",
    "bookmarks.edit": "Edit the note and tags",
    "bookmarks.undo": "Bring back the one just deleted",
    "bookmarks.copy": "Copy with its source",
}


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
        ident = binding.id or ""
        # A second key for an action ("down" beside "j") has its id with "_alt": one row.
        description = HELP_TEXT.get(ident, HELP_TEXT.get(ident.removesuffix("_alt"),
                                                         binding.description))
        keys = grouped.setdefault((section, binding.action, description), [])
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
        width: 100; max-width: 100%; height: auto; max-height: 100%;
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
            table.add_column()  # descriptions wrap in a narrow terminal
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
