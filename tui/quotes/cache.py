"""On-disk cache of a library's quotes, so a big library is read for quotes once.

Speakers and groups depend on the whole library, so one entry holds every quote of one
library: its key comes from every article's path and exact text (``Article.text_key``: the id
ignores whitespace, and a spacing change moves every offset after it), from the source of this
package and from the parser's version (a change to the rules is a new key; old entries are
never read again; see tui/cachekeys.py). Writes go to a temporary file then ``os.replace``; an
entry that cannot be read, or whose spans do not slice back to their text, is ignored. Only
the newest few entries are kept.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tui import paths
from tui.atomic import write_atomic
from tui.cachekeys import code_version as _code_version
from tui.corpus.version import parser_version

from .model import Quote

# Below this many articles extraction is quicker than worth a file.
MIN_ARTICLES = 20
KEEP_ENTRIES = 6


def cache_dir() -> Path:
    return paths.cache_dir() / "quotes"


def code_version() -> str:
    return _code_version(Path(__file__).parent)


def library_key(articles) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{code_version()} {parser_version()}".encode())
    for a in articles:
        h.update(f"\0{a.path}\0{a.text_key}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def load(key: str, articles) -> list[Quote] | None:
    by_path = {a.path: a for a in articles}
    try:
        rows = json.loads((cache_dir() / f"{key}.json").read_text(encoding="utf-8"))
        quotes = []
        for r in rows:
            a = by_path[r["path"]]
            start, end = int(r["start"]), int(r["end"])
            if a.text[start:end] != r["text"] or a.id != r["article_id"]:
                return None
            quotes.append(Quote(article_id=a.id, path=a.path, start=start, end=end,
                                text=r["text"], speaker=r["speaker"], fragment=bool(r["fragment"]),
                                paragraph=int(r["paragraph"]), statement=int(r["statement"]),
                                group=r["group"]))
        return quotes
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store(key: str, quotes: list[Quote]) -> None:
    """Best effort: a cache that cannot be written (read-only home, full disk) is skipped."""
    folder = cache_dir()
    try:
        write_atomic(folder / f"{key}.json",
                     json.dumps([q.to_json() for q in quotes], ensure_ascii=False))
        entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
