"""Benchmark: a library of 10,000 small articles.

1. Generates N articles (default 10,000) in a temp folder.
2. ``index (cold)``: one ``Library.scan`` in this process, parsing every file (this is what the
   progress line shows on a first start).
3. ``first screen``: fresh ``python3`` processes, headless 80x24, from spawn to the library
   listing all N rows with the index warm (median of several runs). Goal (DESIGN.md): under
   1.5 s once indexed.
4. ``filter``: in one running app, the cost of re-filtering the N rows per keystroke of a
   query typed in the library's ``/`` box (median and worst), and ``open``: enter on a row to
   the reader shown.
Run: ``python3 tests/bench/library_10k.py [--articles N] [--runs N]``
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from startup import bench_env, time_child  # noqa: E402

PLACES = ["Kyiv, Ukraine", "Lviv, Ukraine", "Warsaw, Poland", "Brussels, Belgium", "London"]
OUTLETS = ["CNN", "Reuters", "AP", "BBC", "AFP"]
WORDS = ("talks ceasefire president minister sanctions convoy refugees border statement "
         "interview officials capital delegation missile shelter humanitarian corridor aid "
         "negotiations parliament invasion residents evacuation").split()


def write_articles(folder: Path, count: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    for i in range(count):
        title = " ".join(rng.choice(WORDS).capitalize() for _ in range(rng.randint(5, 9)))
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(25, 60))).capitalize() + "."
            for _ in range(rng.randint(3, 8)))
        text = (f"date 2022-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n\n{title} {i}\n\n"
                f"{rng.choice(PLACES)} {rng.choice(OUTLETS)} —\n\n{body}\n")
        sub = folder / f"{i // 1000:02d}"
        sub.mkdir(exist_ok=True)
        (sub / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")


async def interactive(paths: list[str], query: str) -> dict[str, float]:
    from tui.app.app import SynopticApp
    from tui.app.library_screen import LibraryScreen
    from tui.app.reader_screen import ReaderScreen
    from tui.state import StateStore

    state = StateStore.open(os.environ["SYNOPTIC_STATE"])
    app = SynopticApp(paths, state)
    app.animation_level = "none"
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        original = screen._apply_filter

        def timed(text: str) -> None:
            t = time.perf_counter()
            original(text)
            times.append(time.perf_counter() - t)

        screen._apply_filter = timed
        await pilot.press("slash", *query)
        await pilot.pause()
        rows = len(screen.table.rows)
        await pilot.press("escape")
        await pilot.pause()
        t = time.perf_counter()
        await pilot.press("enter")
        while not isinstance(app.screen, ReaderScreen):
            await pilot.pause(0.01)
        await pilot.pause()
        opened = time.perf_counter() - t
    state.close()
    return {"filter_median_ms": statistics.median(times) * 1000,
            "filter_max_ms": max(times) * 1000, "filter_rows": rows, "open_ms": opened * 1000}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        lib = tmp / "library"
        lib.mkdir()
        t = time.perf_counter()
        write_articles(lib, args.articles)
        print(f"generated {args.articles:,} articles in {time.perf_counter() - t:.1f} s")
        env = bench_env(tmp, [str(lib)])
        os.environ.update({k: env[k] for k in ("SYNOPTIC_CACHE_DIR", "SYNOPTIC_STATE")})

        from tui.corpus.library import Library

        t = time.perf_counter()
        infos = Library([str(lib)]).scan()
        cold = time.perf_counter() - t
        assert len(infos) == args.articles, len(infos)
        print(f"index (cold, in-process):        {cold:6.2f} s for {len(infos):,} files")

        firsts = []
        for _ in range(args.runs):
            if os.path.exists(env["SYNOPTIC_STATE"]):
                os.unlink(env["SYNOPTIC_STATE"])
            marks = time_child("synoptic", env)
            assert marks["rows"] == args.articles, marks
            firsts.append(marks["populated"])
        first = statistics.median(firsts)
        print(f"first screen, {args.articles:,} listed (warm):  median {first:6.2f} s over "
              f"{args.runs} runs (min {min(firsts):.2f}, max {max(firsts):.2f}); goal < 1.5 s")

        figures = asyncio.run(interactive([str(lib)], "talks"))
        print(f"filter keystroke over {args.articles:,} rows: median "
              f"{figures['filter_median_ms']:.1f} ms, max {figures['filter_max_ms']:.1f} ms "
              f"(query 'talks' -> {figures['filter_rows']:,} rows)")
        print(f"enter -> reader shown: {figures['open_ms']:.0f} ms")
        print(json.dumps({"bench": "library_10k", "articles": args.articles,
                          "index_cold_s": round(cold, 2), "first_screen_s": round(first, 3),
                          **{k: round(v, 1) for k, v in figures.items()}}))


if __name__ == "__main__":
    main()
