"""Word-level differences between two passages, as character ranges of both: ``word_diff``
for every opcode, ``word_changes`` for the changed words only (what the screens mark)."""
from __future__ import annotations

from difflib import SequenceMatcher

from .text import DIFF_TOKEN

# Typographic variants that are not a difference in wording.
_FOLD = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"',
                       "–": "-", "—": "-"})


def _tokens(s: str) -> tuple[list[str], list[int]]:
    keys, starts = [], []
    for m in DIFF_TOKEN.finditer(s):
        keys.append(m.group().translate(_FOLD))
        starts.append(m.start())
    return keys, starts


def word_diff(a: str, b: str) -> list[tuple[str, int, int, int, int]]:
    """Opcodes (op, a_start, a_end, b_start, b_end) over words and punctuation, op one of
    "equal", "replace", "delete", "insert". The ranges tile both strings from 0 to their
    length with no gap: the space after a token belongs to that token's range, so a "delete"
    or "insert" range on the other side may hold whitespace but never a word."""
    ka, sa = _tokens(a)
    kb, sb = _tokens(b)

    def bound(starts: list[int], k: int, length: int) -> int:
        if k == 0:
            return 0
        return starts[k] if k < len(starts) else length

    out = []
    for op, i0, i1, j0, j1 in SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        out.append([op, bound(sa, i0, len(a)), bound(sa, i1, len(a)),
                    bound(sb, j0, len(b)), bound(sb, j1, len(b))])
    if not out:
        # no tokens on either side: only whitespace (or nothing) to compare
        return [("equal" if a == b else "replace", 0, len(a), 0, len(b))] if a or b else []
    # A side with no tokens at all is only whitespace: the last range runs to its end.
    out[-1][2], out[-1][4] = len(a), len(b)
    return [tuple(o) for o in out]


# Kinds of a changed range in ``word_changes``.
CHANGED = "changed"  # the words differ on both sides (a "replace")
ONLY = "only"        # words only this side has (a "delete" on a's side, an "insert" on b's)


def word_changes(a: str, b: str) -> tuple[list[tuple[int, int, str]], list[tuple[int, int, str]]]:
    """The words of ``a`` and of ``b`` that differ, as ``(start, end, kind)`` ranges of each,
    ``kind`` CHANGED or ONLY. Unlike ``word_diff``'s, the ranges end at the last changed word,
    not after the space that follows it (marking that space would underline a gap), and a range
    holding no word is left out."""
    in_a: list[tuple[int, int, str]] = []
    in_b: list[tuple[int, int, str]] = []
    for op, a0, a1, b0, b1 in word_diff(a, b):
        if op == "equal":
            continue
        kind = CHANGED if op == "replace" else ONLY
        for text, start, end, out in ((a, a0, a1, in_a), (b, b0, b1, in_b)):
            while end > start and text[end - 1].isspace():
                end -= 1
            if end > start:
                out.append((start, end, kind))
    return in_a, in_b
