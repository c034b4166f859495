"""Two processes saving into one state file at the same time lose no update."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import tui
from tui.state import StateStore

ROOT = Path(tui.__file__).resolve().parent.parent
WRITES = 20       # each process writes at least this many times...
INTERLEAVED = 3   # ...and until it has found the other's write in the file this many times
TIMEOUT = 60.0    # seconds: a writer that gets nowhere fails rather than hangs

# Each writer counts writes, not seconds, so a loaded machine slows the test without
# weakening it. A writer keeps writing until both are satisfied (written WRITES times and seen
# the other's write INTERLEAVED times): while either still waits, both still write, so the
# saves really contend for the file.
WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, sys.argv[4])
    from tui.state import Anchor, StateStore

    path, me, ready_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    store = StateStore.open(path)
    open(f"{ready_dir}/ready-{me}", "w").close()
    while len([f for f in os.listdir(ready_dir) if f.startswith("ready-")]) < 2:
        time.sleep(0.001)  # both begin together, so their writes interleave
    other = "right" if me == "left" else "left"
    deadline = time.monotonic() + TIMEOUT
    i = interleaved = 0
    theirs = None
    while len([f for f in os.listdir(ready_dir) if f.startswith("done-")]) < 2:
        if time.monotonic() > deadline:
            sys.exit(f"{me}: {i} writes, the other's seen {interleaved} times at the deadline")
        now = store.get_setting(f"count-{other}")
        if now != theirs:
            interleaved += theirs is not None  # the other saved since this one's last save
            theirs = now
        store.set_setting(f"count-{me}", i)
        store.set_position(Anchor(f"{me}-{i}", i, i % 3))
        store.set_setting("last_writer", f"{me}-{i}")  # the same key from both: last one wins
        if i % 4 == 0:
            store.add_bookmark({"kind": "passage", "article_id": f"{me}-{i}", "note": f"{me}-{i}"})
        if i % 9 == 0:
            store.add_correction(me, "other", "paragraph", "link", [i], [i])
        store.flush()
        i += 1
        if i >= WRITES and interleaved >= INTERLEAVED:
            open(f"{ready_dir}/done-{me}", "a").close()
    store.close()
    print(i, interleaved, len(store.messages))
""").replace("TIMEOUT", repr(TIMEOUT)).replace("WRITES", repr(WRITES)).replace(
    "INTERLEAVED", repr(INTERLEAVED))


def test_two_processes_lose_no_update(tmp_path):
    path = tmp_path / "state.json"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    procs = {me: subprocess.Popen([sys.executable, str(script), str(path), me, str(tmp_path),
                                   str(ROOT)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True)
             for me in ("left", "right")}
    counts = {}
    for me, proc in procs.items():
        out, err = proc.communicate(timeout=TIMEOUT + 60)
        assert proc.returncode == 0, err
        count, interleaved, messages = map(int, out.split())
        assert messages == 0
        assert count >= WRITES and interleaved >= INTERLEAVED  # both wrote, in turns
        counts[me] = count

    data = json.loads(path.read_bytes())
    store = StateStore.open(path)
    assert store.messages == []
    for me, count in counts.items():
        for i in range(count):
            assert data["positions"].get(f"{me}-{i}") == {"passage": i, "line": i % 3}, (me, i)
        expected_notes = {f"{me}-{i}" for i in range(0, count, 4)}
        notes = {b["note"] for b in store.list_bookmarks() if b["note"].startswith(me + "-")}
        assert notes == expected_notes
        assert [{k: r[k] for k in ("op", "left", "right")}
                for r in store.corrections(me, "other", "paragraph")] == [
            {"op": "link", "left": {"paragraphs": [i]}, "right": {"paragraphs": [i]}}
            for i in range(0, count, 9)]
    # Every flush carries the setting, so the file holds the final value of whichever process
    # saved last: an older value means a save was lost or overwritten by a stale copy.
    finals = {f"{me}-{count - 1}" for me, count in counts.items()}
    assert store.get_setting("last_writer") in finals
    assert data["settings"]["last_writer"]["value"] in finals
