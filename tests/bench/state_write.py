"""Benchmark: cost of saving reading state with 10,000 stored positions.

Measures StateStore.flush after one changed position (the app's debounced save), a flush with
nothing to save, a flush right after another process wrote (re-read + merge), and, in the same
run, plain TinyDB JSONStorage upserting one document at the same size.

    python3 tests/bench/state_write.py [--positions 10000] [--rounds 200]

Prints readable lines, then one JSON line with every figure (milliseconds).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tinydb import Query, TinyDB  # noqa: E402
from tinydb.table import Document  # noqa: E402

from tui.state import Anchor, StateStore  # noqa: E402


def article_id(i: int) -> str:
    return hashlib.sha1(str(i).encode()).hexdigest()[:16]


def timed(fn, rounds: int) -> list[float]:
    out = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def summary(ms: list[float]) -> dict[str, float]:
    ms = sorted(ms)
    return {"median": round(statistics.median(ms), 3),
            "p95": round(ms[min(len(ms) - 1, int(len(ms) * 0.95))], 3),
            "n": len(ms)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--positions", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=200)
    args = ap.parse_args()
    n, rounds = args.positions, args.rounds
    rng = random.Random(7)
    ids = [article_id(i) for i in range(n)]

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "state.json"
        store = StateStore.open(path)
        for i, aid in enumerate(ids):
            store.set_position(Anchor(aid, i % 400, i % 9))
        t0 = time.perf_counter()
        store.flush()
        first_ms = (time.perf_counter() - t0) * 1000
        size = path.stat().st_size

        flush_times = []
        for r in range(rounds):
            store.set_position(Anchor(rng.choice(ids), 1000 + r, r % 5))
            t0 = time.perf_counter()
            store.flush()
            flush_times.append((time.perf_counter() - t0) * 1000)
        assert not store.dirty

        # Diagnosis only: the same flushes with fsync stubbed out, to separate our CPU cost
        # from the disk's (on a busy shared disk fsync dominates and varies a lot).
        real_fsync = os.fsync
        os.fsync = lambda fd: None
        try:
            no_fsync = []
            for r in range(rounds):
                store.set_position(Anchor(rng.choice(ids), 3000 + r, r % 5))
                t0 = time.perf_counter()
                store.flush()
                no_fsync.append((time.perf_counter() - t0) * 1000)
        finally:
            os.fsync = real_fsync

        noop = timed(store.flush, rounds)
        set_pos = timed(lambda: store.set_position(Anchor(rng.choice(ids), rng.randrange(10**6))),
                        rounds)
        store.flush()

        # Another instance writes; our next flush must re-read and merge (the two-instances case).
        other = StateStore.open(path)
        merge_times = []
        for r in range(min(rounds, 30)):
            other.set_position(Anchor(rng.choice(ids), 5000 + r))
            other.flush()
            store.set_position(Anchor(rng.choice(ids), 7000 + r))
            t0 = time.perf_counter()
            store.flush()
            merge_times.append((time.perf_counter() - t0) * 1000)
        other.close()
        store.close()

        # Plain TinyDB at the same size: JSONStorage rewrites the file in place on every upsert.
        tpath = Path(tmp) / "tinydb.json"
        db = TinyDB(tpath)
        table = db.table("positions")
        table.insert_multiple({"article_id": aid, "passage": i % 400, "line": i % 9}
                              for i, aid in enumerate(ids))
        plain_by_id = timed(lambda: table.upsert(Document(
            {"article_id": ids[7], "passage": rng.randrange(10**6), "line": 0},
            doc_id=rng.randrange(1, n + 1))), rounds)
        q = Query()
        plain_by_query = timed(lambda: table.upsert(
            {"article_id": ids[11], "passage": rng.randrange(10**6), "line": 0},
            q.article_id == ids[11]), max(20, rounds // 10))
        db.close()

    figures = {
        "positions": n,
        "file_bytes": size,
        "first_full_write_ms": round(first_ms, 3),
        "flush_one_change": summary(flush_times),
        "flush_one_change_fsync_stubbed": summary(no_fsync),
        "flush_not_dirty": summary(noop),
        "set_position": summary(set_pos),
        "flush_after_other_process_wrote": summary(merge_times),
        "tinydb_jsonstorage_upsert_by_id": summary(plain_by_id),
        "tinydb_jsonstorage_upsert_by_query": summary(plain_by_query),
    }
    figures["ratio_tinydb_by_id_over_ours_median"] = round(
        figures["tinydb_jsonstorage_upsert_by_id"]["median"]
        / figures["flush_one_change"]["median"], 2)
    f = figures
    print(f"{n} positions, file {size / 1024:.0f} KiB, first full write {first_ms:.1f} ms")
    print(f"flush, one changed position: median {f['flush_one_change']['median']} ms, "
          f"p95 {f['flush_one_change']['p95']} ms (budget 5 ms)")
    print(f"  same with fsync stubbed (CPU part): median "
          f"{f['flush_one_change_fsync_stubbed']['median']} ms, "
          f"p95 {f['flush_one_change_fsync_stubbed']['p95']} ms")
    print(f"flush, nothing dirty:        median {f['flush_not_dirty']['median']} ms")
    print(f"set_position (memory only):  median {f['set_position']['median']} ms")
    print(f"flush after another process wrote (re-read + merge + full encode): median "
          f"{f['flush_after_other_process_wrote']['median']} ms, "
          f"p95 {f['flush_after_other_process_wrote']['p95']} ms")
    print(f"plain TinyDB JSONStorage upsert by doc_id: median "
          f"{f['tinydb_jsonstorage_upsert_by_id']['median']} ms, p95 "
          f"{f['tinydb_jsonstorage_upsert_by_id']['p95']} ms "
          f"({f['ratio_tinydb_by_id_over_ours_median']}x ours)")
    print(f"plain TinyDB JSONStorage upsert by query:  median "
          f"{f['tinydb_jsonstorage_upsert_by_query']['median']} ms")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
