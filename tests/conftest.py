"""Shared fixtures. Every test runs with SYNOPTIC_STATE, the cache, data and config folders
pointed at a temp folder and no configured library, so no test ever touches the user's real
reading state, library or keymap."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red build must be reproducible, and a rare
# example found by chance belongs in a test of its own); locally each run explores new ones.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

from tui import SEEDS_DIR

SEED_000 = SEEDS_DIR / "000_18ebbd46ec4c8f7e.txt"
SEED_002 = SEEDS_DIR / "002_ab554daf6d20ffd4.txt"
SEED_003 = SEEDS_DIR / "003_037d25ccf4b93274.txt"


@pytest.fixture(autouse=True)
def isolated_state(tmp_path, monkeypatch) -> Path:
    state = tmp_path / "state" / "state.json"
    monkeypatch.setenv("SYNOPTIC_STATE", str(state))
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("SYNOPTIC_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SYNOPTIC_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.delenv("SYNOPTIC_LIBRARY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    # An app closed earlier in this process (app tests run in-process) refuses new child jobs
    # for good, as a leaving app must; a test that runs jobs itself starts from an open state.
    childjob = sys.modules.get("tui.childjob")
    if childjob is not None:
        childjob.reopen()
    return state


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS_DIR
