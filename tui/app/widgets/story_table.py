"""``StoryTable``: the library grouped by story, one row per story (``tui.stories.Story``):
its title, outlets, date span, number of articles and how many of them were opened.

An ``ArticleTable`` with other columns: the same Line API rendering, cursor keys and binding
ids (a key remapped for the article list moves through stories too); ``enter`` or ``l`` opens
the story under the cursor (``CursorList.Selected``); ``enter`` has the article list's binding
id, ``library.read``, so remapping it moves both. ``date_span`` and ``outlets_label`` are
plain functions.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.binding import Binding

from .article_table import ArticleTable

if TYPE_CHECKING:
    from tui.stories import Story

# (key, heading, width, right-aligned), as in ArticleTable; the title takes what is left.
STORY_COLUMNS = [("outlets", "Outlets", 18, False), ("dates", "Dates", 16, False),
                 ("count", "Articles", 8, True), ("read", "Read", 5, True)]
STORY_DROP_ORDER = ["read", "outlets", "count", "dates"]
# On a wide terminal the outlets column grows (up to OUTLETS_WIDEST) while the title keeps
# at least WIDE_TITLE cells.
WIDE_TITLE = 50
OUTLETS_WIDEST = 48


def date_span(first: str | None, last: str | None) -> str:
    """A story's dates in at most 16 characters: ``2024-03-04``, ``2024-03-04–06``,
    ``2024-03-04–04-02``, or months across a new year (``2023-12–2024-01``); "—" when no
    article is dated."""
    if not first or not last:
        return first or last or "—"
    if first == last:
        return first
    if first[:4] != last[:4]:
        return f"{first[:7]}–{last[:7]}"
    if first[:7] != last[:7]:
        return f"{first}–{last[5:]}"
    return f"{first}–{last[8:]}"


def outlets_label(outlets: list[str], width: int) -> str:
    """As many outlet names as fit in ``width`` cells, then how many more (``Courier,
    Gazette +3``); the first name cut by the caller's ellipsis when even it does not fit."""
    if not outlets:
        return "—"
    for shown in range(len(outlets), 0, -1):
        text = ", ".join(outlets[:shown])
        if shown < len(outlets):
            text += f" +{len(outlets) - shown}"
        if cell_len(text) <= width:
            return text
    return outlets[0] + (f" +{len(outlets) - 1}" if len(outlets) > 1 else "")


class StoryTable(ArticleTable):
    """Stories, one row each; ``progress(story)`` gives the Read column ("2/3": articles of the
    story opened in the reader)."""

    BINDINGS = [
        # enter shares its id with the article list's: remapping "library.read" moves both.
        Binding("enter", "select", "Open story", id="library.read"),
        Binding("l", "select", "Open story", show=False, id="library.open_story"),
    ]
    COLUMNS = STORY_COLUMNS
    DROP_ORDER = STORY_DROP_ORDER
    TITLE_HEADING = "Story"

    @property
    def selected(self) -> Story | None:
        return super().selected

    def layout_columns(self, width: int) -> list[tuple[str, str, int, bool]]:
        columns = super().layout_columns(width)
        spare = min(columns[0][2] - WIDE_TITLE, OUTLETS_WIDEST - STORY_COLUMNS[0][2])
        if spare <= 0:
            return columns
        return [(key, heading, w + (spare if key == "outlets" else -spare if key == "title"
                                    else 0), right)
                for key, heading, w, right in columns]

    def _cells(self, story: Story, widths: dict[str, int]) -> dict[str, str]:
        return {"title": story.title,
                "outlets": outlets_label(story.outlets, widths.get("outlets", 0)),
                "dates": date_span(story.first_date, story.last_date),
                "count": f"{len(story.articles):,}",
                "read": self._progress(story)}
