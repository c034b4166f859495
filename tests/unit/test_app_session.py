"""The session schema (``tui.app.session``): one shape written, every older one read."""
from __future__ import annotations

import pytest

from tui.app.session import Session


def test_each_screen_writes_one_shape_and_reads_it_back():
    for session, stored in [
            (Session(), {"screen": "library"}),
            (Session.reader("a1"), {"screen": "reader", "article": "a1"}),
            (Session.compare("a1", "b2", 4),
             {"screen": "compare", "left": "a1", "right": "b2", "passage": 4}),
            (Session.compare("a1", "b2"), {"screen": "compare", "left": "a1", "right": "b2"})]:
        assert session.to_dict() == stored
        assert Session.from_dict(stored) == session


def test_sessions_written_by_older_versions_are_read():
    # The compare screen wrote both key schemes; app.py wrote left/right without a passage.
    both = {"screen": "compare", "left": "a1", "right": "b2", "article_id": "a1",
            "right_id": "b2", "passage": 7}
    assert Session.from_dict(both) == Session.compare("a1", "b2", 7)
    old_compare = {"screen": "compare", "article_id": "a1", "right_id": "b2", "passage": 3}
    assert Session.from_dict(old_compare) == Session.compare("a1", "b2", 3)
    assert Session.from_dict({"screen": "reader", "article_id": "a1"}) == Session.reader("a1")


@pytest.mark.parametrize("damaged", [
    None, [], "reader", {}, {"screen": "reader"}, {"screen": "reader", "article": 3},
    {"screen": "compare", "left": "a1"}, {"screen": "nowhere", "article": "a1"}])
def test_a_damaged_or_partial_session_is_the_library(damaged):
    assert Session.from_dict(damaged) == Session()


@pytest.mark.parametrize("passage", [-1, "3", True, 2.5, None])
def test_a_bad_compare_passage_is_dropped_not_the_session(passage):
    stored = {"screen": "compare", "left": "a1", "right": "b2", "passage": passage}
    assert Session.from_dict(stored) == Session.compare("a1", "b2")
