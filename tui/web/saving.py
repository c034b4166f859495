"""Articles saved into a library folder as Markdown with YAML front matter, each at most once.

The file format (read back by the corpus layer)::

    ---
    title: "Zelensky says ..."
    outlet: "CNN"
    author: "Matthew Chance"
    date: 2022-03-10
    url: "https://..."
    ---

    # Zelensky says ...

    First paragraph...

String values are written as JSON strings, which YAML reads as double-quoted scalars, so any
title (colons, quotes, leading dashes) stays one valid line; keys with no value are left out.

"At most once": an article whose URL (as asked for, after redirects, or the page's canonical
address) or whose text is already in the folder is not written again. The folder's Markdown
files are read once per run to know what it holds.
"""
from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from tui.atomic import write_atomic
from tui.corpus import article_id

MARKDOWN_SUFFIXES = (".md", ".markdown")
FRONT_MATTER_KEYS = ("title", "outlet", "author", "date", "url")
_SLUG_JUNK = re.compile(r"[^\w]+")
_TRACKING_PARAM = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid)$", re.I)
# A library's own Markdown files are small; anything this large is not one of ours.
_MAX_INDEX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class ArticleRecord:
    """What is written: the front matter fields and the body's paragraphs."""

    title: str
    paragraphs: list[str]
    outlet: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None

    def front_matter(self) -> dict[str, str]:
        values = {"title": self.title, "outlet": self.outlet, "author": self.author,
                  "date": self.date, "url": self.url}
        return {k: v for k, v in values.items() if v}

    def markdown(self) -> str:
        lines = ["---"]
        for key, value in self.front_matter().items():
            # An ISO date stays a plain YAML date; everything else is a quoted string.
            shown = value if key == "date" else json.dumps(value, ensure_ascii=False)
            lines.append(f"{key}: {shown}")
        lines += ["---", "", f"# {self.title}", ""]
        return "\n".join(lines) + "\n" + "\n\n".join(self.paragraphs) + "\n"


def content_key(paragraphs: list[str]) -> str:
    """The same id for the same text whatever its line breaks (the corpus's article id of the
    body without its headline)."""
    return article_id("\n\n".join(paragraphs))


def normalise_url(url: str) -> str:
    """For comparing addresses: scheme and host in lower case, default port, fragment and
    tracking parameters (utm_*, fbclid, ...) dropped."""
    try:
        parts = urlsplit(url.strip())
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAM.match(k)])
    return urlunsplit((scheme, host, parts.path or "/", query, ""))


def read_front_matter(text: str) -> tuple[dict[str, str], str]:
    """``(fields, body)`` of a Markdown file: the leading ``---`` block's ``key: value`` lines
    (quotes removed) and what follows it. A file without one is all body."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end < 0:
        if text.endswith("\n---"):
            end = len(text) - 4
        else:
            return {}, text
    fields: dict[str, str] = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(":")
        if not sep or not key.strip() or key.startswith((" ", "\t", "#")):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            try:
                value = json.loads(value)
            except ValueError:
                value = value[1:-1]
        elif len(value) >= 2 and value[0] == value[-1] == "'":
            value = value[1:-1].replace("''", "'")
        fields[key.strip().lower()] = value
    return fields, text[end + 5:]


def body_paragraphs(body: str) -> list[str]:
    """The paragraphs of a Markdown body, a leading ``# headline`` left out."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip()]
    if paragraphs and paragraphs[0].startswith("# "):
        paragraphs = paragraphs[1:]
    return paragraphs


def slug(title: str, limit: int = 72) -> str:
    """A file-name-safe form of ``title``: letters and digits of any script, dashes between."""
    words = _SLUG_JUNK.sub("-", unicodedata.normalize("NFKC", title).lower().replace("_", "-"))
    words = words.strip("-")
    if len(words) > limit:
        words = words[:limit].rsplit("-", 1)[0] if "-" in words[:limit] else words[:limit]
    return words or "article"


class LibraryFolder:
    """The Markdown articles of one folder (and its subfolders): which URLs and texts it holds,
    and saving new ones there without ever writing one twice."""

    def __init__(self, folder: str | os.PathLike) -> None:
        self.folder = Path(folder)
        self._urls: dict[str, Path] = {}
        self._contents: dict[str, Path] = {}
        self._names: set[str] = set()
        self._scan()

    def _scan(self) -> None:
        from tui.corpus.loader import scan_article_files

        if not self.folder.is_dir():
            return
        for name, st in scan_article_files(self.folder):
            path = Path(name)
            if path.parent == self.folder:
                self._names.add(path.name.lower())
            if path.suffix.lower() not in MARKDOWN_SUFFIXES or st is None:
                continue
            if st.st_size > _MAX_INDEX_BYTES:
                continue
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            fields, body = read_front_matter(text.replace("\r\n", "\n"))
            self._remember(path, fields.get("url"), body_paragraphs(body))

    def _remember(self, path: Path, url: str | None, paragraphs: list[str]) -> None:
        if url:
            self._urls.setdefault(normalise_url(url), path)
        if paragraphs:
            self._contents.setdefault(content_key(paragraphs), path)

    def find_url(self, *urls: str | None) -> Path | None:
        """The file already saved from any of ``urls``, if one is."""
        for url in urls:
            if url:
                found = self._urls.get(normalise_url(url))
                if found is not None:
                    return found
        return None

    def find_text(self, paragraphs: list[str]) -> Path | None:
        return self._contents.get(content_key(paragraphs))

    def file_name(self, record: ArticleRecord) -> str:
        stem = slug(record.title)
        if record.date:
            stem = f"{record.date}-{stem}"
        name, n = f"{stem}.md", 1
        while name.lower() in self._names or (self.folder / name).exists():
            n += 1
            name = f"{stem}-{n}.md"
        return name

    def save(self, record: ArticleRecord, *, also_urls: tuple[str | None, ...] = ()) -> Path:
        """Write ``record`` as a new file (never replacing one) and remember it. ``also_urls``
        are other addresses of the same article (as asked for, canonical) that should count
        as already saved from now on. Raises OSError when the folder cannot be written."""
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / self.file_name(record)
        write_atomic(path, record.markdown(), durable=True)
        self._names.add(path.name.lower())
        self._remember(path, record.url, record.paragraphs)
        for url in also_urls:
            if url:
                self._urls.setdefault(normalise_url(url), path)
        return path
