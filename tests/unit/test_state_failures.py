"""StateStore when the file or folder misbehaves: corrupt, unreadable, read-only, newer schema,
old schema, locked by another process, write errors. None of these may raise."""
from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import tui.state.schema as schema
import tui.state.storage as storage
from tui.state import Anchor, StateStore


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "data" / "state.json"


def write_raw(path: Path, raw: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)


def aside_files(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


def assert_usable(path: Path, store: StateStore) -> None:
    store.set_position(Anchor("after", 1))
    store.add_bookmark({"kind": "passage", "article_id": "after", "text": "t"})
    store.close()
    again = StateStore.open(path)
    assert again.messages == []
    assert again.get_position("after") == Anchor("after", 1)
    assert len(again.list_bookmarks()) == 1


# --- corrupt and unreadable files ------------------------------------------------------------

CORRUPT = {
    "bad json": b'{"positions": {"a1": {"passage": 1',
    "binary garbage": bytes(range(256)) * 4,
    "nul bytes": b"\x00" * 512,
    "not an object": b"[1, 2, 3]",
    "table not an object": b'{"positions": [1, 2]}',
    "document not an object": b'{"positions": {"a1": 5}}',
    "bad schema version": b'{"meta": {"schema": {"version": "one"}}}',
    "deeply nested": b"[" * 100_000,
}


@pytest.mark.parametrize("raw", CORRUPT.values(), ids=CORRUPT.keys())
def test_corrupt_file_moved_aside_and_store_starts_clean(path, raw):
    write_raw(path, raw)
    store = StateStore.open(path)
    [aside] = aside_files(path)
    assert re.fullmatch(r"state\.json\.corrupt-\d{8}T\d{6}", aside.name)
    assert aside.read_bytes() == raw  # kept for the user, byte for byte
    [message] = store.messages
    assert "corrupt" in message and "moved aside" in message and str(aside) in message
    assert "\n" not in message
    assert not store.read_only and store.get_position("a1") is None
    assert not path.exists()
    assert_usable(path, store)


def test_two_corruptions_in_one_second_keep_both(path, monkeypatch):
    monkeypatch.setattr(storage.time, "strftime", lambda fmt: "20240101T000000")
    write_raw(path, b"{first")
    StateStore.open(path)
    write_raw(path, b"{second")
    StateStore.open(path)
    asides = aside_files(path)
    assert [p.read_bytes() for p in asides] == [b"{first", b"{second"]
    assert asides[1].name.endswith("-2")


def test_unreadable_file_moved_aside(path, monkeypatch):
    # We run as root, so chmod cannot make the file unreadable: refuse the read instead.
    write_raw(path, b'{"positions": {}}')
    real_open = os.open

    def refusing_open(p, flags, *args, **kwargs):
        if Path(p) == path and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(p))
        return real_open(p, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refusing_open)
    store = StateStore.open(path)
    [message] = store.messages
    assert message.startswith("State file was unreadable (Permission denied); moved aside to")
    assert len(aside_files(path)) == 1
    monkeypatch.setattr(os, "open", real_open)
    assert_usable(path, store)


def test_corrupt_file_that_cannot_be_moved_is_left_alone(path, monkeypatch):
    write_raw(path, b"{garbage")

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "rename", refuse)
    store = StateStore.open(path)
    assert store.read_only
    [message] = store.messages
    assert "could not be moved aside" in message and "memory only" in message
    store.set_position(Anchor("a1", 2))
    store.add_bookmark({"kind": "quote", "article_id": "a1", "text": "q"})
    store.flush()
    store.close()
    assert path.read_bytes() == b"{garbage"  # the user's data was not destroyed
    assert store.get_position("a1") == Anchor("a1", 2)
    assert len(store.list_bookmarks()) == 1


def test_file_corrupted_during_a_session(path):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    store.flush()
    path.write_bytes(b"\x89PNG not state")  # replaced behind our back
    store.set_position(Anchor("a2", 2))
    store.flush()
    assert any("moved aside" in m for m in store.messages)
    [aside] = aside_files(path)
    assert aside.read_bytes() == b"\x89PNG not state"
    data = json.loads(path.read_bytes())  # our whole memory became the file
    assert set(data["positions"]) == {"a1", "a2"}


def test_empty_file_is_a_new_store(path):
    write_raw(path, b"")
    store = StateStore.open(path)
    assert store.messages == [] and aside_files(path) == []
    assert_usable(path, store)


# --- read-only folders -----------------------------------------------------------------------

def exercise_in_memory(store: StateStore) -> None:
    store.set_position(Anchor("a1", 3, 1))
    store.set_setting("theme", "light")
    store.set_session({"screen": "reader", "article_id": "a1"})
    bid = store.add_bookmark({"kind": "quote", "article_id": "a1", "text": "q"})
    store.update_bookmark(bid, note="n")
    store.add_correction("a1", "b1", "paragraph", "link", [0], [1])
    store.flush()
    assert store.get_position("a1") == Anchor("a1", 3, 1)
    assert store.get_setting("theme") == "light"
    assert store.get_session() == {"screen": "reader", "article_id": "a1"}
    assert [b["note"] for b in store.list_bookmarks()] == ["n"]
    assert [{k: r[k] for k in ("op", "left", "right")}
            for r in store.corrections("a1", "b1", "paragraph")] == [
        {"op": "link", "left": {"paragraphs": [0]}, "right": {"paragraphs": [1]}}]
    removed = store.delete_bookmark(bid)
    assert store.list_bookmarks() == []
    store.restore_bookmark(removed)
    assert len(store.list_bookmarks()) == 1
    store.close()


def test_folder_that_cannot_be_created(tmp_path):
    # As root chmod does not stop us: a regular file where the folder should be does.
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    path = blocker / "state.json"
    store = StateStore.open(path)
    assert store.read_only
    [message] = store.messages
    assert "read-only" in message and "memory only" in message
    exercise_in_memory(store)
    assert blocker.read_text() == "x"


def test_state_path_that_is_a_folder(tmp_path):
    folder = tmp_path / "state.json"
    (folder / "inside").mkdir(parents=True)
    store = StateStore.open(folder)
    assert store.read_only
    [message] = store.messages
    assert "is a folder" in message
    exercise_in_memory(store)
    assert (folder / "inside").is_dir() and aside_files(folder) == []


def test_folder_becomes_read_only_at_write(path, monkeypatch):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    store.flush()
    before = path.read_bytes()

    def refuse(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", refuse)
    store.set_position(Anchor("a1", 2))
    store.flush()  # must not raise
    assert store.read_only
    assert any("read-only" in m and "memory only" in m for m in store.messages)
    assert path.read_bytes() == before
    assert list(path.parent.glob("*.tmp")) == []
    exercise_in_memory(store)
    assert path.read_bytes() == before


def test_transient_write_error_is_retried(path, monkeypatch):
    store = StateStore.open(path)
    real_fsync = os.fsync

    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    store.set_position(Anchor("a1", 1))
    store.add_bookmark({"kind": "quote", "article_id": "a1", "text": "q"})
    assert not store.read_only and store.dirty
    assert any("No space left" in m and "will retry" in m for m in store.messages)
    assert not path.exists() and list(path.parent.glob("*.tmp")) == []
    monkeypatch.setattr(os, "fsync", real_fsync)
    store.set_position(Anchor("a2", 2))
    store.flush()
    assert not store.dirty
    again = StateStore.open(path)
    assert again.get_position("a1") == Anchor("a1", 1)
    assert again.get_position("a2") == Anchor("a2", 2)
    assert len(again.list_bookmarks()) == 1


# --- schema versions -------------------------------------------------------------------------

def test_newer_schema_opens_read_only_and_is_not_overwritten(path):
    raw = json.dumps({"meta": {"schema": {"version": 99}},
                      "positions": {"a1": {"passage": 4, "line": 0}},
                      "future": {"x": {"y": 1}}}).encode()
    write_raw(path, raw)
    store = StateStore.open(path)
    assert store.read_only
    [message] = store.messages
    assert "newer" in message and "99" in message
    assert store.get_position("a1") == Anchor("a1", 4)
    exercise_in_memory(store)
    assert path.read_bytes() == raw


def test_newer_schema_written_during_a_session(path):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    store.flush()
    newer = json.dumps({"meta": {"schema": {"version": schema.SCHEMA_VERSION + 1}},
                        "positions": {}}).encode()
    path.write_bytes(newer)
    store.set_position(Anchor("a1", 2))
    store.flush()
    assert store.read_only and any("newer" in m for m in store.messages)
    assert path.read_bytes() == newer


def test_unversioned_file_is_migrated(path):
    # What plain TinyDB writes: integer ids, the article id inside the document.
    write_raw(path, json.dumps({
        "positions": {"1": {"article_id": "a1", "passage": 3, "line": 1},
                      "2": {"article_id": "b2", "passage": 9}},
        "settings": {"theme": {"value": "light"}}}).encode())
    store = StateStore.open(path)
    assert store.messages == []
    assert store.get_position("a1") == Anchor("a1", 3, 1)
    assert store.get_position("b2") == Anchor("b2", 9)
    assert store.get_setting("theme") == "light"
    data = json.loads(path.read_bytes())  # written back at once
    assert data["meta"]["schema"] == {"version": schema.SCHEMA_VERSION}
    assert data["positions"] == {"a1": {"passage": 3, "line": 1}, "b2": {"passage": 9}}


def test_migration_hook_runs_in_order(path, monkeypatch):
    store = StateStore.open(path)
    store.set_setting("colour_theme", "light")
    store.set_position(Anchor("a1", 1))
    store.close()
    seen = []

    current = schema.SCHEMA_VERSION

    def rename_setting(data):
        seen.append(schema.file_version(data))
        settings = data.setdefault("settings", {})
        if "colour_theme" in settings:
            settings["theme"] = settings.pop("colour_theme")
        return schema.stamp(data, current + 1)

    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, rename_setting)
    store = StateStore.open(path)
    assert seen == [current]
    assert store.messages == [] and not store.read_only
    assert store.get_setting("theme") == "light" and store.get_setting("colour_theme") is None
    assert store.get_position("a1") == Anchor("a1", 1)
    data = json.loads(path.read_bytes())
    assert data["meta"]["schema"] == {"version": current + 1}
    assert "colour_theme" not in data["settings"]


def test_migration_that_does_not_advance_is_a_bug(path, monkeypatch):
    current = schema.SCHEMA_VERSION
    write_raw(path, json.dumps({"meta": {"schema": {"version": current}}}).encode())
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, lambda data: data)
    with pytest.raises(RuntimeError):
        StateStore.open(path)


# --- the lock --------------------------------------------------------------------------------

def test_flush_waits_for_the_lock(path):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    holder = os.open(path.with_name("state.json.lock"), os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)  # another process's read-modify-write in progress
    done = threading.Event()
    t = threading.Thread(target=lambda: (store.flush(), done.set()))
    t.start()
    try:
        assert not done.wait(0.3)
        assert not path.exists()
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
    t.join(10)
    assert done.is_set() and json.loads(path.read_bytes())["positions"]["a1"]["passage"] == 1


def test_lock_held_too_long_gives_message_and_retry(path, monkeypatch):
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.05)
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    holder = os.open(path.with_name("state.json.lock"), os.O_RDWR)
    fcntl.flock(holder, fcntl.LOCK_EX)
    try:
        store.flush()
        assert store.dirty and any("locked by another process" in m for m in store.messages)
    finally:
        fcntl.flock(holder, fcntl.LOCK_UN)
        os.close(holder)
    store.flush()
    assert not store.dirty and path.exists()


_HOLD_LOCK = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o666)
fcntl.flock(fd, fcntl.LOCK_EX)
print("locked", flush=True)
sys.stdin.read()  # held until the test closes our stdin
"""


def test_opening_while_another_process_holds_the_lock_goes_read_only(path, monkeypatch):
    with StateStore.open(path) as first:
        first.set_position(Anchor("a1", 4))
    before = path.read_bytes()
    monkeypatch.setattr(storage, "LOCK_TIMEOUT", 0.2)
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK,
                               str(path.with_name("state.json.lock"))],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        store = StateStore.open(path)
        assert store.read_only
        assert any("locked by another process" in m and "memory only" in m
                   for m in store.messages), store.messages
        assert store.get_position("a1") == Anchor("a1", 4)  # what was saved is still read
        store.set_position(Anchor("a1", 9))
        store.add_bookmark({"kind": "passage", "article_id": "a1", "text": "t"})
        store.close()
        assert store.get_position("a1") == Anchor("a1", 9)   # kept in memory
    finally:
        holder.stdin.close()
        holder.wait(10)
    assert path.read_bytes() == before                      # and never written


def test_flush_in_a_thread_while_positions_change(path):
    # The app flushes from a worker thread while the UI thread records positions.
    store = StateStore.open(path)
    stop = threading.Event()

    def flusher():
        while not stop.is_set():
            store.flush()

    t = threading.Thread(target=flusher)
    t.start()
    try:
        for i in range(400):
            store.set_position(Anchor(f"a{i}", i))
            if i % 50 == 0:
                time.sleep(0.002)
                store.get_position("a0")
    finally:
        stop.set()
        t.join()
    store.close()
    positions = json.loads(path.read_bytes())["positions"]
    assert positions == {f"a{i}": {"passage": i, "line": 0} for i in range(400)}
