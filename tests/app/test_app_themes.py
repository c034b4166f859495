"""Theme files: loading, validation messages, choice at start-up, NO_COLOR, and --theme."""
from __future__ import annotations

import os

import pytest
from textual.filter import NoColor
from textual.theme import BUILTIN_THEMES

from tui import THEMES_DIR
from tui.app import themes
from tui.app.app import SynopticApp
from tui.app.run import run_app
from tui.app.themes import ThemeError, initial_theme, load_theme_file, load_themes
from tui.state import StateStore

GOOD = 'name = "mine"\nprimary = "#336699"\ndark = true\n[variables]\nsynoptic-mark = "#ff0000"\n'


def test_bundled_themes_load_cleanly():
    loaded, errors = load_themes([THEMES_DIR])
    assert errors == []
    names = {t.name for t in loaded}
    assert {"synoptic-dark", "synoptic-light", "synoptic-ansi"} <= names
    ansi = next(t for t in loaded if t.name == "synoptic-ansi")
    # Only terminal palette names, so a 16-colour terminal's own palette decides.
    colours = [ansi.primary, ansi.secondary, ansi.accent, ansi.foreground, ansi.background,
               *ansi.variables.values()]
    assert ansi.ansi and all(c.startswith("ansi_") for c in colours)
    assert not next(t for t in loaded if t.name == "synoptic-light").dark


@pytest.mark.parametrize("text, expected", [
    ('primary = "#123456"\n', "needs a name"),
    ('name = "x"\nprimary = "#123456"\nsparkle = true\n', "unknown field 'sparkle'"),
    ('name = "x"\nprimary = "not-a-colour"\n', "x.toml"),
    ('name = "x"\nprimary = "#123456"\ndark = "yes"\n', "dark must be true or false"),
    ('name = "x"\nprimary = \n', "not valid TOML"),
])
def test_bad_theme_files_give_one_line_naming_the_file(tmp_path, text, expected):
    path = tmp_path / "x.toml"
    path.write_text(text)
    with pytest.raises(ThemeError) as err:
        load_theme_file(path)
    message = str(err.value)
    assert "\n" not in message and str(path) in message and expected in message


def test_a_bad_file_does_not_hide_the_good_ones_and_later_folders_win(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "mine.toml").write_text(GOOD)
    (first / "broken.toml").write_text("name = ")
    (second / "mine.toml").write_text(GOOD.replace("#336699", "#996633"))
    loaded, errors = load_themes([first, second, tmp_path / "missing"])
    assert [t.name for t in loaded] == ["mine"] and loaded[0].primary == "#996633"
    assert len(errors) == 1 and "broken.toml" in errors[0]


def test_initial_theme_order(monkeypatch):
    available = {"synoptic-dark": 1, "synoptic-light": 2, "synoptic-ansi": 3}
    assert initial_theme(None, None, available) == ("synoptic-dark", None)
    assert initial_theme(None, "synoptic-light", available) == ("synoptic-light", None)
    assert initial_theme("synoptic-ansi", "synoptic-light", available) == ("synoptic-ansi", None)
    name, message = initial_theme("nope", None, available)
    assert name == "synoptic-dark" and "synoptic-light" in message and "nope" in message
    name, message = initial_theme(None, "deleted-theme", available)
    assert name == "synoptic-dark" and "deleted-theme" in message
    monkeypatch.setenv("NO_COLOR", "1")
    assert initial_theme(None, "synoptic-light", available) == ("synoptic-ansi", None)


def _app(**kwargs) -> SynopticApp:
    return SynopticApp(["."], StateStore.open(os.environ["SYNOPTIC_STATE"]), **kwargs)


def test_user_themes_are_offered_and_builtins_untouched(tmp_path, monkeypatch):
    (tmp_path / "mine.toml").write_text(GOOD)
    monkeypatch.setattr(themes, "user_themes_dir", lambda: tmp_path)
    app = _app(theme="mine")
    assert app.theme == "mine"
    assert app.get_theme("textual-dark") is BUILTIN_THEMES["textual-dark"]
    assert "mine" in app.extra_theme_names
    app.state.close()


def test_no_color_picks_the_ansi_theme_and_strips_colour(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = _app()
    assert app.theme == "synoptic-ansi"
    assert any(isinstance(f, NoColor) for f in app.get_line_filters())
    app.state.close()


def test_run_app_rejects_unknown_theme_with_one_line(tmp_path, capsys):
    code = run_app(paths=["."], state_file=tmp_path / "s.json", theme="no-such-theme")
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "no-such-theme" in err and "synoptic-dark" in err
    assert not (tmp_path / "s.json").exists()
