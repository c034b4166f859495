"""Quotes over a generated library (DESIGN.md: thousands of articles must stay fast).

    python3 tests/bench/quotes_library.py --articles 5000 [--seed 1]

Each generated article takes 8-16 paragraphs of the seeds, renames the people in them to one
of 400 generated names, and rewrites every quotation: half keep the seed's wording with one or
two words changed (so reports of one statement recur across the library, as with syndicated
copy), half become new statements drawn from a Zipf vocabulary. Figures: articles, quotes,
statements, groups, candidate pairs compared, wall and CPU seconds for extraction and for
grouping, and wall milliseconds per article. The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui import SEEDS_DIR  # noqa: E402
from tui.corpus import build_article, read_article  # noqa: E402
from tui.quotes import group_quotes  # noqa: E402
from tui.quotes.extract import ArticleReader  # noqa: E402
from tui.quotes.group import _candidates, _statements  # noqa: E402
from tui.quotes.job import resolve_library  # noqa: E402

_QUOTE = re.compile(r"([“\"])([^”\"\n]{3,400})([”\"])")
_NAMES = re.compile(r"\b(?:Volodymyr Zelenskyy?|Zelenskyy?|Joe Biden|Biden|Vladimir Putin|Putin)\b")


def generate(n: int, rng: random.Random) -> list:
    seeds = [read_article(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]
    paras = [a.para_text(i) for a in seeds for i, p in enumerate(a.paragraphs)
             if not p.role and not p.boilerplate]
    first = ["Anna", "Boris", "Carla", "Dmytro", "Elena", "Farid", "Greta", "Hiro", "Ines",
             "Jonas", "Kira", "Luis", "Maya", "Nils", "Olga", "Pavel", "Rita", "Sami", "Tara",
             "Viktor"]
    last = ["Kovalenko", "Smith", "Lopez", "Novak", "Berg", "Haddad", "Moreau", "Tanaka",
            "Rossi", "Weber", "Ivanova", "Silva", "Okafor", "Lind", "Kaya", "Dubois", "Park",
            "Costa", "Meyer", "Yilmaz"]
    people = [f"{f} {s}" for f in first for s in last]
    vocab = [f"w{i}" for i in range(20000)]
    weights = [1 / (i + 1) for i in range(len(vocab))]
    articles = []
    for k in range(n):
        person = rng.choice(people)
        surname = person.split()[1]
        chosen = rng.sample(paras, rng.randint(8, 16))

        def rewrite(m: re.Match) -> str:
            words = m.group(2).split()
            if rng.random() < 0.5:
                for _ in range(rng.randint(1, 2)):
                    words[rng.randrange(len(words))] = rng.choice(vocab[:2000])
            else:
                words = rng.choices(vocab, weights, k=max(2, len(words)))
            return m.group(1) + " ".join(words) + m.group(3)

        body = []
        for para in chosen:
            para = _NAMES.sub(lambda m: person if " " in m.group() else surname, para)
            body.append(_QUOTE.sub(rewrite, para))
        text = f"Report {k} on the talks\n\n" + f"{person} spoke on Tuesday.\n\n" + "\n\n".join(body)
        articles.append(build_article(text, f"gen/{k:05d}.txt"))
    return articles


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = generate(args.articles, rng)

    t0, c0 = time.perf_counter(), time.process_time()
    readers = []
    for a in articles:
        reader = ArticleReader(a)
        reader.finish()
        readers.append(reader)
    quotes = resolve_library(readers)
    t1, c1 = time.perf_counter(), time.process_time()
    group_quotes(quotes)
    t2, c2 = time.perf_counter(), time.process_time()
    stmts = _statements(quotes)
    pairs = sum(1 for _ in _candidates(stmts))
    figures = {
        "articles": len(articles), "quotes": len(quotes), "statements": len(stmts),
        "groups": len({q.group for q in quotes}), "candidate_pairs": pairs,
        "all_pairs": len(stmts) * (len(stmts) - 1) // 2,
        "extract_s": round(t1 - t0, 2), "group_s": round(t2 - t1, 2),
        "extract_cpu_s": round(c1 - c0, 2), "group_cpu_s": round(c2 - c1, 2),
        "ms_per_article": round(1000 * (t2 - t0) / len(articles), 2),
    }
    for k, v in figures.items():
        print(f"{k:>16}: {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
