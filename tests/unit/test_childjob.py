"""Big jobs in a child process (tui.childjob, tui.child_targets, tui.corpus.packed,
tui.search.combined): results equal the same work in this process, updates stream back, a
cancel kills the child at once, a failure is reported, and no child outlives its job."""
from __future__ import annotations

import os
import time
from dataclasses import fields
from pathlib import Path

import pytest

from tests.bigtext import write_big_article
from tests.conftest import SEED_000, SEED_002, SEED_003
from tui import child_targets, childjob
from tui.cancel import Cancelled
from tui.corpus import read_article
from tui.corpus.packed import pack_article, unpack_article
from tui.quotes import library_quotes
from tui.search import SearchIndex
from tui.search.combined import CombinedIndex

SEEDS = (SEED_000, SEED_002, SEED_003)


def same_article(a, b) -> bool:
    """Every field equal (Article compares by identity)."""
    return all(getattr(a, f.name) == getattr(b, f.name) for f in fields(a))


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _children() -> list[int]:
    out = []
    for task in Path(f"/proc/{os.getpid()}/task").glob("*"):  # each thread has its own list
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


@pytest.mark.parametrize("seed", SEEDS)
def test_packed_article_unpacks_to_the_same_article(seed):
    article = read_article(seed)
    done = []
    again = unpack_article(pack_article(article), pause=None,
                           progress=lambda d, t: done.append((d, t)))
    assert same_article(again, article)
    assert [(p.start, p.end, p.sentences, p.boilerplate, p.role) for p in again.paragraphs] == \
        [(p.start, p.end, p.sentences, p.boilerplate, p.role) for p in article.paragraphs]


def test_article_read_in_a_child_equals_one_read_here():
    updates = []
    packed = childjob.run("tui.child_targets:read_article", {"path": str(SEED_002)},
                          on_update=updates.append)
    assert same_article(unpack_article(packed, pause=None), read_article(SEED_002))
    assert updates and updates[-1][0] == "read" and updates[-1][1] == updates[-1][2]
    assert childjob.live_children() == 0


def test_quotes_found_in_a_child_equal_the_quotes_found_here():
    articles = [read_article(s) for s in SEEDS]
    refs = [("path", str(SEED_000), articles[0].id, SEED_000.stat().st_size),
            ("packed", pack_article(articles[1])), ("packed", pack_article(articles[2]))]
    final, stages = [], []

    def update(value):
        stages.append(value[0])
        if value[0] == "final":
            final.extend(child_targets.quote_of(t) for t in value[1])

    count = childjob.run("tui.child_targets:quotes", {"articles": refs}, on_update=update)
    here = library_quotes(articles, cache=False)
    assert count == len(final) == len(here)
    assert [(q.path, q.start, q.end, q.text, q.speaker, q.group) for q in final] == \
        [(q.path, q.start, q.end, q.text, q.speaker, q.group) for q in here]
    assert stages[0] == "read" and "final" in stages


def test_a_cancelled_job_kills_its_child_at_once(tmp_path):
    big = write_big_article(tmp_path, 3_000_000)
    before = set(_children())
    asked = {"updates": 0}

    def update(_value):
        asked["updates"] += 1

    started = time.monotonic()
    with pytest.raises(Cancelled):
        childjob.run("tui.child_targets:quotes",
                     {"articles": [("path", str(big), None, big.stat().st_size)]},
                     cancelled=lambda: asked["updates"] > 0, on_update=update)
    assert time.monotonic() - started < 60
    new = [c for c in _children() if c not in before]
    assert not [c for c in new if _alive(c)]
    assert childjob.live_children() == 0


def test_a_failing_job_is_reported_and_its_child_ends():
    with pytest.raises(childjob.JobFailed) as failed:
        childjob.run("tui.child_targets:read_article", {"path": "/no/such/file.txt"})
    assert failed.value.kind is not None
    assert childjob.live_children() == 0


def test_kill_all_refuses_new_children_until_reopened():
    childjob.kill_all()
    try:
        with pytest.raises(Cancelled):
            childjob.run("tui.child_targets:read_article", {"path": str(SEED_000)})
    finally:
        childjob.reopen()
    assert childjob.run("tui.child_targets:read_article", {"path": str(SEED_000)})


def test_combined_index_answers_as_one_index_over_sentences_and_quotes():
    articles = [read_article(s) for s in SEEDS]
    quotes = library_quotes(articles, cache=False)
    whole = SearchIndex.build(articles, quotes)
    parts = CombinedIndex([SearchIndex.build(articles), SearchIndex.build([], quotes)])
    assert len(parts) == len(whole)
    for query in ("fighting for our life", "ammunition", "Biden", "talks with Russia"):
        # each part scores with its own term weights, so ranked answers may differ from one
        # index over both; exact matches cover the same places (one index over both gives a
        # quote where the parts give the quote and its sentence, which the screen folds with
        # distinct_places), and an answer is best first
        one = whole.search_exact(query, 200)
        two = parts.search_exact(query, 200)
        assert one and two

        def covered(hit, others) -> bool:
            return any(o.path == hit.path and o.start < hit.end and hit.start < o.end
                       for o in others)

        assert all(covered(h, two) for h in one) and all(covered(h, one) for h in two)
        hits = parts.search(query, 20)
        assert hits and [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
