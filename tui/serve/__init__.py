"""``synoptic serve``: the reader in a browser, through textual-serve.

textual-serve provides the browser client (xterm.js speaking Textual's web driver protocol), an
aiohttp server, and ``AppService``, which runs one app process per browser tab. Each tab's
process is a plain ``python -m tui`` with the same state file, so tabs share reading positions
and bookmarks the way two terminals do (the state store locks, re-reads and merges).

What this module adds to textual-serve's ``Server``:

* Loopback by default. Another address is refused unless ``--public`` says the user means it.
* The page's and the websocket's addresses come from the request (the stock server builds them
  from the bind address, which a browser cannot reach for 0.0.0.0, nor for port 0).
* Our own page (``index.html``), so that nothing is fetched from any address but this server.
* A bounded stop: on SIGTERM, SIGINT or SIGHUP every app it started is asked to quit (its web
  driver exits the app the normal way, which flushes the reading state), then sent SIGTERM
  (the app flushes on that too), then SIGKILL; all within ``STOP_SECONDS``.

textual-serve is imported only here, and only ``synoptic serve`` imports this module.
"""
from __future__ import annotations

import asyncio
import ipaddress
import logging
import shlex
import signal
import sys
from contextlib import suppress
from pathlib import Path
from typing import Any, Callable

import aiohttp_jinja2
from aiohttp import WSCloseCode, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("synoptic.serve")

STOP_SECONDS = 10.0
# Of STOP_SECONDS: waiting for apps to quit when asked (a healthy app takes well under a
# second), then after SIGTERM (the app's own limit is 3 s); the rest is for SIGKILL and closing
# connections (CLOSE_WAIT each for the browsers' sockets and the server's cleanup).
QUIT_WAIT = 3.0
TERM_WAIT = 3.0
KILL_WAIT = 1.0
CLOSE_WAIT = 0.5
TEMPLATES = Path(__file__).resolve().parent


class ServeError(Exception):
    """A reason the server cannot start; ``str()`` is one line."""


def is_loopback(host: str) -> bool:
    name = host.strip().strip("[]").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def app_command(paths: list[str], state_file: Path, theme: str | None = None) -> str:
    """The shell command textual-serve runs for each tab. ``exec``: the app is then the
    process textual-serve holds, so signals reach it and not a shell."""
    argv = [sys.executable, "-m", "tui", "--state", str(state_file)]
    if theme:
        argv += ["--theme", theme]
    argv += [str(Path(p).resolve()) for p in paths]
    return "exec " + shlex.join(argv)


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


class SynopticServer(Server):
    def __init__(self, command: str, host: str, port: int, *, title: str = "Synoptic") -> None:
        super().__init__(command, host=host, port=port, title=title,
                         templates_path=TEMPLATES)
        self.services: set[AppService] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self.url: str | None = None
        self._stop = asyncio.Event()

    def initialize_logging(self) -> None:
        logging.basicConfig(level=logging.WARNING, format="synoptic serve: %(message)s",
                            stream=sys.stderr)

    async def on_startup(self, app: web.Application) -> None:
        pass  # ``run`` prints the address once the socket is bound

    @aiohttp_jinja2.template("index.html")
    async def handle_index(self, request: web.Request) -> dict[str, Any]:
        origin = f"{request.scheme}://{request.host}"
        static = str(request.app.router["static"].url_for(filename="/")).rstrip("/") + "/"
        websocket = str(request.app.router["websocket"].url_for())
        ws_scheme = "wss" if request.scheme == "https" else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{ws_scheme}://{request.host}{websocket}",
            "config": {"static": {"url": origin + static}},
            "application": {"name": self.title},
        }

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # textual-serve's handler, keeping each tab's AppService so that stopping can reach
        # every app process.
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None
        self.sockets.add(websocket)
        try:
            await websocket.prepare(request)
            service = AppService(self.command, write_bytes=websocket.send_bytes,
                                 write_str=websocket.send_str, close=websocket.close,
                                 download_manager=self.download_manager)
            self.services.add(service)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one tab's failure must not stop the server
            log.exception(error)
        finally:
            if service is not None:
                with suppress(Exception):
                    await asyncio.wait_for(service.stop(), QUIT_WAIT)
                self.services.discard(service)
            self.sockets.discard(websocket)
        return websocket

    def request_exit(self) -> None:
        self._stop.set()

    async def run(self, on_ready: Callable[[str], None]) -> int:
        """Serve until SIGTERM, SIGINT or SIGHUP; returns the number of apps stopped."""
        self.initialize_logging()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT, getattr(signal, "SIGHUP", None)):
            if sig is not None:
                with suppress(NotImplementedError, RuntimeError):
                    loop.add_signal_handler(sig, self.request_exit)
        runner = web.AppRunner(await self._make_app(), handle_signals=False,
                               shutdown_timeout=1.0)
        await runner.setup()
        try:
            try:
                await web.TCPSite(runner, self.host, self.port).start()
            except OSError as e:
                raise ServeError(f"cannot listen on {_url(self.host, self.port)[7:]} "
                                 f"({e.strerror or e})") from None
            port = runner.addresses[0][1] if runner.addresses else self.port
            self.url = _url(self.host, port)
            on_ready(self.url)
            await self._stop.wait()
            stopped = await self.stop_apps()
            # Tell the browsers now (their pages show "Session ended") rather than leave the
            # sockets to the server's cleanup, which waits for them.
            closing = [asyncio.wait_for(ws.close(code=WSCloseCode.GOING_AWAY,
                                                 message=b"server stopped"), CLOSE_WAIT)
                       for ws in list(self.sockets)]
            await asyncio.gather(*closing, return_exceptions=True)
            return stopped
        finally:
            with suppress(Exception):
                await asyncio.wait_for(runner.cleanup(), CLOSE_WAIT)

    async def stop_apps(self) -> int:
        """End every app process: quit, then SIGTERM, then SIGKILL. Returns how many there
        were."""
        services = list(self.services)
        # textual-serve 1.x keeps the process in AppService._process (no public accessor).
        processes = [p for s in services if (p := getattr(s, "_process", None)) is not None]
        for service in services:
            with suppress(Exception):
                await service.send_meta({"type": "quit"})
        for sig, wait in ((None, QUIT_WAIT), (signal.SIGTERM, TERM_WAIT),
                          (signal.SIGKILL, KILL_WAIT)):
            alive = [p for p in processes if p.returncode is None]
            if not alive:
                break
            if sig is not None:
                for p in alive:
                    with suppress(ProcessLookupError):
                        p.send_signal(sig)
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(asyncio.gather(*(p.wait() for p in alive)), wait)
        return len(processes)


def serve(paths: list[str], state_file: Path, *, host: str = "127.0.0.1", port: int = 8000,
          public: bool = False, theme: str | None = None,
          out: Callable[[str], None] = print) -> int:
    """Run the server until stopped. ``out`` receives the lines for the user. Raises
    ServeError for a host that needs ``--public`` or a port that cannot be used."""
    if not is_loopback(host) and not public:
        raise ServeError(f"--host {host} is not a loopback address: anyone who can reach it "
                         "could read your library; add --public to serve it anyway")
    if not 0 <= port <= 65535:
        raise ServeError(f"--port {port} is not a port number (0 to 65535)")
    server = SynopticServer(app_command(paths, state_file, theme), host, port)

    if not is_loopback(host):
        print(f"synoptic: warning: --public: anyone who can reach {_url(host, port)[7:]} can "
              "read the library and its reading state", file=sys.stderr, flush=True)

    def ready(url: str) -> None:
        out(f"Synoptic is served at {url} (one app per browser tab; Ctrl+C stops it)")
        sys.stdout.flush()

    stopped = asyncio.run(server.run(ready))
    out(f"Stopped ({stopped} app{'' if stopped == 1 else 's'} closed).")
    return 0
