"""Files and folders into ``Article`` objects.

Metadata is sniffed from the shapes news copy takes in plain text (see the seeds and
``meta.py``): a headline line, a ``date YYYY-MM-DD`` line before it, byline and date lines
(``By Dana Whitfield · The Lakeside Ledger · 2024-05-14``), a dateline such as ``Kyiv, Ukraine
CNN —`` or ``CAIRO (Reuters) -``, a credit line such as ``Matthew Chance reported from Kyiv;
...`` and boilerplate footers. HTML pages bring their own metadata (``html.py``), Markdown files
their YAML front matter (``frontmatter.py``); those win over what the text suggests.

The title is stored whole: a headline, else the lede's first sentence. Screens cut it to the
width they have.
"""
from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from typing import Callable

from tui.cancel import CancelCheck, check

from .decode import decode_bytes
from .errors import LoadError
from .frontmatter import front_matter_meta
from .meta import dateline as find_dateline
from .meta import meta_line
from .model import Article, Paragraph
from .sentences import split_sentences

# progress(characters done, characters in all)
Progress = Callable[[int, int], None]

ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".markdown", ".html", ".htm"})
# Why a cap: a 100 MB "article" is almost always a dump or a log; reading it would stall the
# library. Override with SYNOPTIC_MAX_BYTES.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# Paragraphs split into sentences between two looks at ``cancelled`` (a few ms of work).
CANCEL_EVERY = 256
# Leading paragraphs that may be metadata (headline, standfirst, date, dateline, bylines).
FRONT_MATTER = 5

_PARA_SPLIT = re.compile(r"\n[ \t\f\v\u00a0]*\n")
_DATE_LINE = re.compile(r"^\s*(?:date|published|updated)?[:\s]*(\d{4}-\d{2}-\d{2})\b", re.I)
_CREDIT = re.compile(
    r"^(?P<name>[A-Z][\w.'’-]+(?:\s[A-Z][\w.'’-]+){1,3})\s+(?:reported|wrote|contributed"
    r"(?:\sreporting)?|reports|writes)\b")
_BYLINE = re.compile(r"^By\s+(?P<names>[A-Z][\w.'’ -]+(?:(?:,| and)\s+[A-Z][\w.'’ -]+)*)$")
_BOILERPLATE = re.compile(
    r"(follow (?:us|our)\b.*\b(?:news|twitter|facebook|telegram|instagram)"
    r"|sign up for|subscribe (?:to|now)|click here|all rights reserved|©|copyright \d{4}"
    r"|read more:|related:|share this (?:article|story)|download (?:our|the) app)", re.I)
# A word each of _BOILERPLATE's branches contains: a case-insensitive regex with eleven branches
# costs ~40 µs a paragraph, half of reading a 20 MB article, and most paragraphs hold none.
_BOILERPLATE_HINTS = ("follow", "sign up", "subscribe", "click here", "rights reserved", "©",
                      "copyright", "read more", "related", "share this", "download")


def _is_boilerplate(block: str) -> bool:
    folded = block.casefold()
    return any(h in folded for h in _BOILERPLATE_HINTS) and bool(_BOILERPLATE.search(block))


def read_article(path: str | os.PathLike, cancelled: CancelCheck = None,
                 progress: Progress | None = None) -> Article:
    """Load one file. Raises LoadError with a one-line message for anything unusable, and
    tui.cancel.Cancelled when ``cancelled()`` turns True (polled between chunks).
    ``progress(done, total)`` counts characters of text split into paragraphs and sentences
    (a 20 MB file takes seconds: a screen shows how far it is)."""
    p = Path(path)
    name = str(p)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise LoadError(f"{name}: no such file") from None
    except OSError as e:
        raise LoadError(f"{name}: cannot read ({e.strerror or e})") from None
    if stat.S_ISDIR(st.st_mode):
        raise LoadError(f"{name}: is a folder, not an article file")
    if not stat.S_ISREG(st.st_mode):
        raise LoadError(f"{name}: not a regular file")
    limit = int(os.environ.get("SYNOPTIC_MAX_BYTES", DEFAULT_MAX_BYTES))
    if st.st_size > limit:
        raise LoadError(f"{name}: too large to read as an article "
                        f"({st.st_size / 1e6:.0f} MB; the limit is {limit / 1e6:.0f} MB)")
    try:
        data = p.read_bytes()
    except PermissionError:
        raise LoadError(f"{name}: permission denied") from None
    except OSError as e:
        raise LoadError(f"{name}: cannot read ({e.strerror or e})") from None
    return parse_article(data, name, cancelled, progress)


def parse_article(data: bytes, name: str = "<memory>", cancelled: CancelCheck = None,
                  progress: Progress | None = None) -> Article:
    if not data.strip():
        raise LoadError(f"{name}: empty file")
    text, encoding = decode_bytes(data, name)
    check(cancelled)
    meta: dict[str, str | None] = {}
    suffix = Path(name).suffix.lower()
    if suffix in (".html", ".htm"):
        from .html import html_to_text

        text, meta = html_to_text(text)
    if not text.strip():
        raise LoadError(f"{name}: no readable text")
    return build_article(text, name, encoding=encoding, html_meta=meta,
                         markdown=suffix in (".md", ".markdown"), cancelled=cancelled,
                         progress=progress)


_SPACE = re.compile(r"\s")
# Characters folded at a time: ``text.split()`` of a whole 20 MB article made 3.5 million word
# objects at once (about 200 MB).
ID_CHUNK = 1 << 20


def article_id(text: str) -> str:
    """Stable id from content, so renaming or moving a file keeps its state. Whitespace is
    folded so re-wrapping or CRLF conversion does not orphan bookmarks: the hash is of
    ``" ".join(text.split())``, fed a chunk at a time (chunks end at whitespace, so no word is
    cut)."""
    h = hashlib.blake2b(digest_size=8)
    pos, n, first = 0, len(text), True
    while pos < n:
        end = min(n, pos + ID_CHUNK)
        if end < n:
            m = _SPACE.search(text, end)
            end = m.start() if m else n
        words = text[pos:end].split()
        if words:
            if not first:
                h.update(b" ")
            h.update(" ".join(words).encode("utf-8"))
            first = False
        pos = end
    return h.hexdigest()


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans (trimmed of surrounding whitespace), separated by blank lines."""
    out = []
    pos = 0
    for m in _PARA_SPLIT.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    spans = []
    for s, e in out:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _is_heading_shape(block: str) -> bool:
    core = block.rstrip("\"'”’»)] ")
    return ("\n" not in block and len(block) <= 200 and len(block.split()) >= 2
            and not re.search(r"[.!?:;,…]$", core))


def build_article(text: str, path: str, *, encoding: str = "utf-8",
                  html_meta: dict | None = None, markdown: bool = False,
                  cancelled: CancelCheck = None, progress: Progress | None = None) -> Article:
    spans = split_paragraphs(text)
    check(cancelled)
    roles = [""] * len(spans)
    boiler = [False] * len(spans)
    meta = dict(html_meta or {})
    if markdown:
        _markdown_furniture(text, spans, roles, boiler, meta)
    title = meta.get("title")
    date = meta.get("date")
    outlet = meta.get("outlet")
    byline = meta.get("byline")
    dateline = None

    # Where each paragraph's sentences start: after a "date YYYY-MM-DD " prefix sharing the
    # standfirst's line (the date is metadata, not the first words of a sentence). The
    # paragraph keeps its span, so passage indices saved in state do not move.
    text_from = [s for s, _ in spans]
    # Front matter: up to FRONT_MATTER leading paragraphs can be date, standfirst, headline,
    # dateline, byline or credit lines (YAML front matter and comments do not count).
    head = 0  # index of the first paragraph not yet classified as front matter
    seen = 0
    head_titled = False
    while head < len(spans) and seen < FRONT_MATTER:
        if roles[head]:
            head += 1
            continue
        seen += 1
        s, e = spans[head]
        block = text[s:e]
        dm = _DATE_LINE.match(block)
        if dm and not date:
            date = dm.group(1)
            roles[head] = "standfirst" if len(block) > dm.end() + 10 else "date"
            if roles[head] == "standfirst":
                rest = s + dm.end()
                while rest < e and text[rest].isspace():
                    rest += 1
                text_from[head] = rest
            head += 1
            continue
        if title is not None and not head_titled and " ".join(block.split()) == title:
            roles[head] = "headline"  # the page's own title (HTML, front matter) opens the text
            head_titled = True
            head += 1
            continue
        if markdown and title is None and _markdown_heading(block):
            title = _markdown_heading(block)
            roles[head] = "headline"
            head += 1
            continue
        dl = find_dateline(text, s, e)
        if dl and dl[2] >= s + len(block.rstrip()) - 1:
            dateline, outlet = dl[0], outlet or dl[1]
            roles[head] = "dateline"
            head += 1
            continue
        ml = meta_line(block)
        if ml is not None:
            byline, outlet, date = byline or ml.byline, outlet or ml.outlet, date or ml.date
            roles[head] = "byline" if ml.byline or (ml.outlet and not ml.date) else "date"
            head += 1
            continue
        bm = _BYLINE.match(block)
        if bm:
            byline = byline or bm.group("names").strip()
            roles[head] = "byline"
            head += 1
            continue
        if title is None and _is_heading_shape(block):
            title = block
            roles[head] = "headline"
            head += 1
            continue
        break
    dateline_end = None
    if head < len(spans) and dateline is None and not roles[head]:
        s, e = spans[head]
        dl = find_dateline(text, s, e)
        if dl:
            dateline, outlet, dateline_end = dl[0], outlet or dl[1], dl[2]

    for i, (s, e) in enumerate(spans):
        if roles[i] or boiler[i]:
            continue
        block = text[s:e]
        if len(block) < 300 and _is_boilerplate(block):
            boiler[i] = True
        elif i >= head and i >= len(spans) - 2:
            cm = _CREDIT.match(block)
            if cm and len(block) < 300:
                names = [m.group("name") for part in block.split(";")
                         if (m := _CREDIT.match(part.strip()))]
                byline = byline or ", ".join(names)
                roles[i] = "byline"
        elif i > head and _is_heading_shape(block) and len(block) < 100:
            roles[i] = "subhead"

    paragraphs = []
    for i, (s, e) in enumerate(spans):
        if i % CANCEL_EVERY == 0:
            check(cancelled)
            if progress is not None:
                progress(s, len(text))
        paragraphs.append(Paragraph(s, e, tuple(split_sentences(text, text_from[i], e)),
                                    boilerplate=boiler[i], role=roles[i]))
    check(cancelled)
    if progress is not None:
        progress(len(text), len(text))
    if title is None:
        title = _title_from_body(text, paragraphs, dateline_end) or Path(path).stem
    return Article(path=path, text=text, id=article_id(text), title=title,
                   paragraphs=paragraphs, outlet=outlet, date=date, dateline=dateline,
                   byline=byline, encoding=encoding, url=meta.get("url"))


def _markdown_furniture(text: str, spans: list[tuple[int, int]], roles: list[str],
                        boiler: list[bool], meta: dict) -> None:
    """Mark YAML front matter and HTML comments (``<!-- … -->``) of a Markdown file: never a
    title, never searched or aligned, dimmed in the reader. Their offsets stay in the text.
    Front matter fields fill ``meta`` where it has none."""
    fm_end, fields = front_matter_meta(text)
    for key, value in fields.items():
        if value and not meta.get(key):
            meta[key] = value
    in_comment = False
    for i, (s, e) in enumerate(spans):
        if s < fm_end:
            roles[i], boiler[i] = "frontmatter", True
            continue
        block = text[s:e]
        if in_comment or block.startswith("<!--"):
            roles[i], boiler[i] = "comment", True
            closed = block.rfind("-->")
            in_comment = closed < 0 or closed < block.rfind("<!--")
            continue


def _markdown_heading(block: str) -> str | None:
    """The text of an ATX (``# Title``) or setext (``Title`` over ``=====``) heading."""
    lines = block.split("\n")
    if len(lines) == 1 and block.startswith("#"):
        return block.lstrip("#").strip().rstrip("#").strip() or None
    if len(lines) == 2 and lines[1].strip() and set(lines[1].strip()) <= {"=", "-"}:
        return lines[0].strip() or None
    return None


def _title_from_body(text: str, paragraphs: list[Paragraph],
                     dateline_end: int | None = None) -> str | None:
    """The lede's first sentence, whole (screens cut it to the width they have), without a
    dateline that opens it."""
    for p in paragraphs:
        if not p.role and not p.boilerplate and p.sentences:
            s = p.sentences[0]
            start = s.start
            if dateline_end is not None and s.start <= dateline_end < s.end:
                start = dateline_end
            first = " ".join(text[start:s.end].split())
            return first or None
    return None


def scan_article_files(path: str | os.PathLike):
    """Yield ``(path, stat)`` for article files under ``path`` (a file yields itself), sorted,
    hidden ones skipped. Plain strings and scandir's stat: pathlib costs ~100 µs a file, which
    is most of listing a 10,000-article library."""
    root = os.fspath(path)
    try:
        st = os.stat(root)
    except OSError:
        yield root, None
        return
    if not stat.S_ISDIR(st.st_mode):
        yield root, st
        return
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        subfolders = []
        for e in entries:
            if e.name.startswith("."):
                continue
            try:
                if e.is_dir():
                    subfolders.append(e.path)
                elif os.path.splitext(e.name)[1].lower() in ARTICLE_SUFFIXES:
                    yield e.path, e.stat()
            except OSError:
                yield e.path, None
        stack.extend(reversed(subfolders))


def no_articles_message(path) -> str:
    """The one line for a folder given by name that holds no article file."""
    return f"{path}: a folder with no .txt, .md or .html files in it"


def iter_article_files(path: str | os.PathLike):
    """Article files under ``path`` as Paths (a file yields itself)."""
    for f, _ in scan_article_files(path):
        yield Path(f)


def load_paths(paths) -> tuple[list[Article], list[str]]:
    """Load every article under ``paths``. Returns ``(articles, errors)``: one line per file
    that could not be read, so one bad file never stops the rest of the library."""
    articles: list[Article] = []
    errors: list[str] = []
    for path in paths:
        if not Path(path).exists():
            errors.append(f"{path}: no such file or folder")
            continue
        found = False
        for f in iter_article_files(path):
            found = True
            try:
                articles.append(read_article(f))
            except LoadError as e:
                errors.append(str(e))
        if not found and Path(path).is_dir():
            errors.append(no_articles_message(path))
    return articles, errors
