"""Where Synoptic keeps its files: the one place that resolves the data, cache and config
folders and the reading-state file. Every layer asks here; none reads the variables itself.

An environment variable wins: ``SYNOPTIC_DATA_DIR``, ``SYNOPTIC_CACHE_DIR``,
``SYNOPTIC_CONFIG_DIR``, and ``SYNOPTIC_STATE`` for the state file (else ``state.json`` in the
data folder). A value that is empty or only spaces counts as unset, and ``~`` is expanded.
Otherwise platformdirs gives the platform's folder for the user, always with
``appauthor=False``: with an author, Windows nests every folder one level deeper (under
``synoptic\\synoptic``), and a module that forgot it would look in another folder than the rest.

Plain Python below every layer (no Textual); platformdirs is imported only when a variable is
unset.
"""
from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "synoptic"


def from_env(name: str) -> Path | None:
    """The folder or file named by environment variable ``name``, None when unset or blank."""
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def data_dir() -> Path:
    """``$SYNOPTIC_DATA_DIR``, else the user's data folder for Synoptic."""
    env = from_env("SYNOPTIC_DATA_DIR")
    if env is not None:
        return env
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """``$SYNOPTIC_CACHE_DIR``, else the user's cache folder for Synoptic. Each cache keeps a
    subfolder of its own (``search``, ``quotes``, ``align``) or a named file in it."""
    env = from_env("SYNOPTIC_CACHE_DIR")
    if env is not None:
        return env
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """``$SYNOPTIC_CONFIG_DIR``, else the user's config folder for Synoptic (``keymap.toml``,
    ``themes/``)."""
    env = from_env("SYNOPTIC_CONFIG_DIR")
    if env is not None:
        return env
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def state_path() -> Path:
    """``$SYNOPTIC_STATE``, else ``state.json`` in the data folder."""
    return from_env("SYNOPTIC_STATE") or data_dir() / "state.json"
