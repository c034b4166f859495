"""Building the search index in chunks (issue 10, #2): the same index as in one pass,
progress, an early index, cancellation."""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.search.index as index_module
from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.cancel import Cancelled
from tui.corpus import read_article
from tui.search import SearchIndex
from tui.search.index import IndexBuilder

ARRAYS = ("rec_doc", "starts", "ends", "kinds", "seq_ptr", "seq", "post_ptr", "post_recs",
          "adj_keys", "adj_ptr", "adj_recs")


def same_index(a: SearchIndex, b: SearchIndex) -> None:
    for name in ARRAYS:
        x, y = getattr(a, name), getattr(b, name)
        assert x.dtype == y.dtype and np.array_equal(x, y), name
    assert a.texts == b.texts and a.norms == b.norms and a.docs == b.docs
    assert a.vocab.terms == b.vocab.terms and np.array_equal(a.vocab.df, b.vocab.df)


def reference_postings(records):
    """word -> sorted distinct record numbers, the slow way."""
    out: dict[str, set[int]] = {}
    for n, rec in enumerate(records):
        for w in index_module.words(rec[4]):
            out.setdefault(w, set()).add(n)
    return {w: sorted(v) for w, v in out.items()}


words_ = st.sampled_from("kyiv talks peace Zelensky said “we” will fight the a of Biden "
                         "Kyïv war 2022 don’t stop".split())
record_texts = st.lists(st.lists(words_, min_size=0, max_size=12).map(" ".join),
                        min_size=0, max_size=60)


@settings(max_examples=60, deadline=None)
@given(texts=record_texts, chunk=st.integers(1, 7))
def test_chunks_give_the_index_of_one_pass(texts, chunk):
    records = [(f"p{i % 3}", f"a{i % 3}", i, i + len(t), t, "quote" if i % 5 == 0 else "sentence")
               for i, t in enumerate(texts)]
    whole = SearchIndex.from_records(iter(records))
    builder = IndexBuilder()
    for at in range(0, len(records), chunk):
        builder.add(records[at:at + chunk])
        if at == chunk:   # a snapshot in the middle must not disturb the rest
            builder.build(snapshot=True)
    same_index(builder.build(), whole)
    # And the postings are right, not merely the same as before.
    expected = reference_postings(records)
    vocab = whole.vocab
    assert sorted(expected) == vocab.terms
    for w, recs in expected.items():
        i = vocab.ids[w]
        assert whole.post_recs[whole.post_ptr[i]:whole.post_ptr[i + 1]].tolist() == recs


def seeds():
    return [read_article(p) for p in (SEED_000, SEED_002, SEED_003)]


def test_build_reports_progress_and_hands_out_an_early_index(monkeypatch):
    monkeypatch.setattr(index_module, "BUILD_CHUNK", 8)
    monkeypatch.setattr(index_module, "EARLY_RECORDS", 20)
    articles = seeds()
    seen: list[tuple[int, int]] = []
    early: list[SearchIndex] = []
    full = SearchIndex.build(articles, progress=lambda d, t: seen.append((d, t)),
                             early=early.append)
    total = len(full)
    assert seen[0] == (0, total) and seen[-1] == (total, total)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert len(early) == 1 and 20 <= len(early[0]) < total
    # The early index is the index of the records it holds, and answers searches.
    first = list(index_module._records(articles, None))[:len(early[0])]
    same_index(early[0], SearchIndex.from_records(iter(first)))
    assert early[0].search("bunker") and early[0].texts[0] == full.texts[0]
    same_index(full, SearchIndex.from_records(index_module._records(articles, None)))


def test_no_early_index_for_a_small_library():
    early = []
    SearchIndex.build(seeds(), early=early.append)
    assert early == []


def test_build_stops_when_cancelled(monkeypatch):
    monkeypatch.setattr(index_module, "BUILD_CHUNK", 4)
    checks = []

    def cancelled() -> bool:
        checks.append(1)
        return len(checks) > 3

    progress = []
    with pytest.raises(Cancelled):
        SearchIndex.build(seeds(), cancelled=cancelled, progress=lambda d, t: progress.append(d))
    assert len(checks) == 4 and progress[-1] == 12   # three chunks of 4, then it stopped


def test_cached_index_passes_build_options(tmp_path, monkeypatch):
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(tmp_path / "cache"))
    with pytest.raises(Cancelled):
        SearchIndex.cached(seeds(), cancelled=lambda: True)
    assert not list((tmp_path / "cache").rglob("*.npz"))   # nothing half-built was saved
    seen = []
    SearchIndex.cached(seeds(), progress=lambda d, t: seen.append(d))
    assert seen and len(list((tmp_path / "cache").rglob("*.npz"))) == 1
