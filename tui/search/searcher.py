"""Search as you type: one Searcher per search box, fed the whole query at every keystroke."""
from __future__ import annotations

from .index import SearchHit, SearchIndex, SearchState


class Searcher:
    """Keeps work between keystrokes so each one costs little:

    * query words (and adjacent pairs) already typed keep their resolved matches and their
      score vectors, and the sum of the vectors not involving the last word is reused while
      the last word is typed;
    * for a query of common words only, the pool of sentences holding every word is narrowed
      from the previous keystroke's pool whenever each word now matches a subset of what it
      matched before (a word typed further, a finished word, a word added); a deletion or an
      edit in the middle starts afresh.

    The results are always exactly what ``index.search`` returns for the same query."""

    def __init__(self, index: SearchIndex, limit: int = 20):
        self.index = index
        self.limit = limit
        self.query: str | None = None
        self.results: list[SearchHit] = []
        self._state = SearchState()
        self._limit_used = limit

    @property
    def narrowed(self) -> bool:
        """Whether the last update built on the previous one (the sum of the finished words'
        vectors, or the previous pool) instead of starting from nothing."""
        return self._state.narrowed

    @property
    def exact(self) -> bool:
        """Whether the last results are provably the top ones (see tui/search/index.py)."""
        return self._state.exact

    def reset(self) -> None:
        self.query, self.results, self._state = None, [], SearchState()

    def update(self, query: str, limit: int | None = None) -> list[SearchHit]:
        limit = self.limit if limit is None else limit
        if query == self.query and limit == self._limit_used:
            return self.results
        self.query, self._limit_used = query, limit
        self._state.narrowed = False
        terms, norm = self.index.terms(query) if isinstance(query, str) else ([], "")
        if not terms or limit <= 0:
            self._state.pool = None
            self.results = []
            return self.results
        self.results = self.index.run(terms, norm, limit, self._state)
        return self.results
