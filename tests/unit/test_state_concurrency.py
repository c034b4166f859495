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
DURATION = 2.5

WRITER = textwrap.dedent("""
    import os, sys, time
    sys.path.insert(0, sys.argv[4])
    from tui.state import Anchor, StateStore

    path, me, ready_dir = sys.argv[1], sys.argv[2], sys.argv[3]
    store = StateStore.open(path)
    open(f"{ready_dir}/ready-{me}", "w").close()
    while len([f for f in os.listdir(ready_dir) if f.startswith("ready-")]) < 2:
        time.sleep(0.001)  # both begin together, so their writes interleave
    start = time.time()
    i = 0
    while time.time() < start + DURATION:
        store.set_position(Anchor(f"{me}-{i}", i, i % 3))
        store.set_setting("last_writer", f"{me}-{i}")  # the same key from both: last one wins
        if i % 4 == 0:
            store.add_bookmark({"kind": "passage", "article_id": f"{me}-{i}", "note": f"{me}-{i}"})
        if i % 9 == 0:
            store.add_correction(me, "other", "paragraph", "link", [i], [i])
        store.flush()
        i += 1
    store.close()
    print(i, len(store.messages))
""").replace("DURATION", repr(DURATION))


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
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        count, messages = map(int, out.split())
        assert messages == 0
        counts[me] = count
    assert min(counts.values()) >= 10  # both really wrote, many times

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
