"""User corrections of an alignment, anchored by text so that they survive re-alignment.

A correction is a record ``{"op": "link" | "unlink", "left": anchor, "right": anchor}`` (plus
``"id"`` when it comes from the state store). An anchor names a passage of one article by its
text, not by an index: ``{"texts": [...], "occurrences": [...], "start": offset}`` — the text
of each contiguous span of the passage with runs of whitespace folded to one space, which
occurrence of that text in the article it was (0 for the first), and where the passage began
(a hint when the text now occurs fewer times). So a correction still finds its passage when
the aligner cuts sentences differently, when paragraphs are re-wrapped, or when the algorithm
changes; it is skipped only when the text itself is gone. Indices from older state files
(``{"paragraphs": [...]}``, ``{"sentences": [...]}``) are read too (see ``legacy_to_text``).

What the operations mean, applied in the order they were made:

* ``link`` links exactly these passages (a manual link, score 1, kind match); automatic or
  earlier manual links that share a unit with it give way.
* ``unlink`` of a manual link cancels it: the aligner's links come back (the record and the
  link it cancels both drop out).
* ``unlink`` of an automatic link hides it. The hidden link stays in ``Alignment.hidden``
  with the id of the record that hides it, so deleting that record undoes the hiding.

A unit belongs to an anchor when at least half of its characters lie inside the anchored
text (the rule the bench scorer uses for verses), so passages cut a little differently still
resolve.
"""
from __future__ import annotations

import bisect
import re
import weakref
from typing import Any, Iterable

from tui.corpus import Article, Span

from .model import Link

OPS = ("link", "unlink")
LEGACY_KEYS = ("paragraphs", "sentences")
_NONSPACE = re.compile(r"\S+")


class _Folded:
    """An article's text with every run of whitespace folded to one space (and none at the
    ends), and the map between folded and original offsets."""

    def __init__(self, text: str):
        words = [(m.start(), m.end()) for m in _NONSPACE.finditer(text)]
        self.text = " ".join(text[s:e] for s, e in words)
        self.folded_starts: list[int] = []
        self.original_starts: list[int] = []
        at = 0
        for s, e in words:
            self.folded_starts.append(at)
            self.original_starts.append(s)
            at += e - s + 1
        self.lengths = [e - s for s, e in words]

    def _to_original(self, x: int, end: bool) -> int:
        k = max(0, bisect.bisect_right(self.folded_starts, x) - 1)
        if not self.folded_starts:
            return 0
        inside = x - self.folded_starts[k]
        if end and inside == 0 and k:  # an end just after a folded space: end of the word before
            return self.original_starts[k - 1] + self.lengths[k - 1]
        return self.original_starts[k] + min(inside, self.lengths[k])

    def original(self, folded_start: int, folded_end: int) -> tuple[int, int]:
        return self._to_original(folded_start, False), self._to_original(folded_end, True)

    def folded_offset(self, original: int) -> int:
        k = bisect.bisect_right(self.original_starts, original) - 1
        if k < 0:
            return 0
        return self.folded_starts[k] + min(original - self.original_starts[k], self.lengths[k])


_FOLDED: "weakref.WeakKeyDictionary[Article, _Folded]" = weakref.WeakKeyDictionary()


def _folded(article: Article) -> _Folded:
    got = _FOLDED.get(article)
    if got is None:
        got = _FOLDED[article] = _Folded(article.text)
    return got


def fold(text: str) -> str:
    return " ".join(text.split())


def _contiguous(spans: list[Span]) -> list[tuple[int, int]]:
    """Spans joined where only whitespace separates them."""
    out: list[list[int]] = []
    for sp in sorted(spans, key=lambda s: s.start):
        if out and sp.start <= out[-1][1] + 1:
            out[-1][1] = max(out[-1][1], sp.end)
        else:
            out.append([sp.start, sp.end])
    return [(s, e) for s, e in out]


def anchor(article: Article, spans: Iterable[Span]) -> dict[str, Any]:
    """The text anchor of a passage made of ``spans`` of ``article``."""
    f = _folded(article)
    texts, occurrences = [], []
    joined = _contiguous(list(spans))
    for s, e in joined:
        t = fold(article.text[s:e])
        texts.append(t)
        # which occurrence: count those starting before this one in the folded text
        at = f.folded_offset(s)
        n, k = 0, f.text.find(t)
        while 0 <= k < at:
            n += 1
            k = f.text.find(t, k + 1)
        occurrences.append(n)
    return {"texts": texts, "occurrences": occurrences, "start": joined[0][0] if joined else 0}


def _find(article: Article, text: str, occurrence: int, hint: int) -> tuple[int, int] | None:
    if not text:
        return None
    f = _folded(article)
    found = []
    k = f.text.find(text)
    while k >= 0:
        found.append(k)
        if len(found) > occurrence and len(found) > 64:
            break
        k = f.text.find(text, k + 1)
    if not found:
        return None
    if occurrence < len(found):
        k = found[occurrence]
    else:  # the text occurs fewer times now: the occurrence nearest where it was
        k = min(found, key=lambda x: abs(f.original(x, x + 1)[0] - hint))
    return f.original(k, k + len(text))


def _units_in(ranges: list[tuple[int, int]], units: list[Span]) -> tuple[int, ...]:
    """Units with at least half of their characters inside ``ranges``."""
    starts = [u.start for u in units]
    got = set()
    for s, e in ranges:
        k = max(0, bisect.bisect_right(starts, s) - 1)
        while k < len(units) and units[k].start < e:
            u = units[k]
            inside = min(e, u.end) - max(s, u.start)
            if len(u) and inside * 2 >= len(u):
                got.add(k)
            k += 1
    return tuple(sorted(got))


def resolve(article: Article, anchor_: Any, units: list[Span]) -> tuple[int, ...]:
    """The units (spans of ``article``) an anchor names; () when it names nothing here."""
    if not isinstance(anchor_, dict):
        return ()
    if "texts" in anchor_:
        texts = anchor_.get("texts")
        occ = anchor_.get("occurrences") or []
        hint = anchor_.get("start", 0)
        if not isinstance(texts, list) or not isinstance(hint, int):
            return ()
        ranges = []
        for n, t in enumerate(texts):
            o = occ[n] if n < len(occ) and isinstance(occ[n], int) and occ[n] >= 0 else 0
            if not isinstance(t, str):
                return ()
            r = _find(article, fold(t), o, hint)
            if r is None:
                return ()
            ranges.append(r)
        return _units_in(ranges, units)
    legacy = _legacy_spans(article, anchor_)
    return _units_in([(s.start, s.end) for s in legacy], units) if legacy else ()


def _legacy_spans(article: Article, anchor_: dict) -> list[Span]:
    for key, spans in (("paragraphs", [p.span for p in article.paragraphs]),
                       ("sentences", article.sentences)):
        idx = anchor_.get(key)
        if idx is None:
            continue
        if not isinstance(idx, list) or not idx or not all(
                type(i) is int and 0 <= i < len(spans) for i in idx):
            return []
        return [spans[i] for i in sorted(set(idx))]
    return []


def legacy_to_text(article: Article, anchor_: Any) -> dict | None:
    """A text anchor for an index anchor of an older state file (``{"paragraphs": [...]}``
    or ``{"sentences": [...]}``), or None when it is not one or does not fit ``article``."""
    if not isinstance(anchor_, dict) or "texts" in anchor_:
        return None
    spans = _legacy_spans(article, anchor_)
    return anchor(article, spans) if spans else None


def apply(links: list[Link], records: Iterable[Any], left: Article, right: Article,
          left_units: list[Span], right_units: list[Span],
          left_linkable: list[bool] | None = None,
          right_linkable: list[bool] | None = None) -> tuple[list[Link], list[Link]]:
    """Automatic ``links`` with ``records`` applied: (links, hidden automatic links).
    Records that do not fit these texts (unknown op, anchors that name nothing, units that
    cannot be linked) are skipped."""
    resolved: list[tuple[str, tuple[int, ...], tuple[int, ...], str | None]] = []
    for rec in records or ():
        try:
            op = rec["op"]
            if op not in OPS:
                continue
            a = resolve(left, rec.get("left"), left_units)
            b = resolve(right, rec.get("right"), right_units)
        except (KeyError, TypeError, AttributeError):
            continue
        if not a or not b:
            continue
        if left_linkable is not None and not all(left_linkable[i] for i in a):
            continue
        if right_linkable is not None and not all(right_linkable[j] for j in b):
            continue
        rid = rec.get("id") if isinstance(rec.get("id"), str) else None
        resolved.append((op, a, b, rid))
    # An unlink of what an earlier link record made cancels that record.
    live: list[tuple[str, tuple[int, ...], tuple[int, ...], str | None]] = []
    for op, a, b, rid in resolved:
        if op == "unlink":
            k = next((n for n in range(len(live) - 1, -1, -1)
                      if live[n][0] == "link" and live[n][1] == a and live[n][2] == b), None)
            if k is not None:
                del live[k]
                continue
        live.append((op, a, b, rid))
    out = list(links)
    hidden: list[Link] = []
    for op, a, b, rid in live:
        sa, sb = set(a), set(b)
        if op == "link":
            out = [k for k in out if not (sa & set(k.left) or sb & set(k.right))]
            out.append(Link(a, b, 1.0, "match", "manual", rid))
        else:
            keep = []
            for k in out:
                if k.origin == "auto" and set(k.left) <= sa and set(k.right) <= sb:
                    hidden.append(Link(k.left, k.right, k.score, k.kind, "auto", rid))
                else:
                    keep.append(k)
            out = keep
    return out, hidden


def link_record(left: Article, right: Article, left_spans: Iterable[Span],
                right_spans: Iterable[Span]) -> dict[str, Any]:
    """The record that links these passages (for ``StateStore.add_correction``)."""
    return {"op": "link", "left": anchor(left, left_spans), "right": anchor(right, right_spans)}


def unlink_action(left: Article, right: Article, alignment, link: Link) -> tuple[str, Any]:
    """What unlinking ``link`` of ``alignment`` takes: ("delete", record id) for a manual
    link (the aligner's result comes back), ("add", record) for an automatic one (hides it;
    deleting that record later undoes it). A manual link made by a record without an id is
    cancelled by adding an unlink record."""
    if link.origin == "manual" and link.correction:
        return "delete", link.correction
    lu, ru = alignment.units(0), alignment.units(1)
    return "add", {"op": "unlink", "left": anchor(left, [lu[i] for i in link.left]),
                   "right": anchor(right, [ru[j] for j in link.right])}


def from_store(store: Any, left: Article, right: Article, unit: str) -> list[dict]:
    """Corrections of ``left`` against ``right`` kept in a state store (``StateStore``), in
    either order, oldest first. Index anchors of older state files are turned into text
    anchors here, the first time the two articles are read together, and saved back."""
    records = store.corrections(left.id, right.id, unit, either_order=True)
    for rec in records:
        new_left = legacy_to_text(left, rec.get("left"))
        new_right = legacy_to_text(right, rec.get("right"))
        if new_left is None and new_right is None:
            continue
        rec["left"] = new_left or rec["left"]
        rec["right"] = new_right or rec["right"]
        store.replace_correction_anchors(rec["id"], rec["left"], rec["right"],
                                         swapped=bool(rec.get("swapped")))
    return records
