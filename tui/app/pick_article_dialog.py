"""The compare screen's ``o``: pick the article for the other pane, most related first."""
from __future__ import annotations

from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.corpus import Article

from .base import SynopticModal
from .compare_model import short_name


class PickArticleScreen(SynopticModal[str | None]):
    """The library, most related to ``article`` first; dismisses with an article id."""

    DEFAULT_CSS = """
    PickArticleScreen { align: center middle; }
    PickArticleScreen > #pick-box {
        width: 90; max-width: 100%; height: 80%; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickArticleScreen #pick-hint { height: 1; color: $text-muted; }
    PickArticleScreen OptionList { height: 1fr; border: none; }
    """

    BINDINGS = [
        Binding("escape,q", "cancel", "Cancel", id="compare.pick.cancel"),
    ]

    def __init__(self, article: Article, exclude: set[str]) -> None:
        super().__init__()
        self.article = article
        self.exclude = exclude

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box") as box:
            box.border_title = f"Compare “{short_name(self.article, 40)}” with…"
            yield Static("Ranking by relatedness…", id="pick-hint", markup=False)
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        infos = [i for i in self.app.library.infos if i.id not in self.exclude]
        self._fill([(i, None) for i in infos])
        self._rank(infos)

    def _fill(self, rows: list[tuple[Any, float | None]]) -> None:
        options = self.query_one(OptionList)
        # Kept only when the reader moved off the first row; else the most related goes on top.
        highlighted = options.highlighted_option.id if options.highlighted else None
        options.clear_options()
        for info, score in rows:
            meta = " · ".join(p for p in (info.outlet, info.date) if p)
            label = f"{score:4.0%}  " if score is not None else ""
            text = f"{label}{info.title}" + (f"  ({meta})" if meta else "")
            options.add_option(Option(Content(text), id=info.id))
        if rows:
            options.highlighted = 0 if highlighted is None else next(
                (n for n, (info, _) in enumerate(rows) if info.id == highlighted), 0)

    @work(thread=True, exclusive=True, group="compare-rank")
    def _rank(self, infos: list) -> None:
        from tui.align.related import rank_related

        library = self.app.library
        ranked = rank_related(self.article, infos, lambda info: library.article(info.id))
        self.app.call_from_thread(self._ranked, [(info, score) for score, info in ranked])

    def _ranked(self, rows: list[tuple[Any, float]]) -> None:
        if not self.is_attached:
            return
        self.query_one("#pick-hint", Static).update(
            "Most related first · enter picks · esc cancels")
        self._fill(rows)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
