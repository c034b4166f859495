"""Saving and loading a SearchIndex, and the content-keyed cache.

One ``.npz`` file of plain arrays (no pickle, so a cache file can never run code). Strings are
stored as one UTF-8 blob each with their lengths. The cache key hashes the exact text of every
article (``Article.text_key``, not the id, which ignores whitespace: a hit's offsets are only
valid for the very text they were taken from), every quote with its offsets, this package's
code and the parser's version (see tui/cachekeys.py). Paths are not in the key, so moving the
library reuses the index: each document remembers its text's key, and on load points at a
file that holds that text now.
"""
from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import numpy as np

from tui import paths
from tui.atomic import write_atomic
from tui.cachekeys import code_version
from tui.corpus.version import parser_version

from .vocab import Vocabulary

# Bump when the file layout changes: old files are then refused by load_index. (A change of the
# code or the parser changes the cache key by itself.)
FORMAT = 5  # 5: each document's text key is saved, for _refresh_paths
KEEP_CACHE_FILES = 8


class IndexFileError(ValueError):
    """The file is not a search index this version can read."""


def cache_dir() -> Path:
    return paths.cache_dir() / "search"


def content_key(articles, quotes=None) -> str:
    """The cache key of the index of ``articles`` (in this order) and ``quotes`` (objects
    with ``.article_id .path .start .end .text``)."""
    h = hashlib.sha256(f"synoptic-search {FORMAT} {code_version(Path(__file__).parent)} "
                       f"{parser_version()}\n".encode())
    text_keys = {}
    for a in articles:
        text_keys[a.path] = a.text_key
        h.update(f"a {a.text_key}\n".encode())
    for q in quotes or ():
        h.update(f"q {q.article_id} {text_keys.get(q.path, '-')} {q.start} {q.end} "
                 f"{len(q.text)}\n".encode())
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


def save_index(index, path, doc_text_keys: list[str | None] | None = None) -> None:
    """Write ``index`` to ``path``; ``doc_text_keys`` (one per document, None where unknown)
    lets a cached index find its documents again after files move."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    v = index.vocab
    meta = {"format": FORMAT, "key": index.key, "docs": [list(d) for d in index.docs],
            "doc_text_keys": doc_text_keys or [None] * len(index.docs),
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
    return _load(cls, path)[0]


def _load(cls, path):
    """The index in ``path`` and the text key of each of its documents."""
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
            doc_text_keys = meta.get("doc_text_keys") or [None] * len(meta["docs"])
            if len(doc_text_keys) != len(meta["docs"]):
                raise IndexFileError("document table has the wrong length")
            return cls(docs=[tuple(d) for d in meta["docs"]], rec_doc=z["rec_doc"],
                       starts=z["starts"], ends=z["ends"], kinds=z["kinds"],
                       texts=_unblob(z, "texts", n, False), norms=_unblob(z, "norms", n, True),
                       vocab=vocab, seq_ptr=z["seq_ptr"], seq=z["seq"],
                       post_ptr=z["post_ptr"], post_recs=z["post_recs"],
                       adj_keys=z["adj_keys"], adj_ptr=z["adj_ptr"], adj_recs=z["adj_recs"],
                       key=meta.get("key")), doc_text_keys
    except IndexFileError:
        raise
    except FileNotFoundError:
        raise
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError, EOFError) as e:
        raise IndexFileError(f"{path}: not a readable search index ({e})") from None


def _doc_text_keys(index, articles) -> list[str | None]:
    by_path = {a.path: a.text_key for a in articles}
    return [by_path.get(path) for path, _ in index.docs]


def _refresh_paths(index, doc_text_keys, articles, quotes) -> None:
    """Point each document at a file that holds its text now (the key ignores paths). Found by
    the text's key: two files can share an id (same words, other spacing) but not offsets."""
    current: dict[str, list[str]] = {}
    for a in articles:
        current.setdefault(a.text_key, []).append(a.path)
    by_id: dict[str, list[str]] = {}
    for q in quotes or ():  # documents known only from their quotes (no article given)
        by_id.setdefault(q.article_id, []).append(q.path)
    claimed = {p for (p, _), k in zip(index.docs, doc_text_keys) if p in current.get(k, ())}
    docs = []
    for (path, article_id), text_key in zip(index.docs, doc_text_keys):
        paths = current.get(text_key) if text_key is not None else by_id.get(article_id)
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
            index, doc_text_keys = _load(cls, target)
            if index.key == key:
                _refresh_paths(index, doc_text_keys, articles, quotes)
                return index
        except (IndexFileError, OSError):
            pass  # an unreadable cache file is rebuilt below
    index = cls.build(articles, quotes, key=key, **build_options)
    try:
        save_index(index, target, _doc_text_keys(index, articles))
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
