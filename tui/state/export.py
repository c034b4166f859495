"""Bookmarks as text: one-line listings, citations, and Markdown/JSON exports."""
from __future__ import annotations

import re
from typing import Any

LINE_QUOTE_CHARS = 100


def _flat(text: Any) -> str:
    return re.sub(r"\s+", " ", str(text or "")).strip()


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_OPENING_MARKS = "“\"«„"
_CLOSING_MARKS = "”\"»“"


def in_marks(text: str) -> str:
    """``text`` between “ and ”, adding neither where the text already has one at that end (a
    passage that ends with a quotation gave ``life.””``)."""
    opening = "" if text[:1] in _OPENING_MARKS else "“"
    closing = "" if text[-1:] in _CLOSING_MARKS else "”"
    return f"{opening}{text}{closing}"


def citation(record: dict[str, Any]) -> str:
    """``Speaker, quoted in "Title", Outlet, 2022-03-10 (path)``; parts the record lacks are
    left out."""
    source = ", ".join(p for p in (f"“{_flat(record.get('title'))}”" if record.get("title")
                                   else "", _flat(record.get("outlet")),
                                   _flat(record.get("date"))) if p)
    speaker = _flat(record.get("speaker"))
    if speaker:
        text = f"{speaker}, quoted in {source}" if source else speaker
    else:
        text = source or "unknown source"
    if record.get("path"):
        text += f" ({record['path']})"
    return text


def bookmark_line(number: int, record: dict[str, Any]) -> str:
    text = _short(_flat(record.get("text")), LINE_QUOTE_CHARS)
    speaker = _flat(record.get("speaker"))
    parts = [f"{number}. {in_marks(text)}" if text else f"{number}. (no text)"]
    if speaker:
        parts.append(f"— {speaker}")
    source = ", ".join(p for p in (_flat(record.get("title")), _flat(record.get("outlet")),
                                   _flat(record.get("date"))) if p)
    if source:
        parts.append(f"· {source}")
    note = _flat(record.get("note"))
    if note:
        parts.append(f"· note: {note}")
    tags = record.get("tags") or []
    if tags:
        parts.append(" ".join(f"#{t}" for t in tags))
    return " ".join(parts)


def export_records(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**r, "citation": citation(r)} for r in records]


def to_markdown(records: list[dict[str, Any]]) -> str:
    out = ["# Synoptic bookmarks", ""]
    for n, r in enumerate(records, 1):
        heading = _flat(r.get("speaker")) or _flat(r.get("title")) or r.get("kind", "bookmark")
        out += [f"## {n}. {heading}", ""]
        text = str(r.get("text") or "").strip()
        if text:
            out += [f"> {line}" if line.strip() else ">" for line in text.splitlines()]
            out.append("")
        line = f"— {citation({**r, 'path': None})}"
        if r.get("path"):
            where = f"`{r['path']}`"
            if isinstance(r.get("start"), int) and isinstance(r.get("end"), int):
                where += f", characters {r['start']}–{r['end']}"
            line += f". File: {where}"
        out += [line, ""]
        if _flat(r.get("note")):
            out += [f"Note: {str(r['note']).strip()}", ""]
        if r.get("tags"):
            out += ["Tags: " + ", ".join(r["tags"]), ""]
    return "\n".join(out)
