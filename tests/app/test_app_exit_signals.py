"""A closed terminal or SIGTERM ends the app within 3 s whatever it is doing (issue 10).

30 trials of tests/exit_trials.run_trial on a generated 20 MB article: the real program in a
pseudo-terminal, each long job started (open, Q quotes, ctrl+f search index, c compare, and the
first indexing of the folder), the terminal closed or SIGHUP sent at a random moment, SIGTERM a
random moment later. Each must exit within 3 s of the first signal, keep the state file
readable with what it held, leave its lock free and no child process of its jobs running. tests/bench/exit_signals.py runs more.
"""
from __future__ import annotations

import random

import pytest

from tests.exit_trials import EXIT_DEADLINE, JOBS, make_library, run_trial, warm_cache

TRIALS_PER_JOB = 6
ARTICLE_BYTES = 20_000_000


@pytest.fixture(scope="module")
def big_library(tmp_path_factory):
    root = tmp_path_factory.mktemp("exit-library")
    folder = make_library(root / "library", ARTICLE_BYTES)
    return folder, warm_cache(folder, root / "warm-cache")


@pytest.mark.parametrize("trial", range(TRIALS_PER_JOB * len(JOBS)))
def test_signals_end_the_app_within_three_seconds(big_library, tmp_path, trial):
    folder, template = big_library
    job = list(JOBS)[trial % len(JOBS)]
    rng = random.Random(1000 + trial)
    result = run_trial(folder, tmp_path / "home", job, rng, cache_template=template,
                       max_delay=2.0, hangup="close" if trial % 2 else "kill")
    detail = f"{result}"
    assert result.exit_seconds is not None and result.exit_seconds <= EXIT_DEADLINE, detail
    assert result.state_ok, detail
    assert result.lock_free, detail
    # The job children (tui.childjob) end with the app: none is left running.
    assert not result.orphans, detail
    # 128 + SIGHUP or SIGTERM; 1 only if the C backstop (faulthandler) had to end it.
    assert result.code in (129, 143, 1), detail
