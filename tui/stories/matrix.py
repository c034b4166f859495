"""A library's article features as one sparse matrix over a shared vocabulary.

Rows are articles (in the order they were added), columns terms; each stored cell holds the
term's body count, headline count and flags. Numpy arrays rather than dicts: grouping 10,000
articles touches a few million cells, which numpy does in tens of milliseconds and Python
loops in seconds. The matrix is what the cache stores, so a library whose articles were seen
before is grouped without reading a file.

Rows are appended in place (``extend``): the arrays are views of buffers with room to spare,
which double when full, so adding one article to a library of 100,000 costs its own cells, not
a copy of every cell (``Growable``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .features import ArticleFeatures

NO_DAY = np.int32(-(2 ** 31))


class Growable:
    """Appends to numpy arrays without copying them each time: each array named here is a view
    of the first ``len`` items of a buffer with spare room, replaced (doubled) when full. Views
    handed out earlier keep their length and content: appends only write past their end."""

    __slots__ = ("_spare",)

    def __init__(self) -> None:
        self._spare: dict[str, np.ndarray] = {}

    def append(self, owner, name: str, values) -> None:
        """``owner.<name>`` with ``values`` appended (converted to its dtype)."""
        view = getattr(owner, name)
        used = len(view)
        buf = self._spare.get(name)
        if buf is None or not (view is buf or view.base is buf):
            buf = view      # set from outside (a loaded cache entry): no room yet
        need = used + len(values)
        if need > len(buf):
            grown = np.empty(max(need, 2 * len(buf), 64), view.dtype)
            grown[:used] = view
            buf = grown
        buf[used:need] = values
        self._spare[name] = buf
        setattr(owner, name, buf[:need])


@dataclass
class FeatureMatrix:
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    outlets: list[str | None] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)             # column -> term
    vocab: dict[str, int] = field(default_factory=dict)        # term -> column
    indptr: np.ndarray = field(default_factory=lambda: np.zeros(1, np.int64))
    cols: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    body: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint16))
    head: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint16))
    flags: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    days: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))
    _growable: Growable = field(default_factory=Growable, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def build(cls, features: list[ArticleFeatures]) -> "FeatureMatrix":
        m = cls()
        m.extend(features)
        return m

    def extend(self, features: list[ArticleFeatures]) -> None:
        """Append rows (one per article)."""
        if not features:
            return
        vocab, terms = self.vocab, self.terms
        cols: list[int] = []
        body: list[int] = []
        head: list[int] = []
        flags: list[int] = []
        lengths: list[int] = []
        days: list[int] = []
        for f in features:
            for t in f.terms:
                c = vocab.get(t)
                if c is None:
                    c = vocab[t] = len(terms)
                    terms.append(t)
                cols.append(c)
            body.extend(f.body)
            head.extend(f.head)
            flags.extend(f.flags)
            lengths.append(len(f.terms))
            days.append(NO_DAY if f.day is None else f.day)
            self.ids.append(f.id)
            self.titles.append(f.title)
            self.outlets.append(f.outlet)
        cap = np.iinfo(np.uint16).max
        grow = self._growable.append
        grow(self, "indptr", self.indptr[-1] + np.cumsum(np.asarray(lengths, np.int64)))
        grow(self, "cols", np.asarray(cols, np.int32))
        grow(self, "body", np.minimum(np.asarray(body, np.int64), cap))
        grow(self, "head", np.minimum(np.asarray(head, np.int64), cap))
        grow(self, "flags", np.asarray(flags, np.uint8))
        grow(self, "days", np.asarray(days, np.int32))

    def select(self, rows: list[int] | np.ndarray) -> "FeatureMatrix":
        """A matrix of the given rows, in that order (the vocabulary is shared, not copied)."""
        rows = np.asarray(rows, np.int64)
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        indptr = np.zeros(len(rows) + 1, np.int64)
        np.cumsum(lengths, out=indptr[1:])
        cells = _ranges(starts, lengths)
        return FeatureMatrix(
            ids=[self.ids[r] for r in rows], titles=[self.titles[r] for r in rows],
            outlets=[self.outlets[r] for r in rows], terms=self.terms, vocab=self.vocab,
            indptr=indptr, cols=self.cols[cells], body=self.body[cells], head=self.head[cells],
            flags=self.flags[cells], days=self.days[rows])

    def compact(self) -> "FeatureMatrix":
        """The same rows over a vocabulary of only the terms they use (a library that lost
        articles would otherwise carry their words from cache entry to cache entry)."""
        present = np.zeros(len(self.terms), bool)
        present[self.cols] = True
        if present.all():
            return self
        used = np.flatnonzero(present)
        remap = np.cumsum(present) - 1
        cols = remap[self.cols]
        terms = [self.terms[c] for c in used]
        return FeatureMatrix(ids=self.ids, titles=self.titles, outlets=self.outlets, terms=terms,
                             vocab={t: i for i, t in enumerate(terms)}, indptr=self.indptr,
                             cols=cols.astype(np.int32), body=self.body, head=self.head,
                             flags=self.flags, days=self.days)

    def features(self, row: int) -> ArticleFeatures:
        """Row ``row`` as the features it was made from (terms shared with the vocabulary)."""
        s, e = int(self.indptr[row]), int(self.indptr[row + 1])
        day = int(self.days[row])
        return ArticleFeatures(id=self.ids[row], title=self.titles[row],
                               outlet=self.outlets[row], day=None if day == NO_DAY else day,
                               terms=[self.terms[c] for c in self.cols[s:e].tolist()],
                               body=self.body[s:e].tolist(), head=self.head[s:e].tolist(),
                               flags=self.flags[s:e].tolist())

    def row_terms(self, row: int) -> list[str]:
        s, e = self.indptr[row], self.indptr[row + 1]
        return [self.terms[c] for c in self.cols[s:e]]


def _ranges(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenation of arange(s, s + n) for each (s, n), without a Python loop."""
    total = int(lengths.sum())
    if total == 0:
        return np.zeros(0, np.int64)
    ends = np.cumsum(lengths)
    offsets = np.repeat(starts - (ends - lengths), lengths)
    return np.arange(total, dtype=np.int64) + offsets
