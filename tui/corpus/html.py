"""HTML to article text and metadata.

trafilatura is the maintained extractor that finds the article body among menus, cookie
banners, related links and footers, and reads title, site name, author and date from the page's
metadata (Open Graph, JSON-LD, ``<meta>``). It is a regular dependency (``synoptic add`` uses
it too), imported here only when an HTML file is read, so start-up never pays for it (lxml and
friends take about a second).
Before extracting, elements that are never the story (``nav``, ``footer``, ``aside``, ARIA
navigation and site banners, cookie notices) are pruned: on short pages trafilatura otherwise
falls back to keeping everything.

If trafilatura cannot be imported (a broken install), the standard library's HTML parser keeps
block elements as paragraphs and drops the same furniture, so a page still reads.
"""
from __future__ import annotations

from html.parser import HTMLParser

from .meta import find_date

_BLOCK = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "blockquote", "pre", "tr", "br", "hr", "figcaption", "main"}
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg",
         "template", "iframe", "button"}
# Classes and ids of page furniture (matched as substrings, lower case).
_FURNITURE = ("cookie", "consent", "related", "newsletter", "share", "social", "menu",
              "breadcrumb", "advert", "promo", "subscribe", "paywall", "banner")
_PRUNE = [
    "//nav", "//footer", "//aside",
    "//*[@role='navigation' or @role='banner' or @role='contentinfo' or @role='complementary']",
    *(f"//*[contains(translate(@class, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
      f"'abcdefghijklmnopqrstuvwxyz'), '{w}') or contains(translate(@id, "
      f"'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'), '{w}')]"
      for w in ("cookie", "consent", "related", "newsletter")),
]


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.cur: list[str] = []
        self.skip_depth: list[str] = []   # open tags whose content is skipped
        self.in_title = False
        self.title = ""
        self.h1 = ""
        self.in_h1 = False
        self.meta: dict[str, str] = {}

    def _flush(self) -> None:
        block = " ".join("".join(self.cur).split())
        if block:
            self.blocks.append(block)
        self.cur = []

    def _furniture(self, tag: str, attrs: dict) -> bool:
        if tag in _SKIP:
            return True
        if attrs.get("role") in ("navigation", "banner", "contentinfo", "complementary"):
            return True
        names = f"{attrs.get('class') or ''} {attrs.get('id') or ''}".lower()
        return tag not in ("body", "main", "article", "html") and any(w in names
                                                                      for w in _FURNITURE)

    def handle_starttag(self, tag, attrs):
        a = {k: v for k, v in attrs}
        if self.skip_depth:
            if tag not in ("br", "hr", "img", "meta", "link", "input"):
                self.skip_depth.append(tag)
            return
        if tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
        elif self._furniture(tag, a) and tag not in ("br", "hr", "img", "input"):
            self._flush()
            self.skip_depth.append(tag)
            return
        if tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        if self.skip_depth:
            # Close up to the matching tag (HTML in the wild leaves some unclosed).
            if tag in self.skip_depth:
                while self.skip_depth and self.skip_depth.pop() != tag:
                    pass
            return
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip_depth:
            self.cur.append(data)
            if self.in_h1:
                self.h1 += data


def _iso_date(value: str | None) -> str | None:
    found = find_date(value or "")
    return found[0] if found else None


def _meta_from_tags(meta: dict[str, str], title: str | None) -> dict:
    return {
        "title": title or meta.get("og:title") or None,
        "date": _iso_date(meta.get("article:published_time") or meta.get("date")
                          or meta.get("pubdate") or meta.get("dc.date")),
        "outlet": meta.get("og:site_name") or None,
        "byline": meta.get("author") or meta.get("article:author") or None,
        "url": meta.get("og:url") or None,
    }


def _trafilatura():
    try:
        import trafilatura
    except ImportError:  # a broken install: the standard library's parser still reads the page
        return None
    return trafilatura


def html_to_text(html: str) -> tuple[str, dict]:
    """``(text, metadata)``: the story as paragraphs separated by blank lines, headline first;
    metadata keys title, outlet, byline, date (ISO) and url, each None when the page does not
    say."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    heading = " ".join((parser.h1 or parser.title).split()) or None
    meta = _meta_from_tags(parser.meta, heading)
    trafilatura = _trafilatura()
    if trafilatura is not None:
        paras = _extract(trafilatura, html, meta)
        if paras:
            title = meta["title"]
            if title and " ".join(paras[0].split()) != " ".join(title.split()):
                paras.insert(0, title)
            return "\n\n".join(paras) + "\n", meta
    blocks = parser.blocks
    title = meta["title"]
    if title and (not blocks or blocks[0] != title):
        blocks.insert(0, title)
    return "\n\n".join(blocks) + "\n", meta


def _extract(trafilatura, html: str, meta: dict) -> list[str]:
    try:
        # favor_precision: on short pages trafilatura's fallbacks otherwise keep the menu.
        body = trafilatura.extract(html, include_comments=False, include_tables=False,
                                   favor_precision=True, prune_xpath=_PRUNE)
        found = trafilatura.extract_metadata(html)
    except Exception:  # noqa: BLE001 - malformed markup: the standard library's parser reads it
        return []
    if found is not None:
        for key, value in (("title", found.title), ("outlet", found.sitename),
                           ("byline", found.author), ("url", found.url)):
            if value and isinstance(value, str):
                meta[key] = " ".join(value.split())
        meta["date"] = _iso_date(found.date) or meta["date"]
    if not body:
        return []
    return [" ".join(line.split()) for line in body.split("\n") if line.strip()]
