"""One HTTP(S) GET with the standard library, bounded in time and size.

Why urllib and not a third-party client: one GET at a time with redirects is all ``add`` needs,
and urllib does it (redirects, proxies from the environment, TLS with the system's certificates).
What it lacks is added here: a limit on the whole answer's time (urllib's timeout bounds each
socket operation, so a server that drips a byte every few seconds would never time out), a size
limit, and one-line reasons for every failure ("HTTP 404 Not Found", "timed out after 20 s").
"""
from __future__ import annotations

import http.client
import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from tui import __version__

USER_AGENT = (f"Synoptic/{__version__} (terminal news reader; saves articles for offline "
              "reading) Python-urllib")
ACCEPT = ("text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
          "application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5")
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024


class FetchError(Exception):
    """A URL that could not be fetched; ``str()`` is the reason, one line, without the URL."""


@dataclass(frozen=True)
class Response:
    url: str            # after redirects
    status: int
    media_type: str     # lower case, without parameters ("text/html"); "" when not given
    charset: str | None
    body: bytes


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS


def is_web_url(source: str) -> bool:
    return urlsplit(source).scheme.lower() in ("http", "https")


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(_Redirects())


def _seconds(timeout: float) -> str:
    return f"{timeout:g} s"


def _connection_reason(reason: object, timeout: float) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"timed out after {_seconds(timeout)}"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, socket.gaierror):
        return "host not found"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"TLS certificate not accepted ({reason.verify_message or reason})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error ({reason.reason or reason})"
    if isinstance(reason, OSError):
        return f"cannot connect ({reason.strerror or reason})"
    return f"cannot connect ({reason})"


def fetch(url: str, *, timeout: float = DEFAULT_TIMEOUT,
          max_bytes: int = DEFAULT_MAX_BYTES) -> Response:
    """GET ``url`` and read the whole answer within ``timeout`` seconds and ``max_bytes``.

    Raises FetchError for anything but a complete 2xx answer."""
    if not is_web_url(url):
        raise FetchError("not an http or https address")
    try:
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT,
                                                       "Accept": ACCEPT})
    except ValueError:
        raise FetchError("not a valid address") from None
    deadline = time.monotonic() + timeout
    try:
        with _opener().open(request, timeout=timeout) as answer:
            length = answer.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(_too_large(max_bytes))
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(f"timed out after {_seconds(timeout)}")
                chunk = answer.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_too_large(max_bytes))
                chunks.append(chunk)
            media_type = answer.headers.get_content_type() if answer.headers.get(
                "Content-Type") else ""
            return Response(url=answer.geturl(), status=answer.status,
                            media_type=media_type.lower(),
                            charset=answer.headers.get_content_charset(), body=b"".join(chunks))
    except FetchError:
        raise
    except urllib.error.HTTPError as e:
        if 300 <= e.code < 400:
            message = str(e.reason)
            if "infinite loop" in message or "maximum" in message:
                raise FetchError("too many redirects") from None
            if "not allowed" in message:
                raise FetchError("redirected to an address that is not http or https") from None
            raise FetchError(f"HTTP {e.code} redirect without a Location") from None
        reason = f" {e.reason}" if e.reason and str(e.reason) != str(e.code) else ""
        raise FetchError(f"HTTP {e.code}{reason}") from None
    except urllib.error.URLError as e:
        raise FetchError(_connection_reason(e.reason, timeout)) from None
    except (TimeoutError, socket.timeout):
        raise FetchError(f"timed out after {_seconds(timeout)}") from None
    except http.client.IncompleteRead:
        raise FetchError("connection closed before the whole page arrived") from None
    except http.client.RemoteDisconnected:
        raise FetchError("the server closed the connection without answering") from None
    except http.client.HTTPException as e:
        raise FetchError(f"not a valid HTTP answer ({type(e).__name__})") from None
    except ValueError as e:  # e.g. a port that is not a number
        raise FetchError(f"not a valid address ({e})") from None
    except OSError as e:
        raise FetchError(_connection_reason(e, timeout)) from None


def _too_large(max_bytes: int) -> str:
    return f"larger than {max_bytes / 1024 / 1024:g} MB"
