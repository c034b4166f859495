"""Benchmark: process start to first screen, Synoptic on the seeds vs a bare Textual app.

Each measurement is a fresh ``python3`` process (so interpreter start and every import count),
running headless at 80x24. The child notes the wall-clock time when its first frame has been
composed (``call_after_refresh`` from ``on_mount``) and, for Synoptic, when the library rows are
on screen; the parent subtracts the time just before it spawned the child. Runs alternate
between the two apps so background load affects both alike.

Figures: median over N runs of
- ``bare``: a Textual App with one Static;
- ``first_frame``: Synoptic's first frame (library screen, maybe still indexing);
- ``populated``: Synoptic's library listing the seeds (the index already warm).
Goal (DESIGN.md): within 1.5x of the bare app; this task's goal 1.2x.
Run: ``python3 tests/bench/startup.py [--runs N]``
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def child(kind: str) -> None:
    """Run one app headless; print JSON with the wall-clock times of its milestones."""
    sys.path.insert(0, str(ROOT))
    marks: dict[str, int] = {}

    if kind == "bare":
        from textual.app import App
        from textual.widgets import Static

        class Bare(App):
            def compose(self):
                yield Static("hello")

            def on_mount(self) -> None:
                self.call_after_refresh(self.first_frame)

            def first_frame(self) -> None:
                marks["first_frame"] = time.time_ns()
                self.exit()

        Bare().run(headless=True, size=(80, 24))
    else:
        from tui.app.app import SynopticApp
        from tui.state import StateStore

        class Timed(SynopticApp):
            def on_mount(self) -> None:
                super().on_mount()
                self.call_after_refresh(self.first_frame)

            def first_frame(self) -> None:
                marks.setdefault("first_frame", time.time_ns())

            def _library_loaded(self) -> None:
                super()._library_loaded()
                self.call_after_refresh(self.populated)

            def populated(self) -> None:
                marks["populated"] = time.time_ns()
                marks["rows"] = len(self.library.infos)
                self.exit()

        paths = os.environ["BENCH_PATHS"].split(os.pathsep)
        state = StateStore.open(os.environ["SYNOPTIC_STATE"])
        Timed(paths, state).run(headless=True, size=(80, 24))
        state.close()
    print(json.dumps(marks))


def time_child(kind: str, env: dict[str, str]) -> dict[str, float]:
    """Seconds from just before spawning the child to each of its milestones."""
    start = time.time_ns()
    out = subprocess.run([sys.executable, __file__, "--child", kind], env=env, check=True,
                         capture_output=True, text=True).stdout
    marks = json.loads(out.strip().splitlines()[-1])
    return {k: (v - start) / 1e9 if k != "rows" else v for k, v in marks.items()}


def bench_env(tmp: Path, paths: list[str]) -> dict[str, str]:
    env = dict(os.environ)
    env["SYNOPTIC_CACHE_DIR"] = str(tmp / "cache")
    env["SYNOPTIC_STATE"] = str(tmp / "state.json")
    env["BENCH_PATHS"] = os.pathsep.join(paths)
    env.pop("NO_COLOR", None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--child", choices=("bare", "synoptic"))
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sys.path.insert(0, str(ROOT))
    from tui import SEEDS_DIR

    # Bytecode as an installed copy has it after its first run (textual's is compiled at pip
    # install): without this, a PYTHONDONTWRITEBYTECODE environment makes every child compile
    # our sources again, which a user never pays twice.
    import compileall
    compileall.compile_dir(str(ROOT / "tui"), quiet=1)

    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(Path(tmp), [str(SEEDS_DIR)])
        time_child("synoptic", env)  # warm the metadata index and the OS file cache
        time_child("bare", env)
        bare, first, populated = [], [], []
        for _ in range(args.runs):
            bare.append(time_child("bare", env)["first_frame"])
            os.unlink(env["SYNOPTIC_STATE"]) if os.path.exists(env["SYNOPTIC_STATE"]) else None
            t = time_child("synoptic", env)
            first.append(t["first_frame"])
            populated.append(t["populated"])
    m_bare, m_first, m_pop = (statistics.median(x) for x in (bare, first, populated))
    print(f"runs: {args.runs} each, headless 80x24, fresh process per run")
    print(f"bare Textual app, first frame:   median {m_bare * 1000:7.1f} ms")
    print(f"Synoptic, first frame:           median {m_first * 1000:7.1f} ms "
          f"({m_first / m_bare:.2f}x bare)")
    print(f"Synoptic, seeds listed:          median {m_pop * 1000:7.1f} ms "
          f"({m_pop / m_bare:.2f}x bare)")
    print(json.dumps({"bench": "startup", "runs": args.runs, "bare_ms": round(m_bare * 1000, 1),
                      "first_frame_ms": round(m_first * 1000, 1),
                      "populated_ms": round(m_pop * 1000, 1),
                      "ratio_first_frame": round(m_first / m_bare, 3),
                      "ratio_populated": round(m_pop / m_bare, 3)}))


if __name__ == "__main__":
    main()
