"""Benchmark: grouping a library into stories (tui/stories), accuracy and speed.

Accuracy
- ``parallel/dev`` (the goal: pairwise precision and recall >= 0.98) and ``parallel/test``
  (held out, never tuned on): each pair of files (one chapter in two translations, edited or
  not) is one story among chapters of the same books. Pairwise: a predicted pair is two
  articles put in one story; precision = right pairs / predicted, recall = right / gold.
- A generated local-news library (tests/bench/stories_synth.py: cities with the same
  officials in every story, follow-ups on the same names, outlets' own wording): the same
  figures, and wrong pairs by class (follow-up of the same names, same city and kind, ...).

Speed (CPU time, ``time.process_time``), at each size of generated library:
- ``features``: parsing and extracting the features of every article (a cold start);
- ``group``: grouping from the features (what a library seen before costs when it must be
  regrouped in full: weights, blocking, similarities, clustering, story titles), with the time
  per article, so growth with the library shows; and its stages per article (``weigh``,
  ``pairs`` = blocking and similarities, ``cluster``) with the pairs compared per article;
- ``join``: 1% more articles joining the grouping one by one (per article, after the one-off
  weighing of the library the first join needs, shown apart as ``warm``), and how the result
  agrees with a full regrouping (pairwise, the full one taken as truth).
With ``--files`` (sizes up to 10,000 by default) the same through the real entry point on
files: ``Library.scan`` then ``library_stories`` cold (``cold``: the scan hands what it parsed
to the grouping through a ``FeatureCollector``, as ``synoptic stories`` and the app do;
``cold_reparsed``: without it, every file parsed twice), from the cache (exact hit), in full
from cached features (``full=True``: the "10,000 articles grouped in <= 5 s from the cached
index" goal), and after adding 1% new files (incremental join).

``--code DIR`` measures the package in another checkout (a baseline: ``git worktree add`` or
``git archive`` of an older commit) with this script, so two versions compare in one run.

Run: ``python3 tests/bench/stories_grouping.py [--sizes 1000,10000,100000] [--files]
[--code DIR]``
"""
from __future__ import annotations

import argparse
import gc
import itertools
import json
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
if "--code" in sys.argv:   # the package measured (before anything imports it)
    ROOT = Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402

from stories_synth import generate  # noqa: E402

PARALLEL = Path(os.environ.get("SYNOPTIC_BENCH_PARALLEL",
                               HERE.parents[3] / "shared" / "bench" / "parallel"))
if not PARALLEL.exists():
    PARALLEL = Path("/work/shared/bench/parallel")


def pairwise(labels_pred: list, labels_gold: list) -> tuple[float, float, int, int]:
    """Pairwise precision and recall of a grouping against the gold one (counts of pairs)."""
    pred = Counter(labels_pred)
    gold = Counter(labels_gold)
    both = Counter(zip(labels_pred, labels_gold))
    p_pairs = sum(n * (n - 1) // 2 for n in pred.values())
    g_pairs = sum(n * (n - 1) // 2 for n in gold.values())
    tp = sum(n * (n - 1) // 2 for n in both.values())
    return (tp / p_pairs if p_pairs else 1.0, tp / g_pairs if g_pairs else 1.0,
            p_pairs - tp, g_pairs - tp)


def labels_of(index, paths: list[str]) -> list[str]:
    story = {}
    for s in index.stories:
        for a in s.articles:
            story[a.path] = s.id
    return [story[p] for p in paths]


def parallel_accuracy(split: str) -> dict:
    from tui.corpus import read_article
    from tui.stories import group_articles

    folder = PARALLEL / split
    gold_rows = [json.loads(line) for line in (folder / "gold.jsonl").read_text().splitlines()
                 if line.strip()]
    paths, gold = [], []
    for g in gold_rows:
        for side in ("left", "right"):
            paths.append(str(folder / g[side]))
            gold.append(g["pair"])
    articles = [read_article(p) for p in paths]
    t = time.process_time()
    index = group_articles(articles, cache=False)
    cpu = time.process_time() - t
    p, r, fp, fn = pairwise(labels_of(index, paths), gold)
    return {"split": split, "articles": len(paths), "stories": len(index.stories),
            "precision": round(p, 4), "recall": round(r, 4), "wrong_pairs": fp,
            "missed_pairs": fn, "cpu_s": round(cpu, 3)}


def synthetic(n: int, seed: int):
    from tui.corpus import parse_article

    info: dict = {}
    docs = generate(n, seed=seed, info=info)
    t = time.process_time()
    articles = [parse_article(text.encode(), name) for name, text, _ in docs]
    parse_s = time.process_time() - t
    return articles, [k for _, _, k in docs], info, parse_s


def error_classes(index, articles, gold, info) -> dict:
    story_of_path = {p: k for p, k in zip((a.path for a in articles), gold)}
    classes: Counter = Counter()
    for s in index.stories:
        keys = Counter(story_of_path[a.path] for a in s.articles)
        for (k1, n1), (k2, n2) in itertools.combinations(keys.items(), 2):
            c1, t1, p1 = info[k1]
            c2, t2, p2 = info[k2]
            if p1 == k2 or p2 == k1 or (p1 and p1 == p2):
                cls = "follow-up (same names, later event)"
            elif (c1, t1) == (c2, t2):
                cls = "same city and kind"
            elif c1 == c2:
                cls = "same city"
            else:
                cls = "other"
            classes[cls] += n1 * n2
    return dict(classes)


def synthetic_accuracy(n: int, seed: int) -> dict:
    from tui.stories import group_articles

    articles, gold, info, _ = synthetic(n, seed)
    index = group_articles(articles, cache=False)
    p, r, fp, fn = pairwise(labels_of(index, [a.path for a in articles]), gold)
    return {"articles": n, "gold_stories": len(set(gold)), "stories": len(index.stories),
            "precision": round(p, 4), "recall": round(r, 4), "wrong_pairs": fp,
            "missed_pairs": fn, "wrong_pairs_by_class": error_classes(index, articles, gold, info)}


def speed(n: int, seed: int) -> dict:
    from tui.corpus import parse_article
    from tui.stories.features import extract
    from tui.stories.group import DEFAULT, group_matrix
    from tui.stories.index import StoryIndex, ref_of, text_key_of
    from tui.stories.matrix import FeatureMatrix

    docs = generate(n, seed=seed)
    gold = {name: key for name, _, key in docs}
    # Articles are parsed and reduced to their features one at a time (100,000 parsed
    # articles would not fit in memory); 1% are kept whole to join later.
    feats, keys, refs, late_articles = [], [], [], []
    parse_s = extract_s = 0.0
    for i, (name, text, _) in enumerate(docs):
        t = time.process_time()
        a = parse_article(text.encode(), name)
        t1 = time.process_time()
        f = extract(a)
        extract_s += time.process_time() - t1
        parse_s += t1 - t
        feats.append(f)
        keys.append(text_key_of(a))
        refs.append([ref_of(a)])
        if i % 100 == 50:
            late_articles.append(a)
    del docs
    late_paths = {a.path for a in late_articles}
    rows = sorted(range(n), key=lambda i: (feats[i].id, keys[i]))
    early = [i for i in rows if refs[i][0].path not in late_paths]

    def grouped(order):
        m = FeatureMatrix.build([feats[i] for i in order])
        t = time.process_time()
        groups = group_matrix(m, DEFAULT)
        labels = np.zeros(len(order), np.int64)
        for g, members in enumerate(groups):
            labels[members] = g
        index = StoryIndex(m, [keys[i] for i in order], [list(refs[i]) for i in order],
                           labels.tolist(), cache=False)
        return index, time.process_time() - t, m

    gc.collect()
    full, group_s, m = grouped(rows)
    cells = int(len(m.cols))
    stages = stage_times(m)
    del m
    index, _, _ = grouped(early)
    t = time.process_time()
    if hasattr(index, "warm"):
        index.warm()
    else:
        index._weights()
    warm_s = time.process_time() - t
    t = time.process_time()
    for a in late_articles:
        index.add(a)
    join_s = time.process_time() - t
    paths = [r[0].path for r in refs]
    agree_p, agree_r, _, _ = pairwise(labels_of(index, paths), labels_of(full, paths))
    gold_p, gold_r, _, _ = pairwise(labels_of(full, paths), [gold[p] for p in paths])
    return {"articles": n, "cells": cells, "parse_s": round(parse_s, 2),
            "features_s": round(extract_s, 2), "group_s": round(group_s, 3),
            "group_us_per_article": round(group_s / n * 1e6, 1),
            **stages,
            "join_articles": len(late_articles), "join_warm_s": round(warm_s, 3),
            "join_ms_per_article": round(join_s / max(1, len(late_articles)) * 1e3, 2),
            "join_vs_full": {"precision": round(agree_p, 4), "recall": round(agree_r, 4)},
            "full_vs_gold": {"precision": round(gold_p, 4), "recall": round(gold_r, 4)}}


def stage_times(m) -> dict:
    """CPU time per article of each stage of ``group_matrix`` (run once more, apart)."""
    from tui.stories.group import DEFAULT, agglomerate, similarities, weigh

    n = len(m)
    t0 = time.process_time()
    v = weigh(m, DEFAULT)
    t1 = time.process_time()
    a, b, s = similarities(m, v, DEFAULT)
    t2 = time.process_time()
    agglomerate(n, a, b, s, DEFAULT)
    t3 = time.process_time()
    return {"weigh_us": round((t1 - t0) / n * 1e6, 1), "pairs_us": round((t2 - t1) / n * 1e6, 1),
            "cluster_us": round((t3 - t2) / n * 1e6, 1),
            "pairs_kept_per_article": round(len(a) / n, 2)}


def files(n: int, seed: int) -> dict:
    from tui.corpus.library import Library
    from tui.stories import library_stories

    out: dict = {"articles": n}
    docs = generate(n + n // 100, seed=seed)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["SYNOPTIC_CACHE_DIR"] = str(Path(tmp) / "cache")
        folder = Path(tmp) / "lib"
        folder.mkdir()
        for name, text, _ in docs[:n]:
            (folder / name).write_text(text, encoding="utf-8")

        def timed(label, handoff=True, **kw):
            gc.collect()
            t = time.process_time()
            lib = Library([str(folder)])
            collected = None
            if handoff:
                try:
                    from tui.stories import FeatureCollector
                except ImportError:   # a checkout from before the hand-off
                    FeatureCollector = None
                collected = FeatureCollector() if FeatureCollector else None
            if collected is not None:
                lib.scan(parsed=collected)
                kw["features"] = collected
            else:
                lib.scan()
            scan = time.process_time() - t
            index = library_stories(lib, **kw)
            out[label] = {"scan_s": round(scan, 2),
                          "stories_s": round(time.process_time() - t - scan, 3),
                          "stories": len(index.stories)}

        def forget():
            import shutil

            shutil.rmtree(Path(tmp) / "cache", ignore_errors=True)

        timed("cold_reparsed", handoff=False)
        forget()
        timed("cold")
        timed("cached")
        timed("full_from_cached_features", full=True)
        for name, text, _ in docs[n:]:
            (folder / name).write_text(text, encoding="utf-8")
        time.sleep(0.05)
        timed("after_adding_1pct")
        out["after_adding_1pct"]["added"] = len(docs) - n
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,10000")
    ap.add_argument("--files", action="store_true", help="also time the file-based entry point")
    ap.add_argument("--file-sizes", default="1000,10000")
    ap.add_argument("--synthetic-accuracy", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--code", help="measure the tui package in this checkout (see the doc)")
    a = ap.parse_args()
    os.environ.setdefault("SYNOPTIC_CACHE_DIR", tempfile.mkdtemp(prefix="stories-bench-"))
    report: dict = {"accuracy": [], "synthetic_accuracy": None, "speed": [], "files": []}
    for split in ("dev", "test"):
        if (PARALLEL / split / "gold.jsonl").exists():
            row = parallel_accuracy(split)
            report["accuracy"].append(row)
            if not a.json:
                print(f"accuracy {split:>4}: {row['articles']} articles, {row['stories']} stories, "
                      f"precision {row['precision']:.4f} recall {row['recall']:.4f} "
                      f"({row['wrong_pairs']} wrong pairs, {row['missed_pairs']} missed), "
                      f"{row['cpu_s']:.2f} s CPU", flush=True)
    if a.synthetic_accuracy:
        row = synthetic_accuracy(a.synthetic_accuracy, a.seed)
        report["synthetic_accuracy"] = row
        if not a.json:
            print(f"accuracy synthetic: {row['articles']} articles in {row['gold_stories']} "
                  f"stories -> {row['stories']}, precision {row['precision']:.4f} recall "
                  f"{row['recall']:.4f}; wrong pairs by class {row['wrong_pairs_by_class']}",
                  flush=True)
    for n in [int(x) for x in a.sizes.split(",") if x]:
        row = speed(n, a.seed)
        report["speed"].append(row)
        if not a.json:
            print(f"speed {n:>7}: features {row['features_s']:.1f} s (parse {row['parse_s']:.1f} s), "
                  f"group {row['group_s']:.2f} s = {row['group_us_per_article']:.0f} µs/article "
                  f"(weigh {row['weigh_us']:.0f}, pairs {row['pairs_us']:.0f}, cluster "
                  f"{row['cluster_us']:.0f} µs/article; {row['pairs_kept_per_article']:.1f} pairs "
                  f"kept/article), join: warm {row['join_warm_s']:.2f} s once, then "
                  f"{row['join_ms_per_article']:.1f} ms/article "
                  f"(agrees with full: P {row['join_vs_full']['precision']:.4f} "
                  f"R {row['join_vs_full']['recall']:.4f}); full vs gold P "
                  f"{row['full_vs_gold']['precision']:.4f} R {row['full_vs_gold']['recall']:.4f}",
                  flush=True)
    if a.files:
        for n in [int(x) for x in a.file_sizes.split(",") if x]:
            row = files(n, a.seed)
            report["files"].append(row)
            if not a.json:
                print(f"files {n:>7}: " + "; ".join(
                    f"{k} scan {v['scan_s']:.2f} s + stories {v['stories_s']:.2f} s"
                    for k, v in row.items() if isinstance(v, dict)), flush=True)
    if a.json:
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
