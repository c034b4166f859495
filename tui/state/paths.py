"""Where reading state and caches live: an environment variable wins, else platformdirs."""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_cache_dir, user_data_dir

APP_NAME = "synoptic"


def _from_env(name: str) -> Path | None:
    value = os.environ.get(name, "").strip()
    return Path(value).expanduser() if value else None


def default_state_path() -> Path:
    """``$SYNOPTIC_STATE`` if set, else ``state.json`` in the user's data directory."""
    # appauthor=False: on Windows platformdirs would otherwise nest the folder under an author.
    return (_from_env("SYNOPTIC_STATE")
            or Path(user_data_dir(APP_NAME, appauthor=False)) / "state.json")


def default_cache_dir() -> Path:
    """``$SYNOPTIC_CACHE_DIR`` if set, else the user's cache directory for Synoptic."""
    return _from_env("SYNOPTIC_CACHE_DIR") or Path(user_cache_dir(APP_NAME, appauthor=False))
