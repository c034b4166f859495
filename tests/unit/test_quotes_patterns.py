"""Who said it, on short articles written for each pattern of issue 9: quote marks as outlets
print them, speakers anchored on the cue verb, clean names, phrases in marks that are not
quotes, and statements grouped across outlets. Every name here is invented."""
from __future__ import annotations

import pytest

from tui.corpus import build_article
from tui.quotes import extract_quotes, library_quotes


def quotes(text: str, name: str = "x.txt"):
    article = build_article(text, name)
    out = extract_quotes(article)
    for q in out:
        assert article.text[q.start:q.end] == q.text
    return out


def said(text: str) -> list[tuple[str, str | None]]:
    """(words, speaker) of every quote that is not a fragment; a closing comma dropped."""
    return [(q.text.rstrip(","), q.speaker) for q in quotes(text) if not q.fragment]


# --- quote marks as outlets print them ---------------------------------------------------------

def test_doubled_straight_single_marks_of_the_new_york_times():
    text = ("The plan drew fire on Monday.\n\n"
            "''We finally may be seeing some progress,'' said Jared Quill, an economist. "
            "''It is going to take a lot more than one good report.''\n\n"
            "''He said, 'Eight years, no daylight,''' Mr. Quill recalled.")
    got = quotes(text)
    assert [q.text for q in got] == [
        "We finally may be seeing some progress,", "It is going to take a lot more than one good report.",
        "He said, 'Eight years, no daylight,'"]
    assert {q.speaker for q in got} == {"Jared Quill"}
    assert got[0].statement == got[1].statement


def test_nested_quotes_of_the_same_family():
    got = said("“It is closer to what he calls “hell” than to a home,” said Ada Brenner.\n\n"
               "\"Residents shouted \"Out!\" as he left,\" said Ada Brenner.")
    assert got == [("It is closer to what he calls “hell” than to a home", "Ada Brenner"),
                   ("Residents shouted \"Out!\" as he left", "Ada Brenner")]


def test_mixed_straight_and_curly_marks_close_each_other():
    assert said("“We will rebuild the pier,\" Mayor Ada Brenner said.") == [
        ("We will rebuild the pier", "Ada Brenner")]


def test_quote_running_over_paragraphs_and_one_left_open():
    text = ("Ada Brenner said: “We will fight for the pier.\n\n"
            "“We will fight for the market.\n\n"
            "“We will not give up,” she added.\n\n"
            "The council met again. “Nobody here wants a delay\n\n"
            "The vote is on Friday.")
    got = quotes(text)
    assert [q.text for q in got] == ["We will fight for the pier.", "We will fight for the market.",
                                     "We will not give up,", "Nobody here wants a delay"]
    assert got[0].statement == got[1].statement == got[2].statement
    assert got[3].statement != got[2].statement
    assert {q.speaker for q in got[:3]} == {"Ada Brenner"}


@pytest.mark.parametrize("mark", ["?", "!"])
def test_quotes_ending_in_a_question_or_exclamation_mark_keep_their_attribution(mark):
    # the sentence splitter ends a sentence after ?” / !”: the attribution after it is
    # still the quote's
    text = (f"Ada Brenner chairs the board.\n\n"
            f"“Why would we wait{mark}” Colm Rafferty asked the board on Monday.\n\n"
            f"“Is it over{mark}” asked Ada Brenner.")
    assert said(text) == [(f"Why would we wait{mark}", "Colm Rafferty"),
                          (f"Is it over{mark}", "Ada Brenner")]


# --- speakers anchored on the cue verb ---------------------------------------------------------

@pytest.mark.parametrize("attribution,speaker", [
    ("said White House press secretary Jane Roe", "Jane Roe"),
    ("said Acme lawyer Marc Lindqvist", "Marc Lindqvist"),
    ("Sen. Clara Mendes (D-Mo.) said", "Clara Mendes"),
    ("Halvorsen, a former party chairman, said", "Halvorsen"),
    ("said G.K. Porter", "G.K. Porter"),
    ("John D. Halvorsen said", "John D. Halvorsen"),
    ("said the Rev. Amos Tull", "Amos Tull"),
    ("Del. Rita Fenn said", "Rita Fenn"),
    ("said Newsline host Carla Ruiz", "Carla Ruiz"),
    ("said Robert P. Casey Jr. (D-Pa.), a supporter", "Robert P. Casey"),
    ("Ilse Marr, of the Harbour Institute, said", "Ilse Marr"),
    ("said Florida's Rick Wilton, a consultant", "Rick Wilton"),
    ("explained party strategist Simon Roth, president of a think tank", "Simon Roth"),
])
def test_the_name_the_cue_governs_without_roles_brackets_or_appositives(attribution, speaker):
    assert said(f"“We are ready for the vote,” {attribution}.") == [
        ("We are ready for the vote", speaker)]


@pytest.mark.parametrize("sentence,speaker", [
    ("Engineer Tomasz Wierzbicki, who inspected the building, said: “It is treatable.”",
     "Tomasz Wierzbicki"),
    ("Parent Yolanda Pryce said: “It is treatable.”", "Yolanda Pryce"),
    ("Opponent Tom Becker said: “It is treatable.”", "Tom Becker"),
])
def test_an_occupation_opening_the_sentence_is_not_part_of_the_name(sentence, speaker):
    assert said(sentence) == [("It is treatable.", speaker)]


def test_a_figure_someone_estimated_is_their_words():
    assert said("Tomasz Wierzbicki inspected the school.\n\n"
                "Wierzbicki estimated the repairs would take “eight to ten weeks.”") == [
        ("eight to ten weeks.", "Tomasz Wierzbicki")]


def test_dash_colon_and_name_colon_attributions():
    text = ("The panel met on Monday in the harbour hall.\n\n"
            "“The water is rising faster than anyone planned for.” ― Francisco Herrera\n\n"
            "AnaLuz, Politico: “The deal is done.”\n\n"
            "Mira Okonkwo: “We will not sign it.”\n\n"
            "“Boeing and the rest pay nothing.”\n\n"
            "- Okonkwo.")
    assert said(text) == [("The water is rising faster than anyone planned for.", "Francisco Herrera"),
                          ("The deal is done.", "AnaLuz"),
                          ("We will not sign it.", "Mira Okonkwo"),
                          ("Boeing and the rest pay nothing.", "Mira Okonkwo")]


def test_a_description_names_nobody_and_is_not_carried_on():
    text = ("“We need the bridge,” said Mira Okonkwo.\n\n"
            "“She is too far behind,” said an Iowa Democrat. “It was not a decisive win.”\n\n"
            "“The numbers are daunting,” a campaign aide said.")
    assert said(text) == [("We need the bridge", "Mira Okonkwo"),
                          ("She is too far behind", None), ("It was not a decisive win.", None),
                          ("The numbers are daunting", None)]


# --- clean names ----------------------------------------------------------------------------------

def test_a_surname_is_the_person_named_in_full_earlier_in_the_article():
    text = ("Council member Rosa Alvarado sponsored the measure.\n\n"
            "“It is the answer we can afford,” Alvarado said.")
    assert said(text) == [("It is the answer we can afford", "Rosa Alvarado")]


def test_similar_names_are_different_people():
    text = ("“We won,” Melania Strand said. “We lost,” Melanie Strand said.\n\n"
            "“Yes,” said Ed Rendell. “No,” said Ed Randall.")
    assert [s for _, s in said(text)] == ["Melania Strand", "Melanie Strand", "Ed Rendell",
                                          "Ed Randall"]
    a = build_article("“One,” Melania Strand said.", "a.txt")
    b = build_article("“Two,” Melanie Strand said.", "b.txt")
    assert [q.speaker for q in library_quotes([a, b])] == ["Melania Strand", "Melanie Strand"]


@pytest.mark.parametrize("text", [
    "“We will win the county,” said a Jane Roe Republican.",
    "“We will win the county,” Fellow Republicans said.",
    "“We will win the county,” Ukrainians said.",
    "“We will win the county,” officials said.",
])
def test_no_speaker_is_made_of_a_phrase_that_is_not_a_person(text):
    assert said(text) == [("We will win the county", None)]


@pytest.mark.parametrize("text", [
    "In Des Moines, the crowd was loud.\n\n“We will win the county,” said a voter in Des Moines.",
    "LAKESIDE — “We will win the county,” the voters said.",
    "From Lakeside, Ohio: “We will win the county.”",
])
def test_a_place_is_never_the_speaker(text):
    assert [(words.rstrip("."), who) for words, who in said(text)] == [
        ("We will win the county", None)]


def test_title_case_words_around_a_name_are_not_a_speaker():
    # "For Hillary Clinton In": a headline's words around a name are no name
    got = quotes("Big Night For Jane Roe In Ohio: ‘We Are Back’\n\n"
                 "Jane Roe won the primary on Tuesday and thanked her volunteers.")
    assert [(q.text, q.fragment) for q in got] == [("We Are Back", True)]
    assert got[0].speaker in (None, "Jane Roe")


def test_names_resolve_within_each_article_before_the_library():
    a = build_article("Council member Tom Becker voted no.\n\n“It is too much,” Becker said.", "a.txt")
    b = build_article("Baker Anna Becker watched the vote.\n\n“It is too little,” Becker said.",
                      "b.txt")
    assert [(q.path, q.speaker) for q in library_quotes([a, b], cache=False)] == [
        ("a.txt", "Tom Becker"), ("b.txt", "Anna Becker")]


def test_licence_defined_terms_are_not_people():
    text = ("The licence grants rights to each legal entity and to any entity that uses it.\n\n"
            "“You” (or “Your”) shall mean an individual or Legal Entity exercising permissions "
            "granted by this License.\n\n"
            "“Legal Entity” shall mean the union of the acting entity and all other entities.")
    got = quotes(text)
    assert all(q.speaker is None for q in got)


def test_he_and_she_go_to_the_latest_person_of_that_gender():
    text = ("Mayor Linda Okoro opened the meeting, and council member Tom Becker spoke first.\n\n"
            "“We cannot afford it,” he said.\n\n"
            "“We cannot afford to wait,” she said.")
    assert said(text) == [("We cannot afford it", "Tom Becker"),
                          ("We cannot afford to wait", "Linda Okoro")]


def test_a_pronoun_with_nobody_of_its_gender_is_left_unnamed():
    assert said("Mr. Tom Becker spoke first.\n\n“We cannot wait,” she said.") == [
        ("We cannot wait", None)]


# --- phrases in marks that are not quotes ---------------------------------------------------------

def test_titles_nicknames_scare_quotes_markup_and_headlines_are_not_quotes():
    text = ("Council Votes ‘Yes’ On Bridge\n\n"
            "Mayor Linda Okoro said on NBC's “Morning Roundup.” that the plan was sound.\n\n"
            "Rep. Robert C. “Bobby” Lund, who ran on the slogan “Build It Better,” agreed.\n\n"
            "The so-called “reform” passed. "
            "<tweet id=\"7731\" author=\"@lund\">Great day for the harbour</tweet>\n\n"
            "“We did it,” said Robert C. “Bobby” Lund.")
    got = quotes(text)
    by = {q.text.rstrip(",."): q for q in got}
    assert "Bobby" not in by and "7731" not in by and "@lund" not in by
    for title in ("Yes", "Morning Roundup", "Build It Better", "reform"):
        assert by[title].fragment and by[title].speaker is None, title
    assert [(q.text, q.speaker) for q in got if not q.fragment] == [("We did it,", "Robert C. Lund")]


def test_titles_of_books_and_films_are_fragments_without_a_speaker():
    text = ("Linda Okoro spoke at the library on Friday.\n\n"
            "Her memoir “Harbour Lights on the Water” sold well, and the film “The Long Pier” "
            "opened in May.\n\n"
            "“I wrote it for my mother,” Okoro said.")
    assert [(q.text.rstrip(","), q.fragment, q.speaker) for q in quotes(text)] == [
        ("Harbour Lights on the Water", True, None), ("The Long Pier", True, None),
        ("I wrote it for my mother", False, "Linda Okoro")]


def test_a_headline_quote_is_a_fragment_given_the_speaker_the_headline_names():
    text = ("Okoro: ‘We Will Not Wait’\n\n"
            "Mayor Linda Okoro said on Tuesday that the city would not wait for the state.")
    got = quotes(text)
    assert [(q.text, q.fragment, q.speaker) for q in got] == [("We Will Not Wait", True, "Linda Okoro")]


def test_words_someone_is_reported_saying_are_quotes_even_one_word():
    got = said("Mayor Linda Okoro called the plan “reckless” and said it was “doomed.”\n\n"
               "Protesters chanted “Build it now!” outside.")
    assert got == [("reckless", "Linda Okoro"), ("doomed.", "Linda Okoro"), ("Build it now!", None)]


# --- statements grouped across outlets ------------------------------------------------------------

LEDGER = """Council approves harbour bridge repair after heated debate

By Dana Whitfield · The Lakeside Ledger · 2024-05-14

LAKESIDE — The city council voted 5-2 on Tuesday to spend $4.2 million repairing the Harbour Street bridge.

"We are pouring money into a structure that has outlived its purpose," said council member Tom Becker, who voted against the measure. "Every dollar we spend on it is a dollar we will not have for the new crossing."

"We can't keep asking people to drive twenty minutes around the lake," council member Rosa Alvarez, the measure's sponsor, told the meeting. "It is not a perfect answer, but it is the answer we can afford."

Mayor Linda Okafor, who broke a tie on the committee last month, said the vote "settles the question for this budget year." She added: "I have asked staff to bring us a plan for the new crossing by the autumn."

City engineer Raj Patel presented an inspection report that rated the deck "poor." "The piers will hold for another fifteen years if we keep the water out of them," Patel said.

Marta Kowalczyk, who runs a bakery on Harbour Street, said she had lost customers. "If it closes, I close," Kowalczyk said.

Becker was not persuaded. "We will be back here in five years with the same bridge and a bigger bill," he said.
"""

COURIER = """Harbour bridge to be repaired, council decides

The Eastside Courier · May 15, 2024

The council on Tuesday approved a $4.2 million repair of the Harbour Street bridge.

Council member Rosa Alvarez, who sponsored the measure, said the city could not keep "asking people to drive twenty minutes around the lake." "It isn't a perfect answer, but it's the one we can afford," Alvarez said.

Opponent Tom Becker called the spending "pouring money into a structure that has outlived its purpose."

"We'll be back here in five years with the same bridge and a bigger bill," Becker warned.

According to Mayor Linda Okafor, the decision "settles the question for this budget year."

Okafor: "I've asked staff to bring us a plan for the new crossing by the autumn."

"The piers will hold for another 15 years if we keep the water out of them," city engineer Raj Patel told councillors.

For bakery owner Marta Kowalczyk, the stakes are personal. "If it closes, I close," she said. "I have lost a third of my customers already."
"""


@pytest.fixture(scope="module")
def council():
    return library_quotes([build_article(LEDGER, "ledger.txt"), build_article(COURIER, "courier.txt")],
                          cache=False)


def test_two_versions_of_one_story_name_every_speaker(council):
    got = {(q.path, q.text[:24]): q.speaker for q in council if not q.fragment}
    assert got[("ledger.txt", "We are pouring money int")] == "Tom Becker"
    assert got[("ledger.txt", "We can't keep asking peo")] == "Rosa Alvarez"
    assert got[("ledger.txt", "I have asked staff to br")] == "Linda Okafor"
    assert got[("ledger.txt", "We will be back here in ")] == "Tom Becker"
    assert got[("courier.txt", "pouring money into a str")] == "Tom Becker"
    assert got[("courier.txt", "If it closes, I close,")] == "Marta Kowalczyk"
    assert got[("courier.txt", "I've asked staff to brin")] == "Linda Okafor"
    assert {q.speaker for q in council if not q.fragment} == {
        "Tom Becker", "Rosa Alvarez", "Linda Okafor", "Raj Patel", "Marta Kowalczyk"}


def _group(quotes, path, prefix):
    return next(q.group for q in quotes if q.path == path and q.text.startswith(prefix))


@pytest.mark.parametrize("ledger,courier", [
    ("It is not a perfect answer", "It isn't a perfect answer"),      # contractions, a reword
    ("We will be back here", "We'll be back here"),
    ("settles the question", "settles the question"),
    ("I have asked staff", "I've asked staff"),
    ("The piers will hold for another fifteen", "The piers will hold for another 15"),
    ("We can't keep asking", "asking people to drive"),               # truncation: a part
    ("We are pouring money", "pouring money into"),
    ("If it closes", "If it closes"),                                  # a part of a split one
])
def test_reports_of_one_statement_share_a_group(council, ledger, courier):
    assert _group(council, "ledger.txt", ledger) == _group(council, "courier.txt", courier)


def test_different_statements_of_one_speaker_stay_apart(council):
    becker = {q.group for q in council if q.speaker == "Tom Becker"}
    assert len(becker) == 2  # the money and the five years, each reported by both
    assert _group(council, "courier.txt", "I have lost") != _group(council, "ledger.txt",
                                                                   "We are pouring")


def test_reported_by_several_counts_groups_with_both_articles(council):
    groups: dict[str, set[str]] = {}
    for q in council:
        if not q.fragment:
            groups.setdefault(q.group, set()).add(q.path)
    assert sum(len(p) > 1 for p in groups.values()) == 7


def test_mark_style_and_an_ellipsis_do_not_split_a_group():
    a = build_article("“We are fighting for our lives and for our children,” said Ada Brenner.", "a.txt")
    b = build_article("'We are fighting … for our children,' said Ada Brenner.", "b.txt")
    c = build_article("«We are fighting for our lives and for our children», said Ada Brenner.",
                      "c.txt")
    got = library_quotes([a, b, c], cache=False)
    assert len({q.group for q in got}) == 1
