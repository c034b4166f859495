"""Running the reader in a terminal, and making sure it ends when asked.

A closed terminal (SIGHUP: what a dropped SSH session or a closed tmux window sends) or a polite
kill (SIGTERM) ends the app within ``EXIT_DEADLINE`` seconds whatever its workers are doing, with
the reading state flushed and the state file's lock released. Five layers, each covering what
the one before cannot:

1. The handler asks the app to leave through its normal path (screens unmount, the state is
   flushed, the terminal restored) and sets ``SynopticApp.closing``, which workers check between
   chunks of work.
2. Thread workers run on daemon threads that nothing joins (``DaemonExecutor``). asyncio's
   default executor is joined when the loop closes and again at interpreter exit, so one worker
   in the middle of a 20 MB article used to keep the process alive for a minute.
3. After SIGHUP the terminal is gone. A write to a hung-up terminal kills Textual's output
   thread, and the next writes then wait forever for room in its queue (seen with py-spy: the
   main thread in ``Queue.put`` under ``App._shutdown``). So the driver drops output once the
   terminal is gone, stdout and stderr are pointed at /dev/null, and the SIGCONT that comes with
   a hangup no longer restarts application mode.
4. A watchdog thread: if the app has not finished ``WATCHDOG_AFTER`` seconds after the signal
   (the UI thread stuck in a long computation, output blocked), it flushes the state with a
   bounded wait, restores the terminal's modes and leaves with ``os._exit``.
5. ``faulthandler.dump_traceback_later(exit=True)``: a C thread that needs no GIL, so it ends
   the process (status 1) even while a worker holds the GIL in one long C call.

Layers 4 and 5 write which of them ended the app, and where every thread was, to
``forced-exit.txt`` in the cache folder (for a bug report; removed when the normal path
finished in time). ``tests/bench/exit_signals.py`` counts which layer ended each trial.

A process that was signalled leaves with ``os._exit(128 + signal)`` once the state is closed:
interpreter shutdown would only wait for (or trip over) workers that no longer matter.
"""
from __future__ import annotations

import asyncio
import faulthandler
import os
import queue
import signal
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Callable

EXIT_DEADLINE = 3.0
# Leave time after each layer for the next: the normal path usually takes well under a second.
WATCHDOG_AFTER = 2.0
WATCHDOG_FLUSH_WAIT = 0.4
FAULTHANDLER_AFTER = 2.7
EXIT_SIGNALS = tuple(s for s in (getattr(signal, "SIGHUP", None), signal.SIGTERM) if s)
# What the driver would write on a normal exit: leave the alternate screen, show the cursor,
# stop mouse reporting, bracketed paste and focus events, wrap lines again.
_TERMINAL_RESET = (b"\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1004l"
                   b"\x1b[<u\x1b[?7h\x1b[?1049l\x1b[?25h")


class DaemonExecutor(ThreadPoolExecutor):
    """A thread pool whose threads are daemons and whose shutdown never waits.

    Used as the event loop's default executor, which runs Textual's thread workers: the app can
    always leave, and a job still running when it does is simply dropped with the process.
    Results of jobs that finish after shutdown are not delivered (the loop that wanted them is
    closed). A ThreadPoolExecutor only because asyncio insists on one: every method it uses is
    replaced, so none of its threads (which interpreter exit joins) is ever started."""

    def __init__(self, max_workers: int | None = None) -> None:
        super().__init__(max_workers)
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._idle = threading.Semaphore(0)
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._shutdown = False

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        with self._lock:
            if self._shutdown:
                raise RuntimeError("cannot schedule new work after shutdown")
            future: Future = Future()
            self._jobs.put((future, fn, args, kwargs))
            if not self._idle.acquire(blocking=False) and len(self._threads) < self._max_workers:
                thread = threading.Thread(target=self._work, daemon=True,
                                          name=f"synoptic-worker-{len(self._threads)}")
                self._threads.append(thread)
                thread.start()
            return future

    def _work(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                return
            future, fn, args, kwargs = job
            del job
            if future.set_running_or_notify_cancel():
                try:
                    result = fn(*args, **kwargs)
                except BaseException as e:  # noqa: BLE001 - handed to whoever awaits the job
                    if not self._shutdown:
                        future.set_exception(e)
                else:
                    if not self._shutdown:
                        future.set_result(result)
            del future, fn, args, kwargs
            if self._shutdown:
                return
            self._idle.release()

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        # ``wait`` is ignored on purpose: that is the point of this executor.
        with self._lock:
            self._shutdown = True
            if cancel_futures:
                while True:
                    try:
                        job = self._jobs.get_nowait()
                    except queue.Empty:
                        break
                    if job is not None:
                        job[0].cancel()
            for _ in self._threads:
                self._jobs.put(None)


class ExitGuard:
    """The signal handlers, the watchdog and the C backstop for one run of the app."""

    def __init__(self, app, state, terminal_fd: int | None) -> None:
        self.app = app
        self.state = state
        self.received: list[int] = []
        self.finished = threading.Event()
        self.terminal_gone = threading.Event()
        self._terminal_fd = terminal_fd
        self._terminal_modes = _terminal_modes(terminal_fd)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._previous: dict[int, Any] = {}
        self._backstop_file = None

    # --- installing ----------------------------------------------------------------------------

    def install(self) -> None:
        for sig in EXIT_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._on_signal)

    def uninstall(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)
        self._previous.clear()

    def attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop

    # --- the handler (runs on the main thread, between two bytecodes of whatever it was doing) ---

    def _on_signal(self, signum: int, _frame) -> None:
        first = not self.received
        self.received.append(signum)
        if (signum == getattr(signal, "SIGHUP", None) and self._terminal_fd is not None
                and not self._terminal_alive()):
            self._terminal_lost()
        if not first:
            return  # already leaving; the watchdog and the backstop are armed
        self.app.closing.set()
        _kill_children()
        self._arm_backstops(signum)
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self.app.exit)
            except RuntimeError:
                pass  # the loop closed in between: run_app is past app.run() already

    def _terminal_alive(self) -> bool:
        """Whether the terminal still answers. A hangup replaces the terminal's file operations
        before the signal is sent, so a closed terminal already fails here; a plain ``kill
        -HUP`` leaves it answering, and then it is restored as on any exit. Without a
        terminal from the start (``synoptic serve`` runs the app on pipes) SIGHUP is only a
        request to leave: its output is the server's, and must not be cut."""
        return self._terminal_fd is not None and os.isatty(self._terminal_fd)

    def _terminal_lost(self) -> None:
        if self.terminal_gone.is_set():
            return
        self.terminal_gone.set()
        # The hangup also sends SIGCONT, on which Textual restarts application mode (and starts
        # a new output thread) on a terminal that no longer exists.
        if hasattr(signal, "SIGCONT"):
            signal.signal(signal.SIGCONT, signal.SIG_DFL)
        try:
            null = os.open(os.devnull, os.O_WRONLY)
        except OSError:
            return
        for fd in (1, 2):
            try:
                os.dup2(null, fd)
            except OSError:
                pass
        os.close(null)

    def _arm_backstops(self, signum: int) -> None:
        self._backstop_file = _forced_exit_log()
        if self._backstop_file is not None:
            faulthandler.dump_traceback_later(FAULTHANDLER_AFTER, exit=True,
                                              file=self._backstop_file)
        threading.Thread(target=self._watchdog, args=(signum,), daemon=True,
                         name="synoptic-exit-watchdog").start()

    def disarm(self) -> None:
        """Called once the app has finished: the backstops have nothing left to do (and the
        log they would have written is removed)."""
        self.finished.set()
        log, self._backstop_file = self._backstop_file, None
        if log is not None:
            faulthandler.cancel_dump_traceback_later()
            try:
                log.close()
                if log.name != os.devnull and os.path.getsize(log.name) == 0:
                    os.unlink(log.name)
            except OSError:
                pass

    # --- the watchdog ------------------------------------------------------------------------

    def _watchdog(self, signum: int) -> None:
        if self.finished.wait(WATCHDOG_AFTER):
            return
        flusher = threading.Thread(target=_close_state, args=(self.state,), daemon=True,
                                   name="synoptic-exit-flush")
        flusher.start()
        flusher.join(WATCHDOG_FLUSH_WAIT)
        log = self._backstop_file
        if log is not None:
            try:
                log.write(f"synoptic: the exit watchdog ended the app {WATCHDOG_AFTER} s after "
                          f"signal {signum}; state flushed: "
                          f"{'no' if flusher.is_alive() else 'yes'}. Threads:\n")
                log.flush()
                faulthandler.dump_traceback(log, all_threads=True)
            except (OSError, ValueError):
                pass
        if not self.terminal_gone.is_set():
            self.restore_terminal()
        os._exit(128 + signum)

    def restore_terminal(self) -> None:
        fd = self._terminal_fd
        if fd is None:
            return
        try:
            os.write(fd, _TERMINAL_RESET)
        except OSError:
            pass
        if self._terminal_modes is not None:
            try:
                import termios

                termios.tcsetattr(fd, termios.TCSANOW, self._terminal_modes)
            except Exception:  # noqa: BLE001 - best effort on the way out
                pass


def _kill_children() -> None:
    """The child processes of long jobs die now (a kill is async-signal-safe enough: no lock
    is waited for on this path but the registry's, held only briefly by worker threads)."""
    childjob = sys.modules.get("tui.childjob")
    if childjob is not None:
        try:
            childjob.kill_all()
        except Exception:  # noqa: BLE001 - they also die with the process (PR_SET_PDEATHSIG)
            pass


def _terminal_modes(fd: int | None):
    if fd is None:
        return None
    try:
        import termios

        return termios.tcgetattr(fd)
    except Exception:  # noqa: BLE001 - not a terminal, or no termios (Windows)
        return None


def _close_state(state) -> None:
    try:
        state.close()
    except Exception:  # noqa: BLE001 - leaving anyway; the last flush on disk stands
        pass


def _forced_exit_log():
    try:
        from tui.paths import cache_dir

        folder = cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        return open(folder / "forced-exit.txt", "w", encoding="utf-8")
    except Exception:  # noqa: BLE001 - the backstop still ends the process without a log
        try:
            return open(os.devnull, "w")
        except OSError:
            return None


def _hangup_safe_driver(base: type) -> type:
    """``base`` (Textual's Linux driver) made safe for a terminal that disappears: once
    ``terminal_gone`` is set, output is dropped, the output thread is not waited for, and
    application mode is never resumed."""

    class HangupSafeDriver(base):
        terminal_gone: threading.Event = threading.Event()

        def write(self, data: str) -> None:
            if not self.terminal_gone.is_set():
                super().write(data)

        def resume_application_mode(self) -> None:
            if not self.terminal_gone.is_set():
                super().resume_application_mode()

        def close(self) -> None:
            if not self.terminal_gone.is_set():
                super().close()

    return HangupSafeDriver


def validate_theme(theme: str | None) -> str | None:
    """A one-line error for an unknown ``--theme``, else None. Checked before anything is
    opened, so a bad option never touches the state file."""
    if not theme:
        return None
    from textual.theme import BUILTIN_THEMES

    from . import themes as theme_files

    loaded, _ = theme_files.load_themes()
    known = {*(t.name for t in loaded), *BUILTIN_THEMES}
    if theme in known:
        return None
    return f"unknown theme {theme!r}; available: {', '.join(sorted(known))}"


def run_app(paths: list[str], state_file: Path, theme: str | None = None,
            compare: tuple[str, ...] | None = None) -> int:
    """Run the reader. Returns the exit status for the ``synoptic`` command (a signalled run
    does not return: it leaves with ``128 + signal`` once the state is closed)."""
    error = validate_theme(theme)
    if error:
        print(f"synoptic: {error}", file=sys.stderr)
        return 2
    from tui.state import StateStore

    from .app import SynopticApp

    state = StateStore.open(Path(state_file))
    app = SynopticApp(paths, state, theme=theme, compare=compare)
    guard = ExitGuard(app, state, _terminal_fd())
    try:
        from textual.drivers.linux_driver import LinuxDriver
    except ImportError:  # Windows: no SIGHUP, and its driver is left as it is
        LinuxDriver = None
    if LinuxDriver is not None and issubclass(app.driver_class, LinuxDriver):
        app.driver_class = _hangup_safe_driver(app.driver_class)
        app.driver_class.terminal_gone = guard.terminal_gone

    async def run() -> None:
        loop = asyncio.get_running_loop()
        loop.set_default_executor(DaemonExecutor())
        guard.attach(loop)
        if guard.received:
            return  # signalled while starting: there is nothing to show or save yet
        await app.run_async()

    guard.install()
    try:
        asyncio.run(run())
    finally:
        app.closing.set()
        from .app import end_child_jobs

        end_child_jobs()
        # Still under our handlers: a second signal now must not kill the flush half-way.
        app.flush_state()
        _close_state(state)
        if not guard.received:
            # Leaving on a signal keeps the handlers to the end: a SIGTERM arriving between
            # restoring the default action and os._exit below killed the process with it
            # (exit -15 in 1 of 30 trials, after the state was closed).
            guard.uninstall()
    if guard.received:
        guard.disarm()
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001 - the terminal may be gone
                pass
        os._exit(128 + guard.received[0])
    guard.disarm()
    return app.return_code or 0


def _terminal_fd() -> int | None:
    for stream in (sys.__stderr__, sys.__stdout__, sys.__stdin__):
        try:
            if stream is not None and os.isatty(stream.fileno()):
                return stream.fileno()
        except (OSError, ValueError):
            continue
    return None


__all__ = ["DaemonExecutor", "EXIT_DEADLINE", "ExitGuard", "run_app", "validate_theme"]
