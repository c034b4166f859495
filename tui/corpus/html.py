"""HTML to article text.

trafilatura (a dependency since ``synoptic add`` needs it) is the maintained extractor that finds
the article body among navigation, ads and comments. Where it cannot be imported (an install
without it, or a broken lxml), we fall back to the standard library's HTML parser, keeping block
elements as paragraphs and dropping script, style, nav, header, footer and aside content.
"""
from __future__ import annotations

from html.parser import HTMLParser

_BLOCK = {"p", "div", "section", "article", "h1", "h2", "h3", "h4", "h5", "h6", "li",
          "blockquote", "pre", "tr", "br", "hr", "figcaption", "main"}
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "svg",
         "template", "iframe", "button"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.cur: list[str] = []
        self.skip = 0
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

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag == "meta":
            key = (a.get("property") or a.get("name") or "").lower()
            if key and a.get("content"):
                self.meta[key] = a["content"]
        if tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag):
        if tag in _SKIP and self.skip:
            self.skip -= 1
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.cur.append(data)
            if self.in_h1:
                self.h1 += data


def _meta_from(meta: dict[str, str], title: str | None) -> dict:
    date = (meta.get("article:published_time") or meta.get("date") or meta.get("pubdate") or "")[:10]
    return {
        "title": title or meta.get("og:title") or None,
        "date": date if len(date) == 10 and date[4] == "-" else None,
        "outlet": meta.get("og:site_name") or None,
    }


def html_to_text(html: str) -> tuple[str, dict]:
    try:
        import trafilatura  # optional extra
    except ImportError:
        trafilatura = None
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    parser._flush()
    title = " ".join((parser.h1 or parser.title).split()) or None
    meta = _meta_from(parser.meta, title)
    if trafilatura is not None:
        # favor_precision: on short pages trafilatura's fallbacks otherwise keep the menu.
        body = trafilatura.extract(html, include_comments=False, include_tables=False,
                                   favor_precision=True)
        if body:
            paras = [" ".join(line.split()) for line in body.split("\n") if line.strip()]
            if title:
                paras.insert(0, title)
            return "\n\n".join(paras) + "\n", meta
    blocks = parser.blocks
    if title and (not blocks or blocks[0] != title):
        blocks.insert(0, title)
    return "\n\n".join(blocks) + "\n", meta
