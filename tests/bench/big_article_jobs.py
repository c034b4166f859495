"""Bench: every long job of the app on a generated big article, driven as a person would.

The real program runs in a pseudo-terminal (``pty.fork``, the real Textual driver, as under
tmux or sshd) on a folder holding a generated article (tests/bigtext.py, default 20 MB) and one
seed, with a library index already written (a second start). For each job it presses the key
that starts it on the library screen and, while the job runs, keeps pressing a probe key every
``--probe-every`` seconds and times the answer on the screen:

- open (enter: read the big article), quotes (Q), compare (c): the probe is ``?`` (help opens:
  "Keys —" drawn) and then ``escape`` (help closes: the screen's key bar drawn again);
- search (ctrl+f, then a query typed at once): the probe is a letter typed into the query (the
  query so far drawn), then backspace.

Printed per job: time to progress shown with counts (``progress_s``), to the first results
(``first_s``: the reader's first lines; the first quote; the first search results), to the whole
job (``full_s``: quotes grouped, the index over sentences and quotes, the alignment), peak
memory of the app and its child processes (sampled RSS; ``peak_x``: over the file's size), and
the key probes: count, median and longest answer (``key_max_ms``).

Then, for the jobs that a screen runs (quotes, search, compare), a second run leaves the screen
``--leave-after`` seconds into the job (``q``; escape for search) and times: the library drawn
again (``leave_ms``), the process tree's CPU back under 10 % of one core over 0.2 s
(``idle_ms``), and the same job started again showing its first progress (``again_ms``: it must
not wait for the abandoned one).

    PYTHONPATH=$PWD python3 tests/bench/big_article_jobs.py [--size 20] [--jobs quotes,search]
        [--baseline DIR]   # also measure another copy of the package, in the same run

The last line is one JSON object with every figure.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import pty
import shutil
import signal
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.exit_trials import TITLE, _Drain, make_library, warm_cache  # noqa: E402

TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")
HELP_MARK = "Keys —".encode()
BAR_MARK = b"palette"            # the key bar's right end: drawn again when a dialog closes
LIBRARY_MARK = b"Synoptic \xc2\xb7 2 articles"
QUERY = "fighting"


class JobSpec:
    def __init__(self, key: bytes, progress: list[bytes], first: list[bytes], full: list[bytes],
                 leave: bytes = b"q") -> None:
        self.key, self.progress, self.first, self.full, self.leave = key, progress, first, full, leave


JOBS = {
    # Reading a 20 MB file: the reader's header names the paragraphs once it is open.
    "open": JobSpec(b"\r", [b"MB", b"paragraphs", b"Opening"], [" ¶ 1/".encode()],
                    [" ¶ 1/".encode()]),
    "quotes": JobSpec(b"Q", [b" of ", b"%"], ["“".encode()], [b"reported by several"]),
    "search": JobSpec(b"\x06" + QUERY.encode(), [b" of ", b"%", b"Indexing"],
                      [b" results"], [b"results \xc2\xb7 tab"], leave=b"\x1b"),
    "compare": JobSpec(b"c", [b" of ", b"%"], [b"\xc2\xb61"], [b"differences", b"no differences",
                                                                b"passages"]),
}


def _tree(pid: int) -> list[int]:
    out = [pid]
    # Each thread has its own children file: the job children are started from worker
    # threads, so reading the main thread's alone left their memory out.
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for c in children:
            out += _tree(int(c))
    return out


def _rss_and_cpu(pid: int) -> tuple[int, float]:
    rss = 0
    cpu = 0.0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cpu += (int(fields[11]) + int(fields[12])) / TICK
        rss += int(fields[21]) * PAGE
    return rss, cpu


class Sampler(threading.Thread):
    """Samples the process tree's resident memory and CPU time every 20 ms."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.samples: list[tuple[float, float]] = []   # (time, cpu seconds)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            rss, cpu = _rss_and_cpu(self.pid)
            self.peak = max(self.peak, rss)
            self.samples.append((time.monotonic(), cpu))
            time.sleep(0.02)

    def idle_since(self, t0: float, window: float = 0.2, limit: float = 0.1,
                   timeout: float = 30.0) -> float | None:
        """Seconds from t0 until the CPU used over ``window`` is under ``limit`` of a core."""
        deadline = t0 + timeout
        while time.monotonic() < deadline:
            s = [x for x in self.samples if x[0] >= t0]
            for i, (t, c) in enumerate(s):
                j = next((k for k in range(i, len(s)) if s[k][0] - t >= window), None)
                if j is None:
                    break
                if (s[j][1] - c) / (s[j][0] - t) < limit:
                    return t - t0
            time.sleep(0.05)
        return None


class App:
    """The program in a pseudo-terminal."""

    def __init__(self, code: Path, folder: Path, home: Path, cache_template: Path,
                 cols: int = 120, rows: int = 40) -> None:
        home.mkdir(parents=True, exist_ok=True)
        shutil.copytree(cache_template, home / "cache")
        env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(code),
                   SYNOPTIC_STATE=str(home / "state.json"), SYNOPTIC_CACHE_DIR=str(home / "cache"),
                   SYNOPTIC_DATA_DIR=str(home / "data"), SYNOPTIC_CONFIG_DIR=str(home / "config"))
        env.pop("NO_COLOR", None)
        pid, fd = pty.fork()
        if pid == 0:
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.chdir(code)
                os.execve(sys.executable, [sys.executable, "-m", "tui", str(folder)], env)
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        self.drain = _Drain(fd)
        self.drain.start()
        self.sampler = Sampler(pid)
        self.sampler.start()

    def since(self, mark: int) -> bytes:
        return bytes(self.drain.seen[mark:])

    def mark(self) -> int:
        return len(self.drain.seen)

    def wait(self, marks: list[bytes], start: int, timeout: float) -> float | None:
        """Seconds until one of ``marks`` is drawn after output position ``start``."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            seen = self.drain.seen
            if any(seen.find(m, start) >= 0 for m in marks):
                return time.monotonic() - t0
            time.sleep(0.003)
        return None

    def press(self, keys: bytes) -> int:
        at = self.mark()
        os.write(self.fd, keys)
        return at

    def close(self) -> None:
        self.sampler.stop.set()
        try:
            os.kill(self.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            if os.waitpid(self.pid, os.WNOHANG)[0]:
                break
            time.sleep(0.02)
        else:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        self.drain.stop.set()
        try:
            os.close(self.fd)
        except OSError:
            pass


def probe(app: App, job: str, n: int, timeout: float = 20.0) -> float:
    """One probe key and its answer (seconds; ``timeout`` when never answered)."""
    if job == "search":
        # The letter itself: Textual redraws only the cells that changed, so "fightingx" is
        # not always written whole (waiting for it timed out on every probe). x and z appear in
        # no progress text; results for the new query are drawn after its echo.
        letter = "xz"[n % 2]
        at = app.press(letter.encode())
        t = app.wait([letter.encode()], at, timeout)
        app.press(b"\x7f")
        return timeout if t is None else t
    at = app.press(b"?")
    t = app.wait([HELP_MARK], at, timeout)
    if t is None:
        return timeout
    time.sleep(0.05)
    at = app.press(b"\x1b")
    t2 = app.wait([BAR_MARK], at, timeout)
    return max(t, timeout if t2 is None else t2)


def run_job(code: Path, folder: Path, home: Path, template: Path, job: str, size: int,
            timeout: float, probe_every: float) -> dict:
    spec = JOBS[job]
    app = App(code, folder, home, template)
    out: dict = {"job": job}
    try:
        if app.wait([TITLE], 0, 120) is None:
            out["error"] = "the library never listed the article"
            return out
        time.sleep(0.5)
        probe(app, "open", 0)              # imports the help screen before the job starts
        base_rss, _ = _rss_and_cpu(app.pid)
        app.sampler.peak = 0
        t0 = time.monotonic()
        start = app.press(spec.key)
        found: dict[str, float] = {}
        keys: list[float] = []
        next_probe = t0 + probe_every
        while time.monotonic() - t0 < timeout:
            seen = app.drain.seen
            now = time.monotonic()
            for name, marks in (("progress_s", spec.progress), ("first_s", spec.first),
                                ("full_s", spec.full)):
                if name not in found and any(seen.find(m, start) >= 0 for m in marks):
                    found[name] = now - t0
            if "full_s" in found:
                break
            if now >= next_probe:
                keys.append(probe(app, job, len(keys)))
                next_probe = time.monotonic() + probe_every
            time.sleep(0.01)
        out.update({k: round(v, 2) for k, v in found.items()})
        out["peak_mb"] = round(app.sampler.peak / 1e6)
        out["base_mb"] = round(base_rss / 1e6)
        out["peak_x"] = round(app.sampler.peak / size, 1)
        if keys:
            out["keys"] = len(keys)
            out["key_median_ms"] = round(1000 * statistics.median(keys))
            out["key_max_ms"] = round(1000 * max(keys))
    finally:
        app.close()
    return out


def run_leave(code: Path, folder: Path, home: Path, template: Path, job: str,
              leave_after: float) -> dict:
    spec = JOBS[job]
    app = App(code, folder, home, template)
    out: dict = {"job": job}
    try:
        if app.wait([TITLE], 0, 120) is None:
            out["error"] = "the library never listed the article"
            return out
        time.sleep(0.5)
        app.press(spec.key)
        time.sleep(leave_after)
        t0 = time.monotonic()
        at = app.press(spec.leave)
        t = app.wait([LIBRARY_MARK], at, 20)
        out["leave_ms"] = None if t is None else round(1000 * t)
        idle = app.sampler.idle_since(t0)
        out["idle_ms"] = None if idle is None else round(1000 * idle)
        time.sleep(0.3)
        at = app.press(spec.key)
        t = app.wait(spec.progress + spec.first, at, 30)
        out["again_ms"] = None if t is None else round(1000 * t)
    finally:
        app.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", type=float, default=20, help="article size in MB")
    ap.add_argument("--jobs", default=",".join(JOBS))
    ap.add_argument("--timeout", type=float, default=400, help="longest wait for a job (s)")
    ap.add_argument("--probe-every", type=float, default=0.5)
    ap.add_argument("--leave-after", type=float, default=3.0)
    ap.add_argument("--baseline", type=Path, help="another copy of the package to measure")
    ap.add_argument("--no-leave", action="store_true")
    args = ap.parse_args()
    jobs = args.jobs.split(",")
    size = int(args.size * 1e6)
    codes = [("current", ROOT)] + ([("baseline", args.baseline.resolve())] if args.baseline
                                   else [])
    results: dict = {"size_mb": args.size, "runs": []}
    with tempfile.TemporaryDirectory(prefix="synoptic-big-jobs-") as tmp:
        root = Path(tmp)
        folder = make_library(root / "library", size)
        size = (folder / "a-big.txt").stat().st_size
        template = warm_cache(folder, root / "warm-cache")
        n = 0
        for job in jobs:
            for name, code in codes:
                n += 1
                r = run_job(code, folder, root / f"h{n}", template, job, size, args.timeout,
                            args.probe_every)
                r["code"] = name
                print(json.dumps(r), flush=True)
                results["runs"].append(r)
                if not args.no_leave and job in ("quotes", "search", "compare"):
                    n += 1
                    r = run_leave(code, folder, root / f"h{n}", template, job, args.leave_after)
                    r["code"] = name
                    r["leave"] = True
                    print(json.dumps(r), flush=True)
                    results["runs"].append(r)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
