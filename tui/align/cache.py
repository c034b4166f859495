"""On-disk cache of alignments: small JSON files keyed by content, unit and algorithm version.

Keys come from the exact text of both articles, so a changed file gets a new key and its old
entries are simply never read again. Writes go to a temporary file then ``os.replace``, so a
reader never sees half a file; an entry that cannot be read or does not fit is ignored.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from tui.atomic import write_atomic

from .model import KINDS, Link


def cache_dir() -> Path:
    base = os.environ.get("SYNOPTIC_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("synoptic")
    return Path(base) / "align"


def entry_key(left_key: str, right_key: str, unit: str, version: str) -> str:
    raw = f"{left_key}\0{right_key}\0{unit}\0{version}".encode()
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
