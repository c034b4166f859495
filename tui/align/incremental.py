"""Aligning very long articles a window at a time, so a view can show its first screen at once
and link the rest in the background (cancellable between windows).

Both articles are cut into consecutive regions of paragraphs that are aligned independently:
a window of WINDOW paragraphs of the left article (and the corresponding stretch of the
right one, by the ratio of their lengths, with a margin) is aligned; the links of its first
part are kept, up to the last link that begins before KEEP of the window, and the next
window starts after it on both sides. So the first window is all a first screen needs, and
each later one costs about the same. A passage moved further than a window is not found
(``align_articles`` on the whole articles finds it, at the cost of aligning everything
before anything is shown).

    job = IncrementalAlignment(left, right, "sentence", corrections)   # as align_pair
    first = job.step()              # the first region, quickly: job.alignment() shows it
    while job.step(): ...           # or job.run(cancel_event) in a worker thread
    job.alignment()                 # everything aligned so far; job.done when complete

``alignment()`` always covers both whole articles: units not reached yet are whole
sentences (or paragraphs) in no link, and ``aligned_until`` says how far the links go.
"""
from __future__ import annotations

import dataclasses
import threading
from typing import Any, Callable

from tui.corpus import Article, Span

from .aligner import align_articles
from .core import longest_increasing
from .model import Alignment, Link

WINDOW = 120      # left paragraphs per window
KEEP = 0.75       # links beginning in the first KEEP of a window are kept
MARGIN = 0.35     # extra share of the right article's stretch


def _sub_article(article: Article, p0: int, p1: int) -> Article:
    """The same text, with only paragraphs p0..p1-1: spans keep their offsets."""
    return dataclasses.replace(article, paragraphs=article.paragraphs[p0:p1], warnings=[])


class IncrementalAlignment:
    def __init__(self, left: Article, right: Article, unit: str = "sentence",
                 corrections: list[dict] | None = None, window: int = WINDOW):
        # as align_pair: the articles in id order, the result turned round when needed
        self._flip = left.id > right.id
        if self._flip:
            left, right = right, left
            corrections = [{**r, "left": r.get("right"), "right": r.get("left")}
                           if isinstance(r, dict) else r for r in corrections or ()] or None
        self.left, self.right = left, right
        self.unit = "sentence" if unit == "clause" else unit
        self.corrections = corrections
        self.window = max(4, window)
        self._pos = [0, 0]               # next paragraph of each side to align
        self._regions: list[tuple[int, int, int, int, Alignment]] = []
        self.done = not left.paragraphs or not right.paragraphs
        n, m = len(left.paragraphs), len(right.paragraphs)
        self._ratio = (m / n) if n else 1.0

    @property
    def aligned_until(self) -> tuple[int, int]:
        """Paragraph indices (left, right, as given) before which everything is aligned."""
        got = (len(self.left.paragraphs), len(self.right.paragraphs)) if self.done \
            else (self._pos[0], self._pos[1])
        return (got[1], got[0]) if self._flip else got

    def step(self) -> bool:
        """Align the next region; False once everything is aligned."""
        if self.done:
            return False
        n, m = len(self.left.paragraphs), len(self.right.paragraphs)
        a, c = self._pos
        b = min(n, a + self.window)
        d = min(m, c + int((b - a) * self._ratio * (1 + MARGIN)) + 2)
        last = b >= n and d >= m
        if b >= n:  # the last window takes what is left of the right article too
            d = m
        al = align_articles(_sub_article(self.left, a, b), _sub_article(self.right, c, d),
                            self.unit, corrections=self.corrections, use_cache=False)
        if last or b >= n:
            end_l, end_r = b, d
        else:
            limit = a + max(1, int((b - a) * KEEP))
            kept = [k for k in al.links if a + _para(al, 0, k.left[0]) < limit]
            # the region ends after the last link of the longest chain in reading order: a
            # link far ahead on one side (a moved passage, or chance) must not drag it along
            chain = [kept[x] for x in longest_increasing([k.right[0] for k in kept])]
            if chain:
                end_l = a + _para(al, 0, max(chain[-1].left)) + 1
                end_r = c + _para(al, 1, max(chain[-1].right)) + 1
            else:  # nothing links here: move on by the window's first part on both sides
                end_l = limit
                end_r = c + max(1, int((limit - a) * self._ratio))
            end_r = min(end_r, m)
            if end_l >= n:
                end_r = m
        # the window's links inside the region are kept as they are; the rest of the window
        # is aligned again as part of the next one
        self._regions.append((a, end_l, c, end_r, al))
        self._pos = [end_l, end_r]
        if end_l >= n or end_r >= m:
            self._finish_tail()
        return not self.done

    def _finish_tail(self) -> None:
        a, c = self._pos
        n, m = len(self.left.paragraphs), len(self.right.paragraphs)
        if a < n and c < m:
            al = align_articles(_sub_article(self.left, a, n), _sub_article(self.right, c, m),
                                self.unit, corrections=self.corrections, use_cache=False)
            self._regions.append((a, n, c, m, al))
        self._pos = [n, m]
        self.done = True

    def run(self, cancel: threading.Event | None = None,
            progress: Callable[[int, int], Any] | None = None) -> Alignment | None:
        """Align everything left (in a worker thread); None when ``cancel`` was set first.
        ``progress(left paragraphs aligned, left paragraphs)`` after each region."""
        while not self.done:
            if cancel is not None and cancel.is_set():
                return None
            self.step()
            if progress is not None:
                progress(self._pos[0], len(self.left.paragraphs))
        return self.alignment()

    def alignment(self) -> Alignment:
        """Everything aligned so far, over both whole articles (see the module docstring)."""
        sides: list[dict[str, list]] = [{"units": [], "groups": [], "paras": [], "ok": []},
                                        {"units": [], "groups": [], "paras": [], "ok": []}]
        links: list[Link] = []
        hidden: list[Link] = []
        for a, b, c, d, al in self._regions:
            maps: list[dict[int, int]] = []
            for side, (p0, p1, art) in enumerate(((a, b, self.left), (c, d, self.right))):
                out = sides[side]
                sent0 = _sentences_before(art, p0)
                index: dict[int, int] = {}
                for p in al.passages(side):
                    if p.paragraph + p0 >= p1:
                        break
                    index[p.index] = len(out["units"])
                    out["units"].append(Span(p.start, p.end))
                    out["groups"].append(p.sentence + sent0 if p.sentence >= 0 else -1)
                    out["paras"].append(p.paragraph + p0)
                    out["ok"].append(p.linkable)
                maps.append(index)
            for src, dst in ((al.links, links), (al.hidden, hidden)):
                for k in src:
                    if all(i in maps[0] for i in k.left) and all(j in maps[1] for j in k.right):
                        dst.append(Link(tuple(maps[0][i] for i in k.left),
                                        tuple(maps[1][j] for j in k.right),
                                        k.score, k.kind, k.origin, k.correction))
        until = (len(self.left.paragraphs), len(self.right.paragraphs)) if self.done \
            else self._pos
        for side, art in enumerate((self.left, self.right)):
            self._append_unaligned(sides[side], art, until[side])
        lu, ru = sides
        al = Alignment(self.unit, lu["units"], ru["units"], links,
                       lu["groups"] if self.unit == "sentence" else None,
                       ru["groups"] if self.unit == "sentence" else None,
                       lu["paras"], ru["paras"], lu["ok"], ru["ok"], hidden)
        return al.swapped() if self._flip else al

    def _append_unaligned(self, out: dict, art: Article, p0: int) -> None:
        sent = _sentences_before(art, p0)
        for pn in range(p0, len(art.paragraphs)):
            para = art.paragraphs[pn]
            ok = not para.boilerplate and para.role not in ("date", "dateline", "byline")
            if self.unit == "paragraph":
                out["units"].append(para.span)
                out["groups"].append(-1)
                out["paras"].append(pn)
                out["ok"].append(ok)
                continue
            for s in para.sentences:
                out["units"].append(s)
                out["groups"].append(sent)
                out["paras"].append(pn)
                out["ok"].append(ok)
                sent += 1


def _para(al: Alignment, side: int, unit: int) -> int:
    paras = al.right_paragraphs if side else al.left_paragraphs
    return paras[unit]


def _sentences_before(article: Article, p0: int) -> int:
    return sum(len(p.sentences) for p in article.paragraphs[:p0])
