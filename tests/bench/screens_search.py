"""Search screen figures on a library (default: the seeds): index build time in the worker,
then, for each keystroke of a query, the searcher's time in its worker and the time until the
results are on screen (headless, so no terminal I/O; Pilot's own per-key overhead excluded).

    python3 tests/bench/screens_search.py [PATH ...] [--query "figting for our lifes"]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual import events  # noqa: E402

from tui import SEEDS_DIR  # noqa: E402


async def run(paths: list[str], query: str) -> None:
    from tui.app.app import SynopticApp
    from tui.state import StateStore

    state = StateStore.open(Path(tempfile.mkdtemp()) / "state.json")
    app = SynopticApp(paths, state, theme="synoptic-dark", restore_session=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        t0 = time.perf_counter()
        app.action_search()
        screen = app.screen
        while screen.searcher is None:
            await asyncio.sleep(0.005)
        print(f"articles: {len(app.library.infos)}  index ready after "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms (worker {screen.index_seconds * 1000:.0f} ms)")
        search_ms, shown_ms = [], []
        typed = ""
        for ch in query:
            typed += ch
            t = time.perf_counter()
            app.post_message(events.Key("space" if ch == " " else ch, ch))
            while screen.shown_query != typed:
                await asyncio.sleep(0.001)
            shown_ms.append((time.perf_counter() - t) * 1000)
            search_ms.append(screen.search_seconds * 1000)
        for name, xs in (("searcher (worker)", search_ms), ("key to results shown", shown_ms)):
            xs_sorted = sorted(xs)
            p95 = xs_sorted[max(0, int(len(xs) * 0.95) - 1)]
            print(f"{name:<22} median {statistics.median(xs):6.1f} ms  p95 {p95:6.1f} ms  "
                  f"max {max(xs):6.1f} ms  ({len(xs)} keystrokes)")
    state.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--query", default="figting for our lifes")
    args = parser.parse_args()
    os.environ.setdefault("SYNOPTIC_CACHE_DIR", tempfile.mkdtemp())
    asyncio.run(run(args.paths or [str(SEEDS_DIR)], args.query))


if __name__ == "__main__":
    main()
