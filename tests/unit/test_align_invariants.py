"""Properties every alignment must have, on generated texts (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tui.align import align_articles, related_score, word_diff
from tui.align.diff import _FOLD
from tui.align.text import DIFF_TOKEN
from tui.corpus import build_article

WORDS = ("river bridge council vote budget school storm harbour minister rail strike "
         "farmers wheat price court judge appeal fire forest summit treaty border talks "
         "museum painting theft police city mayor water drought report").split()
FILLER = "the a of and in to was were has said".split()

SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@st.composite
def sentences(draw):
    n = draw(st.integers(3, 12))
    words = [draw(st.sampled_from(WORDS + FILLER)) for _ in range(n)]
    if draw(st.booleans()):
        k = draw(st.integers(1, n - 1))
        words[k - 1] += draw(st.sampled_from([",", ";", ":"]))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


@st.composite
def texts(draw):
    paras = draw(st.lists(st.lists(sentences(), min_size=1, max_size=4), min_size=1, max_size=7))
    return "\n\n".join(" ".join(p) for p in paras) + "\n"


def _check_structure(al, a, b):
    seen_l: set[int] = set()
    seen_r: set[int] = set()
    for link in al.links:
        assert link.kind in ("match", "partial")
        assert 0.0 <= link.score <= 1.0
        assert link.left and link.right
        assert not seen_l & set(link.left) and not seen_r & set(link.right)
        seen_l |= set(link.left)
        seen_r |= set(link.right)
        assert al.link_of_left(link.left[0]) is link and al.link_of_right(link.right[0]) is link
    assert sorted(seen_l | set(al.unaligned_left)) == list(range(len(al.left_units)))
    assert sorted(seen_r | set(al.unaligned_right)) == list(range(len(al.right_units)))
    assert not seen_l & set(al.unaligned_left) and not seen_r & set(al.unaligned_right)
    firsts = [k.left[0] for k in al.links]
    assert firsts == sorted(firsts)
    # every unit lies in one paragraph (and, for passages, one sentence), and the units of a
    # side never overlap
    for side, art in ((0, a), (1, b)):
        ps = al.passages(side)
        for p, q in zip(ps, ps[1:]):
            assert p.end <= q.start
        for p in ps:
            para = art.paragraphs[p.paragraph]
            assert para.start <= p.start < p.end <= para.end
            if al.unit == "sentence":
                sent = art.sentences[p.sentence]
                assert sent.start <= p.start < p.end <= sent.end
                assert art.text[p.start:p.end].strip() == art.text[p.start:p.end]
            assert (al.link_of(side, p.index) is not None) != (p.index in al.unaligned_left
                                                                if side == 0 else
                                                                p.index in al.unaligned_right)
        if al.unit == "sentence":
            # the passages of a sentence cover it: nothing but spaces between them
            by_sentence: dict[int, list] = {}
            for p in ps:
                by_sentence.setdefault(p.sentence, []).append(p)
            for n, sent in enumerate(art.sentences):
                parts = by_sentence.get(n, [])
                assert parts and parts[0].start == sent.start and parts[-1].end == sent.end
                for p, q in zip(parts, parts[1:]):
                    assert not art.text[p.end:q.start].strip()
        for para in range(len(art.paragraphs)):
            linked = any(al.link_of(side, k) for k in al.paragraph_units(side, para))
            assert al.paragraph_has_counterpart(side, para) == linked
    for k in al.hidden:
        assert k.left and k.right
    data = al.to_json(a, b)
    for side, art in (("left", a), ("right", b)):
        spans = [s for k in data["links"] for s in k[side]] + data["unaligned_" + side]
        for s in spans:
            assert art.text[s["start"]:s["end"]] == s["text"] and s["text"]
        # every character of a unit is covered by exactly one output span
        covered = sorted((s["start"], s["end"]) for s in spans)
        assert all(x[1] <= y[0] for x, y in zip(covered, covered[1:]))


@SETTINGS
@given(texts(), texts(), st.sampled_from(["paragraph", "sentence"]))
def test_structure_of_any_alignment(t1, t2, unit):
    a, b = build_article(t1, "a.txt"), build_article(t2, "b.txt")
    al = align_articles(a, b, unit, use_cache=False)
    assert al.unit == unit
    _check_structure(al, a, b)


@SETTINGS
@given(texts(), st.sampled_from(["paragraph", "sentence"]))
def test_identical_texts_align_one_to_one_with_score_1(t, unit):
    a, b = build_article(t, "a.txt"), build_article(t, "b.txt")
    al = align_articles(a, b, unit, use_cache=False)
    assert len(al.left_units) == len(al.right_units)
    for i, ok in enumerate(al.left_linkable):
        link = al.link_of_left(i)
        if not ok:
            assert link is None
            continue
        assert link is not None, f"unit {i} unaligned"
        assert link.left == (i,) and link.right == (i,)
        assert link.score == 1.0 and link.kind == "match"


@st.composite
def reworded_pair(draw):
    """A text and a copy with some words replaced and some sentences dropped, but nothing
    moved: the links must keep reading order."""
    t = draw(texts())
    words = t.split(" ")
    for k in range(len(words)):
        if draw(st.integers(0, 9)) == 0:
            tail = words[k][len(words[k].rstrip(",;:.\n")):]
            words[k] = draw(st.sampled_from(WORDS)) + tail
    return t, " ".join(words)


@SETTINGS
@given(reworded_pair(), st.sampled_from(["paragraph", "sentence"]))
def test_links_keep_reading_order_where_the_texts_do(pair, unit):
    a, b = build_article(pair[0], "a.txt"), build_article(pair[1], "b.txt")
    al = align_articles(a, b, unit, use_cache=False)
    _check_structure(al, a, b)
    ends = [(k.left[-1], k.right[-1]) for k in al.links]
    for (l0, r0), k in zip(ends, al.links[1:]):
        assert k.left[0] > l0 and k.right[0] > r0, "links cross although nothing moved"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_word_diff_tiles_both_strings(x, y):
    ops = word_diff(x, y)
    pa = pb = 0
    for op, a0, a1, b0, b1 in ops:
        assert op in ("equal", "replace", "delete", "insert")
        assert (a0, b0) == (pa, pb)
        assert a0 <= a1 and b0 <= b1
        if op == "delete":
            assert not DIFF_TOKEN.search(y[b0:b1]) and DIFF_TOKEN.search(x[a0:a1])
        if op == "insert":
            assert not DIFF_TOKEN.search(x[a0:a1]) and DIFF_TOKEN.search(y[b0:b1])
        if op == "equal":
            fa = [m.group().translate(_FOLD) for m in DIFF_TOKEN.finditer(x[a0:a1])]
            fb = [m.group().translate(_FOLD) for m in DIFF_TOKEN.finditer(y[b0:b1])]
            assert fa == fb
        pa, pb = a1, b1
    assert (pa, pb) == (len(x), len(y))


def test_word_diff_marks_the_changed_word():
    a = "Biden should deliver a strong and “useful” message."
    b = "Biden should deliver a strong and \"helpful\" message."
    changed = [(a[a0:a1].strip(), b[b0:b1].strip()) for op, a0, a1, b0, b1 in word_diff(a, b)
               if op != "equal"]
    assert changed == [("useful", "helpful")]


@SETTINGS
@given(texts(), texts())
def test_related_score_is_a_bounded_symmetric_similarity(t1, t2):
    a, b = build_article(t1, "a.txt"), build_article(t2, "b.txt")
    s = related_score(a, b)
    assert 0.0 <= s <= 1.0
    assert abs(s - related_score(b, a)) < 1e-9
    assert related_score(a, build_article(t1, "copy.txt")) > 0.999


@given(st.lists(st.integers(0, 12), max_size=40))
def test_longest_increasing_is_strictly_increasing_and_longest(keys):
    from tui.align.core import longest_increasing

    idx = longest_increasing(keys)
    assert idx == sorted(set(idx))
    assert all(keys[a] < keys[b] for a, b in zip(idx, idx[1:]))
    # Longest: the classic O(n^2) dynamic programme gives the same length.
    best = [1] * len(keys)
    for i in range(len(keys)):
        for j in range(i):
            if keys[j] < keys[i]:
                best[i] = max(best[i], best[j] + 1)
    assert len(idx) == max(best, default=0)
