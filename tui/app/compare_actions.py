"""The compare screen's commands: second article, swap, free/lock, differences, corrections,
bookmark and picking other articles.

``CompareActions`` is a mixin of ``CompareScreen`` (compare_screen.py), which holds the key
bindings and palette entries that call these actions. ``l`` and ``u`` save a correction for
the pair of the focused and the second article (``tui.align.corrections``) and align the
pair again; ``o`` opens the picker and replaces the screen with the chosen articles.
"""
from __future__ import annotations

from tui.corpus import LoadError

from .compare_alignment import UNIT, PairJob
from .compare_model import short_name
from .compare_text import unit_label, units_label


class CompareActions:
    """``CompareScreen``'s actions other than moving the cursor (a mixin)."""

    def action_cycle_second(self) -> None:
        n = len(self._articles)
        if n <= 2:
            self._say("Two articles: the second is the other one (o picks another)")
            return
        order = [i for i in self._order if i != self._focus]
        k = order.index(self._second) if self._second in order else -1
        self._second = order[(k + 1) % len(order)]
        self._stop = None
        self._shown = []
        self._lay_out(self.size.width or self.app.size.width)
        self._ensure_jobs()
        self._sync()
        self._say(f"Second: {short_name(self._articles[self._second])} "
                  "(differences, words and links are with it)")

    def action_swap(self) -> None:
        a, b = self._order.index(self._focus), self._order.index(self._second)
        self._order[a], self._order[b] = self._order[b], self._order[a]
        self._shown = []
        self._lay_out(self.size.width or self.app.size.width)
        self._sync()
        self._say(f"Swapped: {short_name(self.left_article)} on the left")

    def action_toggle_lock(self) -> None:
        self._locked = not self._locked
        if self._locked:
            self._stop = None
        self._sync()
        self._say("Scrolling locked to the alignment again" if self._locked else
                  "Free: each column moves on its own; tab, move, then l links the two cursors")

    def action_toggle_words(self) -> None:
        self._words = not self._words
        self._sync()

    def action_next_difference(self) -> None:
        self._step_difference(True)

    def action_previous_difference(self) -> None:
        self._step_difference(False)

    def _step_difference(self, forward: bool) -> None:
        f = self._focus
        job, side = self._pair(f, self._second)
        index = job.index
        if index is None:
            self._say("Still aligning…")
            return
        if not self._locked:
            self._locked = True
        u = index.unit_at(side, self._offsets[f])
        stop = index.next_stop(side, u, forward, self._stop)
        if stop is None:
            total = len(index.stops_of(side))
            where = "below" if forward else "above"
            self._say(f"No more differences {where} ({total} in all)" if total
                      else "No differences: every passage has a counterpart with the same "
                           "words")
            self.app.bell()
            return
        units = index.units(side)
        if stop.here:
            target = units[stop.here[0]].start
        else:
            target = units[max(0, stop.after)].start if index.count[side] else 0
        self._offsets[f] = target
        self._scroll_focused("jump")
        self._stop = stop
        self._sync()

    # --- corrections ---------------------------------------------------------------------------

    def action_link(self) -> None:
        f, s = self._focus, self._second
        job, side = self._pair(f, s)
        index = job.index
        if index is None:
            self._say("Still aligning…")
            return
        if not index.count[side] or not index.count[1 - side]:
            return
        u = index.unit_at(side, self._offsets[f])
        place = index.placement(side, u)
        here = self._articles[f]
        there = self._articles[s]
        if self._locked and place.hidden is not None and place.hidden.correction:
            self._save(job, ("delete", place.hidden.correction),
                       f"Linked {units_label(index, side, index.group(side, u))} of "
                       f"{short_name(here)} again as the aligner had it (saved)")
            return
        if self._locked:
            v = place.mate if place.mate >= 0 else -1
            if v < 0 and place.link is None:
                self._say("Nothing faces this passage: f frees the columns to pick one, "
                          "then l links the two cursors")
                return
            if v < 0:
                self._say(f"{unit_label(index, side, u)} is already linked (u unlinks it)")
                return
        else:
            v = index.unit_at(1 - side, self._offsets[s])
            link = index.link_at(side, u)
            if link is not None and v in (link.right if side == 0 else link.left):
                self._say(f"{unit_label(index, side, u)} and {unit_label(index, 1 - side, v)} "
                          "are already linked")
                return
        from tui.align.corrections import link_record

        a, b = job.articles
        mine, theirs = [index.units(side)[u]], [index.units(1 - side)[v]]
        record = link_record(a, b, *((mine, theirs) if side == 0 else (theirs, mine)))
        self._locked = True
        self._save(job, ("add", record),
                   f"Linked {unit_label(index, side, u)} of {short_name(here)} with "
                   f"{unit_label(index, 1 - side, v)} of {short_name(there)} (saved)")

    def action_unlink(self) -> None:
        f, s = self._focus, self._second
        job, side = self._pair(f, s)
        index = job.index
        if index is None:
            self._say("Still aligning…")
            return
        u = index.unit_at(side, self._offsets[f])
        link = index.link_at(side, u)
        if link is None:
            self._say(f"{unit_label(index, side, u) if u >= 0 else 'This'} is not linked to "
                      f"{short_name(self._articles[s])}")
            return
        from tui.align.corrections import unlink_action

        a, b = job.articles
        what = unlink_action(a, b, index.alignment, link)
        mine = link.left if side == 0 else link.right
        theirs = link.right if side == 0 else link.left
        label = (f"{units_label(index, side, mine)} of {short_name(self._articles[f])} from "
                 f"{units_label(index, 1 - side, theirs)} of {short_name(self._articles[s])}")
        self._save(job, what, f"Unlinked {label} (saved; "
                   + ("the aligner's links are back)" if what[0] == "delete"
                      else "l on it links them again)"))

    def _save(self, job: PairJob, what: tuple, message: str) -> None:
        """Store a correction (("add", record) or ("delete", id)), then align the pair again."""
        a, b = job.articles
        op, value = what
        try:
            if op == "delete":
                self.app.state.delete_correction(value)
            else:
                self.app.state.add_correction(a.id, b.id, UNIT, value["op"], value["left"],
                                              value["right"])
        except Exception as e:  # noqa: BLE001 - a locked or full disk: say so, keep going
            self._say(f"Could not save the correction: {e}")
            return
        self._stop = None
        self._start_job(job)
        self._sync()
        self._say(message)

    # --- other actions -------------------------------------------------------------------------

    def action_bookmark(self) -> None:
        from .bookmark_dialog import bookmark_record, request_bookmark

        f = self._focus
        article = self._articles[f]
        spans = self._group_spans(f, self._offsets[f])
        if not spans:
            self._say("Nothing to bookmark")
            return
        start, end = spans[0].start, spans[-1].end
        request_bookmark(self.app, bookmark_record("passage", article.id, article.path, start,
                                                   end, article.text[start:end],
                                                   source=article))

    def action_pick_other(self) -> None:
        from .pick_article_dialog import PickArticleScreen

        library = self.app.library
        if not library.infos:
            self._say("The library is still loading")
            return
        keep = self._articles[self._focus]
        if not [i for i in library.infos if i.id != keep.id]:
            self._say("There is no other article in the library")
            return
        in_view = [a.id for a in self.articles if a is not keep]

        def picked(choice) -> None:
            if not choice:
                return
            ids, second = choice
            self._apply_pick(ids, second)

        self.app.push_screen(PickArticleScreen(keep, in_view, self._articles[self._second].id),
                             picked)

    def _apply_pick(self, ids: list[str], second: str | None) -> None:
        """Show the focused article with ``ids`` (one to three others), ``second`` as the
        second column."""
        library = self.app.library
        keep = self._articles[self._focus]
        known = {a.id: a for a in self._articles}
        articles = [keep]
        try:
            for article_id in ids:
                if article_id != keep.id:
                    articles.append(known.get(article_id) or library.article(article_id))
        except LoadError as e:
            self._say(str(e))
            return
        articles = articles[:4]
        if len(articles) < 2:
            return
        # keep the order the reader had; new ones at the end
        old = [a.id for a in self.articles]
        articles.sort(key=lambda a: old.index(a.id) if a.id in old else len(old))
        focus = next(n for n, a in enumerate(articles) if a is keep)
        from .compare_screen import CompareScreen

        screen = CompareScreen(*articles, passage=self.cursor_paragraph(keep), focus=focus)
        if second:
            for n, a in enumerate(articles):
                if a.id == second and n != focus:
                    screen._second = n
        self.app.switch_screen(screen)
