"""What the on-disk caches are keyed by: the exact text, and the code that produced the entry.

Offsets are only valid for the exact text they were computed on, so a cache that holds offsets
(search index, quotes, alignments) is keyed by ``text_key`` of every text it read, never by
``Article.id``: the id folds whitespace so that reading state survives re-wrapping, which is
exactly the change that moves every offset after it. The code that produced an entry is in the
key too (``code_version``: a hash of the package's source), so a changed rule or tokenizer
misses instead of serving what the old code computed, whether or not someone remembered to
bump a version number.

Plain Python below every layer (no Textual).
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path


def text_key(text: str) -> str:
    """A hash of ``text`` exactly as read (whitespace and all)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


@lru_cache(maxsize=None)
def code_version(package_dir: str | Path) -> str:
    """A hash of the files of one package folder and its subfolders (names and contents;
    compiled files left out): its code and any data its rules read."""
    root = Path(package_dir)
    files = sorted(f for f in root.rglob("*")
                   if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc")
    h = hashlib.blake2b(digest_size=8)
    for f in files:
        h.update(f.relative_to(root).as_posix().encode())
        h.update(b"\0")
        h.update(f.read_bytes())
        h.update(b"\0")
    return h.hexdigest()
