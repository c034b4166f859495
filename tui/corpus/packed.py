"""An Article as a few flat arrays, to hand it to or from another process.

Why: a 20 MB article is about 100,000 paragraphs and 400,000 sentence spans. Pickled as
objects it takes one long C call to load (the whole time holding the interpreter, so a screen
in the receiving process freezes); as a text and four integer arrays it pickles and loads in
milliseconds, and the objects are rebuilt a block at a time by ``unpack_article``, which gives
the interpreter away between blocks (``pause``).
"""
from __future__ import annotations

import time
from array import array
from typing import Callable

from tui.cancel import CancelCheck, check

from .model import Article, Paragraph, Span

# Paragraphs rebuilt between two pauses: about a millisecond of work.
UNPACK_BLOCK = 200
_META = ("path", "id", "title", "outlet", "date", "dateline", "byline", "encoding", "url")


def pack_article(article: Article) -> dict:
    """``article`` as plain values: its text, metadata, and the spans as integer arrays."""
    para = array("q")
    flags = array("b")
    roles: dict[str, int] = {"": 0}
    role_of = array("b")
    counts = array("i")
    sents = array("q")
    for p in article.paragraphs:
        para.append(p.start)
        para.append(p.end)
        flags.append(1 if p.boilerplate else 0)
        role_of.append(roles.setdefault(p.role, len(roles)))
        counts.append(len(p.sentences))
        for s in p.sentences:
            sents.append(s.start)
            sents.append(s.end)
    return {"text": article.text, "meta": {k: getattr(article, k) for k in _META},
            "warnings": list(article.warnings), "para": para, "flags": flags,
            "roles": list(roles), "role_of": role_of, "counts": counts, "sents": sents}


def unpack_article(packed: dict, cancelled: CancelCheck = None,
                   pause: Callable[[float], None] | None = time.sleep,
                   progress: Callable[[int, int], None] | None = None) -> Article:
    """The Article ``pack_article`` packed. Between blocks of paragraphs it calls
    ``pause(0)`` (a thread then lets the screen's thread run), checks ``cancelled`` and
    calls ``progress(characters done, characters in all)``."""
    text = packed["text"]
    para, flags, counts, sents = (packed["para"], packed["flags"], packed["counts"],
                                  packed["sents"])
    roles, role_of = packed["roles"], packed["role_of"]
    paragraphs: list[Paragraph] = []
    k = 0
    for i in range(len(counts)):
        if i % UNPACK_BLOCK == 0 and i:
            check(cancelled)
            if progress is not None:
                progress(para[2 * i], len(text))
            if pause is not None:
                pause(0)
        n = counts[i]
        spans = tuple(Span(sents[j], sents[j + 1]) for j in range(k, k + 2 * n, 2))
        k += 2 * n
        paragraphs.append(Paragraph(para[2 * i], para[2 * i + 1], spans,
                                    boilerplate=bool(flags[i]), role=roles[role_of[i]]))
    meta = packed["meta"]
    return Article(text=text, paragraphs=paragraphs, warnings=list(packed["warnings"]),
                   **meta)
