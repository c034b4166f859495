"""The compare screen's bookkeeping (compare_model, compare_text), without a terminal: where the
other column goes for a passage in a link or in none, what is "only here", the differences
n/N walk (the lower layer's, in each side's reading order), word changes, labels."""
from __future__ import annotations

import pytest

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.align import align_pair
from tui.align.model import Alignment, Link
from tui.align.wording import differences
from tui.app.compare_model import PairIndex, changed_words, only_ranges, short_name
from tui.app.compare_text import status_text, unit_label, units_label
from tui.corpus import build_article, read_article


def article(paragraphs: list[list[str]], name: str):
    """An article whose paragraphs hold these sentences."""
    return build_article("\n\n".join(" ".join(p) for p in paragraphs) + "\n", name)


def sentence_alignment(left, right, links: list[tuple[tuple, tuple]]) -> Alignment:
    """An alignment over the articles' sentences with exactly these links."""
    sides = []
    for art in (left, right):
        paras = [n for n, p in enumerate(art.paragraphs) for _ in p.sentences]
        sides.append((list(art.sentences), list(range(len(art.sentences))), paras))
    (lu, lg, lp), (ru, rg, rp) = sides
    return Alignment("sentence", lu, ru, [Link(a, b, 0.8, "match") for a, b in links],
                     lg, rg, lp, rp)


# Six sentences a side, in three paragraphs each.
LEFT = article([["Alpha one said the mayor.", "Beta two came later."],
                ["Gamma three was only here.", "Delta four also only here."],
                ["Epsilon five closed it.", "Zeta six ended it."]], "left.txt")
RIGHT = article([["Alpha one said the mayor.", "Beta two came later on."],
                 ["Eta seven only on the right."],
                 ["Epsilon five closed it.", "Theta eight added.", "Zeta six ended it."]],
                "right.txt")


@pytest.fixture
def index() -> PairIndex:
    # links: 0-0, 1-1, 4-3, 5-5 ; left 2,3 and right 2,4 are in no link
    al = sentence_alignment(LEFT, RIGHT, [((0,), (0,)), ((1,), (1,)), ((4,), (3,)),
                                          ((5,), (5,))])
    return PairIndex(al, (LEFT, RIGHT))


def test_a_linked_passage_places_its_counterpart(index):
    place = index.placement(0, 4)
    assert place.paired and place.target == (3,) and place.anchor == 3
    assert index.placement(1, 5).target == (5,)
    assert index.group(0, 4) == (4,)


def test_a_passage_in_no_link_faces_the_gap_and_its_mate(index):
    # left 2 and 3 sit between links 1-1 and 4-3; the right's gap there holds unit 2 only
    first, second = index.placement(0, 2), index.placement(0, 3)
    assert not first.paired and first.mate == 2 and first.anchor == 2
    assert not second.paired and second.mate == -1
    assert second.anchor == 3  # after the right's unlinked unit: where its next link starts
    # right 4 ("Theta eight added.") sits between links 4-3 and 5-5: the left gap is empty
    place = index.placement(1, 4)
    assert place.target == () and place.mate == -1 and place.anchor == 5


def test_only_here_are_the_linkable_units_in_no_link(index):
    assert index.only_here == ([2, 3], [2, 4])
    assert index.has_counterpart(0, 0) and not index.has_counterpart(0, 1)
    assert index.has_counterpart(1, 2)  # a paragraph part of which is linked
    # only the unlinked sentence of that paragraph is marked, as one range per run
    assert only_ranges([(index, 1)], 2) == [(RIGHT.sentences[4].start, RIGHT.sentences[4].end)]
    assert only_ranges([(index, 0)], 1) == [(LEFT.sentences[2].start, LEFT.sentences[3].end)]


def test_differences_follow_the_lower_layer_in_each_sides_reading_order(index):
    left = index.stops_of(0)
    lower = differences(index.alignment, LEFT, RIGHT)
    assert len(left) == len(index.stops_of(1)) == len(lower)
    # a passage only the right has comes right after the left's passage it follows
    assert [(s.kind, s.here) for s in left] == [
        ("reworded", (1,)), ("only_there", ()), ("only_here", (2, 3)), ("only_there", ())]
    assert [s.there for s in left if s.kind == "only_there"] == [(2,), (4,)]
    assert [s.after for s in left if s.kind == "only_there"] == [1, 4]
    right = index.stops_of(1)
    assert [(s.kind, s.here, s.there) for s in right] == [
        ("reworded", (1,), (1,)), ("only_there", (), (2, 3)), ("only_here", (2,), ()),
        ("only_here", (4,), ())]
    assert [s.number for s in right] == [1, 2, 3, 4]


def test_n_and_N_visit_every_difference_once(index):
    for side in (0, 1):
        stops = index.stops_of(side)
        seen, stop = [], None
        stop = index.next_stop(side, 0, True)
        while stop is not None:
            seen.append(stop.number)
            stop = index.next_stop(side, 0, True, stop)
        assert seen == list(range(1, len(stops) + 1))
        back = index.next_stop(side, index.count[side] - 1, False)
        assert back is not None and back.key <= stops[-1].key
    # from a cursor inside a difference, the next is the one after it
    assert index.stop_at(0, 3).kind == "only_here"
    assert index.next_stop(0, 3, True).there == (4,)
    assert index.next_stop(0, 3, False).there == (2,)
    assert index.next_stop(0, 2, False, index.stop_at(0, 2)).there == (2,)


def test_a_partly_aligned_pair_marks_nothing_beyond_where_it_got():
    al = sentence_alignment(LEFT, RIGHT, [((0,), (0,))])
    index = PairIndex(al, (LEFT, RIGHT), aligned_until=(1, 1))
    assert index.only_here == ([1], [1])  # paragraph 0 only; the rest is not aligned yet
    assert not index.done
    assert all(s.here == (1,) or s.there == (1,) for s in index.stops_of(0))


def test_changed_words_slice_back_to_the_words_that_differ(index):
    link = index.link_at(0, 1)
    left, right = changed_words(index, link)
    assert [LEFT.text[s:e] for s, e, _ in left] == []
    assert [RIGHT.text[s:e] for s, e, _ in right] == ["on"]


def test_seeds_000_002_as_the_view_shows_them():
    a, b = read_article(SEED_000), read_article(SEED_002)
    al = align_pair(a, b, "sentence", use_cache=False)
    index = PairIndex(al, (a, b))
    # the count the status line gives is the lower layer's
    assert len(index.stops_of(0)) == len(index.stops_of(1)) == len(differences(al, a, b))
    # a sentence link inside a paragraph: CNN's paragraph with "Everybody has to stop
    # fighting" is linked, so only its unlinked sentences are marked, never the paragraph
    side = 1 if al.right_units is index.units(1) else 0
    unit = index.unit_at(side, b.text.index("Everybody has to stop fighting"))
    assert index.link_at(side, unit) is not None
    para = index.paragraph_of(side, unit)
    assert index.has_counterpart(side, para)
    only = only_ranges([(index, side)], para)
    assert only and all("Everybody has to stop" not in b.text[s:e] for s, e in only)
    assert any("You have to speak first of all" in b.text[s:e] for s, e in only)
    # every link's spans are the texts a reader sees
    for link in index.links:
        for s, units in ((0, link.left), (1, link.right)):
            for u in units:
                sp = index.units(s)[u]
                assert index.articles[s].text[sp.start:sp.end].strip()


def test_different_interviews_have_only_differences():
    b, c = read_article(SEED_002), read_article(SEED_003)
    index = PairIndex(align_pair(b, c, "sentence", use_cache=False), (b, c))
    assert not index.links
    place = index.placement(0, 3)
    assert not place.paired


def test_labels_and_the_status_line(index):
    assert unit_label(index, 0, 0) == "¶1.1" and unit_label(index, 1, 2) == "¶2"
    assert units_label(index, 0, (2, 3)) == "¶2.1–¶2.2"
    text = status_text(index, 0, 1, (LEFT, RIGHT))
    assert text.startswith("¶1.2 ↔ ") and "match 80%" in text and "difference 1 of 4" in text
    assert "same words" in status_text(index, 0, 0, (LEFT, RIGHT))
    text = status_text(index, 0, 2, (LEFT, RIGHT))
    assert "only in" in text and "facing ¶2 of" in text and "difference 3 of 4" in text
    stop = index.stops_of(0)[1]  # the right's "Eta seven", after ¶1.2
    assert "only in" in status_text(index, 0, 1, (LEFT, RIGHT), stop=stop)
    assert status_text(None, 0, 0, (LEFT, RIGHT), progress="aligning 10%").startswith("Aligning")
    assert short_name(RIGHT) == RIGHT.title[:23] + "…" or short_name(RIGHT) == RIGHT.title


def test_complete_gives_the_view_every_sentence_of_both_articles():
    from tui.align.incremental import IncrementalAlignment
    from tui.app.compare_model import complete

    long = article([[f"Item {i} of the council report on the bridge."] for i in range(60)],
                   "long.txt")
    short = article([["The council report on the bridge."]], "short.txt")
    pair = (long, short) if long.id <= short.id else (short, long)
    work = IncrementalAlignment(*pair, "sentence", window=8)
    while work.step():
        pass
    full = complete(work.alignment(), pair)
    for side, art in enumerate(pair):
        assert [(u.start, u.end) for u in full.units(side)] == \
            [(s.start, s.end) for s in art.sentences]
    index = PairIndex(full, pair)
    assert index.count == (len(pair[0].sentences), len(pair[1].sentences))
    # an alignment that covers everything comes back as it is
    assert complete(full, pair) is full
