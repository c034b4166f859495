"""Search screen figures on a library (default: the seeds, or ``--generate N`` articles made
from the seeds' paragraphs): index build time, then for each keystroke of a query the
searcher's time and the time from the key event until the results are painted. Headless, so
no terminal I/O; "painted" is the compositor's update for the frame that shows the answer, with
no layout, repaint or callback left pending. The same harness runs a bare Textual Input first
(key to its new value painted), as the floor to compare with. Cursor moves through the results
(down, pagedown) are timed the same way. Keys come ``--gap`` seconds apart, as typed.

    python3 tests/bench/screens_search.py [PATH ...] [--generate 500] [--gap 0.05] \
        [--query "figting for our lifes"]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from textual import events  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.widgets import Input  # noqa: E402

from tui import SEEDS_DIR  # noqa: E402

GAP = 0.05  # seconds between keys, set by --gap
OUTLETS = ["CNN", "Reuters", "People", "AP", "BBC", "Kyiv Independent", "Le Monde"]


def generate(n: int, seed: int = 1) -> str:
    """``n`` articles in a temp folder, each 8-16 body paragraphs of the seeds under its own
    headline and outlet, so a seeds query has many answers across the library."""
    from tui.corpus import read_article

    rng = random.Random(seed)
    seeds = [read_article(p) for p in sorted(SEEDS_DIR.glob("*.txt"))]
    paras = [a.text[p.start:p.end] for a in seeds for p in a.paragraphs
             if not p.role and not p.boilerplate]
    folder = Path(tempfile.mkdtemp(prefix="synoptic-search-bench-"))
    for k in range(n):
        body = "\n\n".join(rng.sample(paras, min(len(paras), rng.randint(8, 16))))
        outlet = rng.choice(OUTLETS)
        text = f"Report {k} on the talks in Kyiv\n\nBy {outlet} staff\n\n{body}\n"
        (folder / f"{k:05d}.txt").write_text(text, encoding="utf-8")
    return str(folder)


class PaintClock:
    """Records when the app hands a frame to the (headless) driver, and whether the state the
    caller waits for was already there when that frame was composed.

    Private Textual hooks, kept on purpose (a bench, never a test): 8.2.8 has no public event
    for "a frame went to the driver" (``App._display``) nor for "nothing left to lay out or
    paint" (the screen's ``_layout_required`` and friends)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.ready: Callable[[], bool] = lambda: False
        self.painted_at: float | None = None
        original = app._display

        def display(screen, renderable) -> None:
            original(screen, renderable)
            if renderable is not None and self.ready():
                self.painted_at = time.perf_counter()

        app._display = display  # type: ignore[method-assign]

    def idle(self) -> bool:
        screen = self.app.screen
        return (not screen._layout_required and not screen._repaint_required
                and not screen._scroll_required and not screen._dirty_widgets
                and not screen._callbacks)

    def settled(self) -> bool:
        return self.painted_at is not None and self.idle()

    async def key_to_paint(self, key: str, character: str | None,
                           ready: Callable[[], bool]) -> float:
        # Typing speed, not back-to-back keys: Textual paints at most once per 1/60 s frame, so
        # a key sent right after a paint waits out the rest of that frame whatever the screen
        # does (--gap 0 shows that floor).
        await asyncio.sleep(GAP)
        self.ready = ready
        self.painted_at = None
        t = time.perf_counter()
        self.app.post_message(events.Key(key, character))
        ready_at = None
        while True:
            if ready_at is None and ready():
                ready_at = time.perf_counter()
            if ready_at is not None and self.settled():
                break
            if ready_at is not None and self.painted_at is None and self.idle() and \
                    time.perf_counter() - ready_at > 0.05:
                # The answer changed nothing on screen (the same results as the last key's,
                # already painted): it was on screen when it was ready.
                return (ready_at - t) * 1000
            if time.perf_counter() - t > 5:
                raise SystemExit(f"key {key!r}: nothing painted after 5 s")
            await asyncio.sleep(0.0005)
        return (self.painted_at - t) * 1000


def key_of(ch: str) -> str:
    return "space" if ch == " " else ch


class BareInput(App):
    def compose(self) -> ComposeResult:
        yield Input()


async def bare_input(query: str, repeat: int) -> list[float]:
    app = BareInput()
    out: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        clock = PaintClock(app)
        box = app.query_one(Input)
        for _ in range(repeat):
            box.value = ""
            await pilot.pause()
            typed = ""
            for ch in query:
                typed += ch
                out.append(await clock.key_to_paint(key_of(ch), ch,
                                                    lambda t=typed: box.value == t))
    return out


async def search_screen(paths: list[str], query: str, repeat: int) -> dict[str, list[float]]:
    from tui.app.app import SynopticApp
    from tui.state import StateStore

    state = StateStore.open(Path(tempfile.mkdtemp()) / "state.json")
    app = SynopticApp(paths, state, theme="synoptic-dark", restore_session=False)
    figures: dict[str, list[float]] = {"searcher": [], "key to results painted": [],
                                       "down to painted": [], "pagedown to painted": []}
    async with app.run_test(size=(80, 24)) as pilot:
        while not getattr(app, "library_loaded", True):  # the library loads in the background
            await app.workers.wait_for_complete()
            await asyncio.sleep(0.01)
        await pilot.pause()
        t0 = time.perf_counter()
        app.action_search()
        screen = app.screen
        while screen.searcher is None:
            await asyncio.sleep(0.005)
        print(f"articles: {len(app.library.infos)}  index ready after "
              f"{(time.perf_counter() - t0) * 1000:.0f} ms (worker "
              f"{screen.index_seconds * 1000:.0f} ms)")
        await pilot.pause()
        clock = PaintClock(app)
        box = screen.query_one("#search-input", Input)
        for _ in range(repeat):
            box.value = ""
            while screen.shown_query != "":
                await pilot.pause()
            await pilot.pause()
            typed = ""
            for ch in query:
                typed += ch
                ms = await clock.key_to_paint(key_of(ch), ch,
                                              lambda t=typed: screen.shown_query == t)
                figures["key to results painted"].append(ms)
                figures["searcher"].append(screen.search_seconds * 1000)
        print(f"results for {query!r}: {len(screen.hits)}")
        # In the results list, where pagedown pages (in the box it would not).
        screen.action_focus_results()
        await pilot.pause()
        if not screen.hits:
            raise SystemExit("no results: nothing to move through")
        for key, name in (("down", "down to painted"), ("pagedown", "pagedown to painted")):
            for _ in range(8):
                before = screen.current()
                if before is screen.hits[-1]:
                    break
                ms = await clock.key_to_paint(key, None,
                                              lambda b=before: screen.current() is not b)
                figures[name].append(ms)
    state.close()
    return figures


def report(name: str, xs: list[float]) -> float:
    if not xs:
        return float("nan")
    xs_sorted = sorted(xs)
    p95 = xs_sorted[max(0, int(len(xs) * 0.95 + 0.5) - 1)]
    med = statistics.median(xs)
    print(f"{name:<24} median {med:6.1f} ms  p95 {p95:6.1f} ms  max {max(xs):6.1f} ms  "
          f"({len(xs)} samples)")
    return med


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("paths", nargs="*")
    parser.add_argument("--query", default="figting for our lifes")
    parser.add_argument("--generate", type=int, default=0, metavar="N",
                        help="search N generated articles instead of PATHs")
    parser.add_argument("--gap", type=float, default=GAP,
                        help="seconds between keystrokes (default 0.05: 20 keys a second)")
    parser.add_argument("--repeat", type=int, default=3, help="times the query is typed")
    args = parser.parse_args()
    globals()["GAP"] = args.gap
    os.environ.setdefault("SYNOPTIC_CACHE_DIR", tempfile.mkdtemp())
    paths = [generate(args.generate)] if args.generate else (args.paths or [str(SEEDS_DIR)])
    bare = asyncio.run(bare_input(args.query, args.repeat))
    figures = asyncio.run(search_screen(paths, args.query, args.repeat))
    base = report("bare Input key to paint", bare)
    for name, xs in figures.items():
        med = report(name, xs)
        if name == "key to results painted":
            print(f"{'':<24} {med / base:.1f}x the bare Input")


if __name__ == "__main__":
    main()
