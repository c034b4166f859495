"""Bench: SIGHUP and SIGTERM at random moments of every long job on a generated big article.

Each trial is tests/exit_trials.run_trial: the real program in a pseudo-terminal, a job started
(open, Q quotes, ctrl+f search index, c compare; "start" signals during the first indexing of
the folder), the terminal closed (or SIGHUP sent) at a random moment, SIGTERM a random moment
later. Prints, per job, the exit times after the first signal (median, p95, max), which layer
ended the app (app: the normal exit path; watchdog; faulthandler), and every failed trial.

    PYTHONPATH=$PWD python3 tests/bench/exit_signals.py --trials 100 --size 20 --max-delay 10
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.exit_trials import JOBS, make_library, run_trial, warm_cache  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--size", type=float, default=20, help="article size in MB")
    ap.add_argument("--max-delay", type=float, default=10.0,
                    help="longest wait between the job's key and the hangup (s)")
    ap.add_argument("--jobs", default=",".join(JOBS))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    jobs = args.jobs.split(",")
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="synoptic-exit-bench-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        folder = make_library(root / "library", int(args.size * 1e6))
        template = warm_cache(folder, root / "warm-cache")
        print(f"library of {args.size:g} MB ready in {time.perf_counter() - started:.1f} s")
        results = []
        for n in range(args.trials):
            job = jobs[n % len(jobs)]
            r = run_trial(folder, root / f"trial-{n}", job, rng, cache_template=template,
                          max_delay=args.max_delay)
            results.append(r)
            mark = "ok " if r.ok else "FAIL"
            print(f"{mark} #{n:<3} {job:<8} {r.hangup:<5} signal at {r.signal_after:5.2f} s  "
                  f"exit {r.exit_seconds if r.exit_seconds is not None else '>3.5':>6} s  "
                  f"code {r.code}  by {r.ended_by}  children {r.children} "
                  f"left {len(r.orphans)}", flush=True)
            for p in r.problems:
                print("      " + p.replace("\n", "\n      ")[:1500])
    print()
    print(f"{'job':<9}{'trials':>7}{'median':>9}{'p95':>8}{'max':>8}  ended by")
    for job in jobs + ["all"]:
        rs = [r for r in results if job in (r.job, "all")]
        times = sorted(r.exit_seconds for r in rs if r.exit_seconds is not None)
        if not rs:
            continue
        p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
        by = ", ".join(f"{k} {v}" for k, v in Counter(r.ended_by for r in rs).items())
        print(f"{job:<9}{len(rs):>7}{statistics.median(times) if times else float('nan'):>9.3f}"
              f"{p95:>8.3f}{max(times) if times else float('nan'):>8.3f}  {by}")
    failed = [r for r in results if not r.ok]
    print(f"\n{len(results) - len(failed)} of {len(results)} trials exited within 3 s with the "
          "state readable, the lock free and no child process left; "
          f"{sum(r.children > 0 for r in results)} trials had job children")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
