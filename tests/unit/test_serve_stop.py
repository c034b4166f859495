"""Stopping ``synoptic serve`` ends every app it started within 10 s, even one that ignores
being asked to quit and ignores SIGTERM (it gets SIGKILL)."""
from __future__ import annotations

import asyncio
import os
import shlex
import sys
import time

import aiohttp

from tui.serve import CLOSE_WAIT, KILL_WAIT, QUIT_WAIT, STOP_SECONDS, TERM_WAIT, SynopticServer

# Speaks just enough of the protocol to count as started, then ignores quit and SIGTERM.
STUBBORN = ("import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush(); time.sleep(120)")


async def test_an_app_that_ignores_quit_and_sigterm_is_killed_in_time():
    assert QUIT_WAIT + TERM_WAIT + KILL_WAIT + 2 * CLOSE_WAIT < STOP_SECONDS - 1
    command = "exec " + shlex.join([sys.executable, "-c", STUBBORN])
    server = SynopticServer(command, "127.0.0.1", 0)
    ready = asyncio.Event()
    urls: list[str] = []

    def on_ready(url: str) -> None:
        urls.append(url)
        ready.set()

    running = asyncio.create_task(server.run(on_ready))
    await asyncio.wait_for(ready.wait(), 10)
    async with aiohttp.ClientSession() as session:
        socket = await session.ws_connect(urls[0] + "/ws?width=80&height=24")
        deadline = time.monotonic() + 10
        while not server.services or not any(
                getattr(s, "_process", None) for s in server.services):
            assert time.monotonic() < deadline, "no app process was started"
            await asyncio.sleep(0.05)
        [process] = [s._process for s in server.services]
        started = time.monotonic()
        server.request_exit()
        stopped = await asyncio.wait_for(running, STOP_SECONDS + 5)
        took = time.monotonic() - started
        assert (await socket.receive(timeout=5)).type == aiohttp.WSMsgType.CLOSE
    print(f"stopped in {took:.2f} s")
    assert stopped == 1
    assert process.returncode is not None and process.returncode < 0   # killed by a signal
    assert took < STOP_SECONDS, f"{took:.1f} s"
    assert not os.path.exists(f"/proc/{process.pid}") or \
        open(f"/proc/{process.pid}/stat").read().rsplit(")", 1)[1].split()[0] == "Z"
