"""Reading big articles (issue 10, #1-2): cancellable, and the faster helpers give exactly what
the straightforward code did."""
from __future__ import annotations

import hashlib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tui.corpus.loader as loader
from tests.bigtext import big_article_text
from tui.cancel import Cancelled
from tui.corpus import parse_article, read_article
from tui.corpus.library import Library
from tui.corpus.sentences import _word_before

text_parts = st.text(alphabet="ab é.\n\t\u00a0”U", max_size=80)


@settings(max_examples=300, deadline=None)
@given(text=text_parts, chunk=st.integers(1, 9))
def test_article_id_in_chunks_is_the_hash_of_the_folded_text(text, chunk):
    folded = " ".join(text.split())
    expected = hashlib.blake2b(folded.encode("utf-8"), digest_size=8).hexdigest()
    default, loader.ID_CHUNK = loader.ID_CHUNK, chunk
    try:
        assert loader.article_id(text) == expected
    finally:
        loader.ID_CHUNK = default


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet="ab_.1 \n,é", max_size=30), data=st.data())
def test_word_before_is_the_regex_it_replaced(text, data):
    end = data.draw(st.integers(0, len(text)))
    lo = data.draw(st.integers(0, end))
    m = re.compile(r"([\w.]+)$").search(text, lo, end)
    assert _word_before(text, lo, end) == (m.group(1) if m else "")


def test_reading_stops_when_cancelled():
    data = big_article_text(400_000).encode("utf-8")
    checks = []

    def cancelled() -> bool:
        checks.append(1)
        return len(checks) >= 4

    with pytest.raises(Cancelled):
        parse_article(data, "big.txt", cancelled)
    assert len(checks) == 4
    # Without cancelling, the same bytes read whole.
    assert len(parse_article(data, "big.txt").paragraphs) > 3 * loader.CANCEL_EVERY


def test_library_scan_stops_when_cancelled_and_keeps_what_it_had(tmp_path):
    for n in range(5):
        (tmp_path / f"{n}.txt").write_text(f"Title {n} here\n\nBody {n}.\n", encoding="utf-8")
    lib = Library([str(tmp_path)], cache_dir=tmp_path / "cache")
    calls = []
    with pytest.raises(Cancelled):
        lib.scan(cancelled=lambda: calls.append(1) or len(calls) > 2)
    assert lib.infos == [] and not (tmp_path / "cache" / "corpus-index.json").exists()
    assert len(lib.scan()) == 5
    art = lib.infos[0]
    lib._lru.clear()
    with pytest.raises(Cancelled):
        lib.article(art.id, cancelled=lambda: True)
    assert lib.article(art.id).id == art.id
    with pytest.raises(Cancelled):
        lib.articles(cancelled=lambda: True)
