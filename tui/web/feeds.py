"""RSS and Atom feeds into a list of items, newest first, with feedparser.

feedparser copes with every RSS and Atom version and with the malformed feeds common in the
wild (``bozo``): a feed that still yields items is used, items without a link are reported one
by one, and only a document with no items at all is an error.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from urllib.parse import urljoin

# After an optional BOM, XML declaration, comments and doctype: the root element of a feed.
_FEED_ROOT = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*|<\?[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*)*"
    rb"<(?:[\w-]+:)?(?:rss|feed|RDF)\b", re.S | re.I)


class FeedError(Exception):
    """A document that is not a usable feed; ``str()`` is the reason, one line."""


@dataclass(frozen=True)
class FeedItem:
    number: int              # 1-based position in the feed as published
    link: str | None
    title: str | None
    author: str | None
    date: str | None         # ISO YYYY-MM-DD
    timestamp: float | None  # for ordering


@dataclass(frozen=True)
class Feed:
    title: str | None
    items: list[FeedItem]    # newest first


def looks_like_feed(media_type: str, body: bytes) -> bool:
    if media_type in ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                      "application/x-rss+xml"):
        return True
    return bool(_FEED_ROOT.match(body[:4096]))


def _text(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def parse_feed(body: bytes, url: str) -> Feed:
    """Items of the feed at ``url`` (relative links resolved against it), newest first; items
    without a date keep their place after the dated ones."""
    import feedparser

    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if not parsed.entries:
        if parsed.get("bozo") and parsed.get("bozo_exception") is not None:
            exc = parsed.bozo_exception
            if hasattr(exc, "getMessage") and hasattr(exc, "getLineNumber"):  # SAX errors
                reason = f"{exc.getMessage()} at line {exc.getLineNumber()}"
            else:
                reason = " ".join(str(exc).split())
            raise FeedError(f"not a readable RSS or Atom feed ({reason})")
        if parsed.get("version"):
            raise FeedError("the feed has no items")
        raise FeedError("not an RSS or Atom feed")
    items = []
    for number, entry in enumerate(parsed.entries, 1):
        stamp = entry.get("published_parsed") or entry.get("updated_parsed")
        timestamp = float(calendar.timegm(stamp)) if stamp else None
        link = _text(entry.get("link"))
        detail = entry.get("author_detail") or {}
        items.append(FeedItem(
            number=number, link=urljoin(url, link) if link else None,
            title=_text(entry.get("title")),
            author=_text(detail.get("name")) or _text(entry.get("author")),
            date=f"{stamp.tm_year:04d}-{stamp.tm_mon:02d}-{stamp.tm_mday:02d}" if stamp else None,
            timestamp=timestamp))
    dated = sorted((i for i in items if i.timestamp is not None), key=lambda i: -i.timestamp)
    undated = [i for i in items if i.timestamp is None]
    return Feed(title=_text(parsed.feed.get("title")), items=dated + undated)
