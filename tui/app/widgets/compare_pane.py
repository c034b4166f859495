"""One side of the compare screen: ``ComparePane`` (a title line over a ``CompareView``)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical

from tui.corpus import Article

from .document_view import DocumentView
from .line_label import LineLabel


class CompareView(DocumentView):
    """A document view that remembers whether its last cursor move came from j/k, so the
    compare screen may scroll it to line a pair up (never while the mouse scrolls it)."""

    # The key bar drops keys from the end when the terminal is narrow: at 80 columns the
    # compare keys (n, d, tab, s) matter more than k and space, which j/k and ? cover.
    BINDINGS = [
        Binding("j", "next_passage", "Move", id="document.next", key_display="j/k"),
        Binding("k", "previous_passage", "Prev", id="document.previous", show=False),
        Binding("space", "page_down", "Page", id="document.page_down", show=False),
    ]

    _keyboard_move = False

    def action_next_passage(self) -> None:
        self._keyboard_move = True
        self._step(+1)

    def action_previous_passage(self) -> None:
        self._keyboard_move = True
        self._step(-1)

    def _step(self, delta: int) -> None:
        """Move one passage. At the edge of the pane, jump so the passage sits a quarter of
        the way in rather than on the edge: the next few moves then need no scrolling, so
        they redraw only the cursor lines of this pane instead of every line."""
        target = max(0, min(self.cursor + delta, self.passage_count - 1))
        height = self.size.height
        if target == self.cursor or height <= 0:
            self.move_cursor(target)
            return
        top = self.passage_top_y(target) - int(self.scroll_y)
        lines = self.passage_height(target)
        if delta > 0 and top + lines > height:
            self.move_cursor(target, align_y=max(0, min(height // 4, height - lines)))
        elif delta < 0 and top < 0:
            self.move_cursor(target, align_y=max(0, height - height // 4 - lines))
        else:
            self.move_cursor(target)

    def jump_to(self, passage: int) -> None:
        """Move to ``passage`` from the keyboard (the screen may line the pair up, as after
        j/k): where it is if it is fully on screen, else a quarter down the pane so that the
        context before it shows too."""
        self._keyboard_move = True
        top = self.passage_top_y(passage) - int(self.scroll_y)
        height = max(1, self.size.height)
        if 0 <= top and top + self.passage_height(passage) <= height:
            self.move_cursor(passage)
        else:
            self.move_cursor(passage, align_y=height // 4)

    def place(self, target: int, anchor: int, row: int) -> int:
        """Put the cursor on ``target`` and the top of ``anchor`` (``target`` itself, or the
        passage after it when ``target`` stands before a gap) at screen row ``row``, as far as
        the view can scroll. Returns the row ``anchor``'s top ended up on."""
        if anchor == target:
            self.move_cursor(target, align_y=row)
            return self.passage_top_y(target) - int(self.scroll_y)
        # Line up the gap after ``target`` (the top of ``anchor``) with the row.
        self.move_cursor(target)
        below = self.passage_height(target) + 1
        self.move_cursor(target, align_y=row - below)
        return self.passage_top_y(target) + below - int(self.scroll_y)

    def take_keyboard_move(self) -> bool:
        moved, self._keyboard_move = self._keyboard_move, False
        return moved


class ComparePane(Vertical):
    """A title line and the document view of one article."""

    DEFAULT_CSS = """
    ComparePane { width: 1fr; height: 1fr; }
    ComparePane > .compare-title {
        height: 1; padding: 0 1; background: $panel; color: $text-muted;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    ComparePane.-driving > .compare-title { background: $primary 40%; color: $text; }
    ComparePane > DocumentView { height: 1fr; }
    """

    def __init__(self, article: Article, side: int, cursor: int = 0) -> None:
        super().__init__(id=f"compare-pane-{side}")
        self.article = article
        self.side = side
        self.title_line = LineLabel("", classes="compare-title")
        self.view = CompareView(article, cursor=cursor, id=f"compare-view-{side}")
        self._title_text = ""

    def compose(self) -> ComposeResult:
        yield self.title_line
        yield self.view

    def set_title(self, driving: bool, position: str) -> None:
        a = self.article
        parts = [p for p in (a.outlet, a.date) if p]
        # The position first: a long title is cut at the right edge.
        text = ("▶ " if driving else "  ") + " · ".join([position, *parts, a.title or a.path])
        if text != self._title_text:
            self._title_text = text
            self.title_line.update(text)
        self.set_class(driving, "-driving")
