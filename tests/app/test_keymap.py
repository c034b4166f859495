"""Keys the user chooses: keymap.toml checked against every binding, ``synoptic keys``, the app
applying it (help shows the new keys) and reporting a broken one in one line."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.binding import Binding

from tests.app.helpers import screen_text, settle
from tui.app.keymap import (SCREENS_OF, collect_bindings, key_rows, keymap_path, load_keymap,
                            resolve_keymap)
from tui.app.reader_screen import ReaderScreen
from tui.cli import main


@pytest.fixture(scope="module")
def bindings():
    return collect_bindings()


def write_keymap(text: str) -> Path:
    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_keymap_lives_in_the_config_folder():
    assert keymap_path() == Path(os.environ["SYNOPTIC_CONFIG_DIR"]) / "keymap.toml"


def test_every_binding_has_an_id_and_a_known_screen():
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import tui.app as package

    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        module = importlib.import_module(info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__ or not issubclass(cls, DOMNode):
                continue
            own = cls.__dict__.get("BINDINGS", [])
            for binding in own:
                assert isinstance(binding, Binding) and binding.id, (name, binding)
            if own:
                assert name in SCREENS_OF, f"{name}: which screens are its keys active on?"


def test_valid_entries_apply_including_a_swap(bindings):
    keymap, problems = resolve_keymap({"library.read": "o", "document.next": "j,ctrl+n",
                                       "library.compare": "enter", "library.filter": "?"},
                                      bindings)
    assert problems == ["'?' is used twice on the library screen (app.help and "
                        "library.filter); library.filter not changed"]
    assert keymap == {"library.read": "o", "document.next": "j,ctrl+n",
                      "library.compare": "enter"}
    # read and compare trading keys is no clash once both are applied.
    keymap, problems = resolve_keymap({"library.read": "c", "library.compare": "enter"},
                                      bindings)
    assert problems == [] and keymap == {"library.read": "c", "library.compare": "enter"}


def test_each_problem_is_named_and_the_rest_applies(bindings):
    keymap, problems = resolve_keymap({
        "no.such": "x", "reader.bookmark": "ctrll+x", "reader.compare": 5,
        "compare.swap": "", "quotes.copy": "Y", "quotes.filter": "Y",
        "compare.link": ["L", "ctrl+l"]}, bindings)
    assert keymap == {"quotes.copy": "Y", "compare.link": "L,ctrl+l"}
    assert problems == [
        "unknown binding id 'no.such'",
        "reader.bookmark: 'ctrll+x' is not a key name",
        'reader.compare needs keys as text, such as "z" or "z,ctrl+o"',
        "compare.swap has an empty key",
        "'Y' is used twice on the quotes screen (quotes.copy and quotes.filter); quotes.filter "
        "not changed",
    ]


def test_the_same_action_twice_is_no_clash(bindings):
    # library.quotes and app.quotes both open the quotes screen.
    keymap, problems = resolve_keymap({"library.quotes": "z", "app.quotes": "z"}, bindings)
    assert problems == [] and len(keymap) == 2


def test_broken_files_keep_every_default(bindings):
    path = write_keymap('[keys\n"library.read" = "o"\n')
    result = load_keymap(path, bindings)
    assert result.keymap == {} and result.message().startswith(f"{path}: not valid TOML (")
    write_keymap('"library.read" = "o"\n')
    assert "no [keys] table" in load_keymap(path, bindings).message()
    path.write_bytes(b'[keys]\n"library.read" = "\xff"\n')
    assert load_keymap(path, bindings).message() == f"{path}: not UTF-8 text (defaults kept " \
        "for those)"
    path.unlink()
    assert load_keymap(path, bindings).message() is None


def test_synoptic_keys_lists_current_keys(capsys, bindings):
    assert main(["keys", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == key_rows(bindings, {})
    assert {"id", "keys", "description", "screen"} <= set(rows[0])
    read = [r for r in rows if r["id"] == "library.read"]
    assert read == [{"id": "library.read", "keys": ["enter"], "description": "Read",
                     "screen": "library"}]
    # A binding shared by two screens is listed on each.
    assert {r["screen"] for r in rows if r["id"] == "document.next"} == {"reader", "compare"}

    path = write_keymap('[keys]\n"library.read" = "o"\nfoo = "x"\n')
    assert main(["keys", "--json"]) == 1
    out, err = capsys.readouterr()
    read = [r for r in json.loads(out) if r["id"] == "library.read"]
    assert read[0]["keys"] == ["o"]
    assert err == f"synoptic: {path}: unknown binding id 'foo' (defaults kept for those)\n"
    assert main(["keys"]) == 1
    out, _ = capsys.readouterr()
    assert any(line.split()[:2] == ["library.read", "o"] for line in out.splitlines())


async def test_the_app_uses_the_keymap_and_help_shows_it(launch):
    write_keymap('[keys]\n"library.read" = "o"\n"reader.bookmark" = "m"\n')
    async with launch(size=(100, 30)) as (app, pilot):
        await settle(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert any(line.split()[:2] == ["o", "Read"] for line in
                   (part.strip() for row in help_text.splitlines() for part in row.split("│")))
        await pilot.press("escape")
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert " m Bookmark" in screen_text(app)      # the key bar shows the new key
        assert not [n for n in app.notes if "Keymap" in n]


async def test_a_broken_keymap_is_one_line_in_the_app_and_defaults_stay(launch):
    write_keymap('[keys]\n"app.help" = "c"\n"library.read" = "o"\nnope = "x"\n')
    async with launch(size=(100, 30)) as (app, pilot):
        await settle(app, pilot)
        notes = [n for n in app.notes if n.startswith("Keymap")]
        assert notes == [f"Keymap: {keymap_path()}: unknown binding id 'nope'; 'c' is used "
                         "twice on the library screen (app.help and library.compare); app.help "
                         "not changed (defaults kept for those)"]
        assert "\n" not in notes[0]
        await pilot.press("question_mark")          # help kept its key
        await pilot.pause()
        assert "Keys — Library" in screen_text(app)
        await pilot.press("escape", "o")             # the valid entry still applies
        await settle(app, pilot)
        assert isinstance(app.screen, ReaderScreen)
