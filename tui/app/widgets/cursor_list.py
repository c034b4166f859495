"""``CursorList``: the base of the Line API lists (the library's articles, search results).

A list of items with a cursor on one of them, drawn line by line: only the lines on screen are
rendered (``render_line``), and rendered strips are kept in an LRU cache until the look changes
(focus, styles, theme), so scrolling or moving the cursor redraws little. Items may take several
lines (``item_lines``); a list may keep header lines above its items (``HEADER_LINES``).

A subclass sets ``items``, draws lines, and binds keys to the actions here (``cursor_down``,
``cursor_up``, ``first``, ``last``, ``page_down``, ``page_up``, ``select``) with binding ids of
its own, so that every key is remappable per list. ``enter`` (``select``) posts
``CursorList.Selected``.
"""
from __future__ import annotations

from typing import Any, ClassVar

from textual.cache import LRUCache
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

class CursorList(ScrollView, can_focus=True, inherit_bindings=False):
    """Items with a cursor; see the module docstring."""

    HEADER_LINES: ClassVar[int] = 0
    STRIP_CACHE: ClassVar[int] = 1024

    class Selected(Message):
        """``enter`` (or a click) on the item at ``index``."""

        def __init__(self, cursor_list: "CursorList", index: int) -> None:
            super().__init__()
            self.cursor_list = cursor_list
            self.index = index
            self.item: Any = cursor_list.items[index]

        @property
        def control(self) -> "CursorList":
            return self.cursor_list

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.items: list[Any] = []
        self.cursor = 0
        # Strips by whatever decides a line's look; a subclass puts the generation in its keys.
        self._strips: LRUCache[tuple, Strip] = LRUCache(self.STRIP_CACHE)
        self._generation = 0

    @property
    def selected(self) -> Any:
        """The item under the cursor, or None when the list is empty."""
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    # --- geometry (items of one line; a list of taller items overrides these) ------------------

    def item_lines(self, index: int) -> range:
        """Content lines of item ``index`` (below the header lines)."""
        return range(index, index + 1)

    def item_at_line(self, line: int) -> int:
        """The item on content line ``line`` (clamped to the list)."""
        return max(0, min(line, len(self.items) - 1))

    @property
    def viewport_lines(self) -> int:
        """Content lines on screen, the header's left out."""
        return max(1, self.scrollable_content_region.height - self.HEADER_LINES)

    @property
    def page_lines(self) -> int:
        """How far ``page_down`` and ``page_up`` go."""
        return self.viewport_lines

    # --- cursor --------------------------------------------------------------------------------

    def move_cursor(self, index: int) -> None:
        """Put the cursor on item ``index`` (clamped) and scroll it into view."""
        if not self.items:
            return
        index = max(0, min(index, len(self.items) - 1))
        if index == self.cursor:
            return
        before = self.before_cursor_move()
        self.cursor = index
        self.scroll_to_cursor()
        self.after_cursor_move(before)

    def before_cursor_move(self) -> Any:
        """Called before the cursor moves; what it returns goes to ``after_cursor_move``."""
        return None

    def after_cursor_move(self, before: Any) -> None:
        """Repaint after the cursor moved (all of the list, unless a subclass knows better)."""
        self.refresh()

    def scroll_to_cursor(self) -> None:
        """Scroll as little as puts the cursor's item on screen (its top, if it is taller)."""
        if not self.items:
            return
        lines = self.item_lines(self.cursor)
        height = self.viewport_lines
        top = round(self.scroll_y)
        if lines.start < top or len(lines) > height:
            self.scroll_to(y=lines.start, animate=False, force=True)
        elif lines.stop > top + height:
            self.scroll_to(y=lines.stop - height, animate=False, force=True)

    def action_cursor_down(self) -> None:
        self.move_cursor(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self.move_cursor(self.cursor - 1)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self.items) - 1)

    def action_page_down(self) -> None:
        # The item a page further down, or at least the next one.
        if self.items:
            target = self.item_at_line(self.item_lines(self.cursor).start + self.page_lines)
            self.move_cursor(max(target, self.cursor + 1))

    def action_page_up(self) -> None:
        if self.items:
            target = self.item_at_line(max(0, self.item_lines(self.cursor).start
                                           - self.page_lines))
            self.move_cursor(min(target, self.cursor - 1))

    def action_select(self) -> None:
        if 0 <= self.cursor < len(self.items):
            self.post_message(self.Selected(self, self.cursor))

    # --- look ----------------------------------------------------------------------------------

    def invalidate(self) -> None:
        """Draw every line again (the look changed)."""
        self._generation += 1
        self._strips.clear()
        self.refresh()

    def on_focus(self) -> None:
        self.invalidate()

    def on_blur(self) -> None:
        self.invalidate()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self.invalidate()
