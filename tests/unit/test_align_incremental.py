"""IncrementalAlignment: a first region at once, the rest window by window, cancellable."""
from __future__ import annotations

import random
import threading

from tui.align import align_pair
from tui.align.incremental import IncrementalAlignment
from tui.corpus import build_article

from tests.unit.test_align_invariants import _check_structure


def documents(paragraphs: int, seed: int = 5):
    rng = random.Random(seed)
    vocab = [f"{rng.choice('bdfgklmnprstvz')}{rng.choice('aeiou')}{k}" for k in range(4000)]
    left = []
    for i in range(paragraphs):
        sents = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 12))).capitalize() + "."
                 for _ in range(rng.randint(1, 3))]
        left.append(" ".join(sents))
    right = [p for k, p in enumerate(left) if k % 37 != 5]           # some dropped
    right[100:100] = ["An added paragraph with nothing in common at all here."]
    return ("Report\n\n" + "\n\n".join(left) + "\n", "Report\n\n" + "\n\n".join(right) + "\n")


def test_windows_give_the_links_of_the_whole_alignment():
    lt, rt = documents(400)
    a, b = build_article(lt, "a.txt"), build_article(rt, "b.txt")
    for unit in ("paragraph", "sentence"):
        job = IncrementalAlignment(a, b, unit, window=60)
        assert job.step() and not job.done
        first = job.alignment()
        _check_structure(first, a, b)
        assert first.links and job.aligned_until[0] < len(a.paragraphs)
        assert first.left_units[0].start < len(a.text) and first.unit == unit
        # what is not aligned yet is there as plain units in no link
        assert first.unaligned_left[-1] == len(first.left_units) - 1
        full = job.run()
        assert job.done and job.aligned_until == (len(a.paragraphs), len(b.paragraphs))
        _check_structure(full, a, b)
        whole = align_pair(a, b, unit, use_cache=False)

        def spans(al):
            return {(tuple((al.left_units[i].start, al.left_units[i].end) for i in k.left),
                     tuple((al.right_units[j].start, al.right_units[j].end) for j in k.right))
                    for k in al.links}

        got, want = spans(full), spans(whole)
        assert len(got & want) >= 0.98 * len(want)


def test_cancel_stops_between_windows():
    lt, rt = documents(300)
    a, b = build_article(lt, "a.txt"), build_article(rt, "b.txt")
    job = IncrementalAlignment(a, b, "paragraph", window=40)
    cancel = threading.Event()
    seen = []

    def progress(done, total):
        seen.append(done)
        cancel.set()

    assert job.run(cancel, progress) is None
    assert len(seen) == 1 and not job.done


def test_empty_and_tiny_articles():
    a = build_article("One sentence only.\n", "a.txt")
    b = build_article("", "b.txt")
    job = IncrementalAlignment(a, b, "sentence")
    assert job.done and job.run() is not None
    job = IncrementalAlignment(a, a, "sentence")
    assert job.run().links[0].score == 1.0


def test_either_order_reads_the_same_windows():
    lt, rt = documents(200)
    a, b = build_article(lt, "a.txt"), build_article(rt, "b.txt")
    one = IncrementalAlignment(a, b, "sentence", window=50).run()
    two = IncrementalAlignment(b, a, "sentence", window=50).run()
    assert two.swapped().links == one.links and two.left_units == one.right_units
