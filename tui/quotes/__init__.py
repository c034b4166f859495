"""Quotes layer: direct quotations with speakers, and groups of variants of one statement.

Plain Python (no Textual). ``extract_quotes`` reads one article; ``library_quotes`` reads many
and resolves speaker names across all of them before grouping.
"""
from __future__ import annotations

from typing import Callable

from . import cache as _cache
from .extract import analyse, extract_quotes, resolve, speaker_names
from .group import group_quotes
from .model import Quote


def library_quotes(articles, *, cache: bool = True,
                   progress: Callable[[int, int], None] | None = None) -> list[Quote]:
    """Every quote of every article, speakers merged across the library, variants grouped.
    Articles are read in the order given; quotes come out article by article in text order.

    A library of MIN_ARTICLES or more is cached on disk (``$SYNOPTIC_CACHE_DIR/quotes``),
    keyed by every article's path and content and by this package's code. ``progress(done,
    total)`` is called as articles are read (a large library takes many seconds), and with
    ``done == total`` before the grouping that follows."""
    articles = list(articles)
    key = None
    if cache and len(articles) >= _cache.MIN_ARTICLES:
        key = _cache.library_key(articles)
        hit = _cache.load(key, articles)
        if hit is not None:
            return hit
    analyses = []
    for n, a in enumerate(articles):
        if progress is not None and n % 50 == 0:
            progress(n, len(articles))
        analyses.append(analyse(a))
    if progress is not None:
        progress(len(articles), len(articles))
    names = speaker_names(analyses)
    quotes = group_quotes([q for an in analyses for q in resolve(an, names)])
    if key is not None:
        _cache.store(key, quotes)
    return quotes


__all__ = ["Quote", "extract_quotes", "group_quotes", "library_quotes"]
