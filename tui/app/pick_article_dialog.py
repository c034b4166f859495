"""The compare screen's ``o``: which articles are shown, and which is the second column.

The library, most related to the focused article first; the ones in the view are marked ●.
``enter`` shows the highlighted article as the second column (in place of the current second
when it is not in the view yet: with two articles, "compare with this one instead"); ``space``
adds it to the view or takes it out (two to four articles in all). Dismisses with
``(ids, second)``: the ids shown beside the focused article, and the second's; or None."""
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


class PickArticleScreen(SynopticModal[tuple[list[str], str] | None]):
    """See the module docstring."""

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
        Binding("space", "toggle", "Add or remove", id="compare.pick.toggle"),
    ]

    MAX_OTHERS = 3  # four articles in all

    def __init__(self, article: Article, in_view: list[str] | set[str] | None = None,
                 second: str | None = None) -> None:
        super().__init__()
        self.article = article
        self.chosen: list[str] = [i for i in (in_view or []) if i != article.id]
        self.second = second if second in self.chosen else (self.chosen[0] if self.chosen
                                                             else None)
        self._toggled = False
        self._rows: list[tuple[Any, float | None]] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box") as box:
            box.border_title = f"Compare “{short_name(self.article, 40)}” with…"
            yield Static("Ranking by relatedness…", id="pick-hint", markup=False)
            yield OptionList(id="pick-list")

    def on_mount(self) -> None:
        infos = [i for i in self.app.library.infos if i.id != self.article.id]
        self._fill([(i, None) for i in infos])
        self._rank(infos)

    def _fill(self, rows: list[tuple[Any, float | None]]) -> None:
        self._rows = rows
        options = self.query_one(OptionList)
        # Kept only when the reader moved off the first row; else the most related goes on top.
        highlighted = options.highlighted_option.id if options.highlighted else None
        options.clear_options()
        for info, score in rows:
            meta = " · ".join(p for p in (info.outlet, info.date) if p)
            mark = "● " if info.id in self.chosen else "  "
            label = f"{score:4.0%}  " if score is not None else ""
            text = f"{mark}{label}{info.title}" + (f"  ({meta})" if meta else "")
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
            "Most related first · ● shown · enter: as second · space: add/remove · esc")
        self._fill(rows)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        picked = event.option.id
        if picked not in self.chosen:
            if self.second in self.chosen and (not self._toggled
                                               or len(self.chosen) >= self.MAX_OTHERS):
                self.chosen[self.chosen.index(self.second)] = picked
            else:
                self.chosen.append(picked)
        self.dismiss((list(self.chosen), picked))

    def action_toggle(self) -> None:
        options = self.query_one(OptionList)
        option = options.highlighted_option
        if option is None:
            return
        hint = self.query_one("#pick-hint", Static)
        if option.id in self.chosen:
            if len(self.chosen) <= 1:
                hint.update("Two articles at least: enter picks another instead")
                return
            self.chosen.remove(option.id)
            if self.second == option.id:
                self.second = self.chosen[0]
        elif len(self.chosen) >= self.MAX_OTHERS:
            hint.update("Four articles at most: space on a ● one takes it out")
            return
        else:
            self.chosen.append(option.id)
        self._toggled = True
        hint.update(f"{len(self.chosen) + 1} articles · enter: apply, the highlighted as "
                    "second · esc: cancel")
        self._fill(self._rows)

    def action_cancel(self) -> None:
        self.dismiss(None)
