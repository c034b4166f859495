"""``attach_fragments``: in one story, a short quote inside a longer statement other outlets
reported joins it (the quotes screen of a story, issue 13 item 5)."""
from __future__ import annotations

from tui.quotes.display import attach_fragments, regroup_order, statement_groups
from tui.quotes.model import Quote

FULL = "The Kessler Bridge is the front door of this city and we cannot let it crumble"


def quote(article: str, text: str, speaker: str | None, n: int = 0, group: str | None = None,
          fragment: bool = False) -> Quote:
    return Quote(article_id=article, path=f"/{article}.txt", start=10 * n, end=10 * n + len(text),
                 text=text, speaker=speaker, fragment=fragment, paragraph=n, statement=n,
                 group=group)


ORDER = {"courier": 0, "gazette": 1, "seven": 2}


def groups_of(quotes):
    return regroup_order(attach_fragments(statement_groups(quotes, ORDER)), ORDER)


def test_a_phrase_of_the_statement_joins_it_and_names_its_outlet():
    groups = groups_of([
        quote("courier", FULL, "Dana Fisk", group="g1"),
        quote("gazette", "The Kessler Bridge is the front door of this city", "Dana Fisk",
              group="g1"),
        quote("seven", "the front door of this city.", "Council President Dana Fisk"),
    ])
    assert len(groups) == 1
    assert groups[0].article_ids == ["courier", "gazette", "seven"]
    assert groups[0].speaker == "Dana Fisk" and groups[0].differs()


def test_a_fragment_quoted_inside_the_writers_sentence_joins_too():
    groups = groups_of([quote("courier", FULL, "Dana Fisk"),
                        quote("seven", "front door of this city", None, fragment=True)])
    assert [g.article_ids for g in groups] == [["courier", "seven"]]
    assert not groups[0].fragment


def test_another_speaker_a_too_short_phrase_or_the_same_article_stay_apart():
    groups = groups_of([
        quote("courier", FULL, "Dana Fisk"),
        quote("gazette", "the front door of this city", "Ellen Ward", n=1),   # Ward said it
        quote("seven", "this city", "Dana Fisk", n=2),                       # two words
        quote("courier", "let it crumble", "Dana Fisk", n=3),                # its own article
    ])
    assert len(groups) == 4
    assert all(len(g.article_ids) == 1 for g in groups)


def test_words_must_run_unbroken_and_whole():
    groups = groups_of([quote("courier", FULL, "Dana Fisk"),
                        quote("seven", "the front door of the city", "Dana Fisk"),
                        quote("gazette", "door of this cit", "Dana Fisk", n=1)])
    assert len(groups) == 3
