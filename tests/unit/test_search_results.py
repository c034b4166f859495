"""Search hits as the search screen shows them (``tui.search.results``)."""
from __future__ import annotations

from types import SimpleNamespace

from tui.search import SearchHit
from tui.search.results import distinct_places, shown_text, window, with_speakers


def test_window_cuts_long_text_around_the_first_match_and_shifts_ranges():
    text = "a" * 300 + " needle " + "b" * 300
    start = text.index("needle")
    shown, ranges = window(text, [(start, start + 6)], limit=100)
    assert shown.startswith("…") and shown.endswith("…")
    [(s, e)] = ranges
    assert shown[s:e] == "needle"
    short, same = window("short text", [(0, 5)])
    assert short == "short text" and same == [(0, 5)]
    assert shown_text("one two\nthree", [(4, 7)]) == ("one two three", [(4, 7)])
    # Ranges are drawn left to right: sorted, overlaps merged, empty ones dropped.
    assert shown_text("one two three", [(8, 13), (4, 7), (5, 9), (2, 2)]) == \
        ("one two three", [(4, 13)])


def test_distinct_places_keeps_the_quote_over_the_sentence_around_it():
    def hit(kind, start, end, score, aid="a"):
        return SimpleNamespace(kind=kind, start=start, end=end, score=score, article_id=aid)

    sentence, quote = hit("sentence", 0, 100, 0.9), hit("quote", 40, 60, 0.9)
    other = hit("sentence", 0, 100, 0.8, aid="b")
    later = hit("sentence", 100, 150, 0.5)
    assert distinct_places([sentence, quote, other, later]) == [quote, other, later]


def test_with_speakers_names_the_speaker_of_each_quote_only():
    quote = SearchHit("a.txt", "a", 10, 20, "We fight", 0.9, "quote")
    unknown = SearchHit("a.txt", "a", 50, 60, "We sleep", 0.8, "quote")
    sentence = SearchHit("a.txt", "a", 10, 40, "“We fight,” he said.", 0.7, "sentence")
    named = with_speakers([quote, unknown, sentence], {("a", 10): "Zelensky"})
    assert [h.speaker for h in named] == ["Zelensky", None, None]
    assert named[0] == SearchHit("a.txt", "a", 10, 20, "We fight", 0.9, "quote",
                                 speaker="Zelensky")
    assert named[2] is sentence
    assert "speaker" not in named[0].to_json()  # the CLI's JSON shape is unchanged
