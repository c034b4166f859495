"""``synoptic align``: JSON contract, the two-column listing, and bad input."""
from __future__ import annotations

import json
import re
import random

import pytest

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.cli import main
from tui.corpus import read_article


def run(capsys, *argv):
    code = main(["align", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def check_json_contract(data, left_text, right_text):
    assert set(data) >= {"left", "right", "links", "unaligned_left", "unaligned_right"}
    assert set(data["left"]) >= {"path", "title"}
    for link in data["links"]:
        assert set(link) >= {"left", "right", "score", "kind"}
        assert 0 <= link["score"] <= 1 and link["kind"] in ("match", "partial")
        for side, text in (("left", left_text), ("right", right_text)):
            assert link[side]
            for s in link[side]:
                assert text[s["start"]:s["end"]] == s["text"]
    for side, text in (("unaligned_left", left_text), ("unaligned_right", right_text)):
        for s in data[side]:
            assert text[s["start"]:s["end"]] == s["text"]


@pytest.mark.parametrize("unit", ["paragraph", "sentence"])
def test_json_output_follows_the_contract(capsys, unit):
    code, out, err = run(capsys, SEED_000, SEED_002, "--json", "--unit", unit)
    assert code == 0 and err == ""
    data = json.loads(out)
    check_json_contract(data, read_article(SEED_000).text, read_article(SEED_002).text)
    assert data["left"]["path"] == str(SEED_000)
    assert any(k["kind"] == "match" for k in data["links"])
    helpful = [k for k in data["links"] if any("helpful" in s["text"] for s in k["left"])]
    assert helpful and any("useful" in s["text"] for s in helpful[0]["right"])


def test_sentence_unit_spans_stay_inside_one_sentence(capsys):
    code, out, _ = run(capsys, SEED_000, SEED_002, "--json", "--unit", "sentence")
    data = json.loads(out)
    left = read_article(SEED_000)
    assert data["links"]
    for link in data["links"]:
        for s in link["left"]:
            inside = [x for x in left.sentences if x.start <= s["start"] and s["end"] <= x.end]
            assert inside, s


def test_listing_fits_the_terminal(capsys, monkeypatch):
    for width in (60, 80, 132):
        monkeypatch.setenv("COLUMNS", str(width))
        code, out, _ = run(capsys, SEED_000, SEED_002)
        assert code == 0
        lines = out.splitlines()
        assert max(len(line) for line in lines) <= width
        assert any("match" in line for line in lines)
        assert any("only in left" in line for line in lines)
        assert any("only in right" in line for line in lines)
        assert re.match(r"\d+ links?, ", lines[-1])


def test_unrelated_articles_list_no_match(capsys):
    code, out, _ = run(capsys, SEED_002, SEED_003, "--json")
    assert code == 0
    assert [k for k in json.loads(out)["links"] if k["kind"] == "match"] == []


def test_same_file_twice_and_identical_copies(capsys, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_bytes(SEED_002.read_bytes())
    for right in (SEED_002, copy):
        code, out, _ = run(capsys, SEED_002, right, "--json")
        data = json.loads(out)
        assert code == 0
        assert all(k["score"] == 1.0 and k["kind"] == "match" for k in data["links"])
        assert all(k["left"] == k["right"] for k in data["links"])
        # only the dateline and the credit line stay out
        assert len(data["unaligned_left"]) == 2


def test_bad_input_is_one_line_and_no_traceback(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    blank = tmp_path / "blank.txt"
    blank.write_text("  \n\n \n")
    cases = [(tmp_path / "missing.txt", SEED_000), (empty, SEED_000), (SEED_000, blank),
             (tmp_path, SEED_000)]
    for left, right in cases:
        code, out, err = run(capsys, left, right, "--json")
        assert code == 2 and out == ""
        assert err.startswith("synoptic: ") and err.count("\n") == 1 and "Traceback" not in err


def test_one_line_articles(capsys, tmp_path):
    one = tmp_path / "one.txt"
    one.write_text("Zelensky urged Biden to deliver a strong message.\n")
    other = tmp_path / "other.txt"
    other.write_text("Biden was urged by Zelensky to send a strong message\n")
    for unit in ("paragraph", "sentence"):
        code, out, _ = run(capsys, one, other, "--json", "--unit", unit)
        assert code == 0
        check_json_contract(json.loads(out), one.read_text(), other.read_text())
        code, out, _ = run(capsys, one, SEED_002, "--unit", unit)
        assert code == 0 and re.search(r"^\d+ links?, ", out, re.M)


def test_large_pair_is_aligned(capsys, tmp_path):
    rng = random.Random(7)
    vocab = [f"w{k}" for k in range(3000)]
    sents = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 14))).capitalize() + "."
             for _ in range(3000)]
    left = tmp_path / "left.txt"
    right = tmp_path / "right.txt"
    left.write_text("\n\n".join(" ".join(sents[k:k + 4]) for k in range(0, 3000, 4)))
    # right: the same story with a block moved, one dropped, one inserted
    moved = sents[:1000] + sents[2000:2400] + sents[1000:1200] + sents[1300:2000] + sents[2400:]
    moved[500:500] = ["Inserted sentence number %d here." % k for k in range(20)]
    right.write_text("\n\n".join(" ".join(moved[k:k + 3]) for k in range(0, len(moved), 3)))
    code, out, _ = run(capsys, left, right, "--json", "--unit", "sentence", "--no-cache")
    assert code == 0
    data = json.loads(out)
    lt, rt = left.read_text(), right.read_text()
    check_json_contract(data, lt, rt)
    exact = sum(1 for k in data["links"] if k["score"] == 1.0)
    assert exact >= 2800  # the moved block is found too, not only the in-order path
    assert len(data["unaligned_left"]) >= 100  # the dropped sentences


def test_one_word_and_identical_articles_by_sentence(capsys, tmp_path):
    word = tmp_path / "word.txt"
    word.write_text("Hello\n")
    code, out, err = run(capsys, word, SEED_000, "--json", "--unit", "sentence")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["links"] == [] and len(data["unaligned_left"]) == 1
    code, out, _ = run(capsys, word, word, "--json", "--unit", "sentence")
    data = json.loads(out)
    assert [k["score"] for k in data["links"]] == [1.0] and data["differences"] == 0
    # a file against itself: every sentence linked to itself, nothing differs
    code, out, _ = run(capsys, SEED_002, SEED_002, "--json", "--unit", "sentence")
    data = json.loads(out)
    assert all(k["left"] == k["right"] and not k["differs"] for k in data["links"])
    assert data["differences"] == 0


def test_a_long_article_against_a_short_one(capsys, tmp_path):
    rng = random.Random(3)
    vocab = [f"w{k}" for k in range(5000)]
    sents = [" ".join(rng.choice(vocab) for _ in range(rng.randint(6, 14))).capitalize() + "."
             for _ in range(20_000)]
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(" ".join(sents[k:k + 5]) for k in range(0, len(sents), 5)))
    small = tmp_path / "small.txt"
    small.write_text(" ".join(sents[7000:7010]) + "\n")
    for left, right, side in ((big, small, "left"), (small, big, "right")):
        code, out, err = run(capsys, left, right, "--json", "--unit", "sentence", "--no-cache")
        assert code == 0 and err == ""
        data = json.loads(out)
        # the ten sentences are found where they are in the long text
        assert len(data["links"]) == 10
        assert all(k["score"] == 1.0 for k in data["links"])
        texts = {s["text"] for k in data["links"] for s in k[side]}
        assert texts == set(sents[7000:7010])
