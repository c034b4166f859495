"""The alignment cache: hits, invalidation by content, unreadable entries, atomic files."""
from __future__ import annotations

import json
import os

import pytest

from tests.conftest import SEED_000, SEED_002
from tui.align import aligner, align_articles
from tui.align.cache import cache_dir
from tui.corpus import build_article, read_article


@pytest.fixture
def computed(monkeypatch):
    """Counts how often an alignment is really computed (not read from the cache)."""
    calls = []
    real = aligner.raw_links

    def counting(*args):
        calls.append(args[0].path)
        return real(*args)

    monkeypatch.setattr(aligner, "raw_links", counting)
    return calls


def entries() -> list:
    root = cache_dir()
    return sorted(p for p in root.rglob("*.json")) if root.exists() else []


def test_cache_lives_under_synoptic_cache_dir(tmp_path):
    assert cache_dir() == tmp_path / "cache" / "align"


def test_second_alignment_is_read_from_the_cache(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    first = align_articles(a, b, "paragraph")
    assert len(computed) == 1 and len(entries()) == 1
    again = align_articles(read_article(SEED_000), read_article(SEED_002), "paragraph")
    assert len(computed) == 1
    assert again.links == first.links
    assert again.unaligned_left == first.unaligned_left
    # another unit is another entry
    align_articles(a, b, "sentence")
    assert len(computed) == 2 and len(entries()) == 2


def test_no_cache_neither_reads_nor_writes(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    align_articles(a, b, "paragraph", use_cache=False)
    align_articles(a, b, "paragraph", use_cache=False)
    assert len(computed) == 2 and entries() == []


def test_changed_text_gets_a_new_entry(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    align_articles(a, b, "paragraph")
    # one more paragraph break: same words, so Article.id may not change, but the units do
    assert '." Five or six' in a.text
    edited = build_article(a.text.replace('." Five or six', '."\n\nFive or six'), a.path)
    al = align_articles(edited, b, "paragraph")
    assert len(computed) == 2 and len(entries()) == 2
    assert len(al.left_units) == len(a.paragraphs) + 1


def test_unreadable_or_mismatched_entry_is_ignored(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    first = align_articles(a, b, "paragraph")
    (path,) = entries()
    for junk in ("{not json", json.dumps({"n_left": 1, "n_right": 1, "links": []}),
                 json.dumps({"n_left": len(a.paragraphs), "n_right": len(b.paragraphs),
                             "links": [[[999], [0], 0.5, "match"]]}),
                 json.dumps([1, 2, 3])):
        path.write_text(junk, encoding="utf-8")
        al = align_articles(a, b, "paragraph")
        assert al.links == first.links
    assert len(computed) == 5


def test_cache_writes_leave_no_temporary_files(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    align_articles(a, b, "paragraph")
    leftovers = [p for p in cache_dir().rglob("*") if p.is_file() and p.name.startswith(".tmp")]
    assert leftovers == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_cache_still_aligns(tmp_path, monkeypatch):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(ro))
    al = align_articles(read_article(SEED_000), read_article(SEED_002), "paragraph")
    assert al.links


def test_cache_dir_that_is_a_file_still_aligns(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(blocker))
    al = align_articles(read_article(SEED_000), read_article(SEED_002), "paragraph")
    assert al.links
