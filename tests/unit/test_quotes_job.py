"""The quotes job an app screen drives: blocks of paragraphs, progress, quotes before the end,
a cancel flag looked at between steps and inside long loops, and the same result as the one-call
entry points."""
from __future__ import annotations

import threading

import pytest

from tui.corpus import build_article, read_article
from tui.quotes import Cancelled, article_quotes, library_quotes, quotes_job
from tui.quotes.cancel import Ticker, cancel_check
from tests.conftest import SEED_000, SEED_002, SEED_003

PARAGRAPH = ("“We will rebuild bridge {n} before the winter,” said council member Tom Becker. "
             "Mayor Linda Okafor said the plan “settles the question for bridge {n}.”")


def long_article(paragraphs: int = 400):
    body = "\n\n".join(PARAGRAPH.format(n=n) for n in range(paragraphs))
    return build_article(f"The bridges of the county\n\n{body}\n", "long.txt")


def test_progress_counts_characters_then_statements_and_ends_with_every_quote():
    article = long_article()
    updates = list(quotes_job([article], cache=False, block_chars=2000))
    reading = [u for u in updates if u.stage == "reading"]
    assert len(reading) > 10  # many steps, not one
    done = [u.done for u in reading]
    assert done == sorted(done) and done[-1] == len(article.text)
    assert all(u.total == len(article.text) for u in reading)
    assert updates[-1].stage == "done"
    final = updates[-1].quotes
    assert len(final) == 800
    assert [q.start for q in final] == sorted(q.start for q in final)
    # every quote was handed over while reading, before the end, and is the same object
    handed = [q for u in reading for q in u.quotes]
    assert {id(q) for q in handed} == {id(q) for q in final}
    assert reading[0].quotes and reading[0].done < len(article.text) // 10


def test_job_result_equals_the_one_call_entry_points():
    seeds = [read_article(p) for p in (SEED_000, SEED_002, SEED_003)]
    via_job = [u for u in quotes_job(seeds, cache=False, block_chars=500)][-1].quotes
    direct = library_quotes(seeds, cache=False)
    key = lambda qs: [(q.path, q.start, q.end, q.speaker, q.fragment, q.group) for q in qs]  # noqa: E731
    assert key(via_job) == key(direct)
    one = read_article(SEED_003)
    assert key(article_quotes(one)) == key(library_quotes([one], cache=False))


def test_a_flag_set_before_the_job_stops_it_at_once():
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        next(iter(quotes_job([long_article()], cancel=stop, cache=False)))


@pytest.mark.parametrize("after", [1, 5, 30])
def test_a_flag_set_while_reading_stops_the_job_before_the_next_update(after):
    flag = {"stop": False}
    seen = 0
    with pytest.raises(Cancelled):
        for seen, _ in enumerate(quotes_job([long_article()], cancel=lambda: flag["stop"],
                                            cache=False, block_chars=2000), start=1):
            if seen == after:
                flag["stop"] = True
    assert seen == after


def test_a_flag_set_while_grouping_stops_the_job():
    flag = {"stop": False}
    stages = []
    with pytest.raises(Cancelled):
        for update in quotes_job([long_article()], cancel=lambda: flag["stop"], cache=False):
            stages.append(update.stage)
            if update.stage == "grouping":
                flag["stop"] = True
    assert stages[-1] == "grouping" and "done" not in stages


def test_library_quotes_and_group_quotes_take_the_flag_too():
    with pytest.raises(Cancelled):
        library_quotes([long_article(50)], cache=False, cancel=lambda: True)


def test_ticker_looks_at_the_flag_every_so_often_and_raises():
    calls = []

    def stop():
        calls.append(1)
        return len(calls) >= 3

    ticker = Ticker(stop, every=10)
    with pytest.raises(Cancelled):
        for _ in range(1000):
            ticker.tick()
    assert len(calls) == 3
    assert cancel_check(None)() is False
    event = threading.Event()
    assert cancel_check(event)() is False
    event.set()
    assert cancel_check(event)() is True


def test_speakers_handed_over_early_are_corrected_when_the_article_ends():
    # the surname comes first, the full name only at the end: early quotes carry the surname,
    # the final quotes the full name (the same Quote objects, updated)
    paras = ["“We are ready,” Okafor said."] * 30 + ["Mayor Linda Okafor closed the meeting."]
    article = build_article("Minutes\n\n" + "\n\n".join(paras), "m.txt")
    updates = list(quotes_job([article], cache=False, block_chars=200))
    first = next(u for u in updates if u.quotes).quotes[0]
    assert updates[-1].quotes[0] is first
    assert first.speaker == "Linda Okafor"
