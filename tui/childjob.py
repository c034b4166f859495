"""Long jobs in a child process, with their updates streamed back and a kill to cancel.

Why not a thread: finding the quotes of a 20 MB article, or indexing it, is minutes of pure
Python. In a thread it shares the interpreter lock with the screen: every time the screen's
thread wakes (a key, a frame) it waits for the lock, many times per key, so keys were answered
in 0.7-1.3 s while a job ran, and leaving the screen had to wait for the job's next check. In
a child process the screen never waits for it; the child runs at a lower priority (``nice``),
so the screen also wins the CPU; cancelling is a kill, which stops it at once and gives its
memory back.

    result = run("tui.child_targets:quotes", payload, cancelled=..., on_update=...)

``target`` names a function ``f(payload, update)`` in a module of this package (see
``child_targets``): each value it passes to ``update`` is handed to ``on_update`` in the
caller's thread, and what it returns is ``run``'s result. Values cross as pickles, one message
each, so a target sends small messages (a block of results at a time): the caller unpickles
each in one C call that holds the interpreter.

The child never outlives the app: it asks Linux to kill it when its parent dies
(``PR_SET_PDEATHSIG``), it leaves when its stdin (a pipe the parent holds open) reaches end of
file, which also covers a parent killed with SIGKILL on other systems, and ``kill_all`` (called
when the app leaves) kills every child still running. Plain Python, no Textual.
"""
from __future__ import annotations

import importlib
import os
import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
import traceback
from typing import Any, Callable

from tui.cancel import CancelCheck, Cancelled

# How often the caller looks at ``cancelled`` while waiting for the child (seconds).
POLL = 0.05
# Added to the child's niceness: the screen's process wins the CPU when both want it (a little:
# on a busy machine a larger value starves the job behind every other process).
CHILD_NICE = 2
_HEADER = struct.Struct(">Q")
_PR_SET_PDEATHSIG = 1

_live: set[subprocess.Popen] = set()
_live_lock = threading.Lock()
_closed = threading.Event()


class JobFailed(Exception):
    """The child raised (``kind`` is the exception's class name, the message its text) or
    died (``kind`` is None)."""

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind


def run(target: str, payload: Any = None, *, cancelled: CancelCheck = None,
        on_update: Callable[[Any], None] | None = None) -> Any:
    """Run ``target`` (``"module:function"``) on ``payload`` in a child process and return
    what it returns. Raises tui.cancel.Cancelled (the child killed) once ``cancelled()`` is
    True, and JobFailed if the child fails."""
    if _closed.is_set():
        raise Cancelled()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui.childjob", target, str(os.getpid())],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        close_fds=True)
    with _live_lock:
        _live.add(proc)
    try:
        if _closed.is_set():
            raise Cancelled()
        return _talk(proc, payload, cancelled, on_update)
    finally:
        _end(proc)


def _talk(proc: subprocess.Popen, payload: Any, cancelled: CancelCheck,
          on_update: Callable[[Any], None] | None) -> Any:
    out = proc.stdout.fileno()
    data = pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL)
    _send_payload(proc, _HEADER.pack(len(data)) + data, cancelled)
    del data
    buf = bytearray()
    while True:
        if cancelled is not None and cancelled():
            raise Cancelled()
        ready, _, _ = select.select([out], [], [], POLL)
        if not ready:
            continue
        chunk = os.read(out, 1 << 20)
        if not chunk:
            proc.wait()
            raise JobFailed(f"the worker process ended without an answer "
                            f"(exit status {proc.returncode})")
        buf += chunk
        while len(buf) >= _HEADER.size:
            (size,) = _HEADER.unpack_from(buf)
            if len(buf) < _HEADER.size + size:
                break
            kind, value = pickle.loads(memoryview(buf)[_HEADER.size:_HEADER.size + size])
            del buf[:_HEADER.size + size]
            if kind == "update":
                if on_update is not None:
                    on_update(value)
            elif kind == "result":
                return value
            elif kind == "error":
                raise JobFailed(value["message"], value["type"])


def _send_payload(proc: subprocess.Popen, data: bytes, cancelled: CancelCheck) -> None:
    """Write the payload a piece at a time, so a cancel is seen while a big one goes."""
    fd = proc.stdin.fileno()
    view = memoryview(data)
    while view:
        if cancelled is not None and cancelled():
            raise Cancelled()
        _, ready, _ = select.select([], [fd], [], POLL)
        if ready:
            try:
                n = os.write(fd, view[:1 << 16])
            except BrokenPipeError:
                raise JobFailed("the worker process ended before it was given its job") \
                    from None
            view = view[n:]


def _end(proc: subprocess.Popen) -> None:
    with _live_lock:
        _live.discard(proc)
    if proc.poll() is None:
        try:
            proc.kill()
        except OSError:
            pass
    for stream in (proc.stdin, proc.stdout):
        try:
            stream.close()
        except OSError:
            pass
    try:
        proc.wait(timeout=2)
    except subprocess.TimeoutExpired:
        pass


def kill_all() -> None:
    """Kill every child still running and refuse new ones (the app is leaving)."""
    _closed.set()
    # Called from a signal handler too: never wait long for the registry.
    got = _live_lock.acquire(timeout=0.5)
    try:
        procs = list(_live)
    finally:
        if got:
            _live_lock.release()
    for proc in procs:
        try:
            proc.kill()
        except OSError:
            pass


def reopen() -> None:
    """Allow children again after ``kill_all`` (tests run many apps in one process)."""
    _closed.clear()


def live_children() -> int:
    with _live_lock:
        return sum(1 for p in _live if p.poll() is None)


# --- the child ----------------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _watch_stdin(fd: int) -> None:
    """Leave when the parent's end of stdin closes (the parent died or gave up on the job)."""
    while True:
        try:
            if not os.read(fd, 4096):
                break
        except OSError:
            break
    os._exit(0)


def _read_exact(fd: int, n: int) -> bytes:
    parts = bytearray()
    while len(parts) < n:
        chunk = os.read(fd, min(1 << 20, n - len(parts)))
        if not chunk:
            os._exit(0)
        parts += chunk
    return bytes(parts)


def child_main(argv: list[str]) -> None:
    target, parent = argv[0], int(argv[1])
    _die_with_parent(parent)
    try:
        os.nice(CHILD_NICE)
    except (OSError, AttributeError):
        pass
    # Messages go to the parent on the original stdout; anything printed goes nowhere.
    channel = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.close(null)
    (size,) = _HEADER.unpack(_read_exact(0, _HEADER.size))
    payload = pickle.loads(_read_exact(0, size))
    threading.Thread(target=_watch_stdin, args=(0,), daemon=True).start()

    def send(kind: str, value: Any) -> None:
        data = pickle.dumps((kind, value), protocol=pickle.HIGHEST_PROTOCOL)
        data = _HEADER.pack(len(data)) + data
        view = memoryview(data)
        while view:
            view = view[os.write(channel, view):]

    try:
        module, _, name = target.partition(":")
        if not module.startswith("tui."):
            raise ValueError(f"not a job of this package: {target}")
        result = getattr(importlib.import_module(module), name)(
            payload, lambda value: send("update", value))
        send("result", result)
    except BrokenPipeError:
        os._exit(0)
    except BaseException as e:  # noqa: BLE001 - reported to the parent, which decides
        message = str(e) or traceback.format_exception_only(type(e), e)[-1].strip()
        send("error", {"type": type(e).__name__, "message": message})
    os._exit(0)


if __name__ == "__main__":
    child_main(sys.argv[1:])
