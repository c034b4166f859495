"""Grouping variants of one statement across articles, and never merging different ones."""
from __future__ import annotations

from collections import defaultdict

import pytest

from tui.corpus import build_article
from tui.quotes import extract_quotes, group_quotes, library_quotes
from tui.quotes.group import _candidates, _statements


def article(name: str, *quotes: str, speaker: str = "Anna Kovalenko") -> object:
    body = "\n\n".join(f"“{q}” {speaker} said." for q in quotes)
    return build_article(f"Report {name}\n\n{body}", f"{name}.txt")


def group_of(quotes, path, prefix):
    return next(q.group for q in quotes if q.path == path and q.text.startswith(prefix))


def test_word_variant_grouped_across_unrelated_articles():
    qs = library_quotes([article("a", "We are fighting for our lives."),
                         article("b", "We are fighting for our life.")])
    assert qs[0].group == qs[1].group


def test_contractions_and_punctuation_do_not_matter():
    qs = library_quotes([article("a", "We'll see."), article("b", "We will see!")])
    assert qs[0].group == qs[1].group


def test_part_of_a_longer_quote_is_grouped_with_it():
    qs = library_quotes([
        article("a", "We are fighting for our lives and for the future of our children, and "
                     "we will not stop until every town is free."),
        article("b", "We are fighting for our lives and for the future of our children")])
    assert qs[0].group == qs[1].group


# Different statements on the same topic by the same speaker: never one group.
HARD_NEGATIVES = [
    ("We are fighting for our lives.", "We are defending our right for life."),
    ("Russia must stop the war now.", "Russia must stop the bombing now."),
    ("The sanctions are working and the Russian economy is suffering.",
     "The sanctions are not working and the Russian economy is growing."),
    ("We will not give up our land.", "We will not give up our freedom."),
    ("We need more weapons, not words.", "We need more sanctions, not words."),
    ("The talks in Istanbul were constructive.", "The talks in Belarus were not constructive."),
    ("I trust only my family.", "I trust only my people."),
    ("We need some time.", "We need more time."),
    ("Nobody is going to break us.", "Nobody is going to help us."),
    ("We will rebuild every city.", "We will rebuild every school."),
    ("I am not afraid of Putin.", "I am not afraid of anyone."),
    ("This is a war for the values of democracy and freedom.",
     "This is a war against the values of democracy and freedom."),
    ("Everyone should stop fighting and Russia should return to that point from which it "
     "started.", "Right now, stop the war. Begin to speak. That's it."),
    ("Yes.", "No."),
]


@pytest.mark.parametrize("left,right", HARD_NEGATIVES)
def test_different_statements_on_one_topic_are_not_grouped(left, right):
    qs = library_quotes([article("a", left), article("b", right)])
    assert qs[0].group != qs[1].group


def test_all_hard_negatives_in_one_library_form_no_group():
    articles = [article(f"n{i}", *pair) for i, pair in enumerate(HARD_NEGATIVES)]
    # the same pairs again, each side in its own article, all in one library
    articles += [article(f"l{i}", left) for i, (left, _) in enumerate(HARD_NEGATIVES)]
    qs = library_quotes(articles)
    groups = defaultdict(set)
    for q in qs:
        groups[q.group].add(q.text)
    assert all(len(texts) == 1 for texts in groups.values()), [
        t for t in groups.values() if len(t) > 1]


def test_rewording_is_trusted_only_between_related_articles():
    shared = ["We'll see.", "We are fighting for our lives.",
              "Ukraine is the heart of Europe, and now Europe sees Ukraine as something special."]
    left = "It's very dangerous, this is not a movie I created, I think Ukraine is the creator."
    right = "It's very serious, it's not a movie, I'm not iconic, I think Ukraine is iconic."
    related = library_quotes([article("a", *shared, left), article("b", *shared, right)])
    assert group_of(related, "a.txt", "It's very") == group_of(related, "b.txt", "It's very")
    alone = library_quotes([article("a", left), article("b", right)])
    assert alone[0].group != alone[1].group


def test_rewordings_pair_one_to_one():
    shared = ["We'll see.", "We are fighting for our lives.",
              "They have no idea what they are doing in our streets."]
    a = article("a", *shared, "Everyone should stop fighting and Russia should return to that "
                              "point from which it started.")
    b = article("b", *shared, "Everybody has to stop fighting and to go back to that point "
                              "from where it began.",
                "Everybody must stop fighting and return to the point where it started, he "
                "insisted again and again.")
    qs = library_quotes([a, b])
    g = group_of(qs, "a.txt", "Everyone")
    assert sum(1 for q in qs if q.group == g and q.path == "b.txt") == 1


def test_short_matches_alone_do_not_make_articles_related():
    # "We'll see" and "Work and sleep" could be anyone's: they are no evidence that two
    # articles report the same interview, so the rewording is not trusted.
    left = "It's very dangerous, this is not a movie I created, I think Ukraine is the creator."
    right = "It's very serious, it's not a movie, I'm not iconic, I think Ukraine is iconic."
    qs = library_quotes([article("a", "We'll see.", "Work and sleep.", left),
                         article("b", "We'll see.", "Work and sleep.", right)])
    assert group_of(qs, "a.txt", "We'll") == group_of(qs, "b.txt", "We'll")
    assert group_of(qs, "a.txt", "It's very") != group_of(qs, "b.txt", "It's very")


def test_known_different_speakers_are_never_grouped():
    qs = library_quotes([article("a", "We are ready to talk.", speaker="Anna Kovalenko"),
                         article("b", "We are ready to talk.", speaker="John Smith")])
    assert qs[0].group != qs[1].group


def test_unknown_speaker_does_not_block_a_match():
    a = build_article("“We are ready to talk to anyone,” Anna Kovalenko said.", "a.txt")
    b = build_article("Officials repeated: “We are ready to talk to anyone.”", "b.txt")
    qs = library_quotes([a, b])
    assert qs[1].speaker is None and qs[0].group == qs[1].group


def test_same_article_groups_only_clear_duplicates():
    a = article("a", "We are fighting for our lives and our children.", "We'll see.",
                "We are fighting for our lives and our children.", "We'll see.",
                "We are fighting for our lives and our futures.")
    qs = library_quotes([a])
    assert qs[0].group == qs[2].group            # the same quote repeated
    assert qs[1].group != qs[3].group            # too short to call a duplicate
    assert qs[4].group != qs[0].group            # a different statement


def test_two_copies_of_one_file_are_two_reports():
    text = "“We are fighting for our lives,” Anna Kovalenko said."
    qs = library_quotes([build_article(text, "one/a.txt"), build_article(text, "two/a.txt")])
    assert qs[0].article_id == qs[1].article_id and qs[0].group == qs[1].group


def test_every_quote_gets_a_group_and_singletons_their_own():
    qs = library_quotes([article("a", "One thing is certain.", "Another thing entirely.")])
    assert all(isinstance(q.group, str) and q.group for q in qs)
    assert qs[0].group != qs[1].group


def test_group_quotes_sets_groups_in_place_and_returns_the_list():
    quotes = extract_quotes(article("a", "We are fighting for our lives."))
    assert quotes[0].group is None
    assert group_quotes(quotes) is quotes and quotes[0].group
    assert group_quotes([]) == []


def test_blocking_compares_only_statements_sharing_content_words():
    # 300 statements over disjoint vocabularies: no pair is worth comparing.
    words = [f"w{i}x{j}" for i in range(300) for j in range(5)]
    arts = [article(f"a{i}", " ".join(words[i * 5:(i + 1) * 5]) + ".") for i in range(300)]
    quotes = [q for a in arts for q in extract_quotes(a)]
    assert len(quotes) == 300
    assert list(_candidates(_statements(quotes))) == []
    # and a shared rare word brings exactly its pair together
    quotes += extract_quotes(article("z", f"{words[0]} {words[1]} {words[2]} {words[3]} more."))
    assert set(_candidates(_statements(quotes))) == {(0, 300)}


def test_big_library_is_cached_on_disk_and_a_changed_article_is_a_new_entry(tmp_path):
    from tui.quotes import cache

    arts = [article(f"c{i}", f"Statement number {i} about the harbour {i}.",
                    "We are fighting for our lives.") for i in range(cache.MIN_ARTICLES)]
    first = library_quotes(arts)
    entries = list(cache.cache_dir().glob("*.json"))
    assert len(entries) == 1 and str(entries[0]).startswith(str(tmp_path))
    again = library_quotes(arts)
    assert [(q.path, q.start, q.group, q.speaker) for q in again] == [
        (q.path, q.start, q.group, q.speaker) for q in first]
    assert len({q.group for q in again if q.text.startswith("We are fighting")}) == 1
    # a corrupt entry is ignored and rewritten
    entries[0].write_text("[{]", encoding="utf-8")
    assert len(library_quotes(arts)) == len(first)
    arts[0] = article("c0", "A different statement entirely.")
    library_quotes(arts)
    assert len(list(cache.cache_dir().glob("*.json"))) == 2
    # below the threshold nothing is written
    library_quotes(arts[:3])
    assert len(list(cache.cache_dir().glob("*.json"))) == 2


def test_library_quotes_reports_progress_article_by_article():
    articles = [build_article(f"Headline {n}\n\n“We will rebuild bridge {n},” the mayor said.",
                              f"a{n}.txt") for n in range(120)]
    calls: list[tuple[int, int]] = []
    quotes = library_quotes(articles, cache=False, progress=lambda d, t: calls.append((d, t)))
    assert len(quotes) == 120
    assert calls[0] == (0, 120) and calls[-1] == (120, 120)
    done = [d for d, _ in calls]
    assert done == sorted(done) and all(t == 120 for _, t in calls)
    assert len(calls) >= 3  # several updates on the way, not only start and end
