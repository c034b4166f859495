"""Saving and loading a SearchIndex, and the content-keyed cache.

One ``.npz`` file of plain arrays (no pickle, so a cache file can never run code). Strings are
stored as one UTF-8 blob each with their lengths. The cache key hashes the article ids (ids come
from content) and the quotes, so rescanning or moving the library reuses the index; paths are
refreshed from the articles on load.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from tui.atomic import write_atomic

from .vocab import Vocabulary

# Bump when the file layout or the tokenizer changes: old cache files are then ignored.
FORMAT = 4  # 4: boilerplate paragraphs are no longer indexed
KEEP_CACHE_FILES = 8


class IndexFileError(ValueError):
    """The file is not a search index this version can read."""


def cache_dir() -> Path:
    from tui.corpus.library import default_cache_dir

    return default_cache_dir() / "search"


def content_key(articles, quotes=None) -> str:
    h = hashlib.sha256(f"synoptic-search {FORMAT}\n".encode())
    for a in articles:
        h.update(f"a {a.id}\n".encode())
    for q in quotes or ():
        h.update(f"q {q.article_id} {q.start} {q.end} {len(q.text)}\n".encode())
        h.update(q.text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:32]


def _blob(strings: list[str], sep: str | None = None) -> dict[str, np.ndarray]:
    if sep is not None:
        return {"blob": np.frombuffer("\n".join(strings).encode("utf-8", "surrogatepass"),
                                      np.uint8)}
    return {"blob": np.frombuffer("".join(strings).encode("utf-8", "surrogatepass"), np.uint8),
            "lens": np.fromiter((len(s) for s in strings), np.int64, len(strings))}


def _unblob(z, name: str, count: int, joined: bool) -> list[str]:
    text = z[f"{name}_blob"].tobytes().decode("utf-8", "surrogatepass")
    if joined:
        out = text.split("\n") if count else []
    else:
        ends = np.cumsum(z[f"{name}_lens"]).tolist()
        out, prev = [], 0
        for e in ends:
            out.append(text[prev:e])
            prev = e
    if len(out) != count:
        raise IndexFileError("string table has the wrong length")
    return out


def save_index(index, path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    v = index.vocab
    meta = {"format": FORMAT, "key": index.key, "docs": [list(d) for d in index.docs],
            "records": len(index), "terms": len(v), "bigrams": len(v.bigram_keys)}
    arrays = {"meta": np.frombuffer(json.dumps(meta).encode(), np.uint8),
              "rec_doc": index.rec_doc, "starts": index.starts, "ends": index.ends,
              "kinds": index.kinds, "seq_ptr": index.seq_ptr, "seq": index.seq,
              "adj_keys": index.adj_keys, "adj_ptr": index.adj_ptr, "adj_recs": index.adj_recs,
              "post_ptr": index.post_ptr, "post_recs": index.post_recs, "df": v.df,
              "bg_ptr": v.bg_ptr, "bg_terms": v.bg_terms, "bg_pos": v.bg_pos}
    for name, strings, sep in (("texts", index.texts, None), ("norms", index.norms, "\n"),
                               ("terms", v.terms, "\n"), ("bigrams", v.bigram_keys, "\n")):
        for k, arr in _blob(strings, sep).items():
            arrays[f"{name}_{k}"] = arr
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    # Written beside the target and renamed, so a reader never sees half a file; fsynced, as
    # a large library's index takes long to rebuild.
    write_atomic(path, buf.getbuffer(), durable=True)


def load_index(cls, path):
    path = Path(path)
    try:
        with np.load(path, allow_pickle=False) as z:
            meta = json.loads(z["meta"].tobytes().decode())
            if meta.get("format") != FORMAT:
                raise IndexFileError(f"{path}: search index format {meta.get('format')}, "
                                     f"expected {FORMAT}")
            n, nt, nb = meta["records"], meta["terms"], meta["bigrams"]
            vocab = Vocabulary(_unblob(z, "terms", nt, True), z["df"],
                               _unblob(z, "bigrams", nb, True), z["bg_ptr"], z["bg_terms"],
                               z["bg_pos"])
            return cls(docs=[tuple(d) for d in meta["docs"]], rec_doc=z["rec_doc"],
                       starts=z["starts"], ends=z["ends"], kinds=z["kinds"],
                       texts=_unblob(z, "texts", n, False), norms=_unblob(z, "norms", n, True),
                       vocab=vocab, seq_ptr=z["seq_ptr"], seq=z["seq"],
                       post_ptr=z["post_ptr"], post_recs=z["post_recs"],
                       adj_keys=z["adj_keys"], adj_ptr=z["adj_ptr"], adj_recs=z["adj_recs"],
                       key=meta.get("key"))
    except IndexFileError:
        raise
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, EOFError) as e:
        raise IndexFileError(f"{path}: not a readable search index ({e})") from None


def _refresh_paths(index, articles, quotes) -> None:
    """Point records at where their article is now (the key ignores paths)."""
    current: dict[str, list[str]] = {}
    for a in articles:
        current.setdefault(a.id, []).append(a.path)
    for q in quotes or ():
        current.setdefault(q.article_id, []).append(q.path)
    claimed = {p for p, i in index.docs if p in current.get(i, ())}
    docs = []
    for path, article_id in index.docs:
        paths = current.get(article_id)
        if paths and path not in paths:
            path = next((p for p in paths if p not in claimed), paths[0])
            claimed.add(path)
        docs.append((path, article_id))
    index.docs = docs


def cached_index(cls, articles, quotes=None, **build_options):
    """The index of ``articles`` and ``quotes`` from the cache, else built (``build_options``
    go to ``SearchIndex.build``: progress, cancelled, early) and saved."""
    articles = list(articles)
    quotes = list(quotes) if quotes is not None else None
    key = content_key(articles, quotes)
    target = cache_dir() / f"{key}.npz"
    if target.exists():
        try:
            index = load_index(cls, target)
            if index.key == key:
                _refresh_paths(index, articles, quotes)
                return index
        except (IndexFileError, OSError):
            pass  # an unreadable cache file is rebuilt below
    index = cls.build(articles, quotes, key=key, **build_options)
    try:
        save_index(index, target)
        _prune(target.parent, keep=target)
    except OSError:
        pass  # a read-only cache directory costs speed next time, not correctness
    return index


def _prune(folder: Path, keep: Path) -> None:
    files = sorted(folder.glob("*.npz"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[KEEP_CACHE_FILES:]:
        if old != keep:
            try:
                old.unlink()
            except OSError:
                pass
