"""Search results as a reader sees them: one hit per place, speakers named, long text windowed.

Plain Python (no Textual), used by the search screen between the searcher and the list.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping, Protocol, Sequence, TypeVar

from .index import SearchHit

# Long sentences are cut to a window around the first match so every result stays 2-4 lines.
WINDOW_CHARS = 200


class Place(Protocol):
    article_id: str
    start: int
    end: int
    score: float
    kind: str


P = TypeVar("P", bound=Place)


def distinct_places(hits: Sequence[P]) -> list[P]:
    """``hits`` without those overlapping a better hit in the same article: a quote and the
    sentence around it are one place to the reader, shown once (as the better-ranked one, the
    quote when they tie, since it carries a speaker)."""
    kept: list[P] = []
    spans: dict[str, list[tuple[int, int]]] = {}
    # Stable: the searcher's order stands except that a quote goes before an equal-scored
    # sentence.
    for h in sorted(hits, key=lambda h: (-h.score, h.kind != "quote")):
        taken = spans.setdefault(h.article_id, [])
        if any(h.start < e and s < h.end for s, e in taken):
            continue
        taken.append((h.start, h.end))
        kept.append(h)
    return kept


def with_speakers(hits: Sequence[SearchHit],
                  speakers: Mapping[tuple[str, int], str | None]) -> list[SearchHit]:
    """``hits`` with ``speaker`` set on each quote, from ``speakers`` keyed by the quote's
    (article id, start)."""
    return [replace(h, speaker=speakers.get((h.article_id, h.start)))
            if h.kind == "quote" and h.speaker is None else h for h in hits]


def window(text: str, matches: list[tuple[int, int]], limit: int = WINDOW_CHARS
           ) -> tuple[str, list[tuple[int, int]]]:
    """``text`` cut to about ``limit`` characters around its first match, with the match
    ranges shifted to the cut; ellipses mark what was cut."""
    if len(text) <= limit:
        return text, list(matches)
    first = min((s for s, _ in matches), default=0)
    start = max(0, min(first - limit // 4, len(text) - limit))
    end = min(len(text), start + limit)
    cut = text[start:end]
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    shift = len(lead) - start
    ranges = [(max(s, start) + shift, min(e, end) + shift) for s, e in matches
              if e > start and s < end]
    return lead + cut + tail, ranges


def shown_text(text: str, matches: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """``text`` on one line, cut to a window around its first match, with the match ranges
    in it sorted and merged (as the result list draws them, left to right)."""
    flat = text.replace("\n", " ").replace("\t", " ")
    shown, ranges = window(flat, matches)
    merged: list[tuple[int, int]] = []
    for s, e in sorted(r for r in ranges if r[1] > r[0]):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], e))
        else:
            merged.append((s, e))
    return shown, merged
