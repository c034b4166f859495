"""Quotes over a generated library (DESIGN.md: thousands of articles must stay fast).

    python3 tests/bench/quotes_library.py --articles 5000 [--seed 1]

Each generated article takes 8-16 paragraphs of the seeds, renames the people in them to one
of 400 generated names, and rewrites every quotation: half keep the seed's wording with one or
two words changed (so reports of one statement recur across the library, as with syndicated
copy), half become new statements drawn from a Zipf vocabulary. Figures: articles, quotes,
statements, groups, candidate pairs compared, wall and CPU seconds for extraction and for
grouping, and wall milliseconds per article. The last line printed is one JSON object with the figures.

    python3 tests/bench/quotes_library.py --articles 5000 --baseline DIR [--rounds 2]

measures the package in DIR too (e.g. `git archive main tui | tar -x -C DIR`), in the same run:
each round runs this code and the baseline in fresh processes, alternating, on the same
generated library; the last line is then a JSON object with both sides' medians and the ratio
of CPU seconds (this code / baseline).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# --code DIR (used for the baseline's process) puts another copy of the package first
_code = sys.argv[sys.argv.index("--code") + 1] if "--code" in sys.argv else str(ROOT)
sys.path.insert(0, _code)

from tui.corpus import build_article, read_article  # noqa: E402
from tui.quotes import group_quotes  # noqa: E402

_QUOTE = re.compile(r"([“\"])([^”\"\n]{3,400})([”\"])")
_NAMES = re.compile(r"\b(?:Volodymyr Zelenskyy?|Zelenskyy?|Joe Biden|Biden|Vladimir Putin|Putin)\b")


def generate(n: int, rng: random.Random) -> list:
    seeds = [read_article(p) for p in sorted((ROOT / "seeds").glob("*.txt"))]
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


def extract(articles) -> list:
    """Quotes of every article with speakers resolved across the library, before grouping,
    with whichever API the package on the path has."""
    try:
        from tui.quotes.extract import ArticleReader
        from tui.quotes.job import resolve_library
    except ImportError:  # a baseline from before the reader and the job API
        from tui.quotes.extract import analyse, resolve, speaker_names
        analyses = [analyse(a) for a in articles]
        names = speaker_names(analyses)
        return [q for an in analyses for q in resolve(an, names)]
    readers = []
    for a in articles:
        reader = ArticleReader(a)
        reader.finish()
        readers.append(reader)
    return resolve_library(readers)


def measure(n: int, seed: int) -> dict:
    articles = generate(n, random.Random(seed))
    t0, c0 = time.perf_counter(), time.process_time()
    quotes = extract(articles)
    t1, c1 = time.perf_counter(), time.process_time()
    group_quotes(quotes)
    t2, c2 = time.perf_counter(), time.process_time()
    from tui.quotes.group import _candidates, _statements
    stmts = _statements(quotes)
    pairs = sum(1 for _ in _candidates(stmts))
    return {
        "articles": len(articles), "quotes": len(quotes),
        "fragments": sum(1 for q in quotes if q.fragment), "statements": len(stmts),
        "groups": len({q.group for q in quotes}), "candidate_pairs": pairs,
        "all_pairs": len(stmts) * (len(stmts) - 1) // 2,
        "extract_s": round(t1 - t0, 2), "group_s": round(t2 - t1, 2),
        "extract_cpu_s": round(c1 - c0, 2), "group_cpu_s": round(c2 - c1, 2),
        "cpu_s": round(c2 - c0, 2),
        "ms_per_article": round(1000 * (t2 - t0) / len(articles), 2),
    }


def _child(code: Path, n: int, seed: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--articles", str(n), "--seed", str(seed),
                          "--code", str(code)], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": str(code)})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--baseline", type=Path, metavar="DIR",
                    help="also measure the package found in DIR, in the same run")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--code", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.baseline is not None:
        args.baseline = args.baseline.resolve()
    if args.baseline is None:
        figures = measure(args.articles, args.seed)
        for k, v in figures.items():
            print(f"{k:>16}: {v}")
        print(json.dumps(figures))
        return
    runs: dict[str, list[dict]] = {"this": [], "baseline": []}
    for r in range(args.rounds):
        order = [("this", ROOT), ("baseline", args.baseline)]
        for name, code in order if r % 2 == 0 else reversed(order):
            fig = _child(code, args.articles, args.seed)
            runs[name].append(fig)
            print(f"round {r + 1} {name:>8}: quotes {fig['quotes']} (fragments "
                  f"{fig['fragments']}), groups {fig['groups']}, extract CPU "
                  f"{fig['extract_cpu_s']} s, group CPU {fig['group_cpu_s']} s, total CPU "
                  f"{fig['cpu_s']} s", flush=True)
    med = {name: {k: statistics.median(f[k] for f in figs)
                  for k in ("extract_cpu_s", "group_cpu_s", "cpu_s", "extract_s", "group_s")}
           for name, figs in runs.items()}
    ratio = {k: round(med["this"][k] / med["baseline"][k], 3) for k in med["this"]}
    for k in ("extract_cpu_s", "group_cpu_s", "cpu_s"):
        print(f"median {k:>14}: this {med['this'][k]}  baseline {med['baseline'][k]}  "
              f"ratio {ratio[k]}")
    print(json.dumps({"median": med, "ratio": ratio}))


if __name__ == "__main__":
    main()
