"""On-disk cache of a library's story grouping and of the features it was computed from.

One entry per library content: its key hashes the exact text of every article (the caller's
text keys), the code of this package and of the corpus parser (features come from both), and
the algorithm and features versions. An entry holds the feature matrix, so a library seen
before in any nearby state (some articles added or gone) reuses the features of every article
it shares and reads only the new files; and it holds the grouping, so an unchanged library is
grouped by reading one file. Writes are atomic; an entry that cannot be read is ignored; only
the newest few are kept.
"""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from tui.atomic import write_atomic

from .features import FEATURES_VERSION
from .group import ALGORITHM_VERSION
from .matrix import FeatureMatrix

KEEP_ENTRIES = 4
_SEP = "\x1f"


def cache_dir() -> Path:
    """The folder of this cache, in the cache folder of tui/paths.py."""
    from tui.paths import cache_dir as root

    return root() / "stories"


@lru_cache(maxsize=1)
def code_version() -> str:
    """The code an entry was computed by: this package and the corpus parser (features come
    from both), hashed as every other cache does (``tui.cachekeys.code_version``)."""
    from tui.cachekeys import code_version as package_version

    here = Path(__file__).parent
    return "-".join(package_version(folder) for folder in (here, here.parent / "corpus"))


def library_key(text_keys) -> str:
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{ALGORITHM_VERSION}/{FEATURES_VERSION}/{code_version()}".encode())
    for k in sorted(text_keys):
        h.update(b"\0" + k.encode())
    return h.hexdigest()


def _join(values) -> np.ndarray:
    return np.array(_SEP.join("" if v is None else v.replace(_SEP, " ") for v in values))


def _split(array: np.ndarray, n: int) -> list[str]:
    text = str(array)
    parts = text.split(_SEP) if n else []
    if len(parts) != n:
        raise ValueError("damaged entry")
    return parts


def store(key: str, text_keys: list[str], matrix: FeatureMatrix, labels: np.ndarray,
          meta: dict) -> None:
    """Best effort: a cache that cannot be written (read-only, full disk) is skipped."""
    folder = cache_dir()
    buf = io.BytesIO()
    np.savez(buf, text_keys=_join(text_keys), ids=_join(matrix.ids),
             titles=_join(matrix.titles), outlets=_join(matrix.outlets),
             terms=_join(matrix.terms), indptr=matrix.indptr, cols=matrix.cols,
             body=matrix.body, head=matrix.head, flags=matrix.flags, days=matrix.days,
             labels=np.asarray(labels, np.int32),
             meta=np.array(json.dumps(meta | {"key": key})))
    try:
        write_atomic(folder / f"{key}.npz", buf.getbuffer())
        entries = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP_ENTRIES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def load(path: Path) -> tuple[list[str], FeatureMatrix, np.ndarray, dict] | None:
    """(text keys, matrix, labels, meta) of one entry, or None if it cannot be used."""
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(str(z["meta"]))
            if meta.get("code") != code_version():
                return None
            n = int(meta["rows"])
            text_keys = _split(z["text_keys"], n)
            outlets = [o or None for o in _split(z["outlets"], n)]
            terms = _split(z["terms"], int(meta["terms"]))
            m = FeatureMatrix(ids=_split(z["ids"], n), titles=_split(z["titles"], n),
                              outlets=outlets, terms=terms,
                              vocab={t: i for i, t in enumerate(terms)},
                              indptr=z["indptr"], cols=z["cols"], body=z["body"],
                              head=z["head"], flags=z["flags"], days=z["days"])
            labels = z["labels"]
        if len(m.indptr) != n + 1 or len(labels) != n or len(m.days) != n \
                or int(m.indptr[-1]) != len(m.cols) or (len(m.cols) and int(m.cols.max()) >= len(terms)):
            return None
        return text_keys, m, labels, meta
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
        return None


def peek_keys(path: Path) -> list[str]:
    """The text keys of one entry (reads only that part of it); [] if it cannot be read."""
    try:
        with np.load(path, allow_pickle=False) as z:
            text = str(z["text_keys"])
        return text.split(_SEP) if text else []
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return []


def entries() -> list[Path]:
    """Cached entries, newest first."""
    try:
        return sorted(cache_dir().glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return []
