"""A web page's article text and metadata, with trafilatura.

trafilatura finds the article body among navigation, ads and comments and reads the metadata
publishers put in their pages (Open Graph, JSON-LD, ``<meta name="author">``, dates through
htmldate). ``favor_precision``: on pages with little text its fallbacks otherwise keep menus
("Home | World") as if they were paragraphs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

# Fewer words than this is a sign-in wall, a cookie notice or an index page, not an article.
MIN_WORDS = 30
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ExtractError(Exception):
    """A page with no article in it; ``str()`` is the reason, one line."""


@dataclass
class ExtractedArticle:
    paragraphs: list[str]
    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    date: str | None = None          # ISO YYYY-MM-DD
    url: str | None = None           # where it was fetched (after redirects)
    canonical_url: str | None = None  # where the page says it lives
    host: str | None = None          # the site's host name, "www." dropped

    @property
    def words(self) -> int:
        return sum(len(p.split()) for p in self.paragraphs)


def _clean(value) -> str | None:
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value or None


def extract_article(html: str | bytes, url: str | None = None) -> ExtractedArticle:
    """The article in ``html``. Raises ExtractError when there is none."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True,
                                      deduplicate=False)
    data = (doc.as_dict() if hasattr(doc, "as_dict") else doc) if doc is not None else {}
    text = data.get("text") or ""
    paragraphs = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    words = sum(len(p.split()) for p in paragraphs)
    if words < MIN_WORDS:
        found = f" (only {words} word{'' if words == 1 else 's'})" if words else ""
        raise ExtractError(f"no article text found{found}")
    title = _clean(data.get("title"))
    date = _clean(data.get("date"))
    canonical = _clean(data.get("url"))
    if canonical and urlsplit(canonical).scheme not in ("http", "https"):
        canonical = None
    if title and paragraphs and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    hostname = _clean(data.get("hostname"))
    if hostname is None and url:
        hostname = urlsplit(url).hostname
    if hostname and hostname.startswith("www."):
        hostname = hostname[4:]
    return ExtractedArticle(
        paragraphs=paragraphs, title=title,
        outlet=_clean(data.get("sitename")), host=hostname,
        author=_clean(data.get("author")),
        date=date if date and _ISO_DATE.match(date) else None,
        url=url, canonical_url=canonical)
