"""Words, normal forms and typo budgets shared by indexing, querying and scoring.

One tokenizer serves the index, the query and the final scorer, so a sentence is always compared
with a query in the same normal form: lower case, accents folded, punctuation dropped, words
joined by single spaces.
"""
from __future__ import annotations

import re
import unicodedata

# Letters and digits only: "Zelensky’s" gives "zelensky", "s" whichever apostrophe was used.
WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Lower case with accents removed ("Kyïv" -> "kyiv"); ASCII takes the fast path."""
    text = text.lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    if decomposed == text:          # curly quotes, dashes: nothing to fold
        return text
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normal form) of every word, offsets into ``text`` itself (for highlighting)."""
    out = []
    for m in WORD.finditer(text):
        w = m.group()
        norm = w.lower() if w.isascii() else "".join(words(w))
        out.append((m.start(), m.end(), norm))
    return out


def complete_typos(length: int) -> int:
    """Edits tolerated in a finished word: none in short words, where one edit is another word."""
    if length <= 3:
        return 0
    return 1 if length <= 6 else 2


def prefix_typos(length: int) -> int:
    """Edits tolerated in the word still being typed; stricter, since a prefix says less."""
    if length <= 4:
        return 0
    return 1 if length <= 8 else 2


def parse_query(query: str) -> tuple[list[str], bool]:
    """The query's words and whether the last one is still being typed (no space after it)."""
    terms = words(query)
    typing = bool(terms) and bool(query) and (query[-1].isalnum())
    return terms, typing
