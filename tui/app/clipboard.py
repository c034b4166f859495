"""Copying quotes and passages with their source.

Why OSC 52 (``App.copy_to_clipboard``): it reaches the user's own clipboard through SSH and
tmux, where no local clipboard tool would. The citation keeps the file path so a pasted quote
can always be traced back to the exact file.
"""
from __future__ import annotations

from typing import Any, Mapping

from tui.state.export import in_marks


def citation(text: str, *, speaker: str | None = None, title: str | None = None,
             outlet: str | None = None, date: str | None = None, path: str | None = None) -> str:
    """``“text” — Speaker, Title, Outlet, Date, path``; parts the source does not know are left
    out rather than printed as blanks."""
    body = " ".join(text.split())
    source = ", ".join(p for p in (speaker, title, outlet, date, path) if p)
    quoted = in_marks(body)
    return f"{quoted} — {source}" if source else quoted


def record_citation(record: Mapping[str, Any]) -> str:
    """The citation of a bookmark-shaped record (text, speaker, title, outlet, date, path)."""
    return citation(record.get("text") or "", speaker=record.get("speaker"),
                    title=record.get("title"), outlet=record.get("outlet"),
                    date=record.get("date"), path=record.get("path"))


def copy_citation(app, record: Mapping[str, Any]) -> str:
    """Copy ``record`` with its citation to the clipboard and tell the user what was copied."""
    text = record_citation(record)
    app.copy_to_clipboard(text)
    preview = text if len(text) <= 60 else text[:57] + "…"
    # markup=False: quotes carry editorial brackets like "[back]" that are not markup.
    app.notify(preview, title="Copied with citation", timeout=4, markup=False)
    return text
