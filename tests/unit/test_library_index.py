"""The library's metadata index: reused while a file is unchanged, parsed again after any change
to it (even one that keeps its size and mtime, or its id) or to the parser."""
from __future__ import annotations

import os

import pytest

from tui.corpus import LoadError
from tui.corpus import library as library_module
from tui.corpus.library import Library


@pytest.fixture
def parsed(monkeypatch) -> list[str]:
    """The names of the files the library really parses."""
    calls = []
    real = library_module.read_article

    def counting(path, *args, **kwargs):
        calls.append(os.path.basename(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(library_module, "read_article", counting)
    return calls


@pytest.fixture
def folder(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for i in range(3):
        (lib / f"{i}.txt").write_text(f"Headline {i}\n\nBody {i}. More words here.\n")
    return lib


def _scan(folder, tmp_path) -> Library:
    library = Library([str(folder)], cache_dir=tmp_path / "cache")
    library.scan()
    return library


def test_unchanged_files_are_not_parsed_again(folder, tmp_path, parsed, monkeypatch):
    monkeypatch.setattr(library_module, "RACY_NS", 0)  # as if the files were written long ago
    first = _scan(folder, tmp_path)
    assert sorted(parsed) == ["0.txt", "1.txt", "2.txt"]
    second = _scan(folder, tmp_path)
    assert sorted(parsed) == ["0.txt", "1.txt", "2.txt"]
    assert [(i.path, i.id, i.title, i.text_key) for i in second.infos] == [
        (i.path, i.id, i.title, i.text_key) for i in first.infos]
    assert all(i.text_key for i in second.infos)


def test_a_file_written_just_before_it_was_indexed_is_parsed_again(folder, tmp_path, parsed):
    # A second write in the same clock tick would leave size and times as they were.
    _scan(folder, tmp_path)
    _scan(folder, tmp_path)
    assert sorted(parsed) == ["0.txt", "0.txt", "1.txt", "1.txt", "2.txt", "2.txt"]


def test_an_edit_keeping_size_and_mtime_is_noticed(folder, tmp_path, parsed, monkeypatch):
    monkeypatch.setattr(library_module, "RACY_NS", 0)
    target = folder / "1.txt"
    before = _scan(folder, tmp_path).by_path(str(target))
    st = os.stat(target)
    target.write_text("Headline X\n\nBody 1. More words here.\n")  # same size
    os.utime(target, ns=(st.st_atime_ns, st.st_mtime_ns))          # as cp -p or rsync -t do
    assert os.stat(target).st_size == st.st_size
    assert os.stat(target).st_mtime_ns == st.st_mtime_ns
    after = _scan(folder, tmp_path).by_path(str(target))
    assert parsed.count("1.txt") == 2 and after.title == "Headline X" != before.title


def test_a_spacing_edit_changes_the_text_key_and_a_stale_article_is_refused(folder, tmp_path,
                                                                           monkeypatch):
    monkeypatch.setattr(library_module, "RACY_NS", 0)
    target = folder / "2.txt"
    library = Library([str(folder)], cache_dir=tmp_path / "cache", lru_size=0)
    library.scan()
    info = library.by_path(str(target))
    target.write_text("Headline 2\n\nBody  2. More words here.\n")   # the same id
    with pytest.raises(LoadError, match="changed since it was indexed"):
        library.article(info.id)
    rescanned = _scan(folder, tmp_path).by_path(str(target))
    assert rescanned.id == info.id and rescanned.text_key != info.text_key


def test_another_parser_parses_everything_again(folder, tmp_path, parsed, monkeypatch):
    monkeypatch.setattr(library_module, "RACY_NS", 0)
    _scan(folder, tmp_path)
    monkeypatch.setattr(library_module, "parser_version", lambda: "next")
    _scan(folder, tmp_path)
    assert len(parsed) == 6
