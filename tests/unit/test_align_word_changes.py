"""``word_changes``: the changed words of two passages, as the compare view and the quotes'
wordings dialog mark them."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.align.diff import CHANGED, ONLY, word_changes

WORDS = st.sampled_from("we are fighting for our lives useful helpful the a , . — “ ”".split())
TEXT = st.lists(WORDS, max_size=20).map(" ".join)


def test_changed_and_only_words_are_told_apart():
    a = "It was a useful talk with the president."
    b = "It was a helpful talk with the president today."
    in_a, in_b = word_changes(a, b)
    assert [(a[s:e], k) for s, e, k in in_a] == [("useful", CHANGED)]
    assert [(b[s:e], k) for s, e, k in in_b] == [("helpful", CHANGED), ("today", ONLY)]


@settings(max_examples=200, deadline=None)
@given(TEXT, TEXT)
def test_ranges_hold_words_and_never_end_in_space(a, b):
    for text, ranges in zip((a, b), word_changes(a, b)):
        last = 0
        for s, e, kind in ranges:
            assert last <= s < e <= len(text) and kind in (CHANGED, ONLY)
            assert not text[e - 1].isspace() and text[s:e].strip()
            last = e


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_the_same_text_has_no_changes(a):
    assert word_changes(a, a) == ([], [])
