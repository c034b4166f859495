"""``synoptic bookmarks`` listing and export, run through tui.cli.main on a temp state file."""
from __future__ import annotations

import json

import pytest

from tui.cli import main
from tui.state import StateStore

QUOTE = {"kind": "quote", "article_id": "18ebbd46ec4c8f7e", "path": "/lib/cnn.txt",
         "title": "Zelensky: sanctions are useful", "outlet": "CNN", "date": "2022-03-10",
         "start": 120, "end": 161, "text": "Sanctions are useful,\nbut not enough",
         "speaker": "Volodymyr Zelensky", "note": "re-translation says helpful",
         "tags": ["sanctions", "wording"]}
PASSAGE = {"kind": "passage", "article_id": "037d25ccf4b93274", "path": "/lib/people.txt",
           "title": "Vice interview", "outlet": "People", "date": None, "start": 0, "end": 80,
           "text": "A passage only People has.", "speaker": None, "note": "", "tags": []}


@pytest.fixture
def state(tmp_path):
    path = tmp_path / "state.json"
    with StateStore.open(path) as store:
        store.add_bookmark(QUOTE)
        store.add_bookmark(PASSAGE)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_text_one_line_each(capsys, state):
    code, out, err = run(capsys, "bookmarks", "--state", str(state))
    assert code == 0 and err == ""
    first, second = out.splitlines()
    for part in ("Zelensky: sanctions are useful", "CNN", "Volodymyr Zelensky",
                 "“Sanctions are useful, but not enough”", "re-translation says helpful"):
        assert part in first
    assert "A passage only People has." in second and "People" in second


def test_list_json_gives_the_records(capsys, state):
    code, out, _ = run(capsys, "bookmarks", "--json", "--state", str(state))
    assert code == 0
    records = json.loads(out)
    assert [r["kind"] for r in records] == ["quote", "passage"]  # oldest first
    assert {k: records[0][k] for k in QUOTE} == QUOTE
    assert records[0]["id"] and records[0]["created"]


def test_state_from_environment(capsys, state, monkeypatch):
    monkeypatch.setenv("SYNOPTIC_STATE", str(state))
    code, out, _ = run(capsys, "bookmarks", "list", "--json")
    assert code == 0 and len(json.loads(out)) == 2


def test_export_markdown_cites_each(capsys, state):
    code, out, err = run(capsys, "bookmarks", "export", "--format", "markdown",
                         "--state", str(state))
    assert code == 0 and err == ""
    assert out.startswith("# Synoptic bookmarks")
    quote_part, passage_part = out.split("## 2.")
    assert "> Sanctions are useful,\n> but not enough" in quote_part
    for part in ("Volodymyr Zelensky, quoted in “Zelensky: sanctions are useful”, CNN, "
                 "2022-03-10", "`/lib/cnn.txt`", "characters 120–161",
                 "Note: re-translation says helpful", "Tags: sanctions, wording"):
        assert part in quote_part
    assert "> A passage only People has." in passage_part
    assert "“Vice interview”, People" in passage_part and "`/lib/people.txt`" in passage_part
    assert "Note:" not in passage_part and "Tags:" not in passage_part


def test_export_json_adds_citations(capsys, state):
    code, out, _ = run(capsys, "bookmarks", "export", "--format", "json", "--state", str(state))
    assert code == 0
    records = json.loads(out)
    assert records[0]["citation"] == ("Volodymyr Zelensky, quoted in “Zelensky: sanctions are "
                                      "useful”, CNN, 2022-03-10 (/lib/cnn.txt)")
    assert records[1]["citation"] == "“Vice interview”, People (/lib/people.txt)"
    assert records[0]["text"] == QUOTE["text"] and records[0]["tags"] == QUOTE["tags"]


@pytest.mark.parametrize("argv", [("bookmarks",), ("bookmarks", "export")])
def test_empty_text_is_a_friendly_line_on_stderr(capsys, tmp_path, argv):
    path = tmp_path / "missing" / "state.json"
    code, out, err = run(capsys, *argv, "--state", str(path))
    assert code == 0 and out == ""
    assert err.startswith("synoptic: no bookmarks yet") and err.count("\n") == 1
    assert not path.parent.exists()  # listing created nothing


@pytest.mark.parametrize("argv", [("bookmarks", "--json"),
                                  ("bookmarks", "export", "--format", "json")])
def test_empty_json_is_an_empty_list(capsys, tmp_path, argv):
    path = tmp_path / "state.json"
    StateStore.open(path).close()
    code, out, err = run(capsys, *argv, "--state", str(path))
    assert code == 0 and json.loads(out) == [] and err == ""


def test_corrupt_state_reported_in_one_line(capsys, tmp_path):
    path = tmp_path / "state.json"
    path.write_bytes(b"{broken")
    code, out, err = run(capsys, "bookmarks", "--json", "--state", str(path))
    assert code == 0 and json.loads(out) == []
    assert err.startswith("synoptic: State file was corrupt") and err.count("\n") == 1
