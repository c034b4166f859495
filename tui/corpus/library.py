"""A library: the articles under some paths, listed from a metadata index.

Why an index: the library screen needs only title, outlet, date and word count. Parsing 10,000
files for that takes seconds; reading one JSON index and stat-ing the files takes a fraction of
it. Entries are keyed by absolute path and trusted while the file's size, mtime, ctime and inode
are unchanged and the parser is the same (``parser_version``); a file changed within
``RACY_NS`` of being indexed is parsed again next time, as a second write in the same clock
tick would leave its times unchanged. Each entry keeps its text's key (``Article.text_key``),
so callers can key their own caches by content without reading the files. Full articles are
parsed on demand and kept in a small LRU.
"""
from __future__ import annotations

import json
import os
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from tui import paths as _folders
from tui.atomic import write_atomic
from tui.cancel import CancelCheck, check

from .errors import LoadError
from .loader import no_articles_message, read_article, scan_article_files
from .model import Article
from .version import parser_version

# 2: whole titles (they were cut at 90 characters) and outlet, date, byline from more forms.
# 3: entries carry the text's key and a full stat signature.
INDEX_VERSION = 3
# File times have a coarse tick (a few ms on Linux, 2 s on FAT): a file modified this recently
# when it was indexed might change again with the same size and times.
RACY_NS = 2_000_000_000


@dataclass(slots=True)
class ArticleInfo:
    path: str
    id: str
    title: str
    outlet: str | None
    date: str | None
    words: int
    paragraphs: int
    # The file as it was when parsed: an index entry is trusted while all four are unchanged.
    size: int = 0
    mtime_ns: int = 0
    ctime_ns: int = 0
    ino: int = 0
    text_key: str = ""

    @classmethod
    def of(cls, a: Article, st: os.stat_result | None = None) -> "ArticleInfo":
        size, mtime, ctime, ino = ((st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
                                   if st is not None else (0, 0, 0, 0))
        return cls(a.path, a.id, a.title, a.outlet, a.date, a.words, len(a.paragraphs), size,
                   mtime, ctime, ino, a.text_key)


def _index_entry(info: ArticleInfo, now_ns: int) -> dict:
    """``info`` as stored in the index (keyed by its path, so without it). A file modified too
    recently to tell a later write in the same tick apart gets ctime -1: never trusted."""
    entry = asdict(info)
    del entry["path"]
    if max(info.mtime_ns, info.ctime_ns) >= now_ns - RACY_NS:
        entry["ctime_ns"] = -1
    return entry


class Library:
    def __init__(self, paths: list[str], cache_dir: Path | None = None, lru_size: int = 64):
        self.paths = [str(p) for p in paths]
        self.cache_dir = Path(cache_dir) if cache_dir else _folders.cache_dir()
        self.infos: list[ArticleInfo] = []
        self.errors: list[str] = []
        self._by_id: dict[str, ArticleInfo] = {}
        self._lru: OrderedDict[str, Article] = OrderedDict()
        self._lru_size = lru_size
        self._lock = threading.Lock()

    @property
    def index_path(self) -> Path:
        return self.cache_dir / "corpus-index.json"

    def _read_index(self) -> dict[str, dict]:
        try:
            data = json.loads(self.index_path.read_text(encoding="utf-8"))
            if (data.get("version") == INDEX_VERSION and data.get("parser") == parser_version()
                    and isinstance(data.get("entries"), dict)):
                return data["entries"]
        except (OSError, ValueError, AttributeError):
            pass  # a missing or damaged index is rebuilt: it is only a cache
        return {}

    def _write_index(self, entries: dict[str, dict]) -> None:
        try:
            write_atomic(self.index_path, json.dumps(
                {"version": INDEX_VERSION, "parser": parser_version(), "entries": entries},
                ensure_ascii=False))
        except OSError:
            pass  # a read-only cache folder only costs speed next time

    def scan(self, progress: Callable[[int, int], None] | None = None,
             cancelled: CancelCheck = None,
             parsed: Callable[[Article], None] | None = None) -> list[ArticleInfo]:
        """List every article under the paths, parsing only files new or changed since the
        index was written. ``progress(done, total)`` is called as files are examined; when
        ``cancelled()`` turns True, tui.cancel.Cancelled is raised and the library is unchanged.
        ``parsed(article)`` is called with each article parsed, so a caller that needs more of
        it than the index keeps (the stories layer's features) need not parse it again."""
        files: list[tuple[str, os.stat_result | None]] = []
        errors: list[str] = []
        for path in self.paths:
            if not os.path.exists(path):
                errors.append(f"{path}: no such file or folder")
                continue
            before = len(files)
            files.extend(scan_article_files(os.path.abspath(path)))
            if len(files) == before and os.path.isdir(path):
                errors.append(no_articles_message(path))
        cached = self._read_index()
        now_ns = time.time_ns()
        entries: dict[str, dict] = {}
        infos: list[ArticleInfo] = []
        changed = False
        total = len(files)
        seen: set[str] = set()
        for n, (f, st) in enumerate(files, 1):
            check(cancelled)
            key = f  # absolute already
            if key in seen:
                continue  # named twice (a file and its folder): list it once
            seen.add(key)
            if st is None:
                try:
                    st = os.stat(f)
                except OSError as e:
                    errors.append(f"{f}: cannot read ({e.strerror or e})")
                    continue
            info = self._cached_info(key, cached.get(key), st)
            if info is not None:
                entries[key] = cached[key]  # unchanged: reuse the dict (asdict is slow)
            else:
                try:
                    art = read_article(f, cancelled)
                except LoadError as e:
                    errors.append(str(e))
                    continue
                info = ArticleInfo.of(art, st)
                info.path = key
                self._remember(art)
                if parsed is not None:
                    parsed(art)
                changed = True
                entries[key] = _index_entry(info, now_ns)
            infos.append(info)
            if progress and (n % 50 == 0 or n == total):
                progress(n, total)
        if changed:
            # Entries of other libraries sharing the cache folder are kept.
            self._write_index(cached | entries)
        with self._lock:
            self.infos = infos
            self.errors = errors
            self._by_id = {i.id: i for i in infos}
        return infos

    @staticmethod
    def _cached_info(path: str, hit: dict | None, st: os.stat_result) -> ArticleInfo | None:
        if (not hit or hit.get("size") != st.st_size or hit.get("mtime_ns") != st.st_mtime_ns
                or hit.get("ctime_ns") != st.st_ctime_ns or hit.get("ino") != st.st_ino):
            return None
        try:
            info = ArticleInfo(path, **hit)
        except TypeError:
            return None  # an entry of another shape: parse the file again
        return info if info.text_key else None

    def by_id(self, article_id: str) -> ArticleInfo | None:
        return self._by_id.get(article_id)

    def by_path(self, path: str) -> ArticleInfo | None:
        target = os.path.abspath(path)
        return next((i for i in self.infos if os.path.abspath(i.path) == target), None)

    def _remember(self, art: Article) -> None:
        with self._lock:
            self._lru[art.id] = art
            self._lru.move_to_end(art.id)
            while len(self._lru) > self._lru_size:
                self._lru.popitem(last=False)

    def article(self, article_id: str, cancelled: CancelCheck = None) -> Article:
        """The parsed article; raises LoadError if it is gone or no longer readable, and
        tui.cancel.Cancelled when ``cancelled()`` turns True while a big file is read."""
        with self._lock:
            art = self._lru.get(article_id)
            if art is not None:
                self._lru.move_to_end(article_id)
                return art
        info = self._by_id.get(article_id)
        if info is None:
            raise LoadError(f"article {article_id} is not in the library")
        art = read_article(info.path, cancelled)
        if art.text_key != info.text_key:
            # The file changed since it was indexed: refresh the entry rather than show stale
            # metadata, or a text that offsets found in the indexed one do not fit (a spacing
            # change keeps the id but moves every offset after it).
            raise LoadError(f"{info.path}: changed since it was indexed; reload the library")
        self._remember(art)
        return art

    def articles(self, progress: Callable[[int, int], None] | None = None,
                 cancelled: CancelCheck = None) -> list[Article]:
        """Every readable article (parses what is not cached; call from a worker).
        ``progress(done, total)`` is called every 50 articles and at the end; ``cancelled`` as
        in ``scan``."""
        out = []
        infos = list(self.infos)
        for n, info in enumerate(infos):
            check(cancelled)
            if progress is not None and n % 50 == 0:
                progress(n, len(infos))
            try:
                out.append(self.article(info.id, cancelled))
            except LoadError as e:
                self.errors.append(str(e))
        if progress is not None:
            progress(len(infos), len(infos))
        return out
