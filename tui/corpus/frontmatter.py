"""YAML front matter of Markdown files: the block between ``---`` lines that opens the file.

Why our own reader rather than PyYAML: front matter here is the handful of fields ``synoptic
add`` writes and blogs use (title, outlet, author, date, url), and a YAML library would be a
dependency for ``key: value`` lines. Read: plain, single- and double-quoted scalars, ``[a, b]``
lists, ``- item`` lists and ``|``/``>`` blocks; anything else is skipped, never an error.
"""
from __future__ import annotations

import json
import re

from .meta import find_date

_OPEN = re.compile(r"---[ \t]*\n")
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.M)
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w -]*?)\s*:(?:\s+(?P<value>.*?))?\s*$")

# Metadata field -> front matter keys that give it, in order of preference.
FIELDS = {
    "title": ("title", "headline"),
    "outlet": ("outlet", "site", "site_name", "sitename", "publisher", "source", "publication"),
    "byline": ("author", "authors", "byline", "by"),
    "date": ("date", "published", "published_at", "pubdate", "date_published", "created"),
    "url": ("url", "link", "canonical", "canonical_url", "source_url"),
}


def front_matter_end(text: str) -> int:
    """Offset just past the closing line of the front matter, or 0 when there is none."""
    if not _OPEN.match(text):
        return 0
    start = text.index("\n") + 1
    close = _CLOSE.search(text, start)
    if close is None:
        return 0
    end = close.end()
    if end < len(text) and text[end] == "\n":
        end += 1
    return end


def _scalar(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        inner = value[1:-1]
        if value[0] == '"':
            # ``synoptic add`` writes JSON strings, which YAML reads as double-quoted scalars.
            try:
                return str(json.loads(value))
            except ValueError:
                return inner.replace('\\"', '"').replace("\\\\", "\\")
        return inner.replace("''", "'")
    return re.sub(r"\s+#.*$", "", value).strip()


def parse_front_matter(block: str) -> dict[str, str | list[str]]:
    """``key: value`` pairs of a front matter block (without its ``---`` lines); keys in lower
    case with ``-`` and spaces as ``_``."""
    out: dict[str, str | list[str]] = {}
    lines = block.split("\n")
    i = 0
    while i < len(lines):
        m = _KEY.match(lines[i])
        i += 1
        if m is None:
            continue
        key = re.sub(r"[\s-]+", "_", m["key"].strip().lower())
        value = (m["value"] or "").strip()
        if value.startswith("[") and value.endswith("]"):
            out[key] = [_scalar(v) for v in value[1:-1].split(",") if v.strip()]
        elif value in ("|", ">", "|-", ">-", "") :
            body = []
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                body.append(lines[i].strip())
                i += 1
            items = [b[1:].strip() for b in body if b.startswith("-")]
            if items and all(b.startswith("-") or not b for b in body):
                out[key] = [_scalar(x) for x in items]
            elif body:
                joiner = "\n" if value.startswith("|") else " "
                out[key] = joiner.join(b for b in body if b).strip()
        else:
            out[key] = _scalar(value)
    return out


def front_matter_meta(text: str) -> tuple[int, dict[str, str | None]]:
    """``(end offset, metadata)`` from the front matter opening ``text``: title, outlet,
    byline, date (ISO) and url, each None when absent. ``(0, {})`` without front matter."""
    end = front_matter_end(text)
    if not end:
        return 0, {}
    start = text.index("\n") + 1
    close = _CLOSE.search(text, start)
    fields = parse_front_matter(text[start:close.start()] if close else "")
    meta: dict[str, str | None] = {}
    for name, keys in FIELDS.items():
        value = next((fields[k] for k in keys if fields.get(k)), None)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v)
        value = " ".join(str(value).split()) if value else None
        if name == "date" and value:
            found = find_date(value)
            value = found[0] if found else None
        meta[name] = value or None
    return end, meta
