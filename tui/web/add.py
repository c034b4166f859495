"""``synoptic add``: article URLs, RSS/Atom feeds and local HTML files into a library folder.

Each source gives zero or more outcomes, reported as they happen: ``Saved`` (a new file),
``AlreadyThere`` (its URL or text is in the folder already: nothing written) or ``Failed`` (one
line: the address and why). One failure never stops the rest. A feed's items are fetched a few
at a time (network waits overlap) and saved in the feed's order, newest first.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable
from urllib.parse import urlsplit

from .extract import ExtractedArticle, ExtractError, extract_article
from .feeds import Feed, FeedError, FeedItem, looks_like_feed, parse_feed
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, FetchError, Response, fetch, is_web_url
from .saving import ArticleRecord, LibraryFolder

DEFAULT_LIMIT = 20
FEED_WORKERS = 4
HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")


@dataclass(frozen=True)
class Saved:
    path: Path
    title: str
    outlet: str | None
    author: str | None
    date: str | None
    url: str | None
    source: str

    def to_json(self) -> dict:
        return {"path": str(self.path), "title": self.title, "outlet": self.outlet,
                "date": self.date, "url": self.url, "author": self.author,
                "source": self.source}


@dataclass(frozen=True)
class AlreadyThere:
    source: str     # the address or file asked for
    path: Path      # the file that holds it


@dataclass(frozen=True)
class Failed:
    source: str     # the address or file that failed
    reason: str     # one line: "HTTP 404 Not Found", "timed out after 20 s"

    def __str__(self) -> str:
        return f"{self.source}: {self.reason}"


Outcome = Saved | AlreadyThere | Failed


@dataclass
class AddReport:
    saved: list[Saved]
    already_there: list[AlreadyThere]
    failed: list[Failed]

    @property
    def ok(self) -> bool:
        return not self.failed


class _Cancelled(Exception):
    pass


class Adder:
    """Adds sources to one folder. ``on_outcome`` sees each outcome as it happens and
    ``on_progress`` a short line on what is being done ("Fetching …", "Feed: 3 of 12");
    both are called from the thread that runs ``add``. Setting ``cancel`` stops between
    articles (what was saved stays saved)."""

    def __init__(self, folder: str | Path, *, limit: int = DEFAULT_LIMIT,
                 timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES,
                 on_outcome: Callable[[Outcome], None] | None = None,
                 on_progress: Callable[[str], None] | None = None,
                 cancel: threading.Event | None = None) -> None:
        self.folder = LibraryFolder(folder)
        self.limit = limit
        self.timeout = timeout
        self.max_bytes = max_bytes
        self._on_outcome = on_outcome
        self._on_progress = on_progress
        self.cancel = cancel or threading.Event()
        self.report = AddReport([], [], [])

    # --- reporting -----------------------------------------------------------------------------

    def _outcome(self, outcome: Outcome) -> None:
        if isinstance(outcome, Saved):
            self.report.saved.append(outcome)
        elif isinstance(outcome, AlreadyThere):
            self.report.already_there.append(outcome)
        else:
            self.report.failed.append(outcome)
        if self._on_outcome is not None:
            self._on_outcome(outcome)

    def _progress(self, line: str) -> None:
        if self._on_progress is not None:
            self._on_progress(line)

    def _check_cancel(self) -> None:
        if self.cancel.is_set():
            raise _Cancelled

    # --- sources -------------------------------------------------------------------------------

    def add(self, sources: Iterable[str]) -> AddReport:
        try:
            for source in sources:
                self._check_cancel()
                if is_web_url(source):
                    self._add_url(source)
                else:
                    self._add_file(source)
        except _Cancelled:
            pass
        return self.report

    def _add_file(self, source: str) -> None:
        path = Path(source)
        if "://" in source and not path.exists():
            self._outcome(Failed(source, "only http and https addresses can be fetched"))
            return
        if not path.exists():
            self._outcome(Failed(source, "no such file"))
            return
        if path.is_dir():
            self._outcome(Failed(source, "is a folder; give an .html file, a page or a feed "
                                         "address"))
            return
        if path.suffix.lower() not in HTML_SUFFIXES:
            self._outcome(Failed(source, "not an .html file or an http(s) address"))
            return
        try:
            size = path.stat().st_size
            if size > self.max_bytes:
                self._outcome(Failed(source, f"larger than {self.max_bytes / 1024 / 1024:g} MB"))
                return
            data = path.read_bytes()
        except OSError as e:
            self._outcome(Failed(source, f"cannot read ({e.strerror or e})"))
            return
        self._progress(f"Reading {path.name}…")
        try:
            article = extract_article(data)
        except ExtractError as e:
            self._outcome(Failed(source, str(e)))
            return
        file_url = path.resolve().as_uri()
        self._save(source, article, url=article.canonical_url or file_url,
                   also_urls=(file_url,))

    def _add_url(self, url: str) -> None:
        existing = self.folder.find_url(url)
        if existing is not None:
            self._outcome(AlreadyThere(url, existing))
            return
        self._progress(f"Fetching {url}…")
        try:
            answer = fetch(url, timeout=self.timeout, max_bytes=self.max_bytes)
        except FetchError as e:
            self._outcome(Failed(url, str(e)))
            return
        if looks_like_feed(answer.media_type, answer.body):
            self._add_feed(url, answer)
            return
        try:
            article = self._article_from(answer)
        except (FetchError, ExtractError) as e:
            self._outcome(Failed(url, str(e)))
            return
        self._save(url, article, url=answer.url, also_urls=(url, article.canonical_url))

    def _article_from(self, answer: Response) -> ExtractedArticle:
        if answer.media_type and answer.media_type not in HTML_MEDIA_TYPES:
            raise FetchError(f"not an HTML page or a feed (the server sent {answer.media_type})")
        body: str | bytes = answer.body
        if answer.charset:
            try:
                body = answer.body.decode(answer.charset, errors="replace")
            except LookupError:  # an unknown charset name: let the extractor guess
                pass
        return extract_article(body, url=answer.url)

    def _add_feed(self, feed_url: str, answer: Response) -> None:
        try:
            feed = parse_feed(answer.body, answer.url)
        except FeedError as e:
            self._outcome(Failed(feed_url, str(e)))
            return
        items = feed.items[:self.limit]
        label = feed.title or urlsplit(feed_url).hostname or feed_url
        self._progress(f"Feed {label}: {len(items)} item{'' if len(items) == 1 else 's'}")
        todo: list[FeedItem] = []
        for item in items:
            if not item.link:
                title = f" “{item.title}”" if item.title else ""
                self._outcome(Failed(feed_url, f"item {item.number}{title} has no link"))
                continue
            existing = self.folder.find_url(item.link)
            if existing is not None:
                self._outcome(AlreadyThere(item.link, existing))
                continue
            todo.append(item)
        if not todo:
            return

        def work(item: FeedItem) -> ExtractedArticle | Failed:
            if self.cancel.is_set():
                return Failed(item.link, "cancelled")
            try:
                page = fetch(item.link, timeout=self.timeout, max_bytes=self.max_bytes)
                if looks_like_feed(page.media_type, page.body):
                    return Failed(item.link, "a feed, not an article page")
                return self._article_from(page)
            except (FetchError, ExtractError) as e:
                return Failed(item.link, str(e))

        with ThreadPoolExecutor(max_workers=FEED_WORKERS,
                                thread_name_prefix="synoptic-feed") as pool:
            futures = [pool.submit(work, item) for item in todo]
            try:
                for n, (item, future) in enumerate(zip(todo, futures), 1):
                    self._progress(f"Feed {label}: article {n} of {len(todo)}")
                    result = future.result()
                    self._check_cancel()
                    if isinstance(result, Failed):
                        self._outcome(result)
                        continue
                    self._save(item.link, result, url=result.url, also_urls=(
                        item.link, result.canonical_url), feed=feed, item=item)
            except _Cancelled:
                for future in futures:
                    future.cancel()
                raise

    # --- saving --------------------------------------------------------------------------------

    def _save(self, source: str, article: ExtractedArticle, *, url: str | None,
              also_urls: tuple[str | None, ...] = (), feed: Feed | None = None,
              item: FeedItem | None = None) -> None:
        self._check_cancel()  # fetched after the user gave up: not saved
        existing = (self.folder.find_url(url, *also_urls)
                    or self.folder.find_text(article.paragraphs))
        if existing is not None:
            self._outcome(AlreadyThere(source, existing))
            return
        # The page's own metadata first; the feed's where the page says nothing. The date is
        # the exception: a feed item's date is the publisher's statement, where a page without
        # date metadata leaves the extractor guessing from its text.
        title = (article.title or (item.title if item else None)
                 or (article.paragraphs[0][:90] if article.paragraphs else "Untitled"))
        record = ArticleRecord(
            title=title, paragraphs=article.paragraphs,
            outlet=article.outlet or (feed.title if feed else None) or article.host,
            author=article.author or (item.author if item else None),
            date=(item.date if item else None) or article.date,
            url=url)
        try:
            path = self.folder.save(record, also_urls=also_urls)
        except OSError as e:
            self._outcome(Failed(source, f"cannot write in {self.folder.folder} "
                                         f"({e.strerror or e})"))
            return
        self._outcome(Saved(path=path, title=record.title, outlet=record.outlet,
                            author=record.author, date=record.date, url=record.url,
                            source=source))


def add_sources(sources: Iterable[str], folder: str | Path, **options) -> AddReport:
    """Add every source to ``folder``; see ``Adder`` for the options."""
    return Adder(folder, **options).add(sources)
