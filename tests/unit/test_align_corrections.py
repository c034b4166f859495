"""Corrections that last and agree: per sentence link, anchored by text, kept in the state
file, applied the same way by the aligner the compare view uses and by ``synoptic align``."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_000, SEED_002
from tui.align import align_articles
from tui.align.corrections import anchor, from_store, link_record, resolve, unlink_action
from tui.cli import main
from tui.corpus import build_article, read_article
from tui.state import StateStore


def _passage(al, article, side, needle):
    return next(k for k, sp in enumerate(al.units(side)) if needle in article.text[sp.start:sp.end])


def _aligned(store_path, left, right):
    with StateStore.open(store_path) as store:
        records = from_store(store, left, right, "sentence")
    return align_articles(left, right, "sentence", corrections=records, use_cache=False)


def test_corrections_survive_a_restart(isolated_state):
    a, b = read_article(SEED_000), read_article(SEED_002)
    auto = align_articles(a, b, "sentence", use_cache=False)
    basic = _passage(auto, a, 0, "I think there are basic things")
    speak = _passage(auto, b, 1, "You have to speak first of all")
    biden = auto.link_of(0, _passage(auto, a, 0, "helpful"))
    with StateStore.open(isolated_state) as store:
        rec = link_record(a, b, [auto.left_units[basic]], [auto.right_units[speak]])
        store.add_correction(a.id, b.id, "sentence", rec["op"], rec["left"], rec["right"])
        _, hide = unlink_action(a, b, auto, biden)
        store.add_correction(a.id, b.id, "sentence", hide["op"], hide["left"], hide["right"])
    # reopened: the manual link is there, the automatic Biden link hidden (and undoable)
    al = _aligned(isolated_state, a, b)
    manual = al.link_of(0, _passage(al, a, 0, "I think there are basic things"))
    assert manual is not None and manual.origin == "manual"
    assert al.link_of(0, _passage(al, a, 0, "helpful")) is None
    [hidden] = al.hidden
    # unlink the manual link, show the Biden link again: both through the store
    with StateStore.open(isolated_state) as store:
        op, rid = unlink_action(a, b, al, manual)
        assert op == "delete"
        store.delete_correction(rid)
        store.delete_correction(hidden.correction)
    again = _aligned(isolated_state, a, b)
    assert again.links == auto.links and again.hidden == []


def test_the_other_order_reads_the_same_corrections(isolated_state):
    a, b = read_article(SEED_000), read_article(SEED_002)
    auto = align_articles(a, b, "sentence", use_cache=False)
    basic = _passage(auto, a, 0, "I think there are basic things")
    speak = _passage(auto, b, 1, "You have to speak first of all")
    with StateStore.open(isolated_state) as store:
        rec = link_record(a, b, [auto.left_units[basic]], [auto.right_units[speak]])
        store.add_correction(a.id, b.id, "sentence", "link", rec["left"], rec["right"])
    swapped = _aligned(isolated_state, b, a)
    link = swapped.link_of(1, _passage(swapped, a, 1, "I think there are basic things"))
    assert link is not None and link.origin == "manual"
    assert "You have to speak" in " ".join(b.text[swapped.left_units[i].start:
                                                  swapped.left_units[i].end] for i in link.left)


def _cli(capsys, *argv):
    code = main(["align", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_cli_applies_the_saved_corrections(capsys, isolated_state):
    a, b = read_article(SEED_000), read_article(SEED_002)
    auto = align_articles(a, b, "sentence", use_cache=False)
    biden = auto.link_of(0, _passage(auto, a, 0, "helpful"))
    basic = _passage(auto, a, 0, "I think there are basic things")
    speak = _passage(auto, b, 1, "You have to speak first of all")
    with StateStore.open(isolated_state) as store:
        rec = link_record(a, b, [auto.left_units[basic]], [auto.right_units[speak]])
        store.add_correction(a.id, b.id, "sentence", "link", rec["left"], rec["right"])
        _, hide = unlink_action(a, b, auto, biden)
        store.add_correction(a.id, b.id, "sentence", "unlink", hide["left"], hide["right"])
    code, out, err = _cli(capsys, SEED_000, SEED_002, "--unit", "sentence", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    manual = [k for k in data["links"] if k["origin"] == "manual"]
    assert len(manual) == 1 and "basic things" in manual[0]["left"][0]["text"]
    assert not any("helpful" in s["text"] for k in data["links"] for s in k["left"])
    assert any("helpful" in s["text"] for k in data["hidden"] for s in k["left"])
    # exactly what the compare view's aligner gives with the same state
    view = _aligned(isolated_state, a, b)
    assert len(data["links"]) == len(view.links)
    # --no-corrections: the aligner alone
    code, out, _ = _cli(capsys, SEED_000, SEED_002, "--unit", "sentence", "--json",
                        "--no-corrections", "--no-cache")
    plain = json.loads(out)
    assert all(k["origin"] == "auto" for k in plain["links"]) and plain["hidden"] == []
    assert len(plain["links"]) == len(auto.links)
    # --state points elsewhere: no corrections there
    code, out, _ = _cli(capsys, SEED_000, SEED_002, "--unit", "sentence", "--json", "--state",
                        isolated_state.parent / "other.json")
    assert all(k["origin"] == "auto" for k in json.loads(out)["links"])
    assert not (isolated_state.parent / "other.json").exists()  # reading never creates it


def test_corrections_of_an_older_state_file_are_read_and_anchored_by_text(capsys, isolated_state):
    a, b = read_article(SEED_000), read_article(SEED_002)
    # schema 1, as the paragraph compare view wrote it: 000 ¶4 ("basic things") with 002 ¶3
    isolated_state.parent.mkdir(parents=True, exist_ok=True)
    isolated_state.write_text(json.dumps({
        "meta": {"schema": {"version": 1}},
        "corrections": {"0001": {"left_id": a.id, "right_id": b.id, "unit": "paragraph",
                                 "op": "link", "left": [4], "right": [3]}}}))
    code, out, _ = _cli(capsys, SEED_000, SEED_002, "--unit", "paragraph", "--json")
    data = json.loads(out)
    [manual] = [k for k in data["links"] if k["origin"] == "manual"]
    assert manual["left"][0]["start"] == a.paragraphs[4].start
    assert manual["right"][0]["start"] == b.paragraphs[3].start
    stored = json.loads(isolated_state.read_text())
    doc = stored["corrections"]["0001"]
    assert stored["meta"]["schema"]["version"] >= 2
    assert "texts" in doc["left"] and "basic things" in doc["left"]["texts"][0]


SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
WORDS = "storm bridge council vote river mayor budget school fire water road".split()


@SETTINGS
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=2, max_size=6), min_size=2,
                max_size=12), st.data())
def test_an_anchor_resolves_to_the_passage_it_was_made_from(sentences, data):
    text = "\n\n".join(" ".join(w).capitalize() + "." for w in sentences) + "\n"
    art = build_article(text, "t.txt")
    units = art.sentences
    k = data.draw(st.integers(0, len(units) - 1))
    n = data.draw(st.integers(1, min(3, len(units) - k)))
    picked = list(range(k, k + n))
    rec = anchor(art, [units[i] for i in picked])
    assert resolve(art, rec, units) == tuple(picked)
    # and in the same text with its paragraphs re-wrapped into one
    joined = build_article(text.replace("\n\n", " "), "t2.txt")
    got = resolve(joined, rec, joined.sentences)
    assert [joined.text[joined.sentences[i].start:joined.sentences[i].end] for i in got] == \
        [art.text[units[i].start:units[i].end] for i in picked]


def test_either_order_gives_the_same_links_turned_round(capsys):
    from tui.align import align_pair

    a, b = read_article(SEED_000), read_article(SEED_002)
    ab = align_pair(a, b, "sentence", use_cache=False)
    ba = align_pair(b, a, "sentence", use_cache=False)
    assert ba.swapped().links == ab.links and ba.left_units == ab.right_units
    _, out1, _ = _cli(capsys, SEED_000, SEED_002, "--unit", "sentence", "--json", "--no-cache")
    _, out2, _ = _cli(capsys, SEED_002, SEED_000, "--unit", "sentence", "--json", "--no-cache")
    one, two = json.loads(out1), json.loads(out2)
    assert [(k["left"], k["right"]) for k in one["links"]] == \
        sorted(((k["right"], k["left"]) for k in two["links"]), key=lambda x: x[0][0]["start"])
