"""``synoptic serve`` in a real browser: Debian's Chromium driven by Playwright.

The server runs as the user would start it (``python -m tui serve``); each tab gets its own app
process; keys typed into the page change the picture; reading positions reach the shared state
file; SIGTERM ends the server and every app within 10 s with the state flushed. Nothing is
requested from any address but the server on 127.0.0.1 (every other request is refused and
recorded).
"""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import SEED_000, SEED_002
from tui import SEEDS_DIR
from tui.corpus import read_article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
ROOT = SEEDS_DIR.parent


def _browser_or_skip():
    """Playwright's sync API, or a skip with the reason where no Chromium can be had. In CI
    (CI=true) a missing browser is a failure: .ci/run installs it."""
    reason = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright, reason = None, "Playwright is not installed (pip install -e '.[test]')"
    if reason is None and not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if reason is not None:
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"browser test cannot run in CI: {reason}")
        pytest.skip(reason)
    return sync_playwright


class Served:
    """``python -m tui serve`` on a free port, as a user starts it."""

    def __init__(self, state: Path, *paths: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", "serve", *map(str, paths), "--port", "0",
             "--state", str(state)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=dict(os.environ, PYTHONPATH=str(ROOT)), start_new_session=True)
        line = self.proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+", line)
        if not match:
            self.proc.kill()
            raise AssertionError(f"no address printed: {line!r} {self.proc.stderr.read()!r}")
        self.url = match.group(0)

    def app_pids(self) -> set[int]:
        """The app processes the server started (its children)."""
        pids: set[int] = set()
        for children in Path(f"/proc/{self.proc.pid}/task").glob("*/children"):
            pids.update(int(p) for p in children.read_text().split())
        return pids

    def stop(self) -> tuple[int, float, str, str]:
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError("the server did not stop within 30 s of SIGTERM") from None
        return self.proc.returncode, time.monotonic() - started, out, err

    def kill(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; only its parent has not collected it yet.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] == "Z")


class Tab:
    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.page.goto(url)
        self.page.wait_for_selector("body.-first-byte", timeout=30_000)
        self.picture = self.settle()

    def shot(self) -> bytes:
        return self.page.locator("#terminal").screenshot()

    def settle(self, timeout: float = 30) -> bytes:
        """The picture once two screenshots 0.3 s apart agree."""
        deadline = time.monotonic() + timeout
        last = self.shot()
        while time.monotonic() < deadline:
            time.sleep(0.3)
            now = self.shot()
            if now == last:
                return now
            last = now
        raise AssertionError("the page never stopped changing")

    def keys(self, *keys: str, timeout: float = 30) -> bytes:
        """Press ``keys`` and return the new picture; fails if the picture does not change."""
        before = self.picture
        self.page.bring_to_front()
        self.page.focus(".xterm-helper-textarea")   # where xterm.js takes keyboard input
        for key in keys:
            self.page.keyboard.press(key)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = self.settle()
            if now != before:
                self.picture = now
                return now
            time.sleep(0.2)
        raise AssertionError(f"the picture did not change after {keys}")


def _positions(state: Path) -> dict:
    return json.loads(state.read_text()).get("positions", {}) if state.exists() else {}


def test_reading_in_two_tabs_then_sigterm(tmp_path, isolated_state):
    sync_playwright = _browser_or_skip()
    state = isolated_state
    served = Served(state, SEEDS_DIR)
    refused: list[str] = []
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(tmp_path / "chromium-profile"), executable_path=str(CHROMIUM),
                args=CHROMIUM_FLAGS, headless=True, viewport={"width": 1000, "height": 600})

            def only_this_server(route) -> None:
                if route.request.url.startswith(served.url + "/") or \
                        route.request.url.startswith(served.url.replace("http", "ws", 1)):
                    route.continue_()
                else:
                    refused.append(route.request.url)
                    route.abort()

            context.route("**/*", only_this_server)
            # Both tabs open on the library before either reads: each is its own app.
            first, second = Tab(context, served.url), Tab(context, served.url)
            assert len(served.app_pids()) == 2
            library = first.picture
            # First tab: open the first article (seed 000) and go down three passages.
            reader = first.keys("Enter")
            assert reader != library
            first.keys("j", "j", "j")
            # The position reaches the state file (debounced: within about a second).
            seed_000 = read_article(SEED_000).id
            deadline = time.monotonic() + 15
            while _positions(state).get(seed_000, {}).get("passage") != 3:
                assert time.monotonic() < deadline, _positions(state)
                time.sleep(0.2)
            # Second tab: the CNN report (second row), two passages down, then SIGTERM at
            # once, before the debounced write: stopping must flush it.
            second.keys("j")
            second.keys("Enter")
            second.keys("j", "j")
            apps = served.app_pids()
            code, took, out, err = served.stop()
            context.close()
    finally:
        served.kill()
    assert code == 0, err
    print(f"server and {len(apps)} apps stopped {took:.2f} s after SIGTERM")
    assert took < 10, f"the server took {took:.1f} s to stop"
    assert not [pid for pid in apps if _alive(pid)], "app processes outlived the server"
    assert "Stopped (2 apps closed)." in out
    positions = _positions(state)
    assert positions[read_article(SEED_000).id]["passage"] == 3
    assert positions[read_article(SEED_002).id]["passage"] == 2
    assert refused == []


def test_non_loopback_host_needs_public(tmp_path):
    run = subprocess.run([sys.executable, "-m", "tui", "serve", "--host", "0.0.0.0"],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "--public" in run.stderr
    assert "Traceback" not in run.stderr


def test_port_in_use_is_one_line():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = subprocess.run([sys.executable, "-m", "tui", "serve", "--port", str(port)],
                             cwd=ROOT, capture_output=True, text=True, timeout=60,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 2
    assert run.stderr.startswith(f"synoptic: cannot listen on 127.0.0.1:{port} (")
    assert run.stderr.count("\n") == 1


def test_public_warns_first():
    # 192.0.2.1 (TEST-NET-1) is no address of this machine: binding fails locally, so the
    # test never listens beyond loopback, and no packet is sent anywhere.
    run = subprocess.run([sys.executable, "-m", "tui", "serve", "--host", "192.0.2.1",
                          "--port", "8000", "--public"], cwd=ROOT, capture_output=True,
                         text=True, timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert run.returncode == 2
    warning, error = run.stderr.splitlines()
    assert warning == ("synoptic: warning: --public: anyone who can reach 192.0.2.1:8000 can "
                       "read the library and its reading state")
    assert error.startswith("synoptic: cannot listen on 192.0.2.1:8000 (")


def test_loopback_addresses():
    from tui.serve import is_loopback

    assert all(map(is_loopback, ["127.0.0.1", "127.8.0.1", "localhost", "::1", "[::1]"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.org"]))


def test_unknown_theme_and_missing_path_are_refused_before_serving(capsys, tmp_path):
    from tui.cli import main

    assert main(["serve", "--theme", "nope"]) == 2
    assert main(["serve", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("synoptic: unknown theme 'nope'; available: ")
    assert err[1] == f"synoptic: {tmp_path / 'missing'}: no such file or folder"
