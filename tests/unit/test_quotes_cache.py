"""The on-disk quotes cache: served while nothing changed, missed by any change to a text or
to the code, and never serving spans that do not slice back to their text."""
from __future__ import annotations

import json

import pytest

from tui.corpus import build_article
from tui.quotes import cache, library_quotes


def _library() -> list:
    return [build_article(f"Report {i}\n\n\u201cStatement number {i} about the harbour.\u201d "
                          f"Anna Kovalenko said.\n\nThe mayor spoke later that day.", f"c{i}.txt")
            for i in range(cache.MIN_ARTICLES)]


def _rows(quotes) -> list[tuple]:
    return [(q.path, q.start, q.end, q.text, q.speaker, q.group, q.paragraph) for q in quotes]


def _plant(articles, change) -> None:
    """Compute and cache the library's quotes, then rewrite every row of the entry with
    ``change(row)``."""
    library_quotes(articles)
    (entry,) = cache.cache_dir().glob("*.json")
    assert entry.stem == cache.library_key(articles)
    rows = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps([change(dict(r)) for r in rows]), encoding="utf-8")


def _planted_speaker(row: dict) -> dict:
    return {**row, "speaker": "Planted Name"}


def test_the_entry_is_served_while_nothing_changed():
    articles = _library()
    _plant(articles, _planted_speaker)
    assert {q.speaker for q in library_quotes(articles)} == {"Planted Name"}


def test_cached_spans_that_do_not_fit_the_text_are_not_served():
    articles = _library()
    expected = _rows(library_quotes(articles, cache=False))
    # One character later, the same words: what an entry written for another text looks like.
    _plant(articles, lambda r: {**r, "start": r["start"] + 1, "end": r["end"] + 1})
    quotes = library_quotes(articles)
    assert _rows(quotes) == expected
    by_path = {a.path: a for a in articles}
    assert all(by_path[q.path].text[q.start:q.end] == q.text for q in quotes)


def test_a_spacing_only_edit_misses_the_entry():
    articles = _library()
    _plant(articles, _planted_speaker)
    a = articles[3]
    # Two spaces after the quote: the id (whitespace folded) and the quote's span stay, so
    # only a key made from the exact text can tell the entry is not this text's.
    edited = build_article(a.text.replace("spoke later", "spoke  later"), a.path)
    assert edited.id == a.id and edited.text != a.text
    articles[3] = edited
    quotes = library_quotes(articles)
    assert "Planted Name" not in {q.speaker for q in quotes}
    assert _rows(quotes) == _rows(library_quotes(articles, cache=False))
    assert len(list(cache.cache_dir().glob("*.json"))) == 2


@pytest.mark.parametrize("change", ["code", "parser"])
def test_changed_rules_or_parser_miss_the_entry(change, monkeypatch):
    articles = _library()
    _plant(articles, _planted_speaker)
    if change == "code":  # the quotes package's source, edited without any version bump
        monkeypatch.setattr(cache, "code_version", lambda: "next")
    else:
        monkeypatch.setattr(cache, "parser_version", lambda: "next")
    assert "Planted Name" not in {q.speaker for q in library_quotes(articles)}
