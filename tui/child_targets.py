"""The jobs ``tui.childjob`` runs in a child process: reading an article, finding quotes,
building a search index. Each is ``f(payload, update) -> result``; what crosses to the parent
is plain values (see ``pack_article``, ``quote_tuple``), sent in small messages.

Articles are given as references: ``("path", path, id, size)`` (the child reads the file) or
``("packed", packed)`` (the parent had it parsed already; ``tui.corpus.packed``).
"""
from __future__ import annotations

import time
from typing import Any, Callable

Update = Callable[[Any], None]
# At most this many updates a second reach the parent (each is a message it must unpickle).
UPDATES_PER_SECOND = 10
# Quotes sent in one message: unpickling one takes the parent a few milliseconds.
QUOTES_PER_MESSAGE = 2000


def quote_tuple(q) -> tuple:
    return (q.article_id, q.path, q.start, q.end, q.text, q.speaker, q.fragment, q.paragraph,
            q.statement, q.group)


def quote_of(t: tuple):
    from tui.quotes import Quote

    return Quote(*t)


class _Throttle:
    def __init__(self) -> None:
        self.last = 0.0

    def due(self, final: bool = False) -> bool:
        now = time.monotonic()
        if final or now - self.last >= 1 / UPDATES_PER_SECOND:
            self.last = now
            return True
        return False


def _read(refs: list, update: Update) -> list:
    """The articles of ``refs``, sending ("read", done, in all) on the way: bytes of the files
    read, characters of the packed articles rebuilt."""
    from tui.corpus import LoadError, read_article
    from tui.corpus.packed import unpack_article

    # Packed articles count their characters: rebuilding a 20 MB one takes seconds, and a
    # screen with no figure for that long looks stuck.
    total = sum(r[3] if r[0] == "path" else len(r[1]["text"]) for r in refs) or 1
    done = 0
    throttle = _Throttle()
    out = []
    for ref in refs:
        if ref[0] == "packed":
            def unpacked(chars: int, of: int, base=done) -> None:
                if throttle.due():
                    update(("read", base + chars, total))

            update(("read", done, total))
            out.append(unpack_article(ref[1], pause=None, progress=unpacked))
            done += len(ref[1]["text"])
            continue
        _, path, article_id, size = ref

        def progress(chars: int, of: int, base=done, size=size) -> None:
            if throttle.due():
                update(("read", base + size * chars // max(of, 1), total))

        try:
            article = read_article(path, progress=progress)
        except LoadError:
            continue  # the parent reports unreadable files when it scans
        done += size
        if throttle.due():
            update(("read", done, total))
        if article_id is None or article.id == article_id:
            out.append(article)
    update(("read", total, total))
    return out


def read_article(payload: dict, update: Update) -> dict:
    """One article, packed. payload: {"path"}; updates: ("read", chars done, chars in all)."""
    from tui.corpus import read_article as read
    from tui.corpus.packed import pack_article

    throttle = _Throttle()

    def progress(done: int, total: int) -> None:
        if throttle.due(done >= total):
            update(("read", done, total))

    return pack_article(read(payload["path"], progress=progress))


def quotes(payload: dict, update: Update) -> int:
    """Every quote of the articles, grouped. payload: {"articles": refs}. Updates:
    ("read", …) while files are read; ("found", chars done, chars in all, [quote tuples]) as
    quotes are found (speakers as resolved so far); ("grouping", done, total); then the final
    quotes, grouped, as ("final", [quote tuples]) messages. Returns how many there are."""
    from tui.quotes import quotes_job

    articles = _read(payload["articles"], update)
    throttle = _Throttle()
    pending: list = []
    last = (0, 0)
    for step in quotes_job(articles):
        if step.stage == "reading":
            pending.extend(quote_tuple(q) for q in step.quotes)
            last = (step.done, step.total)
            if throttle.due() or len(pending) >= QUOTES_PER_MESSAGE:
                update(("found", step.done, step.total, pending))
                pending = []
        elif step.stage == "grouping":
            if pending:
                update(("found", *last, pending))
                pending = []
            if throttle.due():
                update(("grouping", step.done, step.total))
        else:
            if pending:
                update(("found", *last, pending))
                pending = []
            quotes_ = step.quotes
            for i in range(0, len(quotes_), QUOTES_PER_MESSAGE):
                update(("final", [quote_tuple(q) for q in quotes_[i:i + QUOTES_PER_MESSAGE]]))
            return len(quotes_)
    return 0


def search_index(payload: dict, update: Update) -> str:
    """A search index built and saved in the cache (``SearchIndex.cached``); returns the file's
    path. payload: {"articles": refs, "quotes": [quote tuples] or None, "early": folder or
    None}. Updates: ("read", …); ("indexing", records done, records in all); with "early",
    ("early", path) once an index of the first records is saved there."""
    from tui.search import SearchIndex
    from tui.search.store import cache_dir, content_key

    articles = _read(payload["articles"], update)
    quotes_ = [quote_of(t) for t in payload["quotes"]] if payload.get("quotes") else None
    throttle = _Throttle()

    def progress(done: int, total: int) -> None:
        if throttle.due(done >= total):
            update(("indexing", done, total))

    early_folder = payload.get("early")

    def early(index) -> None:
        import os
        from pathlib import Path

        path = Path(early_folder) / f"early-{os.getpid()}.npz"
        index.save(path)
        update(("early", str(path)))

    SearchIndex.cached(articles, quotes_, progress=progress,
                       early=early if early_folder else None)
    return str(cache_dir() / f"{content_key(articles, quotes_)}.npz")
