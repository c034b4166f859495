"""Units of an article for the aligner: paragraphs, sentences or clauses, with what may link.

Clauses are sentences cut after ``,`` ``;`` ``:`` (followed by a space). Each clause records how
strongly the text pauses after it, which the refinement uses to prefer cutting a link where
both texts pause: end of sentence, then a clause boundary followed by a capitalised function
word ("...; And then"), then a bare semicolon, colon, comma.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tui.corpus import Article, Span

from .text import STOPWORDS

UNITS = ("paragraph", "sentence", "clause")
# Paragraph roles that are metadata, not story: never linked. Headlines, standfirsts and
# subheads are content and may link when they say the same thing.
METADATA_ROLES = frozenset({"date", "dateline", "byline"})

_CLAUSE_END = re.compile(r"[,;:](?=\s)")
_FIRST_WORD = re.compile(r"[^\W\d_]+")

# How the text pauses after a clause (indexes Params.cut_costs): end of sentence; ; or :
# before a capitalised function word ("...; And then"); the same after a comma; a bare
# semicolon, colon, comma; and those three before any other capital (a name, or a line of
# verse laid out line by line), which starts a new passage more often than a lower-case word.
(END_SENTENCE, END_CAP_SEMI, END_CAP_COMMA, END_SEMI, END_COLON, END_COMMA,
 END_SEMI_UPPER, END_COLON_UPPER, END_COMMA_UPPER) = range(9)


@dataclass
class Units:
    spans: list[Span]
    linkable: list[bool]
    # headline-like units never merge with their neighbours into one link
    solo: list[bool]
    # clause units only: the sentence of each clause and how the text pauses after it
    groups: list[int] | None = None
    ends: list[int] | None = None


def _linkable(p) -> bool:
    return not p.boilerplate and p.role not in METADATA_ROLES


def paragraph_units(a: Article) -> Units:
    ps = a.paragraphs
    return Units([p.span for p in ps], [_linkable(p) for p in ps], [bool(p.role) for p in ps])


def sentence_units(a: Article) -> Units:
    spans, ok, solo = [], [], []
    for p in a.paragraphs:
        good = _linkable(p)
        for s in p.sentences:
            spans.append(s)
            ok.append(good)
            solo.append(bool(p.role))
    return Units(spans, ok, solo)


def _bare(punct: str, upper: bool) -> int:
    if punct == ";":
        return END_SEMI_UPPER if upper else END_SEMI
    if punct == ":":
        return END_COLON_UPPER if upper else END_COLON
    return END_COMMA_UPPER if upper else END_COMMA


def clause_units(a: Article) -> Units:
    text = a.text
    spans: list[Span] = []
    ok: list[bool] = []
    solo: list[bool] = []
    groups: list[int] = []
    ends: list[int] = []
    sent = 0
    for p in a.paragraphs:
        good = _linkable(p)
        first = len(ends)
        for s in p.sentences:
            cuts = [m.end() for m in _CLAUSE_END.finditer(text, s.start, s.end)]
            pieces = []
            start = s.start
            for c in cuts + [s.end]:
                b = start
                while b < c and text[b].isspace():
                    b += 1
                e = c
                while e > b and text[e - 1].isspace():
                    e -= 1
                if e > b:
                    pieces.append((b, e))
                start = c
            for k, (b, e) in enumerate(pieces):
                spans.append(Span(b, e))
                ok.append(good)
                solo.append(bool(p.role))
                groups.append(sent)
                if k == len(pieces) - 1:
                    ends.append(END_SENTENCE)
                    continue
                punct = text[e - 1]
                m = _FIRST_WORD.match(text, pieces[k + 1][0], pieces[k + 1][1])
                word = m.group() if m else ""
                if word[:1].isupper() and word.lower() in STOPWORDS:
                    ends.append(END_CAP_SEMI if punct in ";:" else END_CAP_COMMA)
                else:
                    ends.append(_bare(punct, word[:1].isupper()))
            sent += 1
        # Verse laid out line by line capitalises every line: there a capital after a comma
        # or semicolon marks a line, not a stronger pause.
        inner = [k for k in range(first, len(ends)) if ends[k] != END_SENTENCE]
        caps = [k for k in inner if ends[k] in (END_CAP_SEMI, END_CAP_COMMA)]
        if len(caps) >= 3 and len(caps) * 2 > len(inner):
            for k in caps:
                ends[k] = _bare(text[spans[k].end - 1], True)
    return Units(spans, ok, solo, groups, ends)


def units_of(a: Article, unit: str) -> Units:
    if unit == "paragraph":
        return paragraph_units(a)
    if unit == "sentence":
        return sentence_units(a)
    if unit == "clause":
        return clause_units(a)
    raise ValueError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
