"""Theme files: TOML tables mapping onto ``textual.theme.Theme`` fields.

Bundled themes live in ``themes/`` beside the package; users add their own in ``themes/*.toml``
of the config folder (tui/paths.py; a user theme with a bundled theme's name replaces it).
Themes are registered on the app as new objects: Textual's built-in themes are never changed.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path

from textual.theme import Theme

from tui import THEMES_DIR

DEFAULT_THEME = "synoptic-dark"
# NO_COLOR asks programs not to add colour: the ANSI theme only names terminal palette colours,
# and Textual's own NO_COLOR filter then renders it without colour.
NO_COLOR_THEME = "synoptic-ansi"

_FIELDS = {f.name: f for f in dataclasses.fields(Theme)}
_STRING_FIELDS = {"primary", "secondary", "warning", "error", "success", "accent", "foreground",
                  "background", "surface", "panel", "boost"}


class ThemeError(Exception):
    """A theme file that cannot be used; ``str()`` is one line naming the file."""


def user_themes_dir() -> Path:
    from tui.paths import config_dir

    return config_dir() / "themes"


def theme_dirs() -> list[Path]:
    return [THEMES_DIR, user_themes_dir()]


def theme_from_mapping(data: dict, source: str = "<theme>") -> Theme:
    """Build a Theme from a parsed TOML table, checking field names and types."""
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise ThemeError(f"{source}: needs a name = \"...\" line")
    if not isinstance(data.get("primary"), str):
        raise ThemeError(f"{source}: needs a primary colour")
    kwargs: dict = {}
    for key, value in data.items():
        field = key.replace("-", "_")
        if field not in _FIELDS:
            raise ThemeError(f"{source}: unknown field {key!r}")
        if field in _STRING_FIELDS and not isinstance(value, str):
            raise ThemeError(f"{source}: {key} must be a colour string")
        if field in ("dark", "ansi") and not isinstance(value, bool):
            raise ThemeError(f"{source}: {key} must be true or false")
        if field in ("luminosity_spread", "text_alpha") and not isinstance(value, (int, float)):
            raise ThemeError(f"{source}: {key} must be a number")
        if field == "variables":
            if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
                raise ThemeError(f"{source}: [variables] must map names to strings")
            value = dict(value)
        kwargs[field] = value
    kwargs["name"] = kwargs["name"].strip()
    theme = Theme(**kwargs)
    try:
        # Catches bad colour names now, with the file name, instead of at first paint.
        theme.to_color_system().generate()
    except Exception as e:  # Textual raises several types for bad colours
        raise ThemeError(f"{source}: {e}".splitlines()[0]) from None
    return theme


def load_theme_file(path: Path) -> Theme:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ThemeError(f"{path}: cannot read ({e.strerror or e})") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ThemeError(f"{path}: not valid TOML ({e})") from None
    return theme_from_mapping(data, str(path))


_loaded: dict[tuple[Path, ...], tuple[list[Theme], list[str]]] = {}


def load_themes(dirs: list[Path] | None = None) -> tuple[list[Theme], list[str]]:
    """Every theme in ``dirs`` (later folders win on a name clash) and one error line per bad
    file. A missing folder is not an error: most users have no theme folder. Remembered per
    process: run_app validates ``--theme`` and the app registers the same themes."""
    key = tuple(Path(d) for d in (theme_dirs() if dirs is None else dirs))
    if key not in _loaded:
        _loaded[key] = _load_themes(list(key))
    themes, errors = _loaded[key]
    return list(themes), list(errors)


def _load_themes(dirs: list[Path]) -> tuple[list[Theme], list[str]]:
    found: dict[str, Theme] = {}
    errors: list[str] = []
    for folder in dirs:
        try:
            files = sorted(p for p in Path(folder).glob("*.toml") if p.is_file())
        except OSError:
            continue
        for path in files:
            try:
                theme = load_theme_file(path)
            except ThemeError as e:
                errors.append(str(e))
                continue
            found[theme.name] = theme
    return list(found.values()), errors


def initial_theme(requested: str | None, remembered: str | None, available: dict) -> tuple[str, str | None]:
    """The theme to start with and an optional one-line message.

    An explicit ``--theme`` wins, then the theme remembered in settings, then NO_COLOR's ANSI
    theme or the default."""
    names = ", ".join(sorted(available))
    if requested:
        if requested in available:
            return requested, None
        return _fallback(available), f"unknown theme {requested!r}; available: {names}"
    if remembered and remembered in available and "NO_COLOR" not in os.environ:
        return remembered, None
    message = None
    if remembered and remembered not in available:
        message = f"theme {remembered!r} is no longer available; using {_fallback(available)}"
    return _fallback(available), message


def _fallback(available: dict) -> str:
    if "NO_COLOR" in os.environ and NO_COLOR_THEME in available:
        return NO_COLOR_THEME
    if DEFAULT_THEME in available:
        return DEFAULT_THEME
    return "textual-dark"
