"""The command line's shared plumbing: global options in either position, path vs subcommand."""
from __future__ import annotations

from pathlib import Path

from tui.cli import build_parser, library_paths, main, state_path


def test_state_option_before_or_after_the_subcommand(tmp_path):
    for argv in (["--state", "A", "list"], ["list", "--state", "A"]):
        assert state_path(build_parser().parse_args(argv)) == Path("A")


def test_state_defaults_to_environment(isolated_state):
    assert state_path(build_parser().parse_args(["list"])) == isolated_state


def test_configured_library_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SYNOPTIC_LIBRARY", f"{tmp_path}/a:{tmp_path}/b")
    assert library_paths([]) == [f"{tmp_path}/a", f"{tmp_path}/b"]
    assert library_paths(["x"]) == ["x"]


def test_user_errors_are_one_line_without_traceback(capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert main(["compare", str(empty), str(empty)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "empty" in err and "Traceback" not in err
