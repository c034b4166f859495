"""Saving, loading and the content-keyed cache of the search index."""
from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.corpus import build_article, read_article
from tui.search import IndexFileError, SearchIndex, cache_dir, content_key


def key(hits):
    return [(h.path, h.start, h.end, round(h.score, 6), h.kind, h.matches) for h in hits]


@pytest.fixture
def articles():
    return [read_article(p) for p in (SEED_000, SEED_002, SEED_003)]


def a_quote(article, phrase):
    at = article.text.index(phrase)
    return SimpleNamespace(article_id=article.id, path=article.path, start=at,
                           end=at + len(phrase), text=phrase)


QUERIES = ["figting for our lifes", "trust only my famly", "the", "zelensky biden", "kyiv"]


def test_save_load_round_trip(tmp_path, articles):
    quotes = [a_quote(articles[0], "We are fighting for our lives.")]
    idx = SearchIndex.build(articles, quotes)
    target = tmp_path / "idx.npz"
    idx.save(target)
    back = SearchIndex.load(target)
    assert len(back) == len(idx) and back.docs == idx.docs
    assert back.vocab.terms == idx.vocab.terms
    for q in QUERIES:
        assert key(back.search(q)) == key(idx.search(q))


def test_cached_builds_once_then_loads(articles, monkeypatch):
    first = SearchIndex.cached(articles)
    files = list(cache_dir().glob("*.npz"))
    assert len(files) == 1 and files[0].stem == content_key(articles)

    def no_build(*a, **k):
        raise AssertionError("rebuilt although the cache matched")

    monkeypatch.setattr(SearchIndex, "build", classmethod(no_build))
    again = SearchIndex.cached([read_article(p) for p in (SEED_000, SEED_002, SEED_003)])
    assert again.key == first.key
    assert key(again.search("figting for our lifes")) == key(first.search("figting for our lifes"))


def test_cache_lives_under_the_cache_dir_env(tmp_path, monkeypatch, articles):
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(tmp_path / "elsewhere"))
    SearchIndex.cached(articles)
    assert list((tmp_path / "elsewhere" / "search").glob("*.npz"))


def test_key_changes_with_articles_and_quotes(articles):
    base = content_key(articles)
    assert content_key(articles[:2]) != base
    quote = a_quote(articles[0], "We are fighting for our lives.")
    with_quote = content_key(articles, [quote])
    assert with_quote != base
    moved = SimpleNamespace(**{**vars(quote), "end": quote.end - 1, "text": quote.text[:-1]})
    assert content_key(articles, [moved]) != with_quote
    # Ids come from content: re-reading the same files gives the same key.
    assert content_key([read_article(a.path) for a in articles]) == base


def test_a_changed_library_gets_a_new_index(articles):
    SearchIndex.cached(articles[:2])
    idx = SearchIndex.cached(articles)
    assert {h.path for h in idx.search("trust only my family", limit=3)} >= {str(SEED_003)}
    assert len(list(cache_dir().glob("*.npz"))) == 2
    quotes = [a_quote(articles[2], "I trust only my family.")]
    with_quotes = SearchIndex.cached(articles, quotes)
    assert with_quotes.search("trust only my famly", limit=1)[0].kind == "quote"


def test_moved_files_keep_the_index_with_new_paths(tmp_path, articles):
    SearchIndex.cached(articles)
    moved = []
    for a in articles:
        dest = tmp_path / "moved" / ("renamed-" + a.path.rsplit("/", 1)[-1])
        dest.parent.mkdir(exist_ok=True)
        shutil.copy(a.path, dest)
        moved.append(read_article(dest))
    idx = SearchIndex.cached(moved)
    hit = idx.search("trust only my famly", limit=1)[0]
    assert hit.path == str(tmp_path / "moved" / "renamed-003_037d25ccf4b93274.txt")
    assert read_article(hit.path).text[hit.start:hit.end] == hit.text


def test_corrupt_cache_file_is_rebuilt(articles):
    SearchIndex.cached(articles)
    (target,) = cache_dir().glob("*.npz")
    target.write_bytes(b"not an index at all")
    idx = SearchIndex.cached(articles)
    assert idx.search("kyiv")
    assert SearchIndex.load(target).key == idx.key      # rewritten


def test_load_of_a_non_index_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"\x00garbage")
    with pytest.raises(IndexFileError, match="not a readable search index"):
        SearchIndex.load(bad)


# --- a spacing-only edit (issue 14): the id stays, the offsets move, the index must not stay ---

_TALKS = ("Talks resume in Istanbul\n\n"
          "\u201cWe want peace without delay,\u201d the negotiator said on Tuesday.\n\n"
          "The delegations met for three hours at the old palace. Observers called the mood "
          "cautious but warmer than before.\n")


def _search_json(capsys, query, *paths):
    from tui.cli import main

    assert main(["search", query, *map(str, paths), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_spacing_edit_after_the_first_quote_is_not_answered_from_the_old_index(tmp_path,
                                                                               capsys):
    path = tmp_path / "talks.txt"
    path.write_text(_TALKS, encoding="utf-8")
    before = read_article(path)
    first = _search_json(capsys, "observers cautious", path)
    assert first and all(before.text[r["start"]:r["end"]] == r["text"] for r in first)
    # Two spaces inside a sentence and an extra blank line, after the quote: the id folds
    # whitespace so it stays the same, but every offset after the edit moves.
    path.write_text(_TALKS.replace("met for", "met  for").replace("palace. ", "palace.\n\n\n"),
                    encoding="utf-8")
    after = read_article(path)
    assert after.id == before.id and after.text != before.text
    rows = _search_json(capsys, "observers cautious", path)
    assert rows and [r["text"] for r in rows] == [r["text"] for r in first]
    for r in rows:
        assert after.text[r["start"]:r["end"]] == r["text"], r
    assert rows[0]["start"] > first[0]["start"]


@settings(max_examples=25, deadline=None)
@given(at=st.integers(0, 10 ** 6), spacing=st.sampled_from([" ", "  ", "\n", "\n\n", "\t"]))
def test_any_spacing_change_gives_another_key(at, spacing):
    articles = [read_article(p) for p in (SEED_000, SEED_002, SEED_003)]
    a = articles[1]
    at %= len(a.text) + 1
    edited = build_article(a.text[:at] + spacing + a.text[at:], a.path)
    assert content_key([articles[0], edited, articles[2]]) != content_key(articles)


@pytest.mark.parametrize("change", ["code", "parser"])
def test_changed_code_or_parser_builds_a_new_index(change, articles, monkeypatch):
    from tui.search import store

    first = SearchIndex.cached(articles)
    if change == "code":  # the search package's source, edited without a FORMAT bump
        monkeypatch.setattr(store, "code_version", lambda folder: "next")
    else:  # the corpus layer's, which makes the sentences indexed
        monkeypatch.setattr(store, "parser_version", lambda: "next")
    again = SearchIndex.cached(articles)
    assert again.key != first.key and len(list(cache_dir().glob("*.npz"))) == 2
