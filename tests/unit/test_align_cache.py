"""The alignment cache: hits, invalidation by content, unreadable entries, atomic files."""
from __future__ import annotations

import errno
import json
import os
from dataclasses import replace

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


def _deny_writes_under(folder, monkeypatch) -> None:
    """EACCES for every folder made or file opened for writing under ``folder``, as a read-only
    folder gives any user but root (so the test runs as root too)."""
    real_mkdir, real_open = os.mkdir, os.open
    inside = str(folder) + os.sep

    def mkdir(path, *args, **kwargs):
        if str(path).startswith(inside):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_mkdir(path, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):
        if str(path).startswith(inside) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)


def test_unwritable_cache_still_aligns(tmp_path, monkeypatch, computed):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    _deny_writes_under(ro, monkeypatch)
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(ro))
    a, b = read_article(SEED_000), read_article(SEED_002)
    al = align_articles(a, b, "paragraph")
    assert al.links == align_articles(a, b, "paragraph", use_cache=False).links
    assert list(ro.rglob("*")) == [] and len(computed) == 2


def test_cache_dir_that_is_a_file_still_aligns(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(blocker))
    a, b = read_article(SEED_000), read_article(SEED_002)
    al = align_articles(a, b, "paragraph")
    assert al.links == align_articles(a, b, "paragraph", use_cache=False).links
    assert blocker.read_text() == "x"


# --- what the key covers: a cache that is read, and every change that must miss it -----------

def _plant_links(a, b) -> list:
    """Align once (cached), then rewrite the entry with other links of a valid shape: what a
    stale entry looks like. Returns the planted links."""
    align_articles(a, b, "paragraph")
    (path,) = entries()
    data = json.loads(path.read_text(encoding="utf-8"))
    planted = [[[0], [len(b.paragraphs) - 1], 0.9, "match"]]
    assert planted != data["links"]
    data["links"] = planted
    path.write_text(json.dumps(data), encoding="utf-8")
    return planted


def test_a_planted_entry_is_served_while_nothing_changed(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    _plant_links(a, b)
    al = align_articles(a, b, "paragraph")
    assert [(k.left, k.right, k.kind) for k in al.links] == [((0,), (len(b.paragraphs) - 1,),
                                                               "match")]
    assert len(computed) == 1


@pytest.mark.parametrize("change", ["ALGORITHM_VERSION", "PARAMS", "code", "parser"])
def test_a_changed_algorithm_misses_the_cache(change, monkeypatch, computed):
    from tui.align import cache

    a, b = read_article(SEED_000), read_article(SEED_002)
    planted = _plant_links(a, b)
    if change == "ALGORITHM_VERSION":
        monkeypatch.setattr(aligner, "ALGORITHM_VERSION", aligner.ALGORITHM_VERSION + "-next")
    elif change == "PARAMS":
        monkeypatch.setattr(aligner, "PARAMS", replace(aligner.PARAMS,
                                                       max_merge=aligner.PARAMS.max_merge + 1))
    elif change == "code":  # this package's source (a change made without a version bump)
        monkeypatch.setattr(cache, "code_version", lambda folder: "next")
    else:  # the corpus layer's, which makes the units
        monkeypatch.setattr(cache, "parser_version", lambda: "next")
    links = align_articles(a, b, "paragraph").links
    assert links == align_articles(a, b, "paragraph", use_cache=False).links
    assert [[list(k.left), list(k.right), k.score, k.kind] for k in links] != planted


def test_a_spacing_only_edit_misses_the_cache(computed):
    a, b = read_article(SEED_000), read_article(SEED_002)
    _plant_links(a, b)
    # two spaces inside a sentence: the same words, the same units, the same id
    assert "Five or six" in a.text
    edited = build_article(a.text.replace("Five or six", "Five  or six"), a.path)
    assert edited.id == a.id and len(edited.paragraphs) == len(a.paragraphs)
    assert align_articles(edited, b, "paragraph").links == \
        align_articles(edited, b, "paragraph", use_cache=False).links
