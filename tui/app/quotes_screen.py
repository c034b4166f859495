"""Every quote of the library with its speaker and source, reports of one statement grouped.

Statements reported by several articles come first (that is what a fact-checker compares), then
the other full statements, then fragments (a few words quoted inside the writer's sentence),
dimmed (``tui.quotes.display`` orders them). ``enter`` opens a quote in the reader, ``v`` puts a
statement's wordings side by side (``wordings_dialog``), ``b`` bookmarks (``bookmark_dialog``).

``QuotesScreen(article_ids=..., title=...)`` shows the quotes of those articles only (a story's,
from the library screen): they are found in those articles alone, so statements are grouped
across them and speakers resolved among them, a phrase one outlet quoted inside its own
sentence joins the statement it comes from (``tui.quotes.display.attach_fragments``), and each
statement's header names the outlets that reported it.
"""
from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Sequence

from rich.console import Group as RichGroup
from rich.padding import Padding
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Input, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from .base import SynopticScreen
from .bookmark_dialog import bookmark_record, request_bookmark
from .clipboard import copy_citation
from .commands import PaletteCommand
from .numbers import plural, progress_counts
from .widgets.inputs import StillInput
from .widgets.key_bar import KeyBar
from .widgets.open_list import OpenList

if TYPE_CHECKING:
    from tui.quotes.display import QuoteGroup

# Quotes listed while a big library's are still being found (the rest come with the whole).
EARLY_SHOWN = 200
# Quotes listed at a time: building the list's options costs ~0.1 ms a quote, so a big
# library's 70,000 quotes are listed a page at a time as the cursor nears the end (PAGE_AHEAD
# options before it), not all at once.
PAGE_OPTIONS = 300
PAGE_AHEAD = 40
# A quote kept under the cursor across a rebuild is looked for in this many first quotes.
KEEP_SEARCH_OPTIONS = 3000
_UNSET = object()

# ``tui.quotes`` (and its display module) is imported by the worker that finds the quotes, not
# here: importing it takes about 0.1 s, which would hold back the screen's first paint.

class QuotesScreen(SynopticScreen):
    """The quotes of every article, grouped by statement."""

    DEFAULT_CSS = """
    QuotesScreen #quotes-title { height: 1; padding: 0 1; background: $panel; color: $text;
        text-style: bold; text-wrap: nowrap;
        text-overflow: ellipsis; }
    QuotesScreen #quotes-filter { display: none; height: 1; padding: 0 1; background: $boost; }
    QuotesScreen #quotes-list { height: 1fr; border: none; padding: 0 1; }
    QuotesScreen #quotes-loading { height: 3; }
    QuotesScreen #quotes-message { padding: 1 2; color: $text-muted; }
    """

    BINDINGS = [
        # q is the app's "back" (always in the key bar); escape does the same here.
        Binding("escape", "close", "Back", show=False, id="quotes.back"),
        Binding("v", "wordings", "Wordings", id="quotes.wordings"),
        Binding("b", "bookmark", "Bookmark", id="quotes.bookmark"),
        Binding("y", "copy", "Copy", id="quotes.copy"),
        Binding("f", "filter", "Filter", id="quotes.filter"),
        Binding("x", "toggle_fragments", "Fragments", id="quotes.fragments"),
        Binding("n", "next_statement(1)", "Next statement", show=False, id="quotes.next"),
        Binding("N", "next_statement(-1)", "Previous statement", show=False, id="quotes.previous"),
        Binding("j", "cursor_down", "Down", show=False, id="quotes.down"),
        Binding("k", "cursor_up", "Up", show=False, id="quotes.up"),
        Binding("g", "first", "First", show=False, id="quotes.first"),
        Binding("G", "last", "Last", show=False, id="quotes.last"),
    ]

    PALETTE_COMMANDS = [
        PaletteCommand("Quotes: open in context", "Read the article at this quote (enter)",
                       "screen.open"),
        PaletteCommand("Quotes: compare wordings", "This statement as each article words it, "
                       "differences marked (v)", "screen.wordings"),
        PaletteCommand("Quotes: bookmark quote", "Save this quote with its speaker (b)",
                       "screen.bookmark"),
        PaletteCommand("Quotes: copy with citation", "Quote, speaker, title, outlet, date, "
                       "file (y)", "screen.copy"),
        PaletteCommand("Quotes: filter", "By speaker, words or outlet (f)", "screen.filter"),
        PaletteCommand("Quotes: show or hide fragments", "Words quoted inside the writer's "
                       "sentence (x)", "screen.toggle_fragments"),
    ]
    # Nothing until the quotes are there; the hidden filter must never take the keys. ("", not
    # None: None means the app's "*", which focused the hidden filter, so `q` typed into it and
    # never left the screen while quotes were being found.)
    AUTO_FOCUS = ""

    def __init__(self, article_ids: Sequence[str] | None = None, title: str | None = None
                 ) -> None:
        super().__init__()
        # Only these articles' quotes (a story's), in this order; None: the whole library.
        self.article_ids = list(article_ids) if article_ids is not None else None
        self.story_title = title
        self.groups: list[QuoteGroup] = []
        self.show_fragments = True
        self.filter_words: list[str] = []
        # Option index -> (group, quote); headers and separators are not in it.
        self.rows: dict[int, tuple[QuoteGroup, Any]] = {}
        self.quote_count = 0
        self.loaded = False
        # How far finding the quotes is, while it is not done.
        self.progress_text = ""
        # The statements the list shows (filtered), how many are listed, and their options.
        self._listed: list[QuoteGroup] = []
        self._listed_quotes = 0
        self._listed_upto = 0
        self._listed_part = 0   # quotes of the statement at _listed_upto listed already
        self._option_count = 0
        self._facts: tuple[Any, Any] = (None, None)

    def compose(self) -> ComposeResult:
        yield Static("Quotes", id="quotes-title")
        yield StillInput(placeholder="filter by speaker, words or outlet (esc clears)",
                         id="quotes-filter", compact=True)
        yield LoadingIndicator(id="quotes-loading")
        yield Static("Finding quotes…", id="quotes-message")
        yield OpenList(id="quotes-list")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self.watch(self.app, "library_version", self._library_changed, init=False)
        if self.app.library_loaded:
            self.compute()
        else:
            self.query_one("#quotes-message", Static).update("Loading the library…")

    def _library_changed(self, _version: int) -> None:
        self.compute()

    # --- data --------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="quotes", exit_on_error=False)
    def compute(self) -> None:
        self.app.call_from_thread(self._set_loading, True)
        library = self.app.library
        order = {info.id: n for n, info in enumerate(library.infos)}
        # Quotes found so far (a big library sends them as it goes): the first EARLY_SHOWN
        # are listed before the whole library is done.
        found: list[Any] = []
        shown = [0.0, 0]

        def on_update(update) -> None:
            # From this thread; at most ten updates a second reach the screen.
            found.extend(update.quotes)
            now = time.monotonic()
            first = shown[1] == 0 and found
            if not (first or update.done >= update.total or now - shown[0] >= 0.1):
                return
            shown[0] = now
            early = None
            if shown[1] < min(len(found), EARLY_SHOWN):
                from tui.quotes.display import statement_groups

                shown[1] = min(len(found), EARLY_SHOWN)
                early = statement_groups(found[:EARLY_SHOWN], order)
            self.app.call_from_thread(self._progress, update.stage, update.done, update.total,
                                      len(found), early)

        from tui.cancel import Cancelled

        try:
            if self.article_ids is None:
                quotes = self.app.library_cache.quotes(library, on_update,
                                                       self.app.job_cancelled)
            else:
                order = {aid: n for n, aid in enumerate(self.article_ids)}
                quotes = self._quotes_of_articles(
                    lambda stage, done, total: self.app.call_from_thread(
                        self._progress, stage, done, total))
        except Cancelled:
            return
        except Exception as e:  # noqa: BLE001 - shown on the screen, the app keeps running
            self.app.call_from_thread(self._failed, str(e))
            return
        found.clear()  # the early quotes: the final list replaces them (memory of a big library)
        from tui.quotes.display import attach_fragments, regroup_order, statement_groups

        groups = statement_groups(quotes, order)
        if self.article_ids is not None:
            # One story: a phrase another outlet quoted inside its sentence is that statement.
            groups = regroup_order(attach_fragments(groups), order)
        self.app.call_from_thread(self._loaded, groups, len(quotes))

    def _quotes_of_articles(self, progress) -> list:
        """The quotes of ``article_ids`` alone (in the worker): read, found and grouped among
        themselves; an article that cannot be read any more is left out."""
        from tui.cancel import Cancelled
        from tui.corpus import LoadError
        from tui.quotes import library_quotes

        library = self.app.library
        articles = []
        for n, aid in enumerate(self.article_ids or ()):
            if self.app.job_cancelled():
                raise Cancelled
            progress("read", n, len(self.article_ids))
            try:
                articles.append(library.article(aid))
            except LoadError:
                continue
        # Not cached on disk: a story is quick to read, and its entries would push the
        # library's out of the quotes cache.
        return library_quotes(articles, cache=False,
                              progress=lambda d, t: progress("quotes", d, t))

    def _set_loading(self, loading: bool) -> None:
        self.query_one(LoadingIndicator).display = loading and not self.rows
        if loading:
            n = len(self.app.library.infos if self.article_ids is None else self.article_ids)
            self.query_one("#quotes-message", Static).update(
                f"Finding quotes in {plural(n, 'article')}…")

    def _progress(self, stage: str, done: int, total: int, found: int = 0,
                  early: list[QuoteGroup] | None = None) -> None:
        if not self.is_attached:
            return  # left while the worker was reading
        if stage == "read":
            text = f"Reading articles: {done:,} of {total:,}…"
        elif stage == "reading":
            text = f"Reading the articles: {progress_counts(done, total, 'bytes')}…"
        elif stage == "found":
            text = (f"Finding quotes: {progress_counts(done, total, 'chars')} read · "
                    f"{plural(found, 'quote')} so far…")
        elif stage == "grouping":
            text = (f"Grouping {plural(found, 'quote')}: "
                    f"{progress_counts(done, total, 'statements')}…")
        elif done < total:
            text = f"Finding quotes: {done:,} of {total:,} articles…"
        else:
            text = f"Grouping the quotes of {plural(total, 'article')}…"
        self.progress_text = text
        if early is not None:
            self.groups = early
            self.quote_count = found
            self.rebuild()
            self.query_one(LoadingIndicator).display = False
            if not isinstance(self.focused, Input):
                self.set_focus(self.query_one(OptionList))
        self.query_one("#quotes-message", Static).update(text)
        if self.rows and not self.loaded:
            self.update_title(self.visible_groups())

    def _failed(self, message: str) -> None:
        self._set_loading(False)
        self.query_one("#quotes-message", Static).update(
            Content(f"Could not find quotes: {message}"))

    def _loaded(self, groups: list[QuoteGroup], count: int) -> None:
        keep = self.current()
        self.groups = groups
        self.quote_count = count
        self.loaded = True
        self._set_loading(False)
        self.rebuild(keep_quote=keep[1] if keep else None)
        typing = self.query_one("#quotes-filter", Input)
        if not (typing.display and typing.has_focus):  # the user may be typing a filter
            self.set_focus(self.query_one(OptionList))

    # --- list --------------------------------------------------------------------------------

    def visible_groups(self) -> list[QuoteGroup]:
        from tui.quotes.display import matches_filter

        library = self.app.library
        return [g for g in self.groups
                if (self.show_fragments or not g.fragment)
                and matches_filter(g, self.filter_words, library.by_id)]

    def rebuild(self, keep_quote: Any = None) -> None:
        ol = self.query_one(OptionList)
        message = self.query_one("#quotes-message", Static)
        groups = self.visible_groups()
        self._listed = groups
        self._listed_quotes = sum(len(g.quotes) for g in groups)
        self._listed_upto = 0
        self._listed_part = 0
        self._option_count = 0
        self.rows = {}
        ol.clear_options()
        # A page of statements, and more until the quote to keep is listed (within reason).
        target = self._append_page(keep_quote)
        while target is None and keep_quote is not None and \
                self._listed_upto < len(groups) and self._option_count < KEEP_SEARCH_OPTIONS:
            target = self._append_page(keep_quote)
        self.update_title(groups)
        if not self.rows:
            ol.display = False
            message.display = True
            if not self.groups:
                where = "library" if self.article_ids is None else "story"
                message.update(f"No quotations found in this {where}.")
            elif self.filter_words:
                message.update(Content(f"No quote matches “{' '.join(self.filter_words)}”."))
            else:
                message.update("Only fragments here: press x to show them.")
            return
        message.display = False
        ol.display = True
        ol.highlighted = target if target is not None else min(self.rows)

    def _append_page(self, keep_quote: Any = None) -> int | None:
        """List about PAGE_OPTIONS more quotes (a library can have a hundred thousand, and one
        statement thousands of reports: the list is built as the cursor goes down, not all
        at once). Returns the option index of ``keep_quote`` when it is in this page."""
        # A None in the list draws a divider under the option before it; it is not an option,
        # so indices count options only.
        options: list[Option | None] = []
        target = None
        index = self._option_count
        listed = self._listed
        while self._listed_upto < len(listed) and len(options) < PAGE_OPTIONS:
            g = listed[self._listed_upto]
            multi, speaker = self._group_facts(g)
            first = self._listed_part
            if first == 0:
                if index:
                    options.append(None)
                if multi:
                    options.append(Option(self.render_header(g), disabled=True))
                    index += 1
            last = min(len(g.quotes), first + PAGE_OPTIONS)
            for n in range(first, last):
                q = g.quotes[n]
                if keep_quote is not None and q.start == keep_quote.start and \
                        q.article_id == keep_quote.article_id:
                    target = index  # the same quote (early ones are replaced by the final)
                self.rows[index] = (g, q)
                # Parts of one statement in one article share one source line, under the last.
                last_part = n + 1 == len(g.quotes) or g.quotes[n + 1].article_id != q.article_id
                options.append(Option(self.render_quote(q, group=g if multi else None,
                                                        with_source=last_part,
                                                        group_speaker=speaker)))
                index += 1
            if last < len(g.quotes):
                self._listed_part = last
            else:
                self._listed_upto += 1
                self._listed_part = 0
        self._option_count = index
        if options:
            self.query_one(OptionList).add_options(options)
        return target

    def _group_facts(self, g: QuoteGroup) -> tuple[bool, str | None]:
        """Whether several articles report ``g``, and its speaker (both walk every report:
        computed once a statement, not once a quote)."""
        if self._facts[0] is not g:
            self._facts = (g, (len(g.article_ids) > 1, g.speaker))
        return self._facts[1]

    @on(OptionList.OptionHighlighted, "#quotes-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index >= self._option_count - PAGE_AHEAD and \
                self._listed_upto < len(self._listed):
            self._append_page()
            self.update_title(self._listed)

    def update_title(self, groups: list[QuoteGroup]) -> None:
        if not self.loaded:
            # The first quotes of a big library, listed while the rest are found.
            shown = sum(len(g.quotes) for g in groups)
            self.query_one("#quotes-title", Static).update(Content(
                f"Quotes · the first {shown:,} · {self.progress_text}"))
            return
        articles = {q.article_id for g in self.groups for q in g.quotes}
        shared = sum(1 for g in self.groups if len(g.article_ids) > 1)
        title = (f"Quotes · {self.quote_count:,} in {plural(len(articles), 'article')} · "
                 f"{shared:,} reported by several")
        if self.story_title:
            title = f"{title} · story “{self.story_title}”"
        if self.filter_words or not self.show_fragments:
            shown = sum(len(g.quotes) for g in groups)
            title += f" · showing {shown:,}"
        if self._listed_upto < len(self._listed):
            title += f" · listed {len(self.rows):,} of {self._listed_quotes:,}"
        if not self.show_fragments:
            title += " · fragments hidden"
        self.query_one("#quotes-title", Static).update(Content(title))

    def render_header(self, g: QuoteGroup) -> Text:
        n = len(g.article_ids)
        who = g.speaker or "Unattributed"
        note = "wording differs, v compares" if g.differs() else "same wording"
        reported = f"{n} articles"
        if self.article_ids is not None:
            # A story's quotes: which outlets, not how many articles.
            library = self.app.library
            outlets = [info.outlet or info.title for info in map(library.by_id, g.article_ids)
                       if info is not None]
            reported = ", ".join(dict.fromkeys(outlets)) or reported
        return Text.assemble(("◆ ", "bold"), (who, "bold"), (f" · reported by {reported} · ",
                                                            ""), (note, "italic"))

    def render_quote(self, q: Any, group: QuoteGroup | None = None,
                     with_source: bool = True, group_speaker: Any = _UNSET) -> Any:
        """A quote and its source; inside a group (whose header names the speaker) indented and
        without repeating the speaker."""
        from tui.quotes.display import source_line

        library = self.app.library
        quote = Text(f"“{' '.join(q.text.split())}”", style="dim" if q.fragment else "")
        if q.fragment:
            quote = Text.assemble(("fragment ", "dim italic"), quote)
        where = source_line(library.by_id(q.article_id), q.path)
        if group is not None and group_speaker is _UNSET:
            group_speaker = group.speaker
        if group is None or q.speaker != group_speaker:
            where = f"{q.speaker or 'unattributed'} · {where}"
        source = Text(f"— {where}", style="dim", no_wrap=True, overflow="ellipsis")
        body = RichGroup(quote, source) if with_source else quote
        return Padding(body, (0, 0, 0, 2)) if group is not None else body

    def current(self) -> tuple[QuoteGroup, Any] | None:
        hi = self.query_one(OptionList).highlighted
        return self.rows.get(hi) if hi is not None else None

    def record(self, q: Any) -> dict[str, Any]:
        return bookmark_record("quote", q.article_id, q.path, q.start, q.end, q.text,
                               source=self.app.library.by_id(q.article_id), speaker=q.speaker)

    # --- actions -----------------------------------------------------------------------------

    def action_close(self) -> None:
        # Like the library: escape first clears a filter, then leaves.
        if self.query_one("#quotes-filter", Input).display:
            self.clear_filter()
        else:
            self.dismiss()

    def clear_filter(self) -> None:
        inp = self.query_one("#quotes-filter", Input)
        inp.value = ""
        inp.display = False
        self.filter_words = []
        if self.loaded:
            self.rebuild()
        self.set_focus(self.query_one(OptionList))

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_first(self) -> None:
        self.query_one(OptionList).action_first()

    def action_next_statement(self, step: int) -> None:
        """Jump to the first wording of the next (step 1) or previous (-1) statement: j/k go
        quote by quote, which is slow through groups of several reports."""
        ol = self.query_one(OptionList)
        here = self.rows.get(ol.highlighted) if ol.highlighted is not None else None
        if here is None:
            return
        firsts: list[int] = []
        seen: set[int] = set()
        for index in sorted(self.rows):
            g = self.rows[index][0]
            if id(g) not in seen:
                seen.add(id(g))
                firsts.append(index)
        mine = max(i for i in firsts if i <= ol.highlighted)
        k = firsts.index(mine) + step
        if step < 0 and mine < ol.highlighted:
            k = firsts.index(mine)  # N inside a group goes to its own first wording
        if 0 <= k < len(firsts):
            ol.highlighted = firsts[k]

    def action_last(self) -> None:
        self.query_one(OptionList).action_last()

    @on(OptionList.OptionSelected, "#quotes-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def action_open(self) -> None:
        row = self.current()
        if row is not None:
            q = row[1]
            self.app.open_reader(q.article_id, offset=q.start)

    def action_bookmark(self) -> None:
        row = self.current()
        if row is not None:
            request_bookmark(self.app, self.record(row[1]))

    def action_copy(self) -> None:
        row = self.current()
        if row is not None:
            copy_citation(self.app, self.record(row[1]))

    def action_wordings(self) -> None:
        row = self.current()
        if row is None:
            return
        group = row[0]
        if len(group.article_ids) < 2:
            self.app.notify("Only one article reports this statement.")
            return
        from tui.quotes.display import source_line

        from .wordings_dialog import WordingsScreen

        library = self.app.library
        wordings = [(source_line(library.by_id(aid), next(q.path for q in group.quotes
                                                          if q.article_id == aid)), text)
                    for aid, text in group.wordings()]
        self.app.push_screen(WordingsScreen(group.speaker, wordings))

    def action_toggle_fragments(self) -> None:
        self.show_fragments = not self.show_fragments
        keep = self.current()
        if self.loaded:
            self.rebuild(keep_quote=keep[1] if keep else None)
        self.app.notify("Fragments shown" if self.show_fragments else "Fragments hidden",
                        timeout=2)

    def action_filter(self) -> None:
        inp = self.query_one("#quotes-filter", Input)
        # Inline display and set_focus take effect at once (a class and focus() wait for the
        # next refresh), so the letters typed right after f reach the filter, not the list.
        inp.display = True
        self.set_focus(inp)

    @on(Input.Changed, "#quotes-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_words = event.value.lower().split()
        if self.loaded:
            self.rebuild()

    @on(Input.Submitted, "#quotes-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.rows:
            self.set_focus(self.query_one(OptionList))

    def on_key(self, event) -> None:
        # Escape in the filter clears it and gives the keys back to the list.
        if event.key == "escape" and isinstance(self.focused, Input):
            event.stop()
            event.prevent_default()
            self.clear_filter()
