"""One statement's wordings side by side, the words that differ marked (the quotes screen's
``v``)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tui.align.diff import word_changes

from .base import SynopticModal
from .widgets.key_bar import KeyBar


def marked(text: str, ranges: list[tuple[int, int]]) -> Content:
    content = Content(text)
    for s, e in ranges:
        content = content.stylize("bold reverse", s, e)
    return content


class WordingsScreen(SynopticModal):
    """One statement's wordings side by side (stacked when narrow), differing words marked:
    every other wording against the first, and the first against all of them."""

    DEFAULT_CSS = """
    WordingsScreen { align: center middle; }
    WordingsScreen > #wordings-box { width: 100%; max-width: 140; height: auto;
        max-height: 100%; border: round $accent; background: $surface; padding: 0 1; }
    WordingsScreen #wordings-columns { height: auto; }
    WordingsScreen .wording { width: 1fr; height: auto; padding: 0 1; }
    /* Titles are stored whole (a lede's first sentence can be long): one line, cut here. */
    WordingsScreen .wording-source { color: $text-muted; text-style: bold; margin-bottom: 1;
        text-wrap: nowrap; text-overflow: ellipsis; }
    WordingsScreen KeyBar { dock: bottom; }
    WordingsScreen #wordings-legend { color: $text-muted; }
    WordingsScreen.-stacked #wordings-columns { layout: vertical; }
    WordingsScreen.-stacked .wording { width: 100%; margin-bottom: 1; }
    """

    BINDINGS = [
        Binding("escape,q,v", "close", "Close", id="wordings.close"),
        Binding("j,down", "scroll(1)", "Scroll", show=False, id="wordings.down"),
        Binding("k,up", "scroll(-1)", "Scroll", show=False, id="wordings.up"),
    ]

    def __init__(self, speaker: str | None, wordings: list[tuple[str, str]]) -> None:
        super().__init__()
        self.speaker = speaker
        self.wordings = wordings

    def compose(self) -> ComposeResult:
        texts = [" ".join(t.split()) for _, t in self.wordings]
        ref = texts[0]
        ref_marks: list[tuple[int, int]] = []
        other_marks: list[list[tuple[int, int]]] = []
        for other in texts[1:]:
            in_ref, in_other = word_changes(ref, other)
            ref_marks.extend((s, e) for s, e, _ in in_ref)
            other_marks.append([(s, e) for s, e, _ in in_other])
        with VerticalScroll(id="wordings-box") as box:
            box.border_title = f"{self.speaker or 'Unattributed'} · {len(texts)} wordings"
            yield Static("Marked words differ between the wordings.", id="wordings-legend")
            with Horizontal(id="wordings-columns"):
                for n, ((source, _), text) in enumerate(zip(self.wordings, texts)):
                    marks = ref_marks if n == 0 else other_marks[n - 1]
                    with Vertical(classes="wording"):
                        yield Static(Content(source), classes="wording-source")
                        yield Static(marked(text, marks), classes="wording-text")
        yield KeyBar()

    def on_resize(self, event) -> None:
        # Side by side needs about 36 cells a wording to stay readable.
        self.set_class(self.size.width < 36 * len(self.wordings) + 4, "-stacked")

    def on_mount(self) -> None:
        self.on_resize(None)

    def action_scroll(self, step: int) -> None:
        self.query_one("#wordings-box", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss()
