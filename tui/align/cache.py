"""On-disk cache of alignments: small JSON files keyed by content, unit and algorithm version.

Keys come from the exact text of both articles, so a changed file gets a new key and its old
entries are simply never read again. The algorithm's version is in the key twice over: the
aligner's ALGORITHM_VERSION and parameters as the caller passes them, and the source of this
package and the parser's version (units are the parser's paragraphs and sentences), so code
that changed without a bump misses too (see tui/cachekeys.py). Writes go to a temporary file
then ``os.replace``, so a reader never sees half a file; an entry that cannot be read or does
not fit is ignored.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from tui import paths
from tui.atomic import write_atomic
from tui.cachekeys import code_version
from tui.corpus.version import parser_version

from .model import KINDS, Link


def cache_dir() -> Path:
    return paths.cache_dir() / "align"


def entry_key(left_key: str, right_key: str, unit: str, version: str) -> str:
    raw = (f"{left_key}\0{right_key}\0{unit}\0{version}\0"
           f"{code_version(Path(__file__).parent)}\0{parser_version()}").encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _path(key: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.json"


def load(key: str, n_left: int, n_right: int) -> list[Link] | None:
    try:
        data = json.loads(_path(key).read_text(encoding="utf-8"))
        if data.get("n_left") != n_left or data.get("n_right") != n_right:
            return None
        links = []
        for left, right, score, kind in data["links"]:
            left, right = tuple(int(i) for i in left), tuple(int(j) for j in right)
            if (kind not in KINDS or not left or not right
                    or not all(0 <= i < n_left for i in left)
                    or not all(0 <= j < n_right for j in right)):
                return None
            links.append(Link(left, right, float(score), kind))
        return links
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store(key: str, n_left: int, n_right: int, links: list[Link]) -> None:
    """Best effort: a cache that cannot be written (read-only home, full disk) is skipped."""
    path = _path(key)
    data = {"n_left": n_left, "n_right": n_right,
            "links": [[list(k.left), list(k.right), round(k.score, 4), k.kind] for k in links]}
    try:
        write_atomic(path, json.dumps(data, separators=(",", ":")))
    except OSError:
        pass
