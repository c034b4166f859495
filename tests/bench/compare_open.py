#!/usr/bin/env python3
"""Benchmark: opening the compare view on two (or three) 10,000-paragraph documents.

Documents as tests/bench/compare_keystroke.py makes them (an editor's copy of a generated
report). The library is loaded and both articles parsed first (parsing a 4 MB article is the
library's cost, printed apart); then ``SynopticApp.open_compare`` is called and the figures are,
from that call:

- ``first_frame``: the first frame the compare screen composed (text, no links yet);
- ``first_links``: the first frame showing links (the first window of the alignment);
- ``aligned``: the whole alignment done in the background (the status line counts it up);
- ``keys_while_aligning``: key ``j`` -> the frame showing it, for keys pressed every 50 ms
  while the rest is aligned in a worker thread (the alignment holds the GIL in between).

Wall and CPU seconds (the machine is shared). Goal (issue 8): first screen within 1 s.

  python3 tests/bench/compare_open.py [--paragraphs 10000] [--articles 2] [--keys 30]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "bench"))

from compare_keystroke import make_documents, percentile  # noqa: E402


async def run(paragraphs: int, articles: int, keys: int, size: tuple[int, int]) -> dict:
    from textual import events

    from tui.app.app import SynopticApp
    from tui.app.compare_screen import CompareScreen
    from tui.state import StateStore

    tmp = Path(tempfile.mkdtemp(prefix="synoptic-bench-"))
    os.environ["SYNOPTIC_CACHE_DIR"] = str(tmp / "cache")
    texts = list(make_documents(paragraphs))
    for n in range(2, articles):
        texts.append(make_documents(paragraphs, edit_seed=100 + n)[1])
    (tmp / "docs").mkdir()
    for n, text in enumerate(texts):
        (tmp / "docs" / f"doc{n}.txt").write_text(text, encoding="utf-8")
    state = StateStore.open(tmp / "state.json")
    app = SynopticApp([str(tmp / "docs")], state, restore_session=False)
    result: dict = {"bench": "compare_open", "paragraphs": paragraphs, "articles": articles,
                    "size": list(size)}
    async with app.run_test(size=size) as pilot:
        app.animation_level = "none"
        while not getattr(app, "library_loaded", False):
            await pilot.pause(0.05)
        ids = [info.id for info in sorted(app.library.infos, key=lambda i: i.path)]
        t, c = time.perf_counter(), time.process_time()
        for i in ids:
            app.library.article(i)
        result["parse_s"] = {"wall": round(time.perf_counter() - t, 3),
                             "cpu": round(time.process_time() - c, 3)}
        await pilot.pause()

        marks: dict = {}
        # Private hook, kept on purpose: Textual 8.2.8 has no public event for "a frame was
        # composed". Benches only; tests never do this.
        hooked: set = set()

        def hook(screen) -> None:
            original = screen._compositor.render_update

            def timed(*args, **kwargs):
                out = original(*args, **kwargs)
                now = (time.perf_counter(), time.process_time())
                marks.setdefault("first_frame", now)
                if screen.alignment_index is not None:
                    marks.setdefault("first_links", now)
                if "key" in marks and "key_frame" not in marks and \
                        screen.cursor(screen.focused_article) == marks["want"]:
                    marks["key_frame"] = now
                return out

            screen._compositor.render_update = timed
            hooked.add(screen)

        t0 = (time.perf_counter(), time.process_time())
        app.open_compare(*ids)
        for _ in range(100000):
            screen = app.screen
            if isinstance(screen, CompareScreen) and screen not in hooked:
                hook(screen)
            if "first_links" in marks:
                break
            await asyncio.sleep(0.002)
        screen = app.screen

        def since(mark) -> dict:
            return {"wall": round(mark[0] - t0[0], 3), "cpu": round(mark[1] - t0[1], 3)}

        result["first_frame"] = since(marks["first_frame"])
        result["first_links"] = since(marks["first_links"])
        # keys while the rest aligns in the background
        latencies = []
        focused = screen.focused_article
        for _ in range(keys):
            if not screen.aligning:
                break
            p = focused.paragraph_at(screen.cursor(focused))
            marks["want"] = focused.paragraphs[min(p + 1, len(focused.paragraphs) - 1)].start
            marks.pop("key_frame", None)
            marks["key"] = time.perf_counter()
            app.post_message(events.Key("j", "j"))
            for _ in range(5000):
                if "key_frame" in marks:
                    break
                await asyncio.sleep(0.001)
            latencies.append((marks["key_frame"][0] - marks["key"]) * 1000)
            marks.pop("key")
            await asyncio.sleep(0.05)
        if latencies:
            result["keys_while_aligning"] = {
                "median_ms": round(statistics.median(latencies), 1),
                "p95_ms": round(percentile(latencies, 95), 1), "n": len(latencies)}
        while screen.aligning:
            await pilot.pause(0.05)
        result["aligned"] = since((time.perf_counter(), time.process_time()))
        result["links"] = len(screen.alignment_index.links)
    state.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=2, choices=(2, 3, 4))
    parser.add_argument("--keys", type=int, default=30)
    parser.add_argument("--width", type=int, default=160)
    parser.add_argument("--height", type=int, default=40)
    args = parser.parse_args()
    r = asyncio.run(run(args.paragraphs, args.articles, args.keys, (args.width, args.height)))
    print(f"compare open, {args.articles} articles of {args.paragraphs:,} paragraphs at "
          f"{args.width}x{args.height} (parsing them first: {r['parse_s']['wall']} s wall)")
    for name in ("first_frame", "first_links", "aligned"):
        print(f"  {name:<12} {r[name]['wall']:7.3f} s wall  {r[name]['cpu']:7.3f} s CPU")
    if "keys_while_aligning" in r:
        k = r["keys_while_aligning"]
        print(f"  j while aligning: median {k['median_ms']} ms, p95 {k['p95_ms']} ms "
              f"(n={k['n']})")
    print(json.dumps(r))


if __name__ == "__main__":
    main()
