"""Issue 10, rough edges 6, 9 and 10: whole titles, metadata from real bylines and datelines,
HTML through trafilatura with the page's metadata, Markdown front matter and comments."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tui.corpus import parse_article, read_article
from tui.corpus.meta import dateline, meta_line

HTML_PAGE = Path(__file__).parent / "data" / "lakeside-ledger.html"


@pytest.mark.parametrize("line, byline, outlet, date", [
    ("By Dana Whitfield · The Lakeside Ledger · 2024-05-14",
     "Dana Whitfield", "The Lakeside Ledger", "2024-05-14"),
    ("The Eastside Courier · May 15, 2024", None, "The Eastside Courier", "2024-05-15"),
    ("By ANNA KOVAL, Associated Press", "Anna Koval", "Associated Press", None),
    ("By Jane Doe and John Roe", "Jane Doe, John Roe", None, None),
    ("By Matthew Chance and Rob Picheta, CNN", "Matthew Chance, Rob Picheta", "CNN", None),
    ("By Jane Doe, Staff Writer", "Jane Doe", None, None),
    ("By Reuters staff", None, "Reuters", None),
    ("Published March 3, 2023", None, None, "2023-03-03"),
    ("Updated 3:04 PM EDT, Tue March 1, 2022", None, None, "2022-03-01"),
    ("Posted on 14 May 2024 at 10:15 a.m.", None, None, "2024-05-14"),
    ("Dana Whitfield | Lakeside Ledger | May 14, 2024",
     "Dana Whitfield", "Lakeside Ledger", "2024-05-14"),
    ("BBC News — 3 March 2022", None, "BBC News", "2022-03-03"),
    ("By Jane Doe | Reuters | Updated Mar. 3, 2023 10:15 GMT", "Jane Doe", "Reuters",
     "2023-03-03"),
])
def test_byline_and_date_lines(line, byline, outlet, date):
    found = meta_line(line)
    assert found is not None
    assert (found.byline, found.outlet, found.date) == (byline, outlet, date)


@pytest.mark.parametrize("line", [
    "Zelensky urges allies to deliver on promises as talks with Russia stall",
    "Talks resume on March 3, 2022",
    "The talks ended on May 3, 2022.",
    "By the end of the day, nothing had changed.",
    "Ukraine, Russia, March 3, 2022",
    "February 30, 2022",   # not a date
])
def test_lines_that_are_not_metadata(line):
    assert meta_line(line) is None


@pytest.mark.parametrize("text, place, outlet", [
    ("CAIRO (Reuters) - Egypt said on Monday", "CAIRO", "Reuters"),
    ("KYIV, Ukraine (AP) — Ukraine's president said", "KYIV, Ukraine", "AP"),
    ("Kyiv, Ukraine CNN  — ", "Kyiv, Ukraine", "CNN"),
    ("LONDON, March 3 (Reuters) - Oil prices rose", "LONDON", "Reuters"),
    ("WASHINGTON — The Senate voted", "WASHINGTON", None),
])
def test_datelines(text, place, outlet):
    found = dateline(text)
    assert found is not None and found[:2] == (place, outlet)


@pytest.mark.parametrize("text", ["Zelensky said — and meant it", "In Kyiv — the capital"])
def test_not_datelines(text):
    assert dateline(text) is None


def article(text: str, name: str = "a.txt"):
    return parse_article(text.encode("utf-8"), name)


def test_byline_line_under_a_headline_gives_outlet_date_and_author():
    a = article("Lake levels fall to record low\n\n"
                "By Dana Whitfield · The Lakeside Ledger · 2024-05-14\n\n"
                "The level of Lake Merrow fell to its lowest mark since 1911.\n")
    assert a.title == "Lake levels fall to record low"
    assert (a.byline, a.outlet, a.date) == ("Dana Whitfield", "The Lakeside Ledger",
                                            "2024-05-14")
    assert a.paragraphs[1].role == "byline"
    assert a.words == 12   # the headline and the byline are not counted as story


def test_outlet_and_written_date_line():
    a = article("Council approves new bridge\n\nThe Eastside Courier · May 15, 2024\n\n"
                "The council voted 7-2 on Tuesday to build the bridge.\n")
    assert (a.outlet, a.date, a.byline) == ("The Eastside Courier", "2024-05-15", None)


def test_agency_byline_and_dateline_in_the_lede():
    a = article("By ANNA KOVAL, Associated Press\n\n"
                "KYIV, Ukraine (AP) — Ukraine's president said on Tuesday that talks would "
                "continue. Nothing else was agreed.\n")
    assert (a.byline, a.outlet, a.dateline) == ("Anna Koval", "Associated Press",
                                                "KYIV, Ukraine")
    # No headline: the title is the lede's first sentence, without its dateline.
    assert a.title == "Ukraine's president said on Tuesday that talks would continue."


def test_title_is_whole_when_taken_from_a_long_lede(tmp_path, capsys):
    lede = ("Ukrainian President Volodymyr Zelensky has urged US counterpart Joe Biden to "
            "deliver a strong and useful message about the Russian invasion at his State of "
            "the Union speech on Tuesday.")
    f = tmp_path / "lede.txt"
    f.write_text(f"Kyiv, Ukraine CNN —\n\n{lede} He spoke from a bunker.\n", encoding="utf-8")
    assert read_article(f).title == lede
    from tui.cli import main
    import json

    assert main(["list", "--json", str(f)]) == 0
    assert json.loads(capsys.readouterr().out)[0]["title"] == lede
    from tui.corpus.library import Library
    from tui.state.export import to_markdown

    info = Library([str(f)], cache_dir=tmp_path / "cache").scan()[0]
    assert info.title == lede
    record = {"kind": "passage", "text": "He spoke from a bunker.", "title": info.title,
              "outlet": info.outlet, "date": info.date, "path": str(f)}
    assert lede in to_markdown([record])


def test_markdown_front_matter_is_read_and_kept_in_the_text(tmp_path):
    text = ("---\n"
            "title: \"Lake levels fall: a record low\"\n"
            "outlet: The Lakeside Ledger\n"
            "author:\n  - Dana Whitfield\n  - Sam Ortiz\n"
            "date: 2024-05-14T08:30:00Z\n"
            "url: https://ledger.example.com/news/lake\n"
            "---\n\n"
            "<!-- imported by synoptic add -->\n\n"
            "The level of Lake Merrow fell to its lowest mark since 1911. Boats are stuck.\n")
    f = tmp_path / "lake.md"
    f.write_text(text, encoding="utf-8")
    a = read_article(f)
    assert a.text == text            # offsets index the file's text, front matter included
    assert a.title == "Lake levels fall: a record low"
    assert (a.outlet, a.byline, a.date, a.url) == (
        "The Lakeside Ledger", "Dana Whitfield, Sam Ortiz", "2024-05-14",
        "https://ledger.example.com/news/lake")
    roles = [p.role for p in a.paragraphs]
    assert roles[:2] == ["frontmatter", "comment"] and roles[2] == ""
    assert a.paragraphs[0].boilerplate and a.paragraphs[1].boilerplate
    # Nothing of the front matter or the comment is searched or counted as story.
    assert a.words == 15
    first = a.sentences[0]
    for p in a.paragraphs:
        for s in p.sentences:
            assert a.text[s.start:s.end].strip() == a.text[s.start:s.end]
    assert a.text[first.start:first.end].startswith("---")   # spans still slice the text


def test_markdown_title_skips_comments(tmp_path):
    f = tmp_path / "c.md"
    f.write_text("<!--\nnotes for the editor\n\nstill a comment\n-->\n\n# The real title\n\n"
                 "Body text here.\n", encoding="utf-8")
    a = read_article(f)
    assert a.title == "The real title"
    assert [p.role for p in a.paragraphs][:3] == ["comment", "comment", "headline"]


def test_markdown_setext_heading(tmp_path):
    f = tmp_path / "s.md"
    f.write_text("The headline\n============\n\nBody.\n", encoding="utf-8")
    assert read_article(f).title == "The headline"


FURNITURE = ["cookies", "Accept all", "Privacy policy", "Sport", "Opinion", "Subscribe",
             "Related stories", "Drought warning", "Ten tips", "About us", "Terms of use",
             "All rights reserved", "Navigation", "modules", "dataLayer", "position: fixed"]


def test_html_page_keeps_the_story_and_its_metadata():
    a = read_article(HTML_PAGE)
    for junk in FURNITURE:
        assert junk not in a.text, junk
    assert a.title == "Lake levels fall to record low as dry spring drags on"
    assert (a.outlet, a.byline, a.date, a.url) == (
        "The Lakeside Ledger", "Dana Whitfield", "2024-05-14",
        "https://ledger.example.com/news/lake-levels-record-low")
    assert "“Every week without rain costs us another inch.”" in a.text
    assert a.paragraphs[0].role == "headline"
    assert len(a.body_paragraphs) == 4


def test_html_without_trafilatura_still_drops_the_furniture(monkeypatch):
    from tui.corpus import html

    monkeypatch.setattr(html, "_trafilatura", lambda: None)
    a = read_article(HTML_PAGE)
    for junk in FURNITURE:
        assert junk not in a.text, junk
    assert a.title == "Lake levels fall to record low as dry spring drags on"
    assert (a.outlet, a.byline, a.date) == ("The Lakeside Ledger", "Dana Whitfield",
                                            "2024-05-14")


def test_trafilatura_is_imported_only_when_an_html_file_is_read(tmp_path):
    import subprocess

    (tmp_path / "a.txt").write_text("A title here\n\nSome text.\n", encoding="utf-8")
    code = ("import sys; from tui.corpus import read_article; from tui.corpus.library import "
            "Library; read_article(sys.argv[1]); print('trafilatura' in sys.modules, "
            "'lxml' in sys.modules); read_article(sys.argv[2]); print('trafilatura' in "
            "sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "a.txt"), str(HTML_PAGE)],
                         capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.split()
    assert out == ["False", "False", "True"]
