"""Quotes of one huge article, as the app's Quotes screen drives them (DESIGN.md: a 20 MB
article must not freeze a screen; long work shows progress, is cancelled by leaving, and peak
memory stays within 30x the file).

    python3 tests/bench/quotes_big_article.py [--mb 20] [--seed 1] [--block 32000]

The article is made of the seeds' body paragraphs, repeated until it is ``--mb`` megabytes,
with the people renamed (one of 400 generated names per paragraph, so the article has many
speakers) and every quotation varied as tests/bench/quotes_library.py does (half keep the
seed's wording with a word or two changed, half become new statements), so most statements are
distinct and grouping has real work to do.

Each figure runs in a fresh subprocess, after the article is read, so the peak resident memory
(``resource.getrusage``) belongs to that run:
- ``first_quotes_s``: from starting ``quotes_job`` to the first update that carries quotes;
- ``full_s`` (wall) and ``cpu_s``: the whole job, reading, names and grouping;
- ``max_step_ms``: the longest time between two updates of the job, which bounds how long a
  cancel can wait (the job checks its flag between steps);
- ``cancel_ms``: a thread sets the cancel Event 1.5 s into the job, half-way and at 92 % of
  the full time (three runs); time from the Event to ``Cancelled``, and the stage it was in;
- ``peak_rss_mb`` and ``peak_over_file``: peak resident memory of the process during the job
  (VmHWM, reset after the article is read) minus what it held then, and that over the file's
  size in bytes; ``article_rss_mb``: the process after reading the article (interpreter and
  the article's text, paragraphs and sentences); ``tracemalloc_peak_mb`` (a separate run):
  the peak of Python allocations during the job alone.
The last line printed is one JSON object with the figures.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

_QUOTE = re.compile(r"([“\"])([^”\"\n]{3,400})([”\"])")
_NAMES = re.compile(r"\b(?:Volodymyr Zelenskyy?|Zelenskyy?|Joe Biden|Biden|Vladimir Putin|Putin)\b")


def generate(mb: float, seed: int) -> str:
    from tui import SEEDS_DIR
    from tui.corpus import read_article

    rng = random.Random(seed)
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

    def rewrite(m: re.Match) -> str:
        words = m.group(2).split()
        if rng.random() < 0.5:
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(len(words))] = rng.choice(vocab[:2000])
        else:
            words = rng.choices(vocab, weights, k=max(2, len(words)))
        return m.group(1) + " ".join(words) + m.group(3)

    out = ["A very long report on the talks", "By A. Writer · The Long Gazette · 2022-03-02"]
    size = 0
    target = int(mb * 1_000_000)
    while size < target:
        person = rng.choice(people)
        surname = person.split()[1]
        para = _NAMES.sub(lambda m: person if " " in m.group() else surname, rng.choice(paras))
        para = _QUOTE.sub(rewrite, para)
        out.append(para)
        size += len(para.encode("utf-8")) + 2
    return "\n\n".join(out) + "\n"


def _rss_kib(field: str) -> int:
    """VmRSS (now) or VmHWM (peak since the last reset) of this process, in KiB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak() -> bool:
    """Start VmHWM again from the current size (Linux: clear_refs 5)."""
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def _child(path: str, mode: str, block: int) -> None:
    """One measured run (in a fresh process): prints a JSON object."""
    from tui.corpus import read_article
    from tui.quotes import Cancelled, quotes_job

    article = read_article(path)
    import gc

    gc.collect()
    reset = _reset_peak()
    base_rss = _rss_kib("VmRSS")
    size = os.path.getsize(path)
    res: dict = {}
    if mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
        for _ in quotes_job([article], cache=False, block_chars=block):
            pass
        res["tracemalloc_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 1e6, 1)
        tracemalloc.stop()
    elif mode.startswith("cancel"):
        after = float(mode.split("@")[1])
        stop = threading.Event()
        set_at: list[float] = []
        timer = threading.Timer(after, lambda: (set_at.append(time.perf_counter()), stop.set()))
        stage = ["reading"]
        timer.start()
        try:
            for update in quotes_job([article], cancel=stop, cache=False, block_chars=block):
                stage[0] = update.stage
            res["cancel_ms"] = None  # finished before the cancel
        except Cancelled:
            res["cancel_ms"] = round((time.perf_counter() - set_at[0]) * 1000, 1)
            res["cancel_stage"] = stage[0]
    else:
        t0, c0 = time.perf_counter(), time.process_time()
        first = None
        last = t0
        max_step = 0.0
        n_updates = 0
        quotes = []
        for update in quotes_job([article], cache=False, block_chars=block):
            now = time.perf_counter()
            max_step = max(max_step, now - last)
            last = now
            n_updates += 1
            if first is None and update.quotes:
                first = now - t0
            if update.stage == "done":
                quotes = update.quotes
        peak = _rss_kib("VmHWM") if reset else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        res.update({
            "first_quotes_s": round(first, 3) if first is not None else None,
            "full_s": round(time.perf_counter() - t0, 2),
            "cpu_s": round(time.process_time() - c0, 2),
            "max_step_ms": round(max_step * 1000, 1), "updates": n_updates,
            "quotes": len(quotes), "groups": len({q.group for q in quotes}),
            "speakers": len({q.speaker for q in quotes if q.speaker}),
            "article_rss_mb": round(base_rss / 1024, 1),
            "peak_rss_mb": round((peak - base_rss) / 1024, 1),
            "peak_over_file": round((peak - base_rss) * 1024 / size, 1),
        })
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--block", type=int, default=0, help="characters per step (default: the job's)")
    ap.add_argument("--child", nargs=2, metavar=("PATH", "MODE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    from tui.quotes.job import BLOCK_CHARS

    block = args.block or BLOCK_CHARS
    if args.child:
        _child(args.child[0], args.child[1], block)
        return
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(generate(args.mb, args.seed), encoding="utf-8")
        figures = {"file_mb": round(path.stat().st_size / 1e6, 1), "block_chars": block}
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        def child(mode: str) -> dict:
            out = subprocess.run([sys.executable, __file__, "--child", str(path), mode,
                                  "--block", str(block)],
                                 capture_output=True, text=True, env=env, check=True).stdout
            return json.loads(out.strip().splitlines()[-1])

        figures.update(child("run"))
        figures.update(child("tracemalloc"))
        # cancel while reading, half-way, and late (finishing names or grouping)
        cancels = [child(f"cancel@{at:.2f}") for at in
                   (1.5, figures["full_s"] * 0.5, figures["full_s"] * 0.92)]
        figures["cancel_ms"] = [c["cancel_ms"] for c in cancels]
        figures["cancel_stage"] = [c.get("cancel_stage") for c in cancels]
        size = path.stat().st_size
        figures["tracemalloc_over_file"] = round(figures["tracemalloc_peak_mb"] * 1e6 / size, 1)
    for k, v in figures.items():
        print(f"{k:>22}: {v}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
