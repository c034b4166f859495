"""Ending the real program with SIGHUP and SIGTERM in the middle of long jobs.

One trial starts ``python -m tui`` on a folder holding a generated big article (and a seed, so
there is something to compare it with) in a pseudo-terminal made by ``pty.fork`` (the child is a
session leader with the pty as its controlling terminal, as under tmux or sshd), with the real
Textual driver. It starts a job with a key, waits a random moment, hangs up (closing the
terminal, as ``tmux kill-session`` or a dropped SSH connection does, or a plain SIGHUP while the
terminal stays), sends SIGTERM a random moment later, and times the exit.

Shared by tests/app/test_app_exit_signals.py (30 trials) and tests/bench/exit_signals.py (more).
"""
from __future__ import annotations

import fcntl
import json
import os
import pty
import random
import select
import shutil
import signal
import struct
import sys
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.bigtext import write_big_article
from tui import SEEDS_DIR

ROOT = SEEDS_DIR.parent
BIG_NAME = "a-big.txt"     # listed first, so it is the selected row
SEED_NAME = "b-seed.txt"
TITLE = b"urges allies"    # part of the big article's headline, as the library lists it
# The jobs a trial can start, and the key that starts each on the library screen.
JOBS = {"start": None, "open": b"\r", "quotes": b"Q", "search": b"\x06", "compare": b"c"}
EXIT_DEADLINE = 3.0


def make_library(folder: Path, size: int) -> Path:
    """A folder with the big article and one seed; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_big_article(folder, size)
    (folder / "big.txt").rename(folder / BIG_NAME)
    shutil.copy(SEEDS_DIR / "000_18ebbd46ec4c8f7e.txt", folder / SEED_NAME)
    return folder


def warm_cache(folder: Path, cache: Path) -> Path:
    """A cache folder whose library index already lists ``folder`` (what a second start sees),
    so a trial's job starts without waiting for the big file to be indexed."""
    from tui.corpus.library import Library

    Library([str(folder)], cache_dir=cache).scan()
    return cache


@dataclass
class TrialResult:
    job: str
    hangup: str                  # "close": the terminal closed; "kill": SIGHUP sent, tty kept
    signal_after: float          # seconds between the job's key and the first signal
    exit_seconds: float | None   # first signal to exit; None: still running at the deadline
    code: int | None
    ended_by: str                # "app", "watchdog" or "faulthandler" (which layer ended it)
    state_ok: bool
    lock_free: bool
    problems: list[str] = field(default_factory=list)
    children: int = 0            # child processes of the app seen while it ran (job workers)
    orphans: list[int] = field(default_factory=list)   # of them, alive 1 s after the app ended

    @property
    def ok(self) -> bool:
        return (self.exit_seconds is not None and self.exit_seconds <= EXIT_DEADLINE
                and self.state_ok and self.lock_free and not self.orphans)


def _descendants(pid: int) -> list[int]:
    """``pid``'s children, their children and so on (Linux /proc)."""
    out = []
    # Each thread has its own children file: a job child started from a worker thread is
    # listed under that thread, not the main one.
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for c in map(int, children):
            out += [c, *_descendants(c)]
    return out


def _alive(pid: int, started: str) -> bool:
    """``pid`` still runs as the process first seen (its start time), not a zombie."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return fields[0] != "Z" and fields[19] == started


def _start_time(pid: int) -> str | None:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except OSError:
        return None


class _ChildWatch(threading.Thread):
    """Notes every descendant of the app while it runs (the job children it starts)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.seen: dict[int, str] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for c in _descendants(self.pid):
                if c not in self.seen:
                    started = _start_time(c)
                    if started is not None:
                        self.seen[c] = started
            time.sleep(0.02)

    def orphans(self, wait: float = 1.0) -> list[int]:
        deadline = time.monotonic() + wait
        while True:
            left = [c for c, t in self.seen.items() if _alive(c, t)]
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.05)


class _Drain(threading.Thread):
    """Reads the terminal's output all the time (a child writing to a full pty would block)."""

    def __init__(self, fd: int) -> None:
        super().__init__(daemon=True)
        self.fd = fd
        self.seen = bytearray()
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.05)
                if ready:
                    data = os.read(self.fd, 65536)
                    if not data:
                        return
                    self.seen += data
            except OSError:
                return

    def wait_for(self, text: bytes, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > deadline or not self.is_alive():
                return False
            time.sleep(0.02)
        return True


def run_trial(folder: Path, home: Path, job: str, rng: random.Random, *,
              cache_template: Path | None = None, max_delay: float = 2.5,
              hangup: str | None = None, cols: int = 120, rows: int = 40) -> TrialResult:
    """One trial (see the module docstring). ``home`` is a fresh folder for its state and cache;
    ``cache_template`` (from ``warm_cache``) is copied in unless the job is "start"."""
    from tui.state import StateStore

    home.mkdir(parents=True, exist_ok=True)
    cache, state = home / "cache", home / "state.json"
    if cache_template is not None and job != "start":
        shutil.copytree(cache_template, cache)
    with StateStore.open(state) as store:   # something the exit must not lose
        store.set_setting("trial", home.name)
    hangup = hangup or rng.choice(["close", "kill"])
    env = dict(os.environ, TERM="xterm-256color", PYTHONPATH=str(ROOT),
               SYNOPTIC_STATE=str(state), SYNOPTIC_CACHE_DIR=str(cache),
               SYNOPTIC_DATA_DIR=str(home / "data"), SYNOPTIC_CONFIG_DIR=str(home / "config"))
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: a session leader whose controlling terminal is the pty
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            os.chdir(ROOT)
            os.execve(sys.executable, [sys.executable, "-m", "tui", str(folder)], env)
        finally:
            os._exit(127)
    drain = _Drain(fd)
    drain.start()
    watch = _ChildWatch(pid)
    watch.start()
    problems: list[str] = []
    closed = False
    try:
        if job == "start":
            # Signalled while the big file is being indexed (the cache is empty).
            if not drain.wait_for(b"Quit", 60):
                problems.append("the app never painted")
        else:
            if not drain.wait_for(TITLE, 120):
                problems.append("the library never listed the article")
            os.write(fd, JOBS[job])
        delay = rng.uniform(0, max_delay)
        time.sleep(delay)
        if hangup == "close":
            drain.stop.set()
            drain.join(1)
            started = time.monotonic()
            os.close(fd)
            closed = True
        else:
            started = time.monotonic()
            os.kill(pid, signal.SIGHUP)
        term_at = started + rng.uniform(0, 1.0)
        status = None
        term_sent = False
        while time.monotonic() - started < EXIT_DEADLINE + 0.5:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            status = None
            if not term_sent and time.monotonic() >= term_at:
                try:
                    os.kill(pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
                term_sent = True
            time.sleep(0.005)
        exit_seconds = time.monotonic() - started if status is not None else None
        if status is None:
            problems.append("still running at the deadline: killed")
            os.kill(pid, signal.SIGKILL)
            _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
    finally:
        drain.stop.set()
        watch.stop.set()
        if not closed:
            drain.join(1)
            os.close(fd)
    watch.join(1)
    orphans = watch.orphans()
    if orphans:
        problems.append(f"child processes alive after the app ended: {orphans}")
        for c in orphans:
            try:
                os.kill(c, signal.SIGKILL)
            except ProcessLookupError:
                pass
    ended_by = "app"
    log = cache / "forced-exit.txt"
    if log.exists() and log.stat().st_size:
        head = log.read_text(encoding="utf-8", errors="replace")
        ended_by = "watchdog" if "watchdog" in head[:200] else "faulthandler"
        problems.append(head[:2000])
    state_ok = lock_free = False
    try:
        data = json.loads(state.read_text(encoding="utf-8"))
        state_ok = data.get("settings", {}).get("trial", {}).get("value") == home.name
        if not state_ok:
            problems.append(f"state lost the trial setting: {str(data)[:300]}")
    except (OSError, ValueError) as e:
        problems.append(f"state unreadable: {e}")
    lock = state.with_name(state.name + ".lock")
    try:
        with open(lock, "a+") as f:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
            fcntl.flock(f, fcntl.LOCK_UN)
        lock_free = True
    except OSError as e:
        problems.append(f"lock held: {e}")
    if exit_seconds is None or exit_seconds > EXIT_DEADLINE:
        problems.append("last output: " + repr(bytes(drain.seen[-400:])))
    return TrialResult(job, hangup, round(delay, 3),
                       None if exit_seconds is None else round(exit_seconds, 3), code, ended_by,
                       state_ok, lock_free, problems, len(watch.seen), orphans)
