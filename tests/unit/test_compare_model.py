"""Compare screen bookkeeping: placements across gaps, difference stops, joined-text offsets."""
from __future__ import annotations

from dataclasses import dataclass

from tui.app.compare_model import (PairIndex, joined_text, same_wording, short_name,
                                   to_article_ranges)
from tui.corpus import build_article


@dataclass
class FakeLink:
    left: tuple
    right: tuple
    score: float = 0.9
    kind: str = "match"


@dataclass
class FakeAlignment:
    links: list
    unaligned_left: list
    unaligned_right: list


def index_for(links, n_left, n_right, differs=None):
    linked_l = {u for link in links for u in link.left}
    linked_r = {u for link in links for u in link.right}
    alignment = FakeAlignment(links, [i for i in range(n_left) if i not in linked_l],
                              [j for j in range(n_right) if j not in linked_r])
    return PairIndex.from_alignment(alignment, (n_left, n_right), differs)


def test_linked_passage_places_its_partner():
    index = index_for([FakeLink((0,), (0,)), FakeLink((1, 2), (1,)), FakeLink((3,), (4,))], 4, 5)
    p = index.placement(0, 2)
    assert p.paired and p.target == 1 and p.anchor == 1
    p = index.placement(1, 4)
    assert p.paired and p.target == 3
    # many-to-one: either unit of the group points at the same partner
    assert index.placement(0, 1).target == index.placement(0, 2).target == 1


def test_unaligned_passage_faces_unaligned_passage_of_the_matching_gap():
    # left 0 1 2 3 ; right 0 1 2 3 4 ; links 0-0 and 3-4 ; gaps: left 1,2 ; right 1,2,3
    index = index_for([FakeLink((0,), (0,)), FakeLink((3,), (4,))], 4, 5)
    first = index.placement(0, 1)
    second = index.placement(0, 2)
    assert not first.paired and first.gap_mate and first.target == 1
    assert not second.paired and second.gap_mate and second.target == 2
    # from the right: the third unaligned passage has no mate left; it faces the gap after 2
    third = index.placement(1, 3)
    assert not third.paired and not third.gap_mate
    assert third.target == 2 and third.anchor == 3


def test_unaligned_passage_with_empty_gap_on_the_other_side():
    # left has an extra passage 1 between links 0-0 and 2-1: the right shows the gap at 1
    index = index_for([FakeLink((0,), (0,)), FakeLink((2,), (1,))], 3, 2)
    p = index.placement(0, 1)
    assert not p.paired and not p.gap_mate
    assert p.target == 0 and p.anchor == 1
    # an extra passage before any link: the gap is at the very top
    index = index_for([FakeLink((1,), (0,))], 2, 1)
    p = index.placement(0, 0)
    assert p.anchor == 0 and p.target == 0


def test_nothing_linked_and_empty_other_side():
    index = index_for([], 3, 2)
    assert index.placement(0, 1).gap_mate and index.placement(0, 1).target == 1
    beyond = index.placement(0, 2)  # more unaligned passages here than there
    assert not beyond.gap_mate and beyond.target == 1 and beyond.anchor == 2
    empty = index_for([], 3, 0)
    p = empty.placement(0, 1)
    assert not p.paired and p.target == 0


def test_stops_are_unaligned_passages_and_reworded_pairs_in_reading_order():
    links = [FakeLink((0,), (0,)), FakeLink((2, 3), (1,)), FakeLink((4,), (3,))]
    same = {(0,), (4,)}
    index = index_for(links, 6, 4, differs=lambda pair: pair.units[0] not in same)
    # left: 1 unaligned, 2 first unit of a reworded pair (3 is its second unit), 5 unaligned
    assert index.stops[0] == [1, 2, 5]
    # right: 1 reworded pair, 2 unaligned
    assert index.stops[1] == [1, 2]
    assert index.next_stop(0, 0) == 1
    assert index.next_stop(0, 2) == 5
    assert index.next_stop(0, 5) is None
    assert index.next_stop(0, 5, forward=False) == 2
    assert index.next_stop(0, 1, forward=False) is None
    assert index.stop_number(0, 5) == 3
    assert index.stop_number(0, 4) is None


def test_joined_text_maps_offsets_back_into_the_article():
    article = build_article("Alpha beta.\n\nGamma delta epsilon.\n\nZeta.\n", "x.txt")
    text, starts = joined_text(article, [0, 2])
    assert text == "Alpha beta.\n\nZeta."
    lengths = [len("Alpha beta."), len("Zeta.")]
    # a range spanning the joint splits into one range per paragraph
    ranges = list(to_article_ranges(starts, lengths, text.index("beta"), len(text)))
    assert [article.text[s:e] for s, e in ranges] == ["beta.", "Zeta."]


def test_wording_comparison_and_names():
    assert same_wording("a  b\nc", "a b c")
    assert not same_wording("useful", "helpful")
    article = build_article("A very long headline that goes on and on forever\n\nBody.\n",
                            "x.txt")
    assert len(short_name(article, 20)) <= 20


def test_a_moved_passage_does_not_bend_the_gaps():
    # left 0..5, right 0..5; 1-1, 2-2 and 5-5 in order; left 3 moved to the right's 0;
    # left 4 and right 3, 4 unaligned
    links = [FakeLink((3,), (0,)), FakeLink((1,), (1,)), FakeLink((2,), (2,)),
             FakeLink((5,), (5,))]
    index = index_for(links, 6, 6)
    assert index.in_order == [True, True, False, True]  # pairs sorted by left unit: 3-0 moved
    # left 4 sits between in-order pairs 2-2 and 5-5: it faces the right's unaligned 3
    p = index.placement(0, 4)
    assert p.gap_mate and p.target == 3
    # the moved passage itself still shows its partner
    assert index.placement(0, 3).target == 0 and index.placement(0, 3).paired
