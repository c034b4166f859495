"""tui.atomic.write_atomic: all or nothing, no temp file left behind."""
from __future__ import annotations

import os

import pytest

from tui import atomic


def test_replaces_the_file_and_creates_its_folder(tmp_path):
    target = tmp_path / "deep" / "index.json"
    atomic.write_atomic(target, "first ✓")
    atomic.write_atomic(target, b"second", durable=True)
    assert target.read_bytes() == b"second"
    assert os.listdir(target.parent) == ["index.json"]


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temp_file(tmp_path, monkeypatch):
    target = tmp_path / "index.json"
    target.write_text("old")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert os.listdir(tmp_path) == ["index.json"]
