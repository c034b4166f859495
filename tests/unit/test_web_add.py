"""``synoptic add`` against a web site on 127.0.0.1 that the test starts: pages, feeds and every
kind of failure the issue names, one line each, the rest still saved, never a second file."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.cli import library_paths, main
from tui import SEEDS_DIR
from tui.web import add_folder
from tui.web.add import AlreadyThere, Failed, Saved, add_sources
from tui.web.fetch import USER_AGENT
from tui.web.saving import ArticleRecord, normalise_url, read_front_matter, slug

from tests.websites import LocalSite, Page, article_page, atom_feed, rss_feed, story

BRIDGE = story("bridge")
FERRY = story("ferry")
TUNNEL = story("tunnel")


def run_add(capsys, *argv) -> tuple[int, str, list[str]]:
    code = main(["add", *argv])
    out, err = capsys.readouterr()
    return code, out, [line for line in err.splitlines() if line]


def md_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.md"))


def every_file(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def site():
    with LocalSite() as s:
        s.routes["/bridge"] = Page(article_page(
            "Bridge opens after years of delay", BRIDGE, outlet="River Times",
            author="Ann Lee", date="2024-03-05"))
        s.routes["/ferry"] = Page(article_page("Ferry service cut", FERRY, outlet="River Times",
                                               date="2024-03-01"))
        s.routes["/tunnel"] = Page(article_page("Tunnel plan shelved", TUNNEL,
                                                outlet="River Times", date="2024-02-20"))
        yield s


def test_a_page_is_saved_as_markdown_with_front_matter(site, tmp_path, capsys):
    lib = tmp_path / "lib"
    code, out, err = run_add(capsys, site.url("/bridge"), "--to", str(lib), "--json")
    assert code == 0, err
    rows = json.loads(out)
    [path] = md_files(lib)
    assert rows == [{"path": str(path), "title": "Bridge opens after years of delay",
                     "outlet": "River Times", "date": "2024-03-05", "url": site.url("/bridge"),
                     "author": "Ann Lee", "source": site.url("/bridge")}]
    text = path.read_text(encoding="utf-8")
    fields, body = read_front_matter(text)
    assert fields == {"title": "Bridge opens after years of delay", "outlet": "River Times",
                      "author": "Ann Lee", "date": "2024-03-05", "url": site.url("/bridge")}
    assert text.startswith("---\ntitle: \"Bridge opens after years of delay\"\n")
    assert "date: 2024-03-05\n" in text
    paragraphs = [p.strip() for p in body.split("\n\n") if p.strip()]
    assert paragraphs[0] == "# Bridge opens after years of delay"
    assert [p.strip() for p in paragraphs[1:]] == BRIDGE
    # The menu, related links and footer around the story are not part of it.
    assert "Sport" not in body and "Markets" not in body and "rights reserved" not in body
    assert path.name == "2024-03-05-bridge-opens-after-years-of-delay.md"
    assert site.requests == [("/bridge", USER_AGENT)]
    assert "Synoptic/" in USER_AGENT


def test_a_feed_adds_its_items_newest_first_up_to_the_limit(site, tmp_path, capsys):
    site.routes["/feed.xml"] = Page(rss_feed("River Times", [
        {"link": site.url("/tunnel"), "title": "Tunnel", "date": "2024-02-20"},
        {"link": site.url("/bridge"), "title": "Bridge", "date": "2024-03-05"},
        {"link": site.url("/ferry"), "title": "Ferry", "date": "2024-03-01", "author": "Bo"},
    ]), content_type="application/rss+xml")
    lib = tmp_path / "lib"
    code, out, err = run_add(capsys, site.url("/feed.xml"), "--limit", "2", "--to", str(lib),
                             "--json")
    assert code == 0, err
    rows = json.loads(out)
    assert [r["title"] for r in rows] == ["Bridge opens after years of delay",
                                          "Ferry service cut"]
    assert rows[1]["author"] == "Bo"   # from the feed where the page names nobody
    assert len(md_files(lib)) == 2
    assert ("/tunnel", USER_AGENT) not in site.requests   # beyond the limit: never fetched


def test_atom_feeds_and_relative_links(site, tmp_path, capsys):
    site.routes["/atom"] = Page(atom_feed("River Times", [
        {"link": "/ferry", "title": "Ferry", "date": "2024-03-01"},
        {"link": "/bridge", "title": "Bridge", "date": "2024-03-05"},
    ]), content_type="application/atom+xml")
    code, out, err = run_add(capsys, site.url("/atom"), "--to", str(tmp_path), "--json")
    assert code == 0, err
    assert [r["url"] for r in json.loads(out)] == [site.url("/bridge"), site.url("/ferry")]


def test_same_url_or_same_text_twice_makes_no_second_file(site, tmp_path, capsys):
    lib = tmp_path / "lib"
    assert run_add(capsys, site.url("/bridge"), "--to", str(lib))[0] == 0
    before = every_file(lib)
    requests = len(site.requests)
    # The same address again: known before fetching anything.
    code, out, err = run_add(capsys, site.url("/bridge"), "--to", str(lib), "--json")
    assert code == 0 and json.loads(out) == []
    assert any("already in the library" in line for line in err)
    assert len(site.requests) == requests
    # The same text at another address (a tracking parameter, a syndicated copy).
    site.routes["/copy"] = Page(article_page("Bridge opens after years of delay", BRIDGE,
                                             outlet="Other Paper"))
    code, out, err = run_add(capsys, site.url("/bridge?utm_source=x"), site.url("/copy"),
                             "--to", str(lib), "--json")
    assert code == 0 and json.loads(out) == []
    assert every_file(lib) == before
    # Within one run too: a page and a feed naming it.
    lib2 = tmp_path / "lib2"
    site.routes["/feed"] = Page(rss_feed("R", [{"link": site.url("/bridge"), "title": "B"}]),
                                content_type="text/xml")
    code, out, err = run_add(capsys, site.url("/bridge"), site.url("/feed"), "--to", str(lib2))
    assert code == 0 and len(md_files(lib2)) == 1


def test_each_failure_is_one_line_naming_the_url_and_the_rest_is_added(site, tmp_path,
                                                                        capsys):
    site.routes["/slow"] = Page(article_page("Slow", story("slow")), delay=3)
    site.routes["/pdf"] = Page(b"%PDF-1.4\n%binary", content_type="application/pdf")
    site.routes["/wall"] = Page("<html><body><nav>Home | World</nav><form><p>Please sign in "
                                "to continue.</p></form></body></html>")
    site.routes["/feed"] = Page(rss_feed("River Times", [
        {"link": site.url("/ferry"), "title": "Ferry", "date": "2024-03-01"},
        {"link": site.url("/gone"), "title": "Gone", "date": "2024-02-01"},
        {"title": "A headline without a link", "date": "2024-01-01"},
    ]), content_type="application/rss+xml")
    site.routes["/broken-feed"] = Page(b"<?xml version='1.0'?><rss><channel><title>x",
                                       content_type="application/rss+xml")
    lib = tmp_path / "lib"
    sources = [site.url(p) for p in ("/bridge", "/missing", "/slow", "/pdf", "/wall", "/feed",
                                     "/broken-feed")]
    code, out, err = run_add(capsys, *sources, "--to", str(lib), "--timeout", "1", "--json")
    assert code == 1
    assert sorted(r["title"] for r in json.loads(out)) == [
        "Bridge opens after years of delay", "Ferry service cut"]
    failures = [line for line in err if not line.startswith("synoptic: saved")]
    assert failures == [
        f"synoptic: {site.url('/missing')}: HTTP 404 Not Found",
        f"synoptic: {site.url('/slow')}: timed out after 1 s",
        f"synoptic: {site.url('/pdf')}: not an HTML page or a feed (the server sent "
        "application/pdf)",
        f"synoptic: {site.url('/wall')}: no article text found (only 5 words)",
        f"synoptic: {site.url('/feed')}: item 3 “A headline without a link” has no link",
        f"synoptic: {site.url('/gone')}: HTTP 404 Not Found",
        f"synoptic: {site.url('/broken-feed')}: not a readable RSS or Atom feed "
        "(no element found at line 1)",
    ]
    assert err[-1] == f"synoptic: saved 2 articles in {lib}, 7 failed"
    # Never a half-written or temporary file.
    assert every_file(lib) == sorted(p.name for p in md_files(lib))


def test_redirects_are_followed_and_loops_stopped(site, tmp_path, capsys):
    site.routes["/old-address"] = Page("", status=301, headers=(("Location", "/bridge"),))
    site.routes["/loop"] = Page("", status=302, headers=(("Location", "/loop"),))
    code, out, err = run_add(capsys, site.url("/old-address"), site.url("/loop"),
                             "--to", str(tmp_path), "--json")
    assert code == 1
    [row] = json.loads(out)
    assert row["url"] == site.url("/bridge") and row["source"] == site.url("/old-address")
    assert err[0] == f"synoptic: {site.url('/loop')}: too many redirects"
    # Both addresses now lead to the saved file.
    code, out, err = run_add(capsys, site.url("/old-address"), site.url("/bridge"),
                             "--to", str(tmp_path), "--json")
    assert code == 0 and json.loads(out) == []


def test_a_page_larger_than_the_limit_is_refused(site, tmp_path):
    big = article_page("Huge", story("huge") * 2000)
    site.routes["/huge"] = Page(big)
    report = add_sources([site.url("/huge"), site.url("/bridge")], tmp_path, max_bytes=100_000)
    assert [str(f) for f in report.failed] == [f"{site.url('/huge')}: larger than "
                                               f"{100_000 / 1024 / 1024:g} MB"]
    assert len(report.saved) == 1


def test_nothing_listens_is_one_line(tmp_path):
    with LocalSite() as s:
        url = s.url("/bridge")
    report = add_sources([url], tmp_path)   # the server is gone: the port refuses
    assert [str(f) for f in report.failed] == [f"{url}: connection refused"]


def test_local_html_files(tmp_path, capsys):
    page = tmp_path / "saved page.html"
    page.write_text(article_page("Ferry service cut", FERRY, outlet="River Times",
                                 date="2024-03-01"), encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello")
    lib = tmp_path / "lib"
    code, out, err = run_add(capsys, str(page), str(notes), str(tmp_path / "nope.html"),
                             "ftp://example.invalid/x", "--to", str(lib), "--json")
    assert code == 1
    [row] = json.loads(out)
    assert row["title"] == "Ferry service cut" and row["url"] == page.resolve().as_uri()
    assert err[:3] == [f"synoptic: {notes}: not an .html file or an http(s) address",
                       f"synoptic: {tmp_path / 'nope.html'}: no such file",
                       "synoptic: ftp://example.invalid/x: only http and https addresses can "
                       "be fetched"]
    assert run_add(capsys, str(page), "--to", str(lib))[0] == 0
    assert len(md_files(lib)) == 1


def test_outcomes_and_progress_are_reported_as_they_happen(site, tmp_path):
    seen, progress = [], []
    add_sources([site.url("/bridge"), site.url("/bridge"), site.url("/nothing")], tmp_path,
                on_outcome=seen.append, on_progress=progress.append)
    assert [type(o) for o in seen] == [Saved, AlreadyThere, Failed]
    assert progress[0] == f"Fetching {site.url('/bridge')}…"


def test_usage_errors(tmp_path, capsys):
    a_file = tmp_path / "f"
    a_file.write_text("x")
    assert main(["add", "http://127.0.0.1:9/x", "--to", str(a_file)]) == 2
    assert main(["add", "http://127.0.0.1:9/x", "--limit", "0"]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [f"synoptic: {a_file}: not a folder (--to needs a folder to save into)",
                   "synoptic: --limit must be at least 1"]


def test_default_folder_and_what_synoptic_opens(tmp_path, monkeypatch):
    data = Path(os.environ["SYNOPTIC_DATA_DIR"])
    assert add_folder() == data / "library"
    # An empty or missing user library: the seeds open.
    assert library_paths([]) == [str(SEEDS_DIR)]
    (data / "library").mkdir(parents=True)
    assert library_paths([]) == [str(SEEDS_DIR)]
    ArticleRecord("T", ["Some text here."])
    (data / "library" / "a.md").write_text(ArticleRecord("T", ["Some text."]).markdown())
    assert library_paths([]) == [str(data / "library")]
    # A configured library wins, and added articles go to its first folder.
    monkeypatch.setenv("SYNOPTIC_LIBRARY", f"{tmp_path / 'one.txt'}{os.pathsep}{tmp_path / 'b'}")
    (tmp_path / "one.txt").write_text("x")
    assert add_folder() == tmp_path / "b"


# --- the file format ---------------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=40).map(lambda s: " ".join(s.split())).filter(bool)


@settings(max_examples=200, deadline=None)
@given(title=_text, outlet=st.none() | _text, author=st.none() | _text)
def test_front_matter_reads_back_whatever_the_title(title, outlet, author):
    record = ArticleRecord(title, ["Body."], outlet=outlet, author=author, date="2024-01-02",
                           url="https://example.org/a?b=1#c")
    fields, body = read_front_matter(record.markdown())
    assert fields == record.front_matter()
    assert body.startswith("\n# ")


def test_normalised_urls_and_slugs():
    assert normalise_url("HTTPS://Example.org:443/a?utm_source=x&id=3#top") == \
        "https://example.org/a?id=3"
    assert normalise_url("http://example.org") == "http://example.org/"
    assert slug("Zelensky: “We’ll see” — talks, day 5") == "zelensky-we-ll-see-talks-day-5"
    assert slug("Зеленський каже") == "зеленський-каже"
    assert slug("???") == "article"
    assert len(slug("word " * 50)) <= 72
