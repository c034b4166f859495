"""Cheap content similarity between whole articles, to suggest the most related one.

``related_score`` compares two articles; ``rank_related`` orders candidates by it (the compare
view's "most related" suggestion and its article picker); ``likely_related`` narrows a large
library to the candidates worth scoring, from titles and dates alone.
"""
from __future__ import annotations

import math
import time
import weakref
from typing import Callable, Iterable, Protocol, Sequence, TypeVar

from tui.cancel import CancelCheck, check
from tui.corpus import Article, LoadError

from .text import sublinear, term_counts

# Article objects are immutable in practice; their term vector is computed once.
K = TypeVar("K")


class Described(Protocol):
    title: str
    date: str | None


D = TypeVar("D", bound=Described)

_VECTORS: "weakref.WeakKeyDictionary[Article, tuple[dict[str, float], float]]" = weakref.WeakKeyDictionary()


# Paragraphs counted between two pauses: a 20 MB article's vector takes many seconds of pure
# Python, and a screen's thread waiting for the interpreter meanwhile answers keys late.
PAUSE_EVERY = 200


def _tf(article: Article, cancelled: CancelCheck = None) -> tuple[dict[str, float], float]:
    got = _VECTORS.get(article)
    if got is None:
        text = article.text
        counts: dict[str, int] = {}
        for n, p in enumerate(article.paragraphs):
            if n % PAUSE_EVERY == PAUSE_EVERY - 1:
                time.sleep(0)
                check(cancelled)
            if p.boilerplate or p.role in ("date", "dateline", "byline"):
                continue
            for t, k in term_counts(text[p.start:p.end]).items():
                counts[t] = counts.get(t, 0) + k
        vec = {t: sublinear(k) for t, k in counts.items()}
        got = (vec, math.sqrt(sum(w * w for w in vec.values())))
        _VECTORS[article] = got
    return got


def related_score(a: Article, b: Article, cancelled: CancelCheck = None) -> float:
    """Cosine (0..1) of the two articles' content-word vectors (stop words out, stems,
    sublinear counts). About 10 µs a pair once each article's vector is built; building one
    gives the interpreter away now and then and stops (``Cancelled``) when ``cancelled``."""
    va, na = _tf(a, cancelled)
    vb, nb = _tf(b, cancelled)
    if not na or not nb:
        return 0.0
    if len(va) > len(vb):
        va, vb = vb, va
    d = sum(w * vb[t] for t, w in va.items() if t in vb)
    return max(0.0, min(1.0, d / (na * nb)))


def rank_related(target: Article, candidates: Iterable[K],
                 load: Callable[[K], Article] | None = None,
                 limit: int | None = None, cancelled: CancelCheck = None
                 ) -> list[tuple[float, K]]:
    """``candidates`` with their ``related_score`` to ``target``, best first; equal scores keep
    the order given. ``load`` turns a candidate into its Article (candidates are Articles when
    it is None); one it cannot load (``LoadError``) is left out, and so is ``target`` itself."""
    scored: list[tuple[float, K]] = []
    for candidate in candidates:
        try:
            article = candidate if load is None else load(candidate)
        except LoadError:
            continue
        if article is target:
            continue
        scored.append((float(related_score(target, article, cancelled)), candidate))
    scored.sort(key=lambda pair: -pair[0])
    return scored[:limit] if limit else scored


def likely_related(target: Described | None, others: Sequence[D], limit: int = 200) -> list[D]:
    """At most ``limit`` of ``others``, ranked by title words shared with ``target`` and the
    same date, so that scoring them (which loads each article) stays quick in a library of
    thousands. Works on metadata alone (anything with ``title`` and ``date``)."""
    if len(others) <= limit:
        return list(others)
    words = set((target.title if target else "").lower().split())

    def rank(other: D) -> tuple[int, int]:
        shared = len(words & set(other.title.lower().split()))
        same_day = int(bool(target and target.date and target.date == other.date))
        return (shared, same_day)

    return sorted(others, key=rank, reverse=True)[:limit]
