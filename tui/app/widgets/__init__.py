"""Widgets shared by the screens, one module per widget (or family); nothing here imports a
screen. A widget used by one screen only may live here too when it is big enough to read on
its own (``article_table``, ``result_list``, ``compare_columns``).

- ``text_fit``: cutting with an ellipsis, padding, word wrapping as offsets (no widget).
- ``line_label``: ``LineLabel``, one line of text that repaints cheaply (titles, status lines).
- ``key_bar``: ``KeyBar``, the keys of the current screen on one line, from live bindings.
- ``inputs``: ``StillInput`` (no blinking cursor), ``FieldInput`` (a dialog field), and
  ``QueryInput`` (the search box).
- ``cursor_list``: ``CursorList``, the base of the Line API lists: a cursor on one item, its
  actions, a ``Selected`` message and a strip cache invalidated on focus and style changes.
- ``article_table``: ``ArticleTable``, the library's list of articles (a CursorList).
- ``story_table``: ``StoryTable``, the library grouped by story (``S``), one row per story (an
  ArticleTable with other columns).
- ``result_list``: ``ResultList``, search results with matched words marked (a CursorList).
- ``open_list``: ``OpenList``, an OptionList whose ``enter`` says "Open" (quotes, bookmarks).
- ``document_view`` and ``passage_layout``: ``DocumentView``, one article as wrapped passages
  with a passage cursor, and the plain model of its line layout.
- ``compare_columns``: ``CompareColumns``, the compare screen's two to four articles side by
  side drawn by one widget; ``compare_column``: ``Column``, one article's layout and marks in
  it (re-exported by ``compare_columns``).

Modules are imported directly (``from .widgets.line_label import LineLabel``): this package
imports none of them, so a screen pays only for the widgets it uses.
"""
