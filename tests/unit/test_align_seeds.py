"""The bundled seeds: 000 re-translates 002 (reordered, reworded, new headline, boilerplate
footer); 003 reports a different interview. Expectations written from reading the texts."""
from __future__ import annotations

import pytest

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.align import align_articles, apply_corrections, related_score, word_diff
from tui.corpus import read_article

# 000 paragraph -> 002 paragraph saying the same thing (read by hand):
#  1 "as long as Moscow's attacks ... little progress"       -> 2 "In the rare interview ..."
#  2 "Everyone should stop fighting ... five or six days ago" -> 3 "Everybody has to stop ..."
#  5 "Asked if he felt Ukraine was wasting its time"          -> 4 (first sentence)
#  6 Biden, strong and "helpful" message (moved to the top in 002) -> 1, "useful"
#  7 universal acclaim / refused offers of surrender           -> 23 global praise
#  8 standing ovation, European Parliament                     -> 24
#  9 transformation from comedian to wartime leader            -> 25
# 10 "Ukraine is the heart of Europe"                          -> 26
# 12 tired and stressed, family for three days                 -> 27
EXPECTED = {1: 2, 2: 3, 5: 4, 6: 1, 7: 23, 8: 24, 9: 25, 10: 26, 12: 27}
# 000 paragraph 4 ("basic things you can do ...") is in no version of 002; 13 is the footer.
LEFT_ONLY = (4, 13)


@pytest.fixture(scope="module")
def seeds():
    return read_article(SEED_000), read_article(SEED_002), read_article(SEED_003)


def test_retranslation_pairs_paragraph_by_paragraph(seeds):
    a, b, _ = seeds
    al = align_articles(a, b, "paragraph", use_cache=False)
    for i, j in EXPECTED.items():
        link = al.link_of_left(i)
        assert link is not None and j in link.right, (i, j, link)
        assert link.kind == "match", (i, j, link)
    for i in LEFT_ONLY:
        link = al.link_of_left(i)
        assert link is None or link.kind != "match", (i, link)
    # footer boilerplate, dateline and credit line are never linked
    assert al.link_of_left(13) is None
    assert al.link_of_right(0) is None and al.link_of_right(28) is None
    # 002 has whole passages 000 dropped (no-fly zone, Kharkiv): left unaligned
    for j in (7, 8, 21):
        assert al.link_of_right(j) is None


def test_retranslation_by_sentence_links_the_moved_biden_sentence(seeds):
    a, b, _ = seeds
    al = align_articles(a, b, "sentence", use_cache=False)
    biden_l = next(k for k, s in enumerate(a.sentences) if "helpful" in a.text[s.start:s.end])
    biden_r = next(k for k, s in enumerate(b.sentences) if "useful" in b.text[s.start:s.end])
    link = al.link_of_left(biden_l)
    assert link is not None and link.right == (biden_r,) and link.kind == "match"


@pytest.mark.parametrize("unit", ["paragraph", "sentence", "clause"])
def test_different_interview_has_no_match(seeds, unit):
    _, b, c = seeds
    for x, y in ((b, c), (c, b), (seeds[0], c)):
        al = align_articles(x, y, unit, use_cache=False)
        assert [k for k in al.links if k.kind == "match"] == []


def test_related_score_prefers_the_retranslation(seeds):
    a, b, c = seeds
    assert related_score(a, b) > related_score(a, c)
    assert related_score(b, a) > related_score(b, c)


def test_word_diff_finds_useful_helpful(seeds):
    a, b, _ = seeds
    left, right = a.para_text(6), b.para_text(1)
    pairs = [(left[a0:a1], right[b0:b1]) for op, a0, a1, b0, b1 in word_diff(left, right)
             if op == "replace"]
    assert any("helpful" in x and "useful" in y for x, y in pairs)


def test_corrections_force_and_remove_links(seeds):
    a, b, _ = seeds
    auto = align_articles(a, b, "paragraph", use_cache=False)
    assert auto.link_of_left(4) is None or auto.link_of_left(4).kind != "match"
    fixes = [{"op": "link", "left": [4], "right": [6, 7]},
             {"op": "unlink", "left": [10], "right": [26]},
             {"op": "link", "left": [3], "right": [4]}]  # takes 4 away from paragraph 5
    al = align_articles(a, b, "paragraph", corrections=fixes, use_cache=False)
    forced = al.link_of_left(4)
    assert forced.right == (6, 7) and forced.kind == "match" and forced.score == 1.0
    assert al.link_of_right(6) is forced and al.link_of_right(7) is forced
    assert al.link_of_left(10) is None and 10 in al.unaligned_left
    assert al.link_of_left(3).right == (4,)
    assert al.link_of_left(5) is None  # its link conflicted with the forced one
    # untouched links stay as they were
    assert al.link_of_left(12) == auto.link_of_left(12)
    # corrections never reach the cache: aligning again without them gives the automatic result
    again = align_articles(a, b, "paragraph")
    again2 = align_articles(a, b, "paragraph")
    assert again.links == auto.links == again2.links


def test_corrections_that_do_not_fit_are_ignored(seeds):
    a, b, _ = seeds
    auto = align_articles(a, b, "paragraph", use_cache=False)
    bad = [{"op": "link", "left": [999], "right": [1]}, {"op": "link", "left": [], "right": [1]},
           {"op": "teleport", "left": [1], "right": [1]}, {"left": [1]}, "junk",
           {"op": "unlink", "left": [1], "right": [2, 3]}]  # not exactly an existing link
    assert apply_corrections(auto.links, bad, len(auto.left_units), len(auto.right_units)) == auto.links
