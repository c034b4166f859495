"""The state file's schema version and the migrations that bring older files up to date.

The version lives in the file itself, in the ``meta`` table: ``"meta": {"schema": {"version": 1}}``.
``MIGRATIONS[v]`` turns a version-``v`` document into a version-``v + 1`` one; ``upgrade`` chains
them. A file from a newer Synoptic raises ``NewerSchemaError`` so the caller can keep it intact
(read-only) instead of rewriting data it does not understand.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

Data = dict[str, dict[str, dict[str, Any]]]

SCHEMA_VERSION = 2
TABLES = ("positions", "settings", "session", "bookmarks", "corrections", "meta")


class CorruptStateError(Exception):
    """The file exists but is not a state document (bad JSON, wrong shape, garbage)."""


class NewerSchemaError(Exception):
    def __init__(self, version: int):
        super().__init__(f"schema {version}")
        self.version = version


def validate_shape(data: Any) -> Data:
    """TinyDB's layout: an object of tables, each an object of documents (objects)."""
    if not isinstance(data, dict):
        raise CorruptStateError(f"top level is a JSON {type(data).__name__}, not an object")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise CorruptStateError(f"table {name!r} is not an object")
        for key, doc in table.items():
            if not isinstance(doc, dict):
                raise CorruptStateError(f"document {key!r} in table {name!r} is not an object")
    return data


def file_version(data: Data) -> int:
    doc = data.get("meta", {}).get("schema")
    if doc is None:
        return 0
    version = doc.get("version")
    if type(version) is not int or version < 1:
        raise CorruptStateError(f"schema version {version!r} is not a positive integer")
    return version


def stamp(data: Data, version: int) -> Data:
    data.setdefault("meta", {})["schema"] = {"version": version}
    return data


def fresh() -> Data:
    return stamp({}, SCHEMA_VERSION)


def _unversioned_to_1(data: Data) -> Data:
    """Version 0 is any TinyDB-shaped file without a ``meta`` table (written by hand or by plain
    TinyDB, whose ids are "1", "2", ...). Positions there may be documents carrying their own
    ``article_id``; schema 1 keys positions by article id, so re-key those and keep the rest."""
    positions = data.get("positions")
    if positions:
        rekeyed: dict[str, dict[str, Any]] = {}
        for key, doc in positions.items():
            article_id = doc.get("article_id")
            if isinstance(article_id, str) and article_id:
                doc = {k: v for k, v in doc.items() if k != "article_id"}
                key = article_id
            rekeyed[key] = doc
        data["positions"] = rekeyed
    return stamp(data, 1)


def _index_corrections_to_anchors(data: Data) -> Data:
    """Schema 1 stored alignment corrections as unit indices (``"left": [3, 4]`` paragraphs
    or sentences, by the record's ``unit``), which break when the aligner cuts passages
    differently. Schema 2 anchors each side by text (see tui/align/corrections.py). Texts are
    not in this file, so the indices become index anchors (``{"paragraphs": [3, 4]}``), which
    the aligner resolves and ``StateStore.replace_correction`` turns into text anchors the
    first time the two articles are read together. Records of other units (clauses) cannot
    be mapped and are dropped."""
    table = data.get("corrections")
    if table:
        out: dict[str, dict[str, Any]] = {}
        for key, doc in table.items():
            unit = doc.get("unit")
            kind = {"paragraph": "paragraphs", "sentence": "sentences"}.get(unit)
            sides = [doc.get("left"), doc.get("right")]
            if isinstance(sides[0], dict) and isinstance(sides[1], dict):
                out[key] = doc  # already anchors
                continue
            if kind is None or not all(isinstance(v, list) and v and all(
                    type(i) is int and i >= 0 for i in v) for v in sides):
                continue
            out[key] = {**doc, "left": {kind: list(sides[0])}, "right": {kind: list(sides[1])}}
        data["corrections"] = out
    return stamp(data, 2)


# version -> function taking a document of that version to the next one.
MIGRATIONS: dict[int, Callable[[Data], Data]] = {
    0: _unversioned_to_1,
    1: _index_corrections_to_anchors,
}


def upgrade(data: Data) -> tuple[Data, bool]:
    """Bring a shape-checked document to SCHEMA_VERSION. Returns (data, whether it changed)."""
    version = file_version(data)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(version)
    changed = False
    while version < SCHEMA_VERSION:
        step = MIGRATIONS.get(version)
        if step is None:
            raise RuntimeError(f"no migration from schema {version}")  # our bug, not the file's
        data = validate_shape(step(data))
        new_version = file_version(data)
        if new_version <= version:
            # A migration that does not advance the version would loop forever.
            raise RuntimeError(f"migration from schema {version} did not advance the version")
        version, changed = new_version, True
    return data, changed
