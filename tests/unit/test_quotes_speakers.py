"""Speakers: cue verbs in either order, opening clauses, pronouns, the previous speaker,
titles, roles, and one canonical name per person."""
from __future__ import annotations

import pytest

from tui.corpus import build_article
from tui.quotes import extract_quotes, library_quotes
from tui.quotes.speakers import surnames_match


def speakers(text: str) -> list[tuple[str, str | None]]:
    # A comma closed inside the marks stays in the quote's text (test_quotes_marks checks it);
    # here only the words matter.
    return [(q.text.rstrip(","), q.speaker) for q in extract_quotes(build_article(text, "x.txt"))]


@pytest.mark.parametrize("verb", ["said", "says", "told reporters", "added", "urged",
                                  "replied", "responded", "asked", "warned", "insisted",
                                  "explained", "wrote"])
def test_cue_verbs_after_the_quote_in_both_orders(verb):
    assert speakers(f"“We must act now,” Anna Kovalenko {verb}.") == [
        ("We must act now", "Anna Kovalenko")]
    if " " not in verb:
        assert speakers(f"“We must act now,” {verb} Anna Kovalenko.") == [
            ("We must act now", "Anna Kovalenko")]


def test_cue_before_the_quote_with_colon_comma_or_that():
    text = ("Anna Kovalenko said: “We must act now.”\n\n"
            "Later, John Smith said, “We will wait.”\n\n"
            "Maria Lopez has repeatedly warned that “the winter will be hard for everyone.”")
    assert speakers(text) == [("We must act now.", "Anna Kovalenko"),
                              ("We will wait.", "John Smith"),
                              ("the winter will be hard for everyone.", "Maria Lopez")]


def test_asked_clause_then_pronoun():
    text = ("Anna Kovalenko spoke to reporters in Kyiv on Monday.\n\n"
            "Asked if she felt John Smith was wasting time, she said: “We’ll see.”")
    assert speakers(text) == [("We’ll see.", "Anna Kovalenko")]


def test_participle_cue_takes_the_subject_of_the_sentence():
    text = ("Earlier on Tuesday, Anna Kovalenko was given a standing ovation after a video "
            "address to the European Parliament, telling delegates: “We are fighting.”\n\n"
            "Speaking to Vice in an interview, John Smith projected confidence, saying he "
            "thinks peace “will” come.")
    assert speakers(text) == [("We are fighting.", "Anna Kovalenko"), ("will", "John Smith")]


def test_pronoun_resolves_to_the_subject_not_to_someone_merely_mentioned():
    text = ("President Anna Kovalenko urged her counterpart John Smith to send help.\n\n"
            "“Now is the moment,” she said.")
    assert speakers(text) == [("Now is the moment", "Anna Kovalenko")]


def test_pronoun_follows_the_latest_named_subject():
    text = ("John Smith insists the border is secure. Anna Kovalenko vowed not to bend.\n\n"
            "“Nobody is going to break us,” she said.")
    assert speakers(text) == [("Nobody is going to break us", "Anna Kovalenko")]


def test_quote_without_attribution_takes_the_previous_speaker():
    text = ("“We are ready,” John Smith said.\n\n"
            "“When we talk about peace, we mean it.”\n\n"
            "The weather was cold.\n\n"
            "“Nobody will leave.”")
    assert [s for _, s in speakers(text)] == ["John Smith"] * 3


def test_unattributed_quote_takes_the_subject_named_earlier_in_its_paragraph():
    text = ("“We are ready,” John Smith said.\n\n"
            "Anna Kovalenko repeated her call for aid. “We need it today.”")
    assert speakers(text)[1] == ("We need it today.", "Anna Kovalenko")


def test_appositive_between_name_and_cue():
    text = ("“Only dialogue,” Anna Kovalenko, who worked as an actor before taking office in "
            "May 2019, told Vice in the interview.")
    assert speakers(text) == [("Only dialogue", "Anna Kovalenko")]


def test_object_of_told_is_not_the_speaker():
    text = "“We will see,” Anna Kovalenko told John Smith."
    assert speakers(text) == [("We will see", "Anna Kovalenko")]


def test_according_to():
    assert speakers("The plan is “dead”, according to Senator Jane Roe.") == [("dead", "Jane Roe")]


def test_titles_are_not_part_of_the_name_and_short_forms_merge():
    text = ("Ukrainian President Volodymyr Zelensky spoke on Tuesday.\n\n"
            "“We will win,” President Zelensky said.\n\n"
            "“Help us,” Mr. Zelensky added.\n\n"
            "“Thank you,” said Dr. Jane Roe. “Goodbye,” Ms Roe said.")
    assert [s for _, s in speakers(text)] == ["Volodymyr Zelensky"] * 2 + ["Jane Roe"] * 2


def test_roles_resolve_to_the_person_holding_them():
    text = ("Ukrainian President Volodymyr Zelensky met Russian President Vladimir Putin.\n\n"
            "“We need peace,” Ukraine’s president said.\n\n"
            "“We need land,” the Russian president said.\n\n"
            "“Never,” the Ukrainian leader replied.")
    assert [s for _, s in speakers(text)] == ["Volodymyr Zelensky", "Vladimir Putin",
                                             "Volodymyr Zelensky"]


def test_transliteration_variants_merge_across_a_library():
    a = build_article("Ukrainian President Volodymyr Zelensky met reporters.\n\n"
                      "“We will win,” Zelensky said.", "a.txt")
    b = build_article("“We will rebuild,” Zelenskyy said.\n\n“Slava Ukraini,” Zelenskiy added.",
                      "b.txt")
    c = build_article("“Nothing is lost,” the Ukrainian leader said.", "c.txt")
    quotes = library_quotes([a, b, c])
    assert [q.speaker for q in quotes] == ["Volodymyr Zelensky"] * 4
    # on its own, c never names anyone
    assert [q.speaker for q in extract_quotes(c)] == [None]


def test_canonical_name_is_the_longest_full_form_most_often_spelled_so():
    a = build_article("“One,” Volodymyr Zelensky said. “Two,” Zelensky said later.", "a.txt")
    b = build_article("“Three,” Volodymyr Zelenskyy said.", "b.txt")
    c = build_article("“Four,” Volodymyr Oleksandrovych Zelensky said.", "c.txt")
    assert {q.speaker for q in library_quotes([a, b])} == {"Volodymyr Zelensky"}
    assert {q.speaker for q in library_quotes([a, b, c])} == {"Volodymyr Oleksandrovych Zelensky"}


def test_different_people_with_one_surname_or_similar_surnames_stay_apart():
    text = ("“Yes,” Joe Biden said. “No,” Hunter Biden said.\n\n"
            "“Maybe,” Boris Johnson said. “Perhaps,” Boris Johnston said.")
    assert [s for _, s in speakers(text)] == ["Joe Biden", "Hunter Biden", "Boris Johnson",
                                             "Boris Johnston"]


@pytest.mark.parametrize("a,b,same", [
    ("Zelensky", "Zelenskyy", True), ("Zelensky", "Zelenskiy", True),
    ("Zelensky", "Zelenskij", True), ("Shoigu", "Shoygu", True), ("Müller", "Muller", True),
    ("Johnson", "Johnston", False), ("Biden", "Bidden", True), ("Putin", "Pútin", True),
    ("Smith", "Smyth", True), ("Lopez", "Lopes", False), ("Kim", "Kin", False),
])
def test_surname_variants(a, b, same):
    assert surnames_match(a, b) is same


def test_organisations_and_places_do_not_become_people():
    text = ("Rockets were fired hours after Russia warned of “high-precision” strikes.\n\n"
            "“We are safe,” the Ministry of Defence said.\n\n"
            "“Keep calm,” he said.")
    got = speakers(text)
    assert got[0] == ("high-precision", "Russia")
    assert got[1] == ("We are safe", "Ministry of Defence")
    assert got[2] == ("Keep calm", None)  # no person named before: nobody to resolve "he" to


def test_fragment_without_a_cue_has_no_speaker():
    got = speakers("Anna Kovalenko spoke. The crews called it a “phoney war” and left.")
    assert got == [("phoney war", None)]
    # a name in marks is not a quotation at all
    assert speakers("Anna Kovalenko spoke. The crews of “CNN” and Reuters were friendly.") == []


def test_quoted_words_someone_is_reported_saying_are_quotes_not_fragments():
    text = ("Anna Kovalenko urged leaders to deliver a strong and “useful” message.\n\n"
            "She said the war was “a fight for the values of democracy” and then left.\n\n"
            "Anna Kovalenko said that “as long as the attacks continue, there will be no "
            "progress.”\n\n"
            "She called the proposal “absurd, offensive and late.”\n\n"
            "Asked about her days, she said: “Work and sleep.”\n\n"
            "“Useful” is how she described it.\n\n"
            "Critics saw a “charm offensive” in the tour.")
    got = [(q.text.rstrip(","), q.fragment, q.speaker)
           for q in extract_quotes(build_article(text, "x.txt"))]
    anna = "Anna Kovalenko"
    assert got == [
        ("useful", False, anna),
        ("a fight for the values of democracy", False, anna),
        ("as long as the attacks continue, there will be no progress.", False, anna),
        ("absurd, offensive and late.", False, anna),
        ("Work and sleep.", False, anna),
        ("Useful", False, anna),
        ("charm offensive", True, None),   # nobody is reported as saying it: a scare quote
    ]
