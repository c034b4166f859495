"""A small web site on 127.0.0.1 for tests: article pages, feeds and failures written here.

``LocalSite`` runs ``http.server`` in a thread on a free loopback port; routes are a dict from
path to ``Page`` (or to a callable for redirects and slow answers). No test reaches any other
address.
"""
from __future__ import annotations

import html
import threading
import time
from dataclasses import dataclass
from email.utils import format_datetime
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

from tui import SEEDS_DIR


@dataclass
class Page:
    body: bytes | str
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0      # seconds before the answer starts


class LocalSite:
    def __init__(self, routes: dict[str, Page | Callable[[], Page]] | None = None) -> None:
        self.routes: dict[str, Page | Callable[[], Page]] = dict(routes or {})
        self.requests: list[tuple[str, str]] = []   # (path, User-Agent)
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                site.requests.append((self.path, self.headers.get("User-Agent", "")))
                route = site.routes.get(self.path)
                page = route() if callable(route) else route
                if page is None:
                    page = Page("<html><body><h1>Not found</h1></body></html>", status=404)
                if page.delay:
                    time.sleep(page.delay)
                body = page.body.encode("utf-8") if isinstance(page.body, str) else page.body
                try:
                    self.send_response(page.status)
                    if page.content_type:
                        self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(body)))
                    for name, value in page.headers:
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def article_page(title: str, paragraphs: list[str], *, outlet: str | None = None,
                 author: str | None = None, date: str | None = None,
                 canonical: str | None = None) -> str:
    """An article page as news sites write them: metadata in the head, a menu, the story in
    an <article>, related links and a footer around it."""
    meta = []
    if outlet:
        meta.append(f'<meta property="og:site_name" content="{html.escape(outlet)}">')
    if author:
        meta.append(f'<meta name="author" content="{html.escape(author)}">')
    if date:
        meta.append(f'<meta property="article:published_time" content="{date}T09:30:00Z">')
    if canonical:
        meta.append(f'<link rel="canonical" href="{html.escape(canonical)}">')
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | {html.escape(outlet or "News")}</title>
<meta property="og:title" content="{html.escape(title)}">
{chr(10).join(meta)}
</head><body>
<header><nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/sport">Sport</a></nav></header>
<main><article>
<h1>{html.escape(title)}</h1>
{body}
</article>
<aside><h2>Related</h2><ul><li><a href="/x">Markets fall again</a></li></ul></aside>
</main>
<footer><p>© {html.escape(outlet or "News")}. All rights reserved.</p></footer>
</body></html>"""


def rss_feed(title: str, items: list[dict]) -> str:
    """RSS 2.0; each item a dict with link, title, and optionally date (YYYY-MM-DD), author."""
    parts = []
    for it in items:
        fields = [f"<title>{html.escape(it.get('title', ''))}</title>"]
        if it.get("link"):
            fields.append(f"<link>{html.escape(it['link'])}</link>")
        if it.get("date"):
            when = datetime.fromisoformat(it["date"]).replace(hour=8, tzinfo=timezone.utc)
            fields.append(f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>")
        if it.get("author"):
            fields.append(f"<dc:creator>{html.escape(it['author'])}</dc:creator>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>{html.escape(title)}</title><link>http://127.0.0.1/</link><description>News</description>
{"".join(parts)}
</channel></rss>"""


def atom_feed(title: str, items: list[dict]) -> str:
    entries = []
    for n, it in enumerate(items):
        link = f'<link href="{html.escape(it["link"])}"/>' if it.get("link") else ""
        updated = f"{it.get('date', '2024-01-01')}T08:00:00Z"
        entries.append(f"<entry><title>{html.escape(it.get('title', ''))}</title>{link}"
                       f"<id>urn:item:{n}</id><updated>{updated}</updated></entry>")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{html.escape(title)}</title>
<id>urn:feed</id><updated>2024-01-01T00:00:00Z</updated>
{"".join(entries)}
</feed>"""


def seed_story(name: str) -> tuple[str, list[str]]:
    """(headline, body paragraphs) of a bundled seed, for pages that carry a real story."""
    text = (SEEDS_DIR / name).read_text(encoding="utf-8")
    blocks = [" ".join(b.split()) for b in text.split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


def words(n: int, seed: str) -> str:
    """A paragraph of ``n`` distinct-enough words (different ``seed``, different text)."""
    vocab = ("the council said on monday that the new bridge over the river would open in "
             "spring after years of delay and rising costs according to officials who asked "
             "residents for patience while engineers finished").split()
    out = [seed]
    for i in range(n - 1):
        out.append(vocab[(i * 7 + len(seed)) % len(vocab)])
    return " ".join(out).capitalize() + "."


def story(seed: str, paragraphs: int = 4) -> list[str]:
    return [words(25, f"{seed}{i}") for i in range(paragraphs)]


SEED_CNN = "002_ab554daf6d20ffd4.txt"
SEED_RETRANSLATION = "000_18ebbd46ec4c8f7e.txt"
__all__ = ["LocalSite", "Page", "Path", "article_page", "atom_feed", "rss_feed", "seed_story",
           "story", "words", "SEED_CNN", "SEED_RETRANSLATION"]
