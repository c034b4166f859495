"""Statements in display order, their wordings and filtering (``tui.quotes.display``)."""
from __future__ import annotations

from dataclasses import dataclass

from tui.quotes.display import (matches_filter, same_wording_key, source_line,
                                statement_groups)
from tui.quotes.model import Quote


def _q(aid: str, start: int, text: str, group: str | None, fragment=False,
       speaker: str | None = "S") -> Quote:
    return Quote(article_id=aid, path=f"{aid}.txt", start=start, end=start + len(text),
                 text=text, speaker=speaker, fragment=fragment, paragraph=0, statement=start,
                 group=group)


def test_group_order_shared_first_then_statements_then_fragments():
    quotes = [_q("a", 0, "frag", "g1", fragment=True), _q("a", 10, "alone", "g2"),
              _q("a", 20, "shared one", "g3"), _q("b", 5, "shared 1", "g3"),
              _q("b", 1, "no group", None)]
    groups = statement_groups(quotes, {"a": 0, "b": 1})
    assert [[q.text for q in g.quotes] for g in groups] == [
        ["shared one", "shared 1"], ["alone"], ["no group"], ["frag"]]


def test_same_wording_ignores_typography_and_case():
    assert same_wording_key("We’ll  see.") == same_wording_key("we'll see.")
    assert same_wording_key("useful") != same_wording_key("helpful")


def test_wordings_join_the_parts_of_a_statement_and_tell_whether_they_differ():
    quotes = [_q("a", 0, "We will", "g"), _q("a", 30, "fight on", "g"),
              _q("b", 0, "We will fight on", "g", speaker="T"), _q("b", 40, "x", "h")]
    [group, _] = statement_groups(quotes, {"a": 0, "b": 1})
    assert group.wordings() == [("a", "We will … fight on"), ("b", "We will fight on")]
    assert group.differs()
    assert group.speaker == "S" and group.article_ids == ["a", "b"]
    same = statement_groups([_q("a", 0, "We’ll see", "s"), _q("b", 0, "we'll  see", "s")], {})
    assert not same[0].differs()


@dataclass
class Info:
    title: str
    outlet: str | None = None
    date: str | None = None


def test_filter_words_match_speakers_texts_outlets_and_titles():
    infos = {"a": Info("Talks in Kyiv", "CNN", "2022-03-01")}
    [group] = statement_groups([_q("a", 0, "We are fighting", "g", speaker="Zelensky")], {})
    assert matches_filter(group, [], infos.get)
    assert matches_filter(group, ["zelensky", "cnn"], infos.get)
    assert matches_filter(group, ["kyiv", "fighting"], infos.get)
    assert not matches_filter(group, ["biden"], infos.get)
    assert source_line(infos["a"], "x/a.txt") == "CNN · 2022-03-01 · Talks in Kyiv"
    assert source_line(None, "x/a.txt") == "a.txt"
