"""Searching several indexes as one: the sentences of a big library, then its quotes.

Why: on a 20 MB article the quotes take minutes to find, the sentences' index seconds. The
search screen answers from the sentences' index at once and adds the quotes' index when the
quotes are found, instead of building one index over both after the quotes (and waiting for
them). A query's answer is the best ``limit`` hits of the parts, by score (each part scores as
``SearchIndex`` does; ties keep the parts' order, sentences first).
"""
from __future__ import annotations

from typing import Callable, Sequence

from .index import SearchHit, SearchIndex
from .searcher import Searcher


def _merge(parts: Sequence[list[SearchHit]], limit: int) -> list[SearchHit]:
    hits = [(h, p, i) for p, part in enumerate(parts) for i, h in enumerate(part)]
    hits.sort(key=lambda t: (-t[0].score, t[1], t[2]))
    return [h for h, _, _ in hits[:limit]]


class CombinedIndex:
    """Several SearchIndexes searched as one (see the module docstring)."""

    def __init__(self, parts: Sequence[SearchIndex]) -> None:
        self.parts = list(parts)

    def __len__(self) -> int:
        return sum(len(p) for p in self.parts)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        return _merge([p.search(query, limit) for p in self.parts], limit)

    def search_exact(self, query: str, limit: int = 20,
                     cancelled: Callable[[], bool] | None = None) -> list[SearchHit] | None:
        parts = []
        for p in self.parts:
            hits = p.search_exact(query, limit, cancelled)
            if hits is None:
                return None
            parts.append(hits)
        return _merge(parts, limit)


class CombinedSearcher:
    """A ``Searcher`` per part, answers merged: the same interface as ``Searcher``."""

    def __init__(self, index: CombinedIndex, limit: int = 20) -> None:
        self.index = index
        self.limit = limit
        self.searchers = [Searcher(p, limit) for p in index.parts]
        self.results: list[SearchHit] = []

    @property
    def exact(self) -> bool:
        return all(s.exact for s in self.searchers)

    @property
    def narrowed(self) -> bool:
        return all(s.narrowed for s in self.searchers)

    def reset(self) -> None:
        for s in self.searchers:
            s.reset()
        self.results = []

    def update(self, query: str, limit: int | None = None) -> list[SearchHit]:
        limit = self.limit if limit is None else limit
        self.results = _merge([s.update(query, limit) for s in self.searchers], limit)
        return self.results


def searcher_for(index, limit: int = 20):
    """A Searcher for a SearchIndex, a CombinedSearcher for a CombinedIndex."""
    if isinstance(index, CombinedIndex):
        return CombinedSearcher(index, limit)
    return Searcher(index, limit)
