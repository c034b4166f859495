#!/usr/bin/env python3
"""How alignment time grows with length: generated pairs from 100 to 50,000 sentences a side.

The left text is generated prose (Zipf-distributed vocabulary, sentences in paragraphs); the
right text is derived from it the way a second outlet rewrites copy: about 15% of words
replaced, a block moved, a block dropped, sentences inserted, paragraphs re-cut. Prints a
table (CPU seconds per unit and microseconds per sentence, which stays about flat when growth
is linear) and a JSON line. Timings are process CPU time, so load from other programs on the
machine does not inflate them; wall time is printed too.

  python3 tests/bench/align_scaling.py [--sizes 100,1000,10000] [--units sentence,clause]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tui.align import align_articles  # noqa: E402
from tui.corpus import build_article  # noqa: E402


def make_pair(n: int, seed: int = 1) -> tuple[str, str]:
    rng = random.Random(seed)
    vocab = [f"{rng.choice('bcdfghklmnprstvz')}{rng.choice('aeiou')}{k}" for k in range(20000)]
    weights = [1.0 / (k + 1) for k in range(len(vocab))]
    words = rng.choices(vocab, weights, k=n * 16)
    sents, pos = [], 0
    for _ in range(n):
        k = rng.randint(6, 26)
        chunk = words[pos:pos + k]
        pos += k
        if len(chunk) < 4:
            chunk = rng.choices(vocab, weights, k=8)
        if rng.random() < 0.4:
            c = rng.randrange(2, len(chunk) - 1)
            chunk[c] += rng.choice([",", ";"])
        sents.append(" ".join(chunk).capitalize() + ".")
    left = "\n\n".join(" ".join(sents[k:k + 4]) for k in range(0, n, 4))

    def reword(s: str) -> str:
        out = []
        for w in s.split(" "):
            out.append(rng.choice(vocab) + w[len(w.rstrip(",;.")):] if rng.random() < 0.15 else w)
        return " ".join(out)[0].upper() + " ".join(out)[1:]

    right = [reword(s) for s in sents]
    if n >= 20:
        a, b = n // 3, n // 3 + max(2, n // 20)
        block = right[a:b]
        del right[a:b]
        at = (2 * n) // 3 - (b - a)
        right[at:at] = block  # moved
        d = n // 2
        del right[d:d + max(1, n // 50)]  # dropped
        ins = [" ".join(rng.choices(vocab, weights, k=10)).capitalize() + "."
               for _ in range(max(1, n // 50))]
        right[n // 5:n // 5] = ins  # inserted
    right_text = "\n\n".join(" ".join(right[k:k + 3]) for k in range(0, len(right), 3))
    return left, right_text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,300,1000,3000,10000,30000,50000")
    ap.add_argument("--units", default="sentence,clause,paragraph")
    a = ap.parse_args()
    sizes = [int(x) for x in a.sizes.split(",")]
    units = a.units.split(",")
    rows = []
    print(f"{'sentences':>9} {'unit':>9} {'units L/R':>13} {'links':>7} {'cpu s':>8} "
          f"{'wall s':>8} {'us/sentence':>11}")
    for n in sizes:
        lt, rt = make_pair(n)
        left, right = build_article(lt, "left.txt"), build_article(rt, "right.txt")
        for unit in units:
            t0, w0 = time.process_time(), time.perf_counter()
            al = align_articles(left, right, unit, use_cache=False)
            cpu, wall = time.process_time() - t0, time.perf_counter() - w0
            row = {"sentences": n, "unit": unit, "left_units": len(al.left_units),
                   "right_units": len(al.right_units), "links": len(al.links),
                   "cpu_s": round(cpu, 3), "wall_s": round(wall, 3),
                   "us_per_sentence": round(cpu / n * 1e6, 1)}
            rows.append(row)
            print(f"{n:>9} {unit:>9} {row['left_units']:>6}/{row['right_units']:<6} "
                  f"{row['links']:>7} {cpu:>8.3f} {wall:>8.3f} {row['us_per_sentence']:>11.1f}",
                  flush=True)
    print(json.dumps({"bench": "align_scaling", "rows": rows}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
