"""tui/paths.py: the one place for the data, cache and config folders and the state file, and
every layer going through it."""
from __future__ import annotations

import re
from pathlib import Path

import platformdirs
import pytest

import tui
from tui import paths

FOLDERS = {"SYNOPTIC_DATA_DIR": paths.data_dir, "SYNOPTIC_CACHE_DIR": paths.cache_dir,
           "SYNOPTIC_CONFIG_DIR": paths.config_dir}
PLATFORM = {"SYNOPTIC_DATA_DIR": platformdirs.user_data_dir,
            "SYNOPTIC_CACHE_DIR": platformdirs.user_cache_dir,
            "SYNOPTIC_CONFIG_DIR": platformdirs.user_config_dir}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    return home


@pytest.mark.parametrize("name", FOLDERS)
def test_the_variable_wins_and_tilde_is_expanded(name, home, monkeypatch, tmp_path):
    monkeypatch.setenv(name, str(tmp_path / "x"))
    assert FOLDERS[name]() == tmp_path / "x"
    monkeypatch.setenv(name, "~/syn folder")
    assert FOLDERS[name]() == home / "syn folder"


@pytest.mark.parametrize("name", FOLDERS)
@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_variable_is_unset(name, blank, monkeypatch):
    monkeypatch.setenv(name, blank)
    expected = Path(PLATFORM[name]("synoptic", appauthor=False))
    assert FOLDERS[name]() == expected
    monkeypatch.delenv(name)
    assert FOLDERS[name]() == expected


def test_state_file_follows_its_variable_else_the_data_folder(monkeypatch, tmp_path, home):
    monkeypatch.setenv("SYNOPTIC_STATE", "~/s.json")
    assert paths.state_path() == home / "s.json"
    monkeypatch.setenv("SYNOPTIC_STATE", " ")
    monkeypatch.setenv("SYNOPTIC_DATA_DIR", str(tmp_path / "d"))
    assert paths.state_path() == tmp_path / "d" / "state.json"
    monkeypatch.delenv("SYNOPTIC_STATE")
    monkeypatch.delenv("SYNOPTIC_DATA_DIR")
    assert paths.state_path() == Path(platformdirs.user_data_dir("synoptic", appauthor=False),
                                      "state.json")


def _every_layers_folders():
    from tui.align import cache as align_cache
    from tui.app.themes import user_themes_dir
    from tui.corpus.library import Library
    from tui.quotes import cache as quotes_cache
    from tui.search import cache_dir as search_cache_dir
    from tui.state import StateStore

    store = StateStore.open()
    try:
        state = store.path
    finally:
        store.close()
    return {"align": align_cache.cache_dir(), "quotes": quotes_cache.cache_dir(),
            "search": search_cache_dir(), "library": Library([]).cache_dir,
            "state": state, "themes": user_themes_dir()}


@pytest.mark.parametrize("cache", ["~/cache", "   "])
def test_every_layer_uses_the_same_folders(cache, monkeypatch, home):
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", cache)
    monkeypatch.setenv("SYNOPTIC_CONFIG_DIR", "~/config")
    monkeypatch.setenv("SYNOPTIC_DATA_DIR", "~/data")
    monkeypatch.setenv("SYNOPTIC_STATE", "")
    root = home / "cache" if cache.strip() else Path(
        platformdirs.user_cache_dir("synoptic", appauthor=False))
    assert _every_layers_folders() == {
        "align": root / "align", "quotes": root / "quotes", "search": root / "search",
        "library": root, "state": home / "data" / "state.json",
        "themes": home / "config" / "themes"}


def test_with_no_variables_every_folder_asks_platformdirs_without_an_author(monkeypatch):
    # On Windows an author would nest the folder one level deeper; every caller must agree.
    calls = []

    def spy(real):
        def folder(*args, **kwargs):
            calls.append((real.__name__, args, kwargs))
            return real(*args, **kwargs)
        return folder

    for real in PLATFORM.values():
        monkeypatch.setattr(platformdirs, real.__name__, spy(real))
    for name in [*FOLDERS, "SYNOPTIC_STATE"]:
        monkeypatch.delenv(name, raising=False)
    _every_layers_folders()
    assert {c[0] for c in calls} == {"user_data_dir", "user_cache_dir", "user_config_dir"}
    assert all(args == ("synoptic",) and kwargs == {"appauthor": False}
               for _, args, kwargs in calls), calls


def test_nothing_else_reads_the_folder_variables_or_platformdirs():
    root = Path(tui.__file__).parent
    pattern = re.compile(r"platformdirs|SYNOPTIC_(?:DATA_DIR|CACHE_DIR|CONFIG_DIR|STATE)\b"
                         r"|user_(?:data|cache|config)_dir")
    offenders = []
    for f in sorted(root.rglob("*.py")):
        if f == root / "paths.py":
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if pattern.search(code) and "$SYNOPTIC" not in code:
                offenders.append(f"{f.relative_to(root)}:{n}: {line.strip()}")
    assert offenders == []
