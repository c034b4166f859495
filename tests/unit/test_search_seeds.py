"""Search over the seeds: typo tolerance, kinds, limits, offsets, odd input."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given, settings, strategies as st

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.corpus import read_article
from tui.search import SearchHit, SearchIndex


@pytest.fixture(scope="module")
def articles():
    return [read_article(p) for p in (SEED_000, SEED_002, SEED_003)]


@pytest.fixture(scope="module")
def index(articles):
    return SearchIndex.build(articles)


@pytest.fixture(scope="module")
def by_path(articles):
    return {a.path: a for a in articles}


def quote_records(articles, phrases):
    """Quote-shaped objects (article_id, path, start, end, text) for exact phrases."""
    out = []
    for a in articles:
        for phrase in phrases:
            at = a.text.find(phrase)
            if at >= 0:
                out.append(SimpleNamespace(article_id=a.id, path=a.path, start=at,
                                           end=at + len(phrase), text=phrase))
    return out


def test_typo_query_finds_both_reports_of_the_quote_first(index):
    hits = index.search("figting for our lifes", limit=5)
    top = {(h.path, h.text.strip("“”\"")[-30:]) for h in hits[:2]}
    assert {h.path for h in hits[:2]} == {str(SEED_000), str(SEED_002)}
    assert any("fighting for our lives." in h.text for h in hits[:2])
    assert any("fighting for our life." in h.text for h in hits[:2]), top
    assert hits[0].score >= hits[2].score and hits[1].score > hits[2].score


def test_typo_query_from_the_vice_piece(index):
    hits = index.search("trust only my famly", limit=3)
    assert hits[0].path == str(SEED_003)
    assert "I trust only my family" in hits[0].text
    assert hits[0].score > hits[1].score


def test_misspelt_name_and_prefix_while_typing(index):
    hits = index.search("amunition not a ri", limit=3)
    assert hits[0].path == str(SEED_003) and "ammunition, not a ride" in hits[0].text
    assert index.search("zelensy", limit=1)[0].text.lower().count("zelensk") >= 1


def test_hits_are_ordered_and_scored_within_bounds(index):
    hits = index.search("Zelensky said the war", limit=20)
    assert 1 < len(hits) <= 20
    assert all(isinstance(h, SearchHit) for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(0.0 < h.score <= 1.0 for h in hits)


def test_limit_is_respected(index):
    assert len(index.search("the", limit=3)) == 3
    assert len(index.search("the", limit=1)) == 1
    assert index.search("the", limit=0) == []


def test_offsets_slice_back_into_the_article(index, by_path):
    for q in ("fighting for our life", "Ukraine", "biden speech congress", "we will see"):
        for h in index.search(q, limit=10):
            assert by_path[h.path].text[h.start:h.end] == h.text
            assert h.article_id == by_path[h.path].id


def test_matches_are_word_ranges_of_the_query_words(index):
    hit = index.search("standing ovation", limit=1)[0]
    words = [hit.text[s:e].lower() for s, e in hit.matches]
    assert "standing" in words and "ovation" in words
    for s, e in hit.matches:
        assert 0 <= s < e <= len(hit.text)
        assert hit.text[s:e].isalnum()


def test_quotes_are_indexed_as_their_own_kind(articles):
    quotes = quote_records(articles, ["We are fighting for our lives.",
                                      "We are fighting for our life."])
    assert len(quotes) == 2
    idx = SearchIndex.build(articles, quotes)
    hits = idx.search("figting for our lifes", limit=5)
    assert [h.kind for h in hits[:2]] == ["quote", "quote"]
    assert {h.path for h in hits[:2]} == {str(SEED_000), str(SEED_002)}
    # The sentence holding a quote is folded into it, not listed again.
    for h in hits[2:]:
        assert not any(h.path == q.path and h.start < q.end and q.start < h.end for q in quotes)
    sentences_only = SearchIndex.build(articles).search("figting for our lifes", limit=5)
    assert {h.kind for h in sentences_only} == {"sentence"}


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "!!!", "—", "...?"])
def test_empty_or_punctuation_query_gives_nothing(index, query):
    assert index.search(query) == []


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_garbage_never_raises(index, query):
    hits = index.search(query, limit=5)
    assert len(hits) <= 5
    for h in hits:
        assert 0.0 <= h.score <= 1.0


def test_from_records_rejects_an_unknown_kind():
    with pytest.raises(ValueError, match="kind"):
        SearchIndex.from_records([("p", "id", 0, 3, "abc", "paragraph")])


def test_an_empty_index_answers_nothing():
    idx = SearchIndex.from_records([])
    assert len(idx) == 0
    assert idx.search("anything") == []
