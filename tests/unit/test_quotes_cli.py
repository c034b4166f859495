"""`synoptic quotes`: the JSON contract and the grouped text listing."""
from __future__ import annotations

import json

from tui.cli import main
from tests.conftest import SEED_000, SEED_002, SEED_003


def run(capsys, *argv):
    code = main(["quotes", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract_on_the_seeds(capsys):
    code, out, err = run(capsys, "--json")
    assert code == 0 and err == ""
    rows = json.loads(out)
    texts = {str(p): p.read_text(encoding="utf-8") for p in (SEED_000, SEED_002, SEED_003)}
    assert {r["path"] for r in rows} == set(texts)
    for r in rows:
        assert {"path", "text", "speaker", "start", "end", "group", "fragment", "article_id",
                "statement"} <= set(r)
        assert texts[r["path"]][r["start"]:r["end"]] == r["text"]
    lives = [r for r in rows if r["text"].startswith("We are fighting for our li")]
    assert len(lives) == 2 and lives[0]["group"] == lives[1]["group"]
    assert {r["speaker"] for r in lives} == {"Volodymyr Zelensky"}
    # a word Zelensky is reported as saying is his quote
    assert any(r["text"] == "useful" and r["speaker"] == "Volodymyr Zelensky" for r in rows)
    # fragments (here 003's headline quote) only with --fragments
    assert not any(r["fragment"] for r in rows)
    code, out, _ = run(capsys, "--json", "--fragments")
    frags = [r for r in json.loads(out) if r["fragment"]]
    assert [r["text"] for r in frags] == ["Oh, No"]
    assert len(json.loads(out)) == len(rows) + 1


def test_text_lists_groups_with_speaker_source_and_wording(capsys, tmp_path):
    code, out, _ = run(capsys, str(SEED_000), str(SEED_002))
    assert code == 0
    blocks = out.strip().split("\n\n")
    # statements reported by both articles come first
    assert blocks[0].startswith("Volodymyr Zelensky — 2 articles")
    lives = next(b for b in blocks if "fighting for our lives" in b)
    assert "“We are fighting for our life.”" in lives
    assert "CNN · 002_ab554daf6d20ffd4.txt" in lives
    assert "000_18ebbd46ec4c8f7e.txt: Ukraine's president speaks" in lives
    assert "“useful”" in out and "(fragment)" not in out
    _, with_fragments, _ = run(capsys, str(SEED_003), "--fragments")
    assert "“Oh, No” (fragment)" in with_fragments
    # parts of one statement are shown together
    assert "“I’ve spoken to Biden many times, … And I’ve told them" in out.replace("\n   ", " ")


def test_missing_path_is_one_line_and_non_zero(capsys, tmp_path):
    code, out, err = run(capsys, "--json", str(tmp_path / "nope.txt"))
    assert code == 2 and out == ""   # a user error, as for every command (issue 10)
    assert err.strip().count("\n") == 0 and "nope.txt" in err and "Traceback" not in err


def test_article_without_quotes(capsys, tmp_path):
    f = tmp_path / "plain.txt"
    f.write_text("Nothing is quoted here.\n\nNor here.", encoding="utf-8")
    code, out, err = run(capsys, str(f))
    assert code == 0 and out == ""
    assert "no quotations found" in err
