"""Clause links: how finely the refinement cuts a sentence link."""
from __future__ import annotations

import pytest

from tui.align import aligner, align_articles
from tui.corpus import build_article


def clause_links(left: str, right: str):
    a = build_article("Title\n\n" + left, "left.txt")
    b = build_article("Title\n\n" + right, "right.txt")
    al = align_articles(a, b, unit="clause", use_cache=False)
    return [(" ".join(a.text[al.left_units[i].start:al.left_units[i].end] for i in link.left),
             " ".join(b.text[al.right_units[j].start:al.right_units[j].end] for j in link.right))
            for link in al.links]


SHORT = ("Storms hit the coast on Sunday. The joy in the city has ended; the dancing in the "
         "square turned into mourning. Schools stayed closed on Tuesday.",
         "On Sunday storms struck the coast. Joy in the city is over; Dancing in the square has "
         "become grief. On Tuesday the schools were still closed.")


def test_short_sentence_stays_one_link_though_its_clauses_line_up():
    assert ("The joy in the city has ended; the dancing in the square turned into mourning.",
            "Joy in the city is over; Dancing in the square has become grief.") in clause_links(*SHORT)


def test_without_the_passage_floor_the_short_sentence_would_be_cut(monkeypatch):
    # guards the test above: the clauses do line up, so only PASSAGE_MAX keeps them together
    monkeypatch.setattr(aligner, "PASSAGE_MAX", 0)
    assert ("The joy in the city has ended;", "Joy in the city is over;") in clause_links(*SHORT)


@pytest.mark.parametrize("sep", [", and ", "; "])
def test_long_run_on_sentence_is_still_cut_where_both_texts_line_up(sep):
    people = [("Abner", "Gilead"), ("Boaz", "Bethlehem"), ("Caleb", "Hebron"), ("Darius", "Susa"),
              ("Ephraim", "Shiloh"), ("Festus", "Caesarea"), ("Gideon", "Ophrah")]
    left = sep.join(f"{a} the elder of {p} was the father of {b} who later ruled in {q}"
                    for (a, p), (b, q) in zip(people, people[1:])) + "."
    right = "; ".join(f"{a}, elder in {p}, begat {b}, afterwards ruler in {q}"
                      for (a, p), (b, q) in zip(people, people[1:])) + "."
    links = clause_links(left, right)
    assert len(links) >= 6


def _refine_blocks(doc_ratio):
    from tui.align import core
    from tui.align.units import END_SENTENCE

    # left: the passage, a sentence the right text does not have, the passage again
    left = [{"storm": 1.0, "coast": 1.0}, {"budget": 1.0, "senat": 1.0}, {"schoo": 1.0, "close": 1.0}]
    right = [{"storm": 1.0, "coast": 1.0}, {"schoo": 1.0, "close": 1.0}]
    return core.refine(left, right, [40, 40, 40], [40, 40], [END_SENTENCE] * 3,
                       [END_SENTENCE] * 2, aligner.PARAMS, doc_ratio)


def test_refinement_leaves_out_what_one_text_alone_has_when_lengths_say_so():
    blocks = _refine_blocks(1.0)
    assert [(x0, x1, y0, y1) for x0, x1, y0, y1, _ in blocks] == [(0, 1, 0, 1), (1, 2, 1, 1),
                                                                    (2, 3, 1, 2)]


def test_refinement_covers_every_piece_when_lengths_are_in_proportion():
    # without the overall ratio (the link's lengths looked in proportion) no piece is left out
    blocks = _refine_blocks(None)
    assert all(x1 > x0 and y1 > y0 for x0, x1, y0, y1, _ in blocks)
    assert blocks[0][0] == 0 and blocks[-1][1] == 3 and blocks[-1][3] == 2
