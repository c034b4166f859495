"""Issue 10, rough edges 3-5: options before or after paths in every subcommand, a path that
does not exist is a one-line error with exit 2 (and no app), and every option is checked before
the state file is touched."""
from __future__ import annotations

import json

import pytest

from pathlib import Path

from tests.conftest import SEED_000, SEED_002, SEEDS_DIR
from tui.cli import main

A, B, SEEDS = str(SEED_000), str(SEED_002), str(SEEDS_DIR)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


ORDERS = {
    "search": [["search", "fighting", "--json", "--limit", "2", SEEDS],
               ["search", "--json", "fighting", SEEDS, "--limit", "2"],
               ["search", "--limit", "2", "--json", "fighting", SEEDS],
               ["--json", "search", "fighting", "--limit=2", SEEDS]],
    "list": [["list", "--json", A, B], ["list", A, "--json", B], ["list", A, B, "--json"]],
    "quotes": [["quotes", "--json", A, B], ["quotes", A, "--json", B], ["quotes", A, B, "--json"]],
    "align": [["align", A, B, "--json", "--unit", "sentence"],
              ["align", "--unit", "sentence", A, "--json", B],
              ["align", "--json", A, "--unit", "sentence", B]],
    "bookmarks": [["bookmarks", "export", "--format", "json"],
                  ["bookmarks", "--format", "json", "export"]],
    "keys": [["keys", "--json"], ["--json", "keys"]],
}


@pytest.mark.parametrize("command", sorted(ORDERS))
def test_options_anywhere_give_the_same_answer(capsys, command):
    outputs = []
    for argv in ORDERS[command]:
        code, out, err = run(capsys, *argv)
        assert code == 0, (argv, err)
        outputs.append(json.loads(out))
    assert all(o == outputs[0] for o in outputs)
    if command == "search":
        assert len(outputs[0]) == 2


PAGE = str(Path(__file__).parent / "data" / "lakeside-ledger.html")


def test_add_takes_options_anywhere(capsys, tmp_path):
    outputs = []
    for n, argv in enumerate((["add", PAGE, "--json", "--to", "{to}"],
                              ["add", "--to", "{to}", PAGE, "--json"],
                              ["add", "--json", "--limit", "3", PAGE, "--to={to}"])):
        to = str(tmp_path / f"to{n}")
        code, out, err = run(capsys, *[a.format(to=to) for a in argv])
        assert code == 0, (argv, err)
        saved = json.loads(out)
        assert len(saved) == 1 and saved[0]["path"].startswith(to)
        outputs.append({k: v for k, v in saved[0].items() if k != "path"})
    assert all(o == outputs[0] for o in outputs)
    assert outputs[0]["outlet"] == "The Lakeside Ledger"


def test_global_state_option_anywhere(capsys, tmp_path):
    state = tmp_path / "s.json"
    for argv in (["--state", str(state), "bookmarks", "--json"],
                 ["bookmarks", "--state", str(state), "--json"],
                 ["bookmarks", "--json", "--state", str(state)]):
        code, out, err = run(capsys, *argv)
        assert code == 0 and json.loads(out) == [], (argv, err)


@pytest.mark.parametrize("argv", [
    ["--theme", "nope", A],
    [A, "--theme", "nope"],
    ["serve", "--theme", "nope", A],
    ["serve", A, "--theme", "nope", "--port", "0"],
    ["compare", A, B, "--theme", "nope"],
    ["compare", "--theme", "nope", A, B],
    ["compare", A, "--theme", "nope", B],
])
def test_theme_is_checked_wherever_it_is_given(capsys, argv):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "unknown theme 'nope'" in err and "synoptic-dark" in err


def test_bad_theme_leaves_a_corrupt_state_file_alone(capsys, tmp_path):
    state = tmp_path / "s.json"
    state.write_text("{ not json")
    code, _, err = run(capsys, "--state", str(state), "--theme", "nope")
    assert code == 2 and "unknown theme" in err
    # Nothing was moved aside or created: the theme failed before the state was opened.
    assert state.read_text() == "{ not json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]


@pytest.mark.parametrize("argv", [
    ["{missing}"],
    ["{missing}", A],
    ["--theme", "synoptic-dark", "{missing}"],
    ["compare", A, "{missing}"],
    ["list", "{missing}", "--json"],
    ["quotes", "--json", "{missing}"],
    ["search", "kyiv", "{missing}"],
    ["align", A, "{missing}"],
    ["serve", "{missing}", "--port", "0"],
])
def test_a_missing_path_is_one_line_and_exit_2(capsys, tmp_path, isolated_state, argv):
    missing = str(tmp_path / "no-such-file.txt")
    code, out, err = run(capsys, *[a.format(missing=missing) for a in argv])
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no-such-file.txt" in err and "Traceback" not in err
    assert not isolated_state.exists()   # no app ran, nothing was saved


def test_a_folder_without_articles_still_opens_the_library(tmp_path):
    from tui.cli import check_paths_exist

    check_paths_exist([str(tmp_path)])  # no error: the library explains an empty folder
