"""The real program in a pseudo-terminal: SIGTERM and SIGHUP save the reading position and
leave cleanly (as when an SSH session drops)."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from tests.conftest import SEED_000
from tui import SEEDS_DIR
from tui.corpus import read_article

ROOT = SEEDS_DIR.parent


class Terminal:
    def __init__(self, env: dict[str, str], cols: int = 80, rows: int = 24) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen([sys.executable, "-m", "tui", str(SEED_000)], cwd=ROOT,
                                     env=env, stdin=slave, stdout=slave, stderr=slave,
                                     start_new_session=True)
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: bytes, timeout: float = 30) -> None:
        """Read output until ``text`` appears (escape codes split words, so use short text)."""
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise AssertionError(f"never saw {text!r}; last output {self.seen[-300:]!r}")
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    break

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def finish(self, timeout: float = 30) -> int:
        deadline = time.monotonic() + timeout
        while self.proc.poll() is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.1)
            if ready:
                try:
                    self.seen += os.read(self.master, 65536)
                except OSError:
                    pass
        os.close(self.master)
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError("the app did not exit")
        return self.proc.returncode


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_signal_flushes_position_and_exits_cleanly(isolated_state, signum):
    env = dict(os.environ, TERM="xterm-256color")
    term = Terminal(env)
    try:
        term.wait_for(b"article")            # the library is up
        term.send(b"\r")                     # open the (only) article
        term.wait_for("¶".encode())
        term.send(b"jjj")
        term.wait_for(b"4/")                 # the status line shows passage 4
        term.proc.send_signal(signum)
        code = term.finish()
    finally:
        if term.proc.poll() is None:
            term.proc.kill()
    assert code == 128 + signum
    saved = json.loads(isolated_state.read_text())
    assert saved["positions"][read_article(SEED_000).id]["passage"] == 3
    # The terminal was restored: the alternate screen was left.
    assert b"\x1b[?1049l" in term.seen


def test_position_reaches_disk_within_seconds_while_the_app_runs(isolated_state):
    # Saving only at exit would lose the place when the process dies without a signal
    # (SIGKILL, a power cut): the debounced save must write it while the app runs.
    article_id = read_article(SEED_000).id
    term = Terminal(dict(os.environ, TERM="xterm-256color"))
    try:
        term.wait_for(b"article")
        term.send(b"\r")
        term.wait_for("¶".encode())
        term.send(b"jjj")
        term.wait_for(b"4/")
        saved, deadline = None, time.monotonic() + 5
        while saved != 3 and time.monotonic() < deadline:
            time.sleep(0.1)
            try:
                saved = json.loads(isolated_state.read_text())["positions"][article_id]["passage"]
            except (OSError, ValueError, KeyError):
                saved = None
        assert term.proc.poll() is None, "the app exited"
        assert saved == 3, "the position was not on disk 5 s after reading"
    finally:
        term.proc.kill()
        term.proc.wait()
        os.close(term.master)
