"""StateStore: every public method, persistence round trips, and merging between two stores."""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import platformdirs
import pytest
from tinydb import TinyDB

from tui.state import SCHEMA_VERSION, Anchor, StateStore, default_cache_dir, default_state_path


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "data" / "state.json"


def on_disk(path: Path) -> dict:
    return json.loads(path.read_bytes())


def quote(**extra) -> dict:
    record = {"kind": "quote", "article_id": "a1", "path": "/x/a1.txt", "title": "Title",
              "outlet": "CNN", "date": "2022-03-10", "start": 10, "end": 42, "text": "useful",
              "speaker": "Zelensky", "note": "", "tags": []}
    record.update(extra)
    return record


# --- paths -----------------------------------------------------------------------------------

def test_default_paths_follow_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SYNOPTIC_STATE", str(tmp_path / "s.json"))
    monkeypatch.setenv("SYNOPTIC_CACHE_DIR", str(tmp_path / "c"))
    assert default_state_path() == tmp_path / "s.json"
    assert default_cache_dir() == tmp_path / "c"


def test_default_paths_fall_back_to_platformdirs(monkeypatch):
    monkeypatch.delenv("SYNOPTIC_STATE")
    monkeypatch.delenv("SYNOPTIC_CACHE_DIR")
    monkeypatch.delenv("SYNOPTIC_DATA_DIR")
    assert default_state_path() == Path(platformdirs.user_data_dir("synoptic", appauthor=False),
                                        "state.json")
    assert default_cache_dir() == Path(platformdirs.user_cache_dir("synoptic", appauthor=False))


def test_open_without_path_uses_default(isolated_state):
    with StateStore.open() as store:
        store.set_setting("theme", "light")
    assert on_disk(isolated_state)["settings"]["theme"] == {"value": "light"}


# --- anchors and positions -------------------------------------------------------------------

@pytest.mark.parametrize("args", [("", 1, 0), ("a", -1, 0), ("a", 1, -2), ("a", 1.5, 0),
                                  ("a", True, 0), (None, 0, 0)])
def test_anchor_rejects_bad_values(args):
    with pytest.raises(ValueError):
        Anchor(*args)


def test_position_round_trip(path):
    store = StateStore.open(path)
    assert store.get_position("a1") is None
    store.set_position(Anchor("a1", 7, 2))
    store.set_position(Anchor("b2", 3))
    assert store.get_position("a1") == Anchor("a1", 7, 2)
    store.close()
    again = StateStore.open(path)
    assert again.get_position("a1") == Anchor("a1", 7, 2)
    assert again.get_position("b2") == Anchor("b2", 3, 0)
    assert again.messages == [] and not again.read_only


def test_set_position_is_memory_only_until_flush(path):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    assert store.dirty and not path.exists()
    store.flush()
    assert not store.dirty
    assert on_disk(path)["positions"]["a1"] == {"passage": 1, "line": 0}
    store.set_position(Anchor("a1", 2, 5))
    assert on_disk(path)["positions"]["a1"] == {"passage": 1, "line": 0}
    store.flush()
    assert on_disk(path)["positions"]["a1"] == {"passage": 2, "line": 5}


def test_flush_without_changes_does_not_write(path):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 1))
    store.flush()
    before = os.stat(path)
    store.flush()
    store.set_position(Anchor("a1", 1))  # the same place: nothing to save
    assert not store.dirty
    store.flush()
    after = os.stat(path)
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)


def test_set_position_rejects_non_anchor(path):
    with pytest.raises(TypeError):
        StateStore.open(path).set_position(("a1", 1, 0))


# --- settings and session --------------------------------------------------------------------

def test_settings_round_trip_and_copies(path):
    store = StateStore.open(path)
    assert store.get_setting("theme") is None
    assert store.get_setting("theme", "dark") == "dark"
    store.set_setting("theme", "light")
    store.set_setting("library_paths", ["/a", "/b"])
    got = store.get_setting("library_paths")
    got.append("/c")  # the caller's copy, not the store's
    assert store.get_setting("library_paths") == ["/a", "/b"]
    keymap = {"reader.next": "j", "nested": {"keys": ["x"]}}
    store.set_setting("keymap", keymap)
    keymap["reader.next"] = "n"          # the caller keeps changing its dict afterwards
    keymap["nested"]["keys"].append("y")
    assert store.get_setting("keymap") == {"reader.next": "j", "nested": {"keys": ["x"]}}
    session = {"screen": "reader", "stack": ["library"]}
    store.set_session(session)
    session["stack"].append("compare")
    assert store.get_session() == {"screen": "reader", "stack": ["library"]}
    store.close()
    again = StateStore.open(path)
    assert again.get_setting("theme") == "light"
    assert again.get_setting("library_paths") == ["/a", "/b"]
    assert again.get_setting("keymap") == {"reader.next": "j", "nested": {"keys": ["x"]}}


@pytest.mark.parametrize("key,value", [("", 1), ("x", object()), ("x", float("nan")),
                                       ("x", {1: {2}})])
def test_set_setting_rejects_unstorable(path, key, value):
    store = StateStore.open(path)
    with pytest.raises(ValueError):
        store.set_setting(key, value)
    assert not store.dirty


def test_session_round_trip_replaces(path):
    store = StateStore.open(path)
    assert store.get_session() is None
    store.set_session({"screen": "compare", "article_id": "a1", "passage": 3, "right_id": "b2"})
    store.set_session({"screen": "reader", "article_id": "a1", "passage": 4})
    assert store.get_session() == {"screen": "reader", "article_id": "a1", "passage": 4}
    store.close()
    assert StateStore.open(path).get_session() == {"screen": "reader", "article_id": "a1",
                                                   "passage": 4}
    with pytest.raises(TypeError):
        store.set_session(["reader"])


# --- bookmarks -------------------------------------------------------------------------------

def test_add_bookmark_persists_at_once(path):
    store = StateStore.open(path)
    record = quote(tags=["ukraine"])
    bid = store.add_bookmark(record)
    assert isinstance(bid, str) and bid
    assert "id" not in record  # the caller's dict is left alone
    other = StateStore.open(path)  # no flush, no close: already on disk
    [saved] = other.list_bookmarks()
    assert saved["id"] == bid and saved["text"] == "useful" and saved["tags"] == ["ukraine"]
    assert datetime.fromisoformat(saved["created"]).tzinfo is not None
    assert {k: saved[k] for k in record} == record


def test_bookmarks_listed_oldest_first(path):
    store = StateStore.open(path)
    ids = [store.add_bookmark(quote(text=f"q{i}")) for i in range(5)]
    assert [b["id"] for b in store.list_bookmarks()] == ids
    assert [b["text"] for b in StateStore.open(path).list_bookmarks()] == [f"q{i}" for i in
                                                                          range(5)]


def test_update_bookmark(path):
    store = StateStore.open(path)
    bid = store.add_bookmark(quote())
    store.update_bookmark(bid, note="check the translation", tags=["diff"])
    [saved] = StateStore.open(path).list_bookmarks()
    assert saved["note"] == "check the translation" and saved["tags"] == ["diff"]
    assert saved["text"] == "useful"
    store.update_bookmark("no-such-id", note="x")  # deleted elsewhere: nothing happens
    with pytest.raises(ValueError):
        store.update_bookmark(bid, id="other")
    with pytest.raises(ValueError):
        store.update_bookmark(bid, tags="not-a-list")


def test_delete_and_restore_bookmark(path):
    store = StateStore.open(path)
    first, second, third = (store.add_bookmark(quote(text=t)) for t in ("a", "b", "c"))
    removed = store.delete_bookmark(second)
    assert removed is not None and removed["id"] == second and removed["text"] == "b"
    assert [b["id"] for b in StateStore.open(path).list_bookmarks()] == [first, third]
    assert store.delete_bookmark(second) is None
    store.restore_bookmark(removed)
    listed = StateStore.open(path).list_bookmarks()
    assert [b["id"] for b in listed] == [first, second, third]  # back in its place
    assert listed[1] == removed


@pytest.mark.parametrize("record", [quote(kind="note"), quote(article_id=""), quote(tags="x"),
                                    quote(tags=[1]), quote(text=object())])
def test_add_bookmark_rejects_bad_records(path, record):
    store = StateStore.open(path)
    with pytest.raises(ValueError):
        store.add_bookmark(record)
    assert store.list_bookmarks() == []


# --- corrections -----------------------------------------------------------------------------

def test_corrections_in_order_per_pair_and_unit(path):
    store = StateStore.open(path)
    store.add_correction("a", "b", "paragraph", "link", [1], [2, 3])
    store.add_correction("a", "b", "sentence", "link", [4], [4])
    store.add_correction("b", "a", "paragraph", "unlink", [0], [0])
    store.add_correction("a", "b", "paragraph", "unlink", [5], [6])
    expected = [{"op": "link", "left": {"paragraphs": [1]}, "right": {"paragraphs": [2, 3]}},
                {"op": "unlink", "left": {"paragraphs": [5]}, "right": {"paragraphs": [6]}}]
    assert bare(store.corrections("a", "b", "paragraph")) == expected
    other = StateStore.open(path)  # persisted at once
    assert bare(other.corrections("a", "b", "paragraph")) == expected
    assert bare(other.corrections("b", "a", "paragraph")) == [
        {"op": "unlink", "left": {"paragraphs": [0]}, "right": {"paragraphs": [0]}}]
    assert bare(other.corrections("a", "b", "sentence")) == [
        {"op": "link", "left": {"sentences": [4]}, "right": {"sentences": [4]}}]
    assert other.corrections("a", "c", "paragraph") == []
    # either order: the record stored for (b, a) reads with its sides swapped
    both = other.corrections("a", "b", "paragraph", either_order=True)
    assert [r["op"] for r in both] == ["link", "unlink", "unlink"]
    assert both[1]["swapped"] and both[1]["left"] == {"paragraphs": [0]}


def bare(records):
    return [{k: r[k] for k in ("op", "left", "right")} for r in records]


def test_correction_ids_delete_and_text_anchors(path):
    store = StateStore.open(path)
    text_anchor = {"texts": ["Storms hit the coast."], "occurrences": [0], "start": 10}
    first = store.add_correction("a", "b", "sentence", "link", text_anchor, text_anchor)
    second = store.add_correction("a", "b", "sentence", "unlink", text_anchor, text_anchor)
    assert [r["id"] for r in store.corrections("a", "b", "sentence")] == [first, second]
    assert store.delete_correction(first)["op"] == "link"
    assert store.delete_correction(first) is None
    other = StateStore.open(path)
    assert bare(other.corrections("a", "b", "sentence")) == [
        {"op": "unlink", "left": text_anchor, "right": text_anchor}]
    new = {"texts": ["Storms hit."], "occurrences": [0], "start": 0}
    other.replace_correction_anchors(second, new, text_anchor)
    assert bare(StateStore.open(path).corrections("a", "b", "sentence"))[0]["left"] == new


@pytest.mark.parametrize("args", [("a", "b", "paragraph", "merge", [1], [1]),
                                  ("a", "b", "paragraph", "link", [-1], [1]),
                                  ("a", "b", "paragraph", "link", [1], ["1"]),
                                  ("a", "b", "paragraph", "link", [], [1]),
                                  ("a", "b", "clause", "link", [1], [1]),
                                  ("a", "b", "sentence", "link", {}, [1]),
                                  ("", "b", "paragraph", "link", [1], [1])])
def test_add_correction_rejects_bad_input(path, args):
    with pytest.raises(ValueError):
        StateStore.open(path).add_correction(*args)


# --- the file --------------------------------------------------------------------------------

def test_file_is_a_versioned_tinydb_database(path):
    store = StateStore.open(path)
    store.set_position(Anchor("a1", 4, 1))
    store.set_setting("theme", "light")
    bid = store.add_bookmark(quote())
    store.close()
    data = on_disk(path)
    assert data["meta"]["schema"] == {"version": SCHEMA_VERSION}
    with TinyDB(path, access_mode="r") as db:  # plain TinyDB reads it
        assert db.table("positions").get(doc_id="a1") == {"passage": 4, "line": 1}
        assert db.table("bookmarks").get(doc_id=bid)["text"] == "useful"


def test_nothing_created_until_something_is_saved(path):
    store = StateStore.open(path)
    store.get_position("a1")
    store.close()
    assert not path.exists()


def test_stale_temp_files_are_removed_on_open(path):
    StateStore.open(path).close()
    stale = path.with_name(path.name + ".99999.tmp")
    stale.write_text('{"half')
    StateStore.open(path)
    assert not stale.exists()


def test_store_keeps_working_in_memory_after_close(path):
    store = StateStore.open(path)
    store.close()
    store.set_position(Anchor("a1", 1))
    store.flush()
    assert store.get_position("a1") == Anchor("a1", 1)
    assert not path.exists()


# --- two stores on one file ------------------------------------------------------------------

def test_two_stores_lose_no_update(path):
    a, b = StateStore.open(path), StateStore.open(path)
    a.set_position(Anchor("from-a", 1))
    b.set_position(Anchor("from-b", 2))
    a.set_setting("theme", "light")
    a.flush()
    b.flush()  # b must merge a's write, not overwrite it
    a.set_position(Anchor("from-a-2", 3))
    a.flush()
    data = on_disk(path)
    assert set(data["positions"]) == {"from-a", "from-b", "from-a-2"}
    assert data["settings"]["theme"] == {"value": "light"}
    assert b.get_position("from-a-2") == Anchor("from-a-2", 3)  # b sees a's later write


def test_same_key_last_flush_wins(path):
    a, b = StateStore.open(path), StateStore.open(path)
    a.set_position(Anchor("x", 1))
    b.set_position(Anchor("x", 2))
    b.flush()
    a.flush()
    assert StateStore.open(path).get_position("x") == Anchor("x", 1)


def test_bookmark_added_elsewhere_is_listed(path):
    a, b = StateStore.open(path), StateStore.open(path)
    a.list_bookmarks()
    bid = b.add_bookmark(quote())
    assert [r["id"] for r in a.list_bookmarks()] == [bid]
    b.add_correction("l", "r", "paragraph", "link", [0], [0])
    assert bare(a.corrections("l", "r", "paragraph")) == [
        {"op": "link", "left": {"paragraphs": [0]}, "right": {"paragraphs": [0]}}]


def test_edits_of_different_fields_merge(path):
    a = StateStore.open(path)
    bid = a.add_bookmark(quote())
    b = StateStore.open(path)
    b.update_bookmark(bid, tags=["b"])
    a.update_bookmark(bid, note="from a")
    [saved] = StateStore.open(path).list_bookmarks()
    assert saved["tags"] == ["b"] and saved["note"] == "from a"


def test_delete_elsewhere_wins_over_edit(path):
    a = StateStore.open(path)
    bid = a.add_bookmark(quote())
    b = StateStore.open(path)
    b.delete_bookmark(bid)
    a.update_bookmark(bid, note="too late")
    assert StateStore.open(path).list_bookmarks() == []
    assert a.list_bookmarks() == []


def test_pending_changes_survive_a_reload(path):
    a, b = StateStore.open(path), StateStore.open(path)
    a.set_position(Anchor("mine", 5))
    b.set_position(Anchor("theirs", 6))
    b.flush()
    assert a.get_position("theirs") == Anchor("theirs", 6)  # reload...
    assert a.get_position("mine") == Anchor("mine", 5)  # ...keeps what a has not saved
    assert a.dirty
    a.flush()
    assert set(on_disk(path)["positions"]) == {"mine", "theirs"}


def test_symlinked_state_file_stays_a_symlink(tmp_path):
    real = tmp_path / "elsewhere" / "real.json"
    real.parent.mkdir()
    StateStore.open(real).close()
    link = tmp_path / "state.json"
    link.symlink_to(real)
    with StateStore.open(link) as store:
        store.set_position(Anchor("a1", 2))
    assert link.is_symlink()
    assert on_disk(real)["positions"]["a1"] == {"passage": 2, "line": 0}


def test_file_permissions_survive_rewrites(path):
    with StateStore.open(path) as store:
        store.set_position(Anchor("a1", 1))
    path.chmod(0o600)
    with StateStore.open(path) as store:
        store.set_position(Anchor("a1", 2))
    assert path.stat().st_mode & 0o777 == 0o600
    assert on_disk(path)["positions"]["a1"]["passage"] == 2


def test_merging_without_pinned_inodes(path, monkeypatch):
    # Windows cannot keep the file open while renaming over it; the change check then rests
    # on size and mtime alone.
    import tui.state.storage as storage

    monkeypatch.setattr(storage, "_PIN_INODES", False)
    a, b = StateStore.open(path), StateStore.open(path)
    a.set_position(Anchor("from-a", 1))
    a.flush()
    b.set_position(Anchor("from-b", 2))
    b.flush()
    assert set(on_disk(path)["positions"]) == {"from-a", "from-b"}
    assert a.get_position("from-b") == Anchor("from-b", 2)


def test_schema_1_corrections_become_index_anchors(path):
    # a schema-1 file: corrections as unit indices (the compare view stored paragraphs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "meta": {"schema": {"version": 1}},
        "corrections": {
            "1": {"left_id": "a", "right_id": "b", "unit": "paragraph", "op": "link",
                  "left": [4], "right": [6, 7]},
            "2": {"left_id": "a", "right_id": "b", "unit": "sentence", "op": "unlink",
                  "left": [1], "right": [2]},
            "3": {"left_id": "a", "right_id": "b", "unit": "clause", "op": "link",
                  "left": [1], "right": [2]}}}))
    store = StateStore.open(path)
    assert store.messages == []
    assert bare(store.corrections("a", "b", "paragraph")) == [
        {"op": "link", "left": {"paragraphs": [4]}, "right": {"paragraphs": [6, 7]}}]
    assert bare(store.corrections("a", "b", "sentence")) == [
        {"op": "unlink", "left": {"sentences": [1]}, "right": {"sentences": [2]}}]
    assert store.corrections("a", "b", "clause") == []  # clause indices cannot be mapped
    assert on_disk(path)["meta"]["schema"] == {"version": SCHEMA_VERSION}
