"""Fuzzy search over sentences and quotes, as you type. Plain Python and numpy; no Textual.

    idx = SearchIndex.cached(articles, quotes)     # or SearchIndex.build / from_records
    idx.search("figting for our lifes")            # -> list[SearchHit], best first
    s = Searcher(idx); s.update("fig"); s.update("figt")   # incremental, same results
"""
from .index import SearchHit, SearchIndex, SearchState, Term
from .searcher import Searcher
from .store import IndexFileError, cache_dir, content_key

__all__ = ["IndexFileError", "SearchHit", "SearchIndex", "SearchState", "Searcher", "Term",
           "cache_dir", "content_key"]
