"""The pieces of tui/app/run.py that let the app always leave (issue 10, #1)."""
from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.app.helpers import settle
from tui.app.run import DaemonExecutor

ROOT = Path(__file__).resolve().parents[2]


def test_daemon_executor_runs_jobs_and_reports_errors():
    ex = DaemonExecutor(max_workers=2)
    assert ex.submit(pow, 2, 10).result(5) == 1024
    with pytest.raises(ZeroDivisionError):
        ex.submit(lambda: 1 / 0).result(5)
    futures = [ex.submit(time.sleep, 0.01) for _ in range(10)]
    for f in futures:
        f.result(5)
    assert len(ex._threads) <= 2 and all(t.daemon for t in ex._threads)
    ex.shutdown()
    with pytest.raises(RuntimeError):
        ex.submit(pow, 2, 2)


def test_daemon_executor_shutdown_never_waits_for_a_running_job():
    ex = DaemonExecutor()
    release = threading.Event()
    ex.submit(release.wait, 30)
    started = time.monotonic()
    ex.shutdown(wait=True)
    assert time.monotonic() - started < 0.5
    release.set()


PROGRAM = """
import asyncio, threading, time
from tui.app.run import DaemonExecutor

async def main():
    loop = asyncio.get_running_loop()
    loop.set_default_executor(DaemonExecutor())
    loop.run_in_executor(None, time.sleep, 60)     # a job that will never be waited for
    await asyncio.sleep(0.1)

asyncio.run(main())
print("done")
"""


def test_a_process_with_a_running_job_exits_at_once():
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-c", PROGRAM], cwd=ROOT, capture_output=True,
                         text=True, timeout=30)
    assert out.stdout.strip() == "done" and out.returncode == 0, out.stderr
    assert time.monotonic() - started < 10   # not the 60 s of the job (start-up is the rest)


async def test_calls_from_workers_are_dropped_once_the_app_closes(launch):
    async with launch() as (app, pilot):
        await settle(app, pilot)
        got: list = []

        def from_thread() -> None:
            got.append(app.call_from_thread(lambda: "ran"))
            app.closing.set()
            got.append(app.call_from_thread(lambda: "ran"))

        t = threading.Thread(target=from_thread)
        t.start()
        while t.is_alive():
            await pilot.pause(0.01)
        assert got == ["ran", None]
        assert app.job_cancelled()   # what lower-layer loops poll


async def test_quitting_sets_closing(launch):
    async with launch(restore_session=False) as (app, pilot):
        await settle(app, pilot)
        assert not app.closing.is_set() and not app.job_cancelled()
        await pilot.press("q")
        await pilot.pause()
        assert app.closing.is_set()
