"""The quotes of a library as a job a caller can drive: in steps, with progress, cancellable.

Why: one article can be 20 MB (a book, a transcript dump). Read in one call it holds the
caller for tens of seconds, so an app screen would freeze and could not be left. ``quotes_job``
is a generator: it reads each article in blocks of paragraphs (about ``block_chars``
characters each), and after each block yields a ``QuotesUpdate`` with the characters read so
far, the total, and the quotes completed in that block (speakers as resolved so far: a surname
met before its full name is corrected in place when the article is finished). Then it merges
names across the library and groups statements, yielding progress on the way, and ends with a
"done" update holding every quote. Between two steps it checks ``cancel`` (a callable returning
True, or a ``threading.Event``) and raises ``Cancelled``, so a job stops within one block's
work (a few tens of milliseconds).

Memory: the job keeps the quotes, the names met, and for grouping one compact record per
distinct wording; tokens and grammar are per paragraph and dropped after it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from . import cache as _cache
from .cancel import Cancelled, Ticker, cancel_check
from .extract import ArticleReader
from .group import group_steps
from .model import Quote
from .speakers import LibraryNames, Person

# Characters of text read between two checks of the cancel flag (and two updates). Reading
# runs at about 1-2 MB/s, so a block is 10-30 ms of work.
BLOCK_CHARS = 32_000


@dataclass
class QuotesUpdate:
    """One step of a quotes job. ``stage`` is "reading", "grouping" or "done"; ``done`` and
    ``total`` count characters while reading and statements while grouping. ``quotes`` holds
    the quotes completed in this step while reading, and every quote (grouped) when done."""

    stage: str
    done: int
    total: int
    quotes: list[Quote]


def _speaker(ref, reader: ArticleReader, names: LibraryNames) -> str | None:
    if ref is None:
        return None
    if isinstance(ref, Person):
        return names.name(ref)
    if isinstance(ref, tuple) and ref[0] == "role":
        holder = reader.names.role(ref[1], ref[2])
        if holder is not None:
            return names.name(holder)
        return names.role(ref[1], ref[2])
    return None


def resolve_library(readers: list[ArticleReader], stop=None) -> list[Quote]:
    """Every quote of the finished ``readers``, each speaker given the one name the whole
    library uses for that person."""
    ticker = Ticker(stop or cancel_check(None))
    names = LibraryNames()
    for r in readers:
        names.add(r.names)
    names.build()
    out: list[Quote] = []
    for r in readers:
        for q, ref in r.refs:
            ticker.tick()
            q.speaker = _speaker(ref, r, names)
        out.extend(r.quotes)
    return out


def quotes_job(articles, *, cancel=None, block_chars: int = BLOCK_CHARS,
               cache: bool = True) -> Iterator[QuotesUpdate]:
    """Find, resolve and group the quotes of ``articles`` step by step (module docstring)."""
    articles = list(articles)
    stop = cancel_check(cancel)
    total = sum(len(a.text) for a in articles)
    key = None
    if cache and len(articles) >= _cache.MIN_ARTICLES:
        key = _cache.library_key(articles)
        hit = _cache.load(key, articles)
        if hit is not None:
            yield QuotesUpdate("done", total, total, hit)
            return
    readers = []
    offset = 0
    for a in articles:
        if stop():
            raise Cancelled()
        reader = ArticleReader(a)
        paras = a.paragraphs
        p = 0
        while p < len(paras):
            size = 0
            q = p
            while q < len(paras) and (q == p or size < block_chars):
                size += paras[q].end - paras[q].start
                q += 1
            new = reader.read(p, q)
            p = q
            yield QuotesUpdate("reading", offset + (paras[q - 1].end if q < len(paras) else len(a.text)),
                               total, new)
            if stop():
                raise Cancelled()
        if not paras:
            yield QuotesUpdate("reading", offset + len(a.text), total, [])
        reader.finish(stop)
        readers.append(reader)
        offset += len(a.text)
    if stop():
        raise Cancelled()
    yield QuotesUpdate("grouping", 0, 0, [])
    if stop():
        raise Cancelled()
    quotes = resolve_library(readers, stop)
    del readers
    for done, n in group_steps(quotes, stop):
        yield QuotesUpdate("grouping", done, n, [])
        if stop():
            raise Cancelled()
    if key is not None:
        _cache.store(key, quotes)
    yield QuotesUpdate("done", total, total, quotes)


def article_quotes(article, *, cancel=None) -> list[Quote]:
    """Every quote of one article, speakers resolved within it, repeats of one statement
    grouped; ``cancel`` as for ``quotes_job``."""
    result: list[Quote] = []
    for update in quotes_job([article], cancel=cancel, cache=False):
        if update.stage == "done":
            result = update.quotes
    return result
