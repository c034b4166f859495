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

UNITS = ("paragraph", "sentence")
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
    # piece units only: the sentence of each piece (index into Article.sentences) and how
    # the text pauses after it
    groups: list[int] | None = None
    ends: list[int] | None = None
    # the paragraph of each unit (index into Article.paragraphs)
    paragraphs: list[int] | None = None


# How strong a pause is, for cutting a sentence into passages (see aligner.passage_rules):
# 4 end of sentence, 3 ; or :, 2 a comma before a capitalised word (a new clause, or a new
# line of verse), 1 any other comma.
STRENGTH = {END_SENTENCE: 4, END_CAP_SEMI: 3, END_SEMI: 3, END_COLON: 3, END_SEMI_UPPER: 3,
            END_COLON_UPPER: 3, END_CAP_COMMA: 2, END_COMMA_UPPER: 2, END_COMMA: 1}


def _linkable(p) -> bool:
    return not p.boilerplate and p.role not in METADATA_ROLES


def paragraph_units(a: Article) -> Units:
    ps = a.paragraphs
    return Units([p.span for p in ps], [_linkable(p) for p in ps], [bool(p.role) for p in ps],
                 paragraphs=list(range(len(ps))))


def sentence_units(a: Article) -> Units:
    """Whole sentences (the aligner works on pieces, see piece_units)."""
    spans, ok, solo, groups, paras = [], [], [], [], []
    for n, p in enumerate(a.paragraphs):
        good = _linkable(p)
        for s in p.sentences:
            spans.append(s)
            ok.append(good)
            solo.append(bool(p.role))
            groups.append(len(groups))
            paras.append(n)
    return Units(spans, ok, solo, groups, [END_SENTENCE] * len(spans), paras)


def _bare(punct: str, upper: bool) -> int:
    if punct == ";":
        return END_SEMI_UPPER if upper else END_SEMI
    if punct == ":":
        return END_COLON_UPPER if upper else END_COLON
    return END_COMMA_UPPER if upper else END_COMMA


def piece_units(a: Article) -> Units:
    """Sentences cut after every ``,`` ``;`` ``:`` followed by a space: the pieces the aligner
    links and the places where it may cut a sentence (only some of them become passage
    boundaries, see aligner.passage_rules)."""
    text = a.text
    spans: list[Span] = []
    ok: list[bool] = []
    solo: list[bool] = []
    groups: list[int] = []
    ends: list[int] = []
    paras: list[int] = []
    sent = 0
    for pn, p in enumerate(a.paragraphs):
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
                paras.append(pn)
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
    return Units(spans, ok, solo, groups, ends, paras)


def units_of(a: Article, unit: str) -> Units:
    if unit == "paragraph":
        return paragraph_units(a)
    if unit in ("sentence", "clause"):
        return piece_units(a)
    raise ValueError(f"unknown unit {unit!r}: expected one of {', '.join(UNITS)}")
