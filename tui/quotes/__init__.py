"""Quotes layer: direct quotations with speakers, and groups of variants of one statement.

Plain Python (no Textual). ``extract_quotes`` reads one article; ``library_quotes`` reads many,
resolves speaker names within each article and then across all of them, and groups the reports
of one statement. ``quotes_job`` does the same work in steps for a caller that must stay
responsive (an app screen over a 20 MB article): it reads in paragraph blocks, yields progress
and the quotes found so far, and stops between blocks when asked to (see ``job``).
"""
from __future__ import annotations

from typing import Callable

from . import cache as _cache
from .extract import ArticleReader, extract_quotes
from .group import group_quotes
from .cancel import Cancelled, cancel_check
from .job import QuotesUpdate, article_quotes, quotes_job, resolve_library
from .model import Quote


def library_quotes(articles, *, cache: bool = True,
                   progress: Callable[[int, int], None] | None = None,
                   cancel=None) -> list[Quote]:
    """Every quote of every article, speakers merged across the library, variants grouped.
    Articles are read in the order given; quotes come out article by article in text order.

    A library of MIN_ARTICLES or more is cached on disk (``$SYNOPTIC_CACHE_DIR/quotes``).
    ``progress(done, total)`` is called as articles are read (a large library takes many
    seconds), and with ``done == total`` before the grouping that follows. ``cancel`` (a
    callable returning True, or a ``threading.Event``) stops the work between articles and
    between steps of the grouping by raising ``Cancelled``."""
    articles = list(articles)
    key = None
    if cache and len(articles) >= _cache.MIN_ARTICLES:
        key = _cache.library_key(articles)
        hit = _cache.load(key, articles)
        if hit is not None:
            return hit
    stop = cancel_check(cancel)
    readers = []
    for n, a in enumerate(articles):
        if n % 50 == 0:
            if progress is not None:
                progress(n, len(articles))
        if n % 8 == 0 and stop():
            raise Cancelled()
        reader = ArticleReader(a)
        reader.finish(stop)
        readers.append(reader)
    if progress is not None:
        progress(len(articles), len(articles))
    quotes = resolve_library(readers, stop)
    group_quotes(quotes, cancel=cancel)
    if key is not None:
        _cache.store(key, quotes)
    return quotes


__all__ = ["Cancelled", "Quote", "QuotesUpdate", "article_quotes", "extract_quotes",
           "group_quotes", "library_quotes", "quotes_job"]
