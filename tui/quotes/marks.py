"""Pairing quotation marks into quoted spans, paragraph by paragraph.

Marks come in families that close each other: double (“ ” „ and straight ", and the doubled
straight single mark '' the New York Times prints), guillemets (« »), single guillemets (‹ ›)
and single (‘ ’ ‚ and straight '). A family can nest inside another (“… ‘…’ …”, «… “…” …»)
and, with marks whose direction is clear, inside itself (“…what he calls “hell” than…”); only
the outermost pair becomes a quote, the inner marks stay part of its text. Straight and curly
marks of one family close each other (“mixed" copy).

Why per paragraph: news copy never leaves a quote open across a blank line except in the
run-over convention (the paragraph ends without a closing mark and the next one opens again),
so pairing inside one paragraph and starting clean at the next keeps one stray mark from
swallowing the rest of the article. A mark left open at the end of a paragraph that is not a
run-over is dropped and the paragraph is paired again without it, so quotes after it survive.

The single-mark family doubles as the apostrophe (don’t, Ukraine’s, ’90s, students’); those
are told apart from quote marks by what sits on either side. A run of three straight marks is
a single and a double mark: ''' closes ‘…’ then “…” after a word, and opens “ then ‘ before one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# family -> (openers, closers)
_FAMILIES = {
    "d": ("“„\"", "”\"“"),
    "g": ("«", "»"),
    "g1": ("‹", "›"),
    "s": ("‘‚'’", "’'‘"),
}
_FAMILY_OF = {}
for _fam, (_open, _close) in _FAMILIES.items():
    for _ch in _open + _close:
        _FAMILY_OF.setdefault(_ch, _fam)
_FAMILY_OF["»"] = "g"
_FAMILY_OF["›"] = "g1"
MARKS = frozenset(_FAMILY_OF)
# Two straight single marks stand for one double mark.
DOUBLED = "''"

_LEFT_BOUND = set("([{<—–-/…―") | set("“„«‹‘‚")
_RIGHT_BOUND = set(".,;:!?)]}>—–-…/―[") | set("”»›’")
# Words that start with an elision apostrophe: ’til, ’em, rock ’n’ roll, ’cause.
_ELISIONS = frozenset("til tis twas em n cause bout cos round nuff kay".split())


@dataclass(frozen=True, slots=True)
class MarkPair:
    """A top-level quotation: ``open_at`` is the index of the opening mark, ``close_at`` of the
    closing mark, or the paragraph end when the quote runs on into the next paragraph.
    ``open_len``/``close_len`` are the marks' widths (2 for a doubled '')."""

    open_at: int
    close_at: int
    family: str
    runs_on: bool = False
    open_len: int = 1
    close_len: int = 1

    @property
    def inner_start(self) -> int:
        return self.open_at + self.open_len

    @property
    def inner_end(self) -> int:
        return self.close_at

    @property
    def outer_end(self) -> int:
        """End of the quotation with its closing mark (the paragraph end for a run-on)."""
        return self.close_at + (0 if self.runs_on else self.close_len)


def _is_word(ch: str | None) -> bool:
    return ch is not None and (ch.isalnum())


_MARK_RE = re.compile("'+|[" + re.escape("".join(sorted(MARKS - {"'"}))) + "]")


def _marks_in(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(index, width) of each mark character or doubled straight mark, in text order."""
    out = []
    for m in _MARK_RE.finditer(text, start, end):
        k, j = m.start(), m.end()
        if text[k] != "'":
            out.append((k, 1))
            continue
        run = j - k
        if run == 1:
            out.append((k, 1))
        elif run == 3:
            prev = text[k - 1] if k > start else None
            if prev is None or prev.isspace() or prev in _LEFT_BOUND or prev == "\"":
                out += [(k, 2), (k + 2, 1)]   # ''' before a word: “‘
            else:
                out += [(k, 1), (k + 1, 2)]   # ''' after a word: ’”
        else:
            p = k
            while j - p >= 2:
                out.append((p, 2))
                p += 2
            if p < j:
                out.append((p, 1))
    return out


def _classify(text: str, i: int, width: int, start: int, end: int) -> str:
    """'open', 'close', 'either' (a straight mark with no telling context), or 'none' for an
    apostrophe or a mark that cannot be a quotation mark here."""
    ch = text[i]
    prev = text[i - 1] if i > start else None
    nxt = text[i + width] if i + width < end else None
    left = prev is None or prev.isspace() or prev in _LEFT_BOUND or prev == "\""
    right = nxt is None or nxt.isspace() or nxt in _RIGHT_BOUND or nxt in "\"'"
    if width == 2:
        # a doubled straight mark is a double quotation mark
        if left and not right:
            return "open"
        if right and not left:
            return "close"
        return "either" if not (_is_word(prev) and _is_word(nxt)) else "none"
    fam = _FAMILY_OF[ch]
    if fam == "s":
        if _is_word(prev) and _is_word(nxt):
            return "none"  # don’t, Ukraine’s, rock’n’roll
        if left and not right:
            # ’90s, ’til, ’em: an elision, not an opening mark
            j = i + 1
            while j < end and text[j].isalnum():
                j += 1
            word = text[i + 1:j]
            if word[:1].isdigit() or word.lower() in _ELISIONS:
                return "none"
            return "open" if ch != "’" or word else "none"
        if right and not left:
            if i - 2 >= start and text[i - 1] in "nN" and text[i - 2] in "’'‘" and (
                    i - 3 < start or text[i - 3].isspace()):
                return "none"  # the second mark of rock ’n’ roll
            return "close" if ch in "’'‘" else "none"
        return "none"
    if ch in "“„«‹":
        # An opening-style mark in closing position closes: German „…“ and »…«.
        if ch != "„" and right and not left:
            return "close"
        return "open"
    if ch in "”»›":
        if left and not right:
            return "open"  # ”quote” (Nordic) and »quote« (German) conventions
        return "close"
    # straight double quote
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "either"


def _family(text: str, i: int, width: int) -> str:
    return "d" if width == 2 else _FAMILY_OF[text[i]]


def _possessive_not_closing(text: str, i: int, end: int) -> bool:
    """students’ union: a single closing-shaped mark after a plural -s, followed by a word,
    with another closing-shaped single mark still to come, is a possessive apostrophe."""
    if i == 0 or text[i - 1] not in "sS":
        return False
    j = i + 1
    while j < end and text[j] in " \u00a0":
        j += 1
    if j == i + 1 or j >= end or not text[j].isalpha():
        return False
    for k in range(j, end):
        if text[k] in "’'" and text[k - 1].isalnum() and (k + 1 >= end or not text[k + 1].isalnum()):
            return True
    return False


def pair_marks(text: str, start: int, end: int, next_opens: set[str] | None = None
               ) -> list[MarkPair]:
    """Top-level quotation pairs in ``text[start:end]`` (one paragraph), in text order.
    ``next_opens`` is the set of families whose opening mark starts the next paragraph: a
    quote still open at the end of this one runs on only in that case.

    One pass with a stack. Each open entry keeps the pairs closed inside it; when an entry
    turns out to be a stray (never closed), those pairs are promoted to its parent, which
    gives the same result as pairing the paragraph again without the stray mark.

    A double mark of a family already open nests when it stands in opening position (“…what
    he calls “hell” than…”, "…shouted "Allah hu Akbar!" as…"); a straight mark in no telling
    position closes; a single mark never nests (it doubles as the apostrophe). A quote still
    open at the paragraph end (and the only one open) runs on when the next paragraph opens
    with its family (and one
    open at the end of a line when the next line opens with it); one left
    open where quotes start (the paragraph start, a new sentence, after a colon) ends with the
    paragraph (its closing mark was left out); any other is a stray."""
    next_opens = next_opens or set()
    # entry: [family, index, width, children, nested_same_family]
    stack: list[list] = []
    top: list[MarkPair] = []

    def promote(entry) -> None:
        (stack[-1][3] if stack else top).extend(entry[3])

    # end of the paragraph's last non-blank character: a mark at or past it has nothing after it
    tail = start + len(text[start:end].rstrip())
    for i, width in _marks_in(text, start, end):
        kind = _classify(text, i, width, start, end)
        if kind == "none" or (kind != "close" and i + width >= tail):
            continue  # a mark with nothing after it in the paragraph opens nothing
        fam = _family(text, i, width)
        open_idx = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == fam), None)
        if kind == "either":
            kind = "close" if open_idx is not None else "open"
        if kind == "close":
            if open_idx is None:
                continue  # a stray closing mark (or a trailing apostrophe): nothing to close
            if fam == "s" and width == 1 and _possessive_not_closing(text, i, end):
                continue
            # Entries opened after the one this mark closes were never closed: strays.
            while len(stack) > open_idx + 1:
                promote(stack.pop())
            opener = stack.pop()
            pair = MarkPair(opener[1], i, fam, open_len=opener[2], close_len=width)
            (stack[-1][3] if stack else top).append(pair)
            continue
        if open_idx is not None and open_idx == 0 and fam != "s" and _line_start(text, i, start):
            # A quote left open at the end of a line and opened again at the next (paragraphs
            # split by single line breaks): the run-over convention inside one block.
            first = stack.pop(0)
            e = i
            while e > first[1] and text[e - 1] in " \t\n\u00a0":
                e -= 1
            top.append(MarkPair(first[1], e, fam, open_len=first[2], close_len=0))
            # anything opened inside it and still open was a stray
            for entry in stack:
                top.extend(entry[3])
            stack.clear()
            stack.append([fam, i, width, [], False])
            continue
        if open_idx is not None:
            if fam == "s":
                # A single mark re-opening: the earlier one was a stray (single marks double
                # as apostrophes, so they are never trusted to nest).
                while len(stack) > open_idx:
                    promote(stack.pop())
            else:
                stack[open_idx][4] = True
        stack.append([fam, i, width, [], False])
    if len(stack) == 1 and stack[0][0] in next_opens:
        first = stack[0]
        top.append(MarkPair(first[1], end, first[0], runs_on=True, open_len=first[2]))
    elif len(stack) == 1 and stack[0][0] != "s" and not stack[0][4] and _introduced(text, stack[0][1], start):
        # A quote opened where quotes open (the paragraph start, a new sentence, after a
        # colon) and never closed: the closing mark was left out; the quote ends with the
        # paragraph.
        first = stack[0]
        top.append(MarkPair(first[1], end, first[0], open_len=first[2], close_len=0))
    else:
        while stack:
            promote(stack.pop())
    top.sort(key=lambda p: p.open_at)
    return top


def _line_start(text: str, i: int, start: int) -> bool:
    j = i - 1
    while j >= start and text[j] in " \t\u00a0":
        j -= 1
    return j >= start and text[j] == "\n"


def _introduced(text: str, i: int, start: int) -> bool:
    j = i - 1
    while j >= start and text[j] in " \t\u00a0":
        j -= 1
    return j < start or text[j] in ":.!?" or (text[j] in "”\"" and j - 1 >= start and text[j - 1] in ".!?")


def opening_family(text: str, start: int, end: int) -> str | None:
    """The family of the quotation mark that opens ``text[start:end]``, if it opens with one."""
    if start >= end:
        return None
    marks = _marks_in(text, start, min(end, start + 3))
    if not marks or marks[0][0] != start:
        return None
    i, width = marks[0]
    if _classify(text, i, width, start, end) in ("open", "either"):
        return _family(text, i, width)
    return None
