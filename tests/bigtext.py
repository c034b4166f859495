"""A generated big article (tens of MB) for the robustness tests and benches: the seeds' body
paragraphs (with their quotations, so the quotes layer has work) shuffled under one headline,
with some words varied so the vocabulary grows as a real long text's does."""
from __future__ import annotations

import random
from pathlib import Path

from tui import SEEDS_DIR

HEADLINE = "Zelensky urges allies to deliver on promises as talks with Russia stall"
_SYLLABLES = "ka lo mi ne ru sa te vo zi da be fo gu hi".split()


def _seed_paragraphs() -> list[str]:
    from tui.corpus import read_article

    out = []
    for p in sorted(SEEDS_DIR.glob("*.txt")):
        a = read_article(p)
        out += [a.text[q.start:q.end] for q in a.paragraphs if not q.role and not q.boilerplate]
    return out


def big_article_text(size: int, seed: int = 1) -> str:
    """About ``size`` characters of article: a headline, a byline, then paragraphs."""
    rng = random.Random(seed)
    paras = _seed_paragraphs()
    parts = [HEADLINE, "By Dana Whitfield · The Lakeside Ledger · 2024-05-14"]
    total = sum(len(p) + 2 for p in parts)
    n = 0
    while total < size:
        words = rng.choice(paras).split(" ")
        # A made-up name or place in about one paragraph in three, so the vocabulary keeps
        # growing (hundreds of thousands of distinct words in 20 MB, as in a real corpus).
        if rng.random() < 0.35:
            i = rng.randrange(len(words))
            name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
            words[i] = name.capitalize() + words[i][-1:] if not words[i][-1:].isalnum() else name
        para = " ".join(words) + f" ({n})"
        parts.append(para)
        total += len(para) + 2
        n += 1
    return "\n\n".join(parts) + "\n"


def write_big_article(folder: Path, size: int, seed: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "big.txt"
    path.write_text(big_article_text(size, seed), encoding="utf-8")
    return path
