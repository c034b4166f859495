"""``StateStore``: reading positions, settings, the last session, bookmarks and alignment
corrections, on TinyDB over ``AtomicJSONStorage``.

Every mutation goes through a method here, which changes the TinyDB table in memory and marks
the document in the storage; that mark is what lets ``flush`` merge with other processes and
re-encode only what changed. Positions, settings and the session are saved when the caller
flushes (the app debounces that); bookmarks and corrections are flushed at once.
"""
from __future__ import annotations

import copy
import json
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document, Table

from tui.paths import state_path
from tui.state.storage import DELETE, PUT, AtomicJSONStorage

BOOKMARK_KINDS = ("quote", "passage")
BOOKMARK_FIELDS = ("kind", "article_id", "path", "title", "outlet", "date", "start", "end",
                   "text", "speaker", "note", "tags")
CORRECTION_OPS = ("link", "unlink")
SESSION_KEY = "last"

_last_id_ns = 0
_id_lock = threading.Lock()


def new_id() -> str:
    """Time-ordered and unique across processes: 16 hex digits of nanoseconds (strictly
    increasing within a process) and 8 random ones. Sorting ids sorts by creation."""
    global _last_id_ns
    with _id_lock:
        _last_id_ns = max(time.time_ns(), _last_id_ns + 1)
        ns = _last_id_ns
    return f"{ns:016x}{secrets.token_hex(4)}"


@dataclass(frozen=True)
class Anchor:
    """A reading position: passage index within the article and line within the passage, so
    it survives a resize (a scroll fraction would not)."""
    article_id: str
    passage: int
    line: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.article_id, str) or not self.article_id:
            raise ValueError(f"article_id must be a non-empty string, not {self.article_id!r}")
        for name in ("passage", "line"):
            value = getattr(self, name)
            if type(value) is not int or value < 0:
                raise ValueError(f"{name} must be a non-negative int, not {value!r}")


class _KeyedTable(Table):
    """A TinyDB table whose document ids are strings we choose (article ids, setting names,
    time-ordered ids), so upserts and lookups are dict operations, not scans, and two
    processes never hand out the same id (TinyDB's cached next integer id would)."""
    document_id_class = str

    def _get_next_id(self) -> str:  # type: ignore[override]
        return new_id()

    def _update_table(self, updater: Callable[[dict], None]) -> None:
        # TinyDB rebuilds the whole table twice per operation to convert ids to and from str;
        # with str ids that is identity, and doing it in place keeps set_position O(1).
        tables = self._storage.read()
        updater(tables.setdefault(self.name, {}))
        self._storage.write(tables)
        self.clear_cache()


class _StateDB(TinyDB):
    table_class = _KeyedTable


def _json_value(value: Any, what: str) -> None:
    try:
        json.dumps(value, allow_nan=False)
    except (TypeError, ValueError) as e:
        raise ValueError(f"{what} is not storable as JSON: {e}") from None


class StateStore:
    """Reading state for one user, shared safely with other Synoptic processes. Thread-safe:
    the app may flush from a worker thread while the UI thread keeps setting positions."""

    def __init__(self, storage: AtomicJSONStorage):
        self._storage = storage
        self._db = _StateDB(storage=lambda: storage)
        # cache_size=0: no query cache to go stale when another process's data is merged in.
        self._tables = {name: self._db.table(name, cache_size=0)
                        for name in ("positions", "settings", "session", "bookmarks",
                                     "corrections")}
        self._lock = storage.lock

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None) -> StateStore:
        """Open (or prepare to create) the state file. Never raises for a corrupt, unreadable
        or read-only file: see ``messages`` and ``read_only``."""
        storage = AtomicJSONStorage(Path(path) if path is not None else state_path())
        storage.open()
        return cls(storage)

    def __enter__(self) -> StateStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self._storage.path

    @property
    def messages(self) -> list[str]:
        return self._storage.messages

    @property
    def read_only(self) -> bool:
        return self._storage.read_only

    @property
    def dirty(self) -> bool:
        return self._storage.dirty

    def flush(self) -> None:
        """Write pending changes (safe from a worker thread while others keep setting)."""
        self._storage.commit()

    def close(self) -> None:
        """Flush and release the files. The store keeps answering from memory afterwards."""
        self._storage.commit()
        self._storage.close()

    # --- positions ----------------------------------------------------------------------------

    def get_position(self, article_id: str) -> Anchor | None:
        with self._lock:
            self._storage.refresh()
            doc = self._tables["positions"].get(doc_id=article_id)
            if doc is None:
                return None
            try:
                return Anchor(article_id, doc["passage"], doc.get("line", 0))
            except (KeyError, ValueError):
                return None  # hand-edited or foreign entry: as if never read

    def set_position(self, anchor: Anchor) -> None:
        """In memory only (called on every cursor move); ``flush`` saves it."""
        if not isinstance(anchor, Anchor):
            raise TypeError(f"expected an Anchor, not {type(anchor).__name__}")
        doc = {"passage": anchor.passage, "line": anchor.line}
        with self._lock:
            table = self._tables["positions"]
            if table.get(doc_id=anchor.article_id) == doc:
                return
            table.upsert(Document(doc, doc_id=anchor.article_id))
            self._storage.mark("positions", anchor.article_id)

    # --- settings and session -----------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        with self._lock:
            self._storage.refresh()
            doc = self._tables["settings"].get(doc_id=key)
            if doc is None or "value" not in doc:
                return default
            return copy.deepcopy(doc["value"])

    def set_setting(self, key: str, value: Any) -> None:
        if not isinstance(key, str) or not key:
            raise ValueError(f"setting key must be a non-empty string, not {key!r}")
        _json_value(value, f"setting {key!r}")
        with self._lock:
            self._put("settings", key, {"value": copy.deepcopy(value)})

    def get_session(self) -> dict[str, Any] | None:
        with self._lock:
            self._storage.refresh()
            doc = self._tables["session"].get(doc_id=SESSION_KEY)
            return copy.deepcopy(dict(doc)) if doc is not None else None

    def set_session(self, session: dict[str, Any]) -> None:
        if not isinstance(session, dict):
            raise TypeError(f"session must be a dict, not {type(session).__name__}")
        _json_value(session, "session")
        with self._lock:
            self._put("session", SESSION_KEY, copy.deepcopy(session))

    # --- bookmarks (persisted at once) --------------------------------------------------------

    def add_bookmark(self, record: dict[str, Any]) -> str:
        """Store a new bookmark; returns its id. Adds ``id`` and ``created`` (ISO time)."""
        doc = self._bookmark_doc(record)
        doc["id"] = new_id()
        doc["created"] = datetime.now().astimezone().isoformat(timespec="seconds")
        with self._lock:
            self._put("bookmarks", doc["id"], doc)
        self._storage.commit()
        return doc["id"]

    def list_bookmarks(self) -> list[dict[str, Any]]:
        """Oldest first (ids are time-ordered, and a restored bookmark keeps its place)."""
        with self._lock:
            self._storage.refresh()
            docs = sorted(self._tables["bookmarks"].all(), key=lambda d: d.doc_id)
            return [copy.deepcopy(dict(d)) for d in docs]

    def update_bookmark(self, bookmark_id: str, **fields: Any) -> None:
        """Change some fields. A bookmark deleted meanwhile (here or by another instance) is
        left deleted."""
        if "id" in fields or "created" in fields:
            raise ValueError("a bookmark's id and created time cannot change")
        if "kind" in fields and fields["kind"] not in BOOKMARK_KINDS:
            raise ValueError(f"bookmark kind must be one of {BOOKMARK_KINDS}")
        if "tags" in fields:
            fields["tags"] = _tags(fields["tags"])
        _json_value(fields, "bookmark fields")
        fields = copy.deepcopy(fields)
        with self._lock:
            if not self._tables["bookmarks"].update(fields, doc_ids=[bookmark_id]):
                return
            self._storage.mark("bookmarks", bookmark_id, fields)
        self._storage.commit()

    def delete_bookmark(self, bookmark_id: str) -> dict[str, Any] | None:
        """Remove it; returns the removed record (for undo), or None if there was none."""
        with self._lock:
            table = self._tables["bookmarks"]
            doc = table.get(doc_id=bookmark_id)
            if doc is None:
                return None
            table.remove(doc_ids=[bookmark_id])
            self._storage.mark("bookmarks", bookmark_id, DELETE)
        self._storage.commit()
        return copy.deepcopy(dict(doc))

    def restore_bookmark(self, record: dict[str, Any]) -> None:
        """Put back a record returned by ``delete_bookmark``, with its id and created time."""
        doc = self._bookmark_doc(record)
        doc["id"] = record.get("id") if isinstance(record.get("id"), str) and record.get("id") \
            else new_id()
        doc["created"] = record.get("created") or \
            datetime.now().astimezone().isoformat(timespec="seconds")
        with self._lock:
            self._put("bookmarks", doc["id"], doc)
        self._storage.commit()

    # --- alignment corrections (persisted at once) --------------------------------------------

    def add_correction(self, left_id: str, right_id: str, unit: str, op: str,
                       left: Any, right: Any) -> str:
        """Store an alignment correction of article ``left_id`` against ``right_id``; returns
        its id. ``left``/``right`` are text anchors (dicts, see tui/align/corrections.py) or,
        as older callers pass them, lists of unit indices (paragraphs or sentences, by
        ``unit``), stored as index anchors."""
        if op not in CORRECTION_OPS:
            raise ValueError(f"correction op must be one of {CORRECTION_OPS}, not {op!r}")
        for name, value in (("left_id", left_id), ("right_id", right_id), ("unit", unit)):
            if not isinstance(value, str) or not value:
                raise ValueError(f"{name} must be a non-empty string, not {value!r}")
        doc = {"left_id": left_id, "right_id": right_id, "unit": unit, "op": op,
               "left": _anchor(left, unit, "left"), "right": _anchor(right, unit, "right"),
               "created": datetime.now().astimezone().isoformat(timespec="seconds")}
        _json_value(doc, "correction")
        key = new_id()
        with self._lock:
            self._put("corrections", key, copy.deepcopy(doc))
        self._storage.commit()
        return key

    def corrections(self, left_id: str, right_id: str, unit: str,
                    either_order: bool = False) -> list[dict[str, Any]]:
        """Corrections for this ordered pair and unit, oldest first, each with its ``id``.
        With ``either_order``, those stored for (right_id, left_id) too, with their sides
        swapped so that every record reads as a correction of ``left_id`` against
        ``right_id``."""
        with self._lock:
            self._storage.refresh()
            docs = sorted(self._tables["corrections"].all(), key=lambda d: d.doc_id)
            out = []
            for d in docs:
                if d.get("unit") != unit or not {"op", "left", "right"} <= d.keys():
                    continue
                if d.get("left_id") == left_id and d.get("right_id") == right_id:
                    left, right = d["left"], d["right"]
                elif either_order and d.get("left_id") == right_id and d.get("right_id") == left_id:
                    left, right = d["right"], d["left"]
                else:
                    continue
                rec = {"id": d.doc_id, "op": d["op"], "left": copy.deepcopy(left),
                       "right": copy.deepcopy(right)}
                if left is not d["left"]:
                    rec["swapped"] = True
                out.append(rec)
            return out

    def delete_correction(self, correction_id: str) -> dict[str, Any] | None:
        """Remove one correction (unlinking a manual link, or showing again an automatic
        link it hid); returns the removed record, or None if there was none."""
        with self._lock:
            table = self._tables["corrections"]
            doc = table.get(doc_id=correction_id)
            if doc is None:
                return None
            table.remove(doc_ids=[correction_id])
            self._storage.mark("corrections", correction_id, DELETE)
        self._storage.commit()
        return copy.deepcopy(dict(doc))

    def replace_correction_anchors(self, correction_id: str, left: dict, right: dict,
                                   swapped: bool = False) -> None:
        """Give a stored correction new anchors (index anchors of an older file turned into
        text anchors). ``swapped``: ``left``/``right`` are given in the stored record's
        opposite order. A record deleted meanwhile stays deleted."""
        if swapped:
            left, right = right, left
        fields = {"left": copy.deepcopy(left), "right": copy.deepcopy(right)}
        _json_value(fields, "correction anchors")
        with self._lock:
            if not self._tables["corrections"].update(fields, doc_ids=[correction_id]):
                return
            self._storage.mark("corrections", correction_id, fields)
        self._storage.commit()

    # --- helpers ------------------------------------------------------------------------------

    def _put(self, table: str, key: str, doc: dict[str, Any]) -> None:
        # Replace, not merge: upsert would keep fields of the old document.
        t = self._tables[table]
        t.remove(doc_ids=[key])
        t.insert(Document(doc, doc_id=key))
        self._storage.mark(table, key, PUT)

    @staticmethod
    def _bookmark_doc(record: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(record, dict):
            raise TypeError(f"bookmark must be a dict, not {type(record).__name__}")
        if record.get("kind") not in BOOKMARK_KINDS:
            raise ValueError(f"bookmark kind must be one of {BOOKMARK_KINDS}, "
                             f"not {record.get('kind')!r}")
        if not isinstance(record.get("article_id"), str) or not record["article_id"]:
            raise ValueError("bookmark needs an article_id")
        doc = {f: record.get(f) for f in BOOKMARK_FIELDS}
        doc.update({k: v for k, v in record.items() if k not in doc and k not in ("id",
                                                                                  "created")})
        doc["note"] = doc["note"] or ""
        doc["tags"] = _tags(doc["tags"] or [])
        _json_value(doc, "bookmark")
        return copy.deepcopy(doc)


def _tags(tags: Any) -> list[str]:
    if not isinstance(tags, (list, tuple)) or not all(isinstance(t, str) for t in tags):
        raise ValueError(f"tags must be a list of strings, not {tags!r}")
    return list(tags)


def _anchor(value: Any, unit: str, name: str) -> dict[str, Any]:
    if isinstance(value, dict):
        if not value:
            raise ValueError(f"{name} anchor is empty")
        return copy.deepcopy(value)
    key = {"paragraph": "paragraphs", "sentence": "sentences"}.get(unit)
    if key is None:
        raise ValueError(f"{name}: unit indices are only understood for paragraph or sentence "
                         f"units, not {unit!r}; give a text anchor")
    indices = _indices(value, name)
    if not indices:
        raise ValueError(f"{name} must name at least one {unit}")
    return {key: indices}


def _indices(values: Any, name: str) -> list[int]:
    if not isinstance(values, (list, tuple)) or not all(
            type(v) is int and v >= 0 for v in values):
        raise ValueError(f"{name} must be a list of non-negative ints, not {values!r}")
    return list(values)
