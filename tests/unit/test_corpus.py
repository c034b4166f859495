"""Corpus layer: metadata sniffed from the seeds, spans, encodings, and bad files."""
from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tui.corpus import LoadError, build_article, load_paths, parse_article, read_article
from tui.corpus.library import Library
from tui.corpus.sentences import split_sentences
from tests.conftest import SEED_000, SEED_002, SEED_003


def sentences_of(article):
    return [article.text[s.start:s.end] for s in article.sentences]


def test_seed_000_headline_and_boilerplate_footer():
    a = read_article(SEED_000)
    assert a.title == "Ukraine's president speaks from inside the bunker about talks with Russia"
    assert a.outlet is None and a.date is None
    assert a.paragraphs[0].role == "headline"
    footer = a.paragraphs[-1]
    assert footer.boilerplate
    assert a.text[footer.start:footer.end].startswith("Follow our latest")
    assert sum(p.boilerplate for p in a.paragraphs) == 1


def test_seed_002_dateline_outlet_and_credit_byline():
    a = read_article(SEED_002)
    assert a.outlet == "CNN"
    assert a.dateline == "Kyiv, Ukraine"
    assert a.byline == "Matthew Chance, Rob Picheta"
    assert a.paragraphs[0].role == "dateline"
    assert a.paragraphs[-1].role == "byline"
    # The mid-article subheading is not a sentence of the story.
    sub = [a.para_text(i) for i, p in enumerate(a.paragraphs) if p.role == "subhead"]
    assert sub == ["‘The world can’t lose Ukraine’"]
    assert a.title.startswith("Ukrainian President Volodymyr Zelensky has urged")


def test_seed_003_date_standfirst_and_headline():
    a = read_article(SEED_003)
    assert a.date == "2022-03-10"
    assert a.paragraphs[0].role == "standfirst"
    assert a.title.startswith("Ukraine's President Zelenskyy Talks Trusting Putin")
    assert a.paragraphs[1].role == "headline"


def test_seed_sentences_keep_quotes_and_attributions_together():
    s = sentences_of(read_article(SEED_002))
    assert "“I’ve spoken to Biden many times,” Zelensky said." in s
    assert "Asked if he felt Ukraine was wasting its time by talking with Russia, he said: “We’ll see.”" in s
    # A free-standing ellipsis inside a quotation is an elision, not a sentence end.
    assert any("history … and that doesn’t mean" in x for x in s)


@pytest.mark.parametrize("text,expected", [
    ("Mr. Smith went to Washington. He stayed.", ["Mr. Smith went to Washington.", "He stayed."]),
    ("J. R. R. Tolkien wrote it. Then he left.", ["J. R. R. Tolkien wrote it.", "Then he left."]),
    ("The U.S. Army moved. Troops followed.", ["The U.S. Army moved.", "Troops followed."]),
    ("It began on Feb. 24 at dawn. Nobody slept.", ["It began on Feb. 24 at dawn.", "Nobody slept."]),
    ("Wait... Then it came. “Go!” he said.", ["Wait...", "Then it came.", "“Go!” he said."]),
    ("He said (and I quote. This matters) no. Then left.", ["He said (and I quote. This matters) no.", "Then left."]),
    ("What? Really! Yes.", ["What?", "Really!", "Yes."]),
])
def test_sentence_splitting_edge_cases(text, expected):
    assert [text[s.start:s.end] for s in split_sentences(text)] == expected


texts = st.lists(
    st.one_of(st.text(alphabet=st.sampled_from(list("abc XYZ.!?…\"“”‘’'()[]\n\t,;:-")), max_size=40),
              st.sampled_from(["Mr. ", "U.S. ", "...", " … ", "\n\n", "“Hi.” ", "(a. b) "])),
    max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(texts)
def test_spans_slice_back_and_never_overlap(text):
    if not text.strip():
        with pytest.raises(LoadError):
            parse_article(text.encode(), "x.txt")
        return
    a = build_article(text, "x.txt")
    prev_end = 0
    for p in a.paragraphs:
        assert p.start >= prev_end and p.end > p.start
        assert a.text[p.start:p.end] == a.text[p.start:p.end].strip()
        inner = p.start
        for s in p.sentences:
            assert p.start <= s.start < s.end <= p.end
            assert s.start >= inner
            piece = a.text[s.start:s.end]
            assert piece == piece.strip() and piece
            inner = s.end
        prev_end = p.end
    # every non-space character of the text belongs to some sentence
    covered = sum(s.end - s.start for s in a.sentences)
    assert covered >= len("".join(text.split()))


def test_article_id_is_content_based(tmp_path):
    src = SEED_000.read_bytes()
    a = tmp_path / "a.txt"
    b = tmp_path / "moved" / "renamed.txt"
    b.parent.mkdir()
    a.write_bytes(src)
    b.write_bytes(src.replace(b"\n", b"\r\n"))
    assert read_article(a).id == read_article(b).id == read_article(SEED_000).id
    a.write_bytes(src + b"\nOne more line.\n")
    assert read_article(a).id != read_article(b).id


def test_encodings_cp1251_bom_crlf_latin1(tmp_path):
    ua = "Київ\n\nПрезидент України Володимир Зеленський заявив, що переговори з Росією тривають.\r\n"
    (tmp_path / "ua.txt").write_bytes(ua.encode("cp1251"))
    a = read_article(tmp_path / "ua.txt")
    assert "Зеленський" in a.text and "\r" not in a.text
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbfHeadline here\r\n\r\nBody text. More.\r")
    b = read_article(tmp_path / "bom.txt")
    assert b.text.startswith("Headline") and b.title == "Headline here"
    (tmp_path / "u16.txt").write_text("Title line\n\nBody.", encoding="utf-16")
    assert read_article(tmp_path / "u16.txt").title == "Title line"
    (tmp_path / "l1.txt").write_bytes("Café society\n\nThe café opened. Naïve people came.".encode("latin-1"))
    assert "café" in read_article(tmp_path / "l1.txt").text


def test_bad_files_give_one_line_errors_and_the_rest_loads(tmp_path):
    (tmp_path / "good.txt").write_text("A headline\n\nA body sentence. Another one.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.md").write_text("  \n\n \n")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "x.txt" / "inner.txt").write_text("Inner headline\n\nInner body.")
    big = tmp_path / "huge.txt"
    with open(big, "wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MB without writing it
    articles, errors = load_paths([str(tmp_path), str(tmp_path / "missing")])
    assert sorted(a.title for a in articles) == ["A headline", "Inner headline"]
    assert len(errors) == 5, errors
    for line in errors:
        assert "\n" not in line and "Traceback" not in line
    joined = " ".join(errors)
    assert "empty" in joined and "binary" in joined and "too large" in joined
    assert "no such file" in joined
    with pytest.raises(LoadError, match="folder"):
        read_article(tmp_path / "x.txt")


def test_a_folder_given_by_name_with_no_articles_says_so(tmp_path):
    (tmp_path / "x.txt").mkdir()
    (tmp_path / "x.txt" / "notes.pdf").write_bytes(b"%PDF")
    library = Library([str(tmp_path / "x.txt")], cache_dir=tmp_path / "cache")
    assert library.scan() == []
    for errors in (load_paths([str(tmp_path / "x.txt")])[1], library.errors):
        assert errors == [f"{tmp_path / 'x.txt'}: a folder with no .txt, .md or .html files in it"]


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "secret.txt"
    p.write_text("Title\n\nBody.")
    real = type(p).read_bytes

    def deny(self):
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(type(p), "read_bytes", deny)
    with pytest.raises(LoadError, match="permission denied"):
        read_article(p)


def test_markdown_and_html(tmp_path):
    (tmp_path / "a.md").write_text("# The headline\n\nFirst para. Second sentence.\n\nLast.")
    md = read_article(tmp_path / "a.md")
    assert md.title == "The headline" and md.paragraphs[0].role == "headline"
    html = """<html><head><title>Site | Story</title>
    <meta property="og:site_name" content="The Daily">
    <meta property="article:published_time" content="2022-03-01T10:00:00Z">
    <script>var x = "not text";</script></head>
    <body><nav>Home | World</nav><h1>Big story</h1><p>First &amp; foremost. Yes.</p>
    <p>Second paragraph.</p><footer>© The Daily</footer></body></html>"""
    (tmp_path / "a.html").write_text(html)
    h = read_article(tmp_path / "a.html")
    assert h.title == "Big story" and h.outlet == "The Daily" and h.date == "2022-03-01"
    assert "First & foremost." in h.text and "not text" not in h.text and "Home" not in h.text


def test_library_index_reuses_entries_and_notices_changes(tmp_path):
    lib_dir = tmp_path / "lib"
    lib_dir.mkdir()
    for i in range(3):
        (lib_dir / f"{i}.txt").write_text(f"Headline {i}\n\nBody {i}. More words here.")
    cache = tmp_path / "cache"
    first = Library([str(lib_dir)], cache_dir=cache)
    seen = []
    first.scan(progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (3, 3)
    index = json.loads((cache / "corpus-index.json").read_text())
    assert len(index["entries"]) == 3
    (lib_dir / "1.txt").write_text("Changed headline\n\nNew body.")
    os.utime(lib_dir / "1.txt", ns=(1, 1))
    second = Library([str(lib_dir)], cache_dir=cache)
    titles = sorted(i.title for i in second.scan())
    assert titles == ["Changed headline", "Headline 0", "Headline 2"]
    art = second.article(second.infos[0].id)
    assert art.title == second.infos[0].title


def test_cli_list_json_shape(capsys, seeds_dir):
    from tui.cli import main

    assert main(["list", str(seeds_dir), "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3
    for r in rows:
        assert {"path", "id", "title", "outlet", "date", "words"} <= r.keys()
    by_outlet = {r["outlet"] for r in rows}
    assert "CNN" in by_outlet and None in by_outlet
    assert any(r["date"] == "2022-03-10" for r in rows)


def test_cli_list_reports_bad_files_on_stderr(tmp_path, capsys):
    from tui.cli import main

    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "ok.txt").write_text("Fine title\n\nFine body.")
    assert main(["list", str(tmp_path)]) == 0
    out, err = capsys.readouterr()
    assert "Fine title" in out
    assert err.count("\n") == 1 and "bin.txt" in err and "binary" in err


def test_library_lists_a_file_named_twice_once(tmp_path):
    (tmp_path / "a.txt").write_text("Headline A\n\nBody.")
    (tmp_path / "b.txt").write_text("Headline B\n\nBody.")
    lib = Library([str(tmp_path / "a.txt"), str(tmp_path)], cache_dir=tmp_path / "c")
    assert sorted(i.title for i in lib.scan()) == ["Headline A", "Headline B"]


def test_a_date_prefix_on_the_standfirst_line_is_not_part_of_its_sentence():
    a = read_article(SEED_003)
    first = a.paragraphs[0].sentences[0]
    assert a.text[first.start:first.end].startswith("Speaking with Vice News, the wartime leader")
    assert "2022-03-10" in a.para_text(0)  # the paragraph (what the reader shows) keeps it


def test_library_articles_reports_progress(tmp_path):
    for n in range(120):
        (tmp_path / f"a{n}.txt").write_text(f"Headline {n}\n\nBody {n}.")
    library = Library([str(tmp_path)], cache_dir=tmp_path / "cache")
    library.scan()
    calls = []
    assert len(library.articles(lambda d, t: calls.append((d, t)))) == 120
    assert calls[0] == (0, 120) and calls[-1] == (120, 120) and len(calls) >= 3
