"""`synoptic search`: JSON contract, text output, limits and errors."""
from __future__ import annotations

import json

from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.cli import main
from tui.corpus import read_article


def run(capsys, *argv):
    code = main(["search", *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_json_is_best_first_with_the_contract_fields(capsys, seeds_dir):
    code, out, _ = run(capsys, "figting for our lifes", str(seeds_dir), "--json", "--limit", "4")
    assert code == 0
    rows = json.loads(out)
    assert 1 <= len(rows) <= 4
    for r in rows:
        assert {"path", "start", "end", "text", "score", "kind"} <= set(r)
        assert r["kind"] in ("sentence", "quote")
        assert read_article(r["path"]).text[r["start"]:r["end"]] == r["text"]
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert {r["path"] for r in rows[:2]} == {str(SEED_000), str(SEED_002)}


def test_default_library_is_the_seeds(capsys):
    code, out, _ = run(capsys, "trust only my famly", "--json", "--limit", "1")
    assert code == 0
    (row,) = json.loads(out)
    assert row["path"] == str(SEED_003) and "trust only my family" in row["text"]


def test_text_output_one_hit_a_line_without_colour_off_a_tty(capsys):
    code, out, _ = run(capsys, "standing ovation", "--limit", "3")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 3
    assert "\x1b[" not in out
    path, rest = lines[0].split(":", 1)
    assert path in (str(SEED_000), str(SEED_002))
    offset = int(rest.split()[0])
    assert "standing ovation" in read_article(path).text[offset:offset + 400]


def test_text_output_bolds_matches_on_a_tty(capsys, monkeypatch):
    import sys

    class Tty:
        def __init__(self, inner):
            self.inner = inner

        def write(self, s):
            return self.inner.write(s)

        def flush(self):
            self.inner.flush()

        def isatty(self):
            return True

    monkeypatch.setattr(sys, "stdout", Tty(sys.stdout))
    main(["search", "standing ovation", "--limit", "1"])
    out = capsys.readouterr().out
    assert "\x1b[1mstanding\x1b[22m" in out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["search", "standing ovation", "--limit", "1"])
    assert "\x1b[" not in capsys.readouterr().out


def test_no_hits_is_an_empty_list(capsys):
    code, out, _ = run(capsys, "!!!", "--json")
    assert code == 0 and json.loads(out) == []


def test_bad_limit_and_missing_files_are_one_line_errors(capsys, tmp_path):
    code, _, err = run(capsys, "kyiv", "--limit", "0")
    assert code == 2 and err.strip() == "synoptic: --limit must be at least 1"
    code, _, err = run(capsys, "kyiv", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("synoptic:")
