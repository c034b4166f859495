"""Differences that mean something: which links say the same words, and what a reader would
call changed between two aligned articles.

Two passages have the same wording when their words are the same once punctuation, quote-mark
style, casing, contractions ("can't" / "cannot", "it's" / "it is") and number formatting
("1,000" / "1000", "five" / "5", "10%" / "10 per cent") are set aside. A difference is then

* a link whose wording is not the same (a reworded passage: "useful" became "helpful"), or
* a passage only one side has: a run of neighbouring units of one article that are in no link
  (a dropped or added passage counts once, however many sentences it has; boilerplate,
  datelines and bylines are never differences).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tui.corpus import Article

from .model import Alignment, Link

_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+(?:'[^\W\d_]+)*")
_CONTRACTIONS = {
    "can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
    "shan't": ("shall", "not"), "ain't": ("is", "not"), "let's": ("let", "us"),
    "it's": ("it", "is"), "that's": ("that", "is"), "there's": ("there", "is"),
    "here's": ("here", "is"), "what's": ("what", "is"), "who's": ("who", "is"),
    "where's": ("where", "is"), "he's": ("he", "is"), "she's": ("she", "is"),
    "how's": ("how", "is"), "when's": ("when", "is"), "why's": ("why", "is"),
}
_SUFFIXES = (("n't", ("not",)), ("'re", ("are",)), ("'ve", ("have",)), ("'ll", ("will",)),
             ("'d", ("would",)), ("'m", ("am",)))
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}


def _number(token: str) -> str:
    # "1,000" and "1000"; "3.50" and "3.5"; a decimal comma is read as thousands (rare in news)
    t = token.replace(",", "")
    if "." in t:
        whole, _, frac = t.partition(".")
        frac = frac.rstrip("0")
        return whole + ("." + frac if frac else "")
    return t.lstrip("0") or "0"


def words(text: str) -> tuple[str, ...]:
    """The words of ``text`` as compared for wording: lower case, contractions spelt out,
    numbers in one format, punctuation and quote marks left out."""
    text = text.translate(_QUOTES).lower()
    text = re.sub(r"\bper\s*cent\b|%", " percent ", text)
    out: list[str] = []
    for tok in _TOKEN.findall(text):
        if tok[0].isdigit():
            out.append(_number(tok))
            continue
        full = _CONTRACTIONS.get(tok)
        if full:
            out.extend(full)
            continue
        for suffix, rest in _SUFFIXES:
            if tok.endswith(suffix) and len(tok) > len(suffix):
                stem = tok[:-len(suffix)]
                out.append({"wo": "will", "ca": "can", "sha": "shall"}.get(stem, stem)
                           if suffix == "n't" else stem)
                out.extend(rest)
                break
        else:
            out.append(_NUMBER_WORDS.get(tok, tok))
    return tuple(out)


def same_wording(a: str, b: str) -> bool:
    """Whether two passages say the same words (see the module docstring)."""
    return words(a) == words(b)


def _text(article: Article, alignment: Alignment, side: int, units) -> str:
    spans = alignment.units(side)
    return " ".join(article.text[spans[k].start:spans[k].end] for k in units)


def link_differs(alignment: Alignment, left: Article, right: Article, link: Link) -> bool:
    """Whether a link's two sides differ in wording."""
    return not same_wording(_text(left, alignment, 0, link.left),
                            _text(right, alignment, 1, link.right))


def links_differ(alignment: Alignment, left: Article, right: Article) -> list[bool]:
    """``link_differs`` for every link of ``alignment.links``, in order."""
    return [link_differs(alignment, left, right, k) for k in alignment.links]


@dataclass(frozen=True, slots=True)
class Difference:
    """One thing a reader would call changed. ``kind`` is "reworded" (``link`` is set, and
    ``left``/``right`` are its units) or "only_here" (units of one side in no link: the other
    side's tuple is empty)."""

    kind: str
    left: tuple[int, ...]
    right: tuple[int, ...]
    link: Link | None = None


def differences(alignment: Alignment, left: Article, right: Article,
                differs: list[bool] | None = None) -> list[Difference]:
    """Every difference, in reading order of the left article; a passage only the right one
    has comes after the link that precedes it in the right article. ``differs`` may pass
    ``links_differ`` already computed."""
    if differs is None:
        differs = links_differ(alignment, left, right)
    runs: list[list[Difference]] = [[], []]
    for side in (0, 1):
        only = set(alignment.only_here(side))
        cur: list[int] = []
        for k in range(len(alignment.units(side))) if only else ():
            if k in only:
                cur.append(k)
                continue
            if alignment.link_of(side, k) is not None and cur:
                runs[side].append(_only(side, cur))
                cur = []
        if cur:
            runs[side].append(_only(side, cur))
    # order: by position in the left text; right-only runs after the link before them
    keyed: list[tuple[tuple[int, int, int], Difference]] = []
    for n, link in enumerate(alignment.links):
        if differs[n] and link.left:
            keyed.append(((link.left[0], 1, 0), Difference("reworded", link.left, link.right, link)))
    for d in runs[0]:
        keyed.append(((d.left[0], 0, 0), d))
    right_links = sorted((k.right[-1], k.left[0]) for k in alignment.links if k.right and k.left)
    for d in runs[1]:
        first = d.right[0]
        before = [lft for r_end, lft in right_links if r_end < first]
        at = max(before) if before else -1
        keyed.append(((at, 2, first), d))
    keyed.sort(key=lambda x: x[0])
    return [d for _, d in keyed]


def _only(side: int, units: list[int]) -> Difference:
    return Difference("only_here", tuple(units), ()) if side == 0 else \
        Difference("only_here", (), tuple(units))
