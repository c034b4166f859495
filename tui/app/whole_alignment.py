"""The whole alignment of two long articles, made in a child process for the compare view.

Aligning two 10,000-paragraph documents as a whole (what ``synoptic align`` prints, and what
the compare view must end up showing) is many seconds of pure-Python work. In a worker thread
it holds the interpreter lock the app's thread needs for every key, and it cannot be stopped
half-way when the reader leaves. A child process runs on another core, is killed when the
reader leaves, and leaves its result in the alignment cache (keyed by content), from which
``align_pair`` in the app then reads it quickly, with the reader's corrections applied as
usual. Textual is never imported here.

    python3 -m tui.app.whole_alignment  < pickle of (left, right, unit)
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from pathlib import Path

from tui.corpus import Article

POLL = 0.05  # seconds between looks at the cancel events while the child works


def cache_whole(left: Article, right: Article, unit: str, *cancels: threading.Event) -> bool:
    """Align ``left`` with ``right`` as a whole in a child process, which stores the result in
    the alignment cache. True when it did; False when one of ``cancels`` was set first (the
    child is killed) or the child could not run (the caller then aligns in its own process)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[2])  # the child runs this very code
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    try:
        proc = subprocess.Popen([sys.executable, "-m", "tui.app.whole_alignment"],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env)
    except OSError:
        return False
    try:
        try:
            with proc.stdin:
                pickle.dump((left, right, unit), proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        except (BrokenPipeError, OSError):
            pass  # the child died at start: its exit status says so below
        while True:
            if any(c.is_set() for c in cancels):
                return False
            try:
                return proc.wait(timeout=POLL) == 0
            except subprocess.TimeoutExpired:
                continue
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


def main() -> int:
    left, right, unit = pickle.load(sys.stdin.buffer)
    from tui.align import align_pair

    align_pair(left, right, unit)
    return 0


if __name__ == "__main__":
    sys.exit(main())
