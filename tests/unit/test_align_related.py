"""Relatedness ranking (``tui.align.related``): the order the compare view suggests."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.align.related import likely_related, rank_related, related_score
from tui.corpus import Article, LoadError, Paragraph, read_article


def test_rank_related_puts_the_retranslation_first_and_keeps_scores():
    original, retranslation, other = (read_article(p) for p in (SEED_002, SEED_000, SEED_003))
    ranked = rank_related(original, [other, retranslation])
    assert [a for _, a in ranked] == [retranslation, other]
    assert ranked[0][0] == related_score(original, retranslation)
    assert ranked[0][0] > ranked[1][0]


def test_rank_related_loads_keys_skips_unreadable_ones_and_the_target():
    original, retranslation, other = (read_article(p) for p in (SEED_002, SEED_000, SEED_003))
    articles = {"a": original, "b": retranslation, "c": other}

    def load(key: str):
        if key == "broken":
            raise LoadError("broken: cannot read")
        return articles[key]

    ranked = rank_related(original, ["c", "broken", "a", "b"], load)
    assert [key for _, key in ranked] == ["b", "c"]
    assert rank_related(original, ["b", "c"], load, limit=1) == ranked[:1]


def test_rank_related_keeps_the_given_order_among_equal_scores():
    base = read_article(SEED_002)
    twins = [read_article(SEED_003) for _ in range(3)]
    assert [a for _, a in rank_related(base, twins)] == twins


@dataclass
class Info:
    title: str
    date: str | None = None


def test_likely_related_prefers_shared_title_words_then_the_same_day():
    target = Info("Zelensky speaks from Kyiv bunker", "2022-03-01")
    others = [Info(f"Unrelated story {n}") for n in range(10)]
    same_day = Info("Weather report", "2022-03-01")
    shared = Info("Zelensky in Kyiv")
    picked = likely_related(target, [*others, same_day, shared], limit=3)
    assert picked[:2] == [shared, same_day] and len(picked) == 3
    # A small library is scored whole, in its own order.
    assert likely_related(target, others[:4], limit=5) == others[:4]
    assert likely_related(None, others, limit=2) == others[:2]


def test_building_a_vector_stops_when_cancelled_and_is_not_kept_half_built():
    from tui.align import related
    from tui.cancel import Cancelled

    paragraphs = [f"Talks on the harbour number {i} stalled again today." for i in range(1000)]
    text, spans, pos = [], [], 0
    for p in paragraphs:
        spans.append(Paragraph(pos, pos + len(p), ()))
        text.append(p)
        pos += len(p) + 2
    big = Article(path="big.txt", text="\n\n".join(text), id="big", title="Big", paragraphs=spans)
    small = Article(path="s.txt", text=paragraphs[0], id="s", title="S",
                    paragraphs=[Paragraph(0, len(paragraphs[0]), ())])
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return True

    with pytest.raises(Cancelled):
        related.rank_related(small, [big], cancelled=cancelled)
    assert asked and big not in related._VECTORS
    assert related.rank_related(small, [big])[0][0] > 0
