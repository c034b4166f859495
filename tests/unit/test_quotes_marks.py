"""Quotation marks: families, nesting, apostrophes, stray marks, run-over paragraphs, and
properties that must hold on any text."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.corpus import build_article
from tui.quotes import extract_quotes, group_quotes
from tui.quotes.marks import pair_marks


def quotes_of(text: str):
    article = build_article(text, "x.txt")
    quotes = extract_quotes(article)
    for q in quotes:
        assert article.text[q.start:q.end] == q.text
    return quotes


def texts(text: str) -> list[str]:
    return [q.text for q in quotes_of(text)]


def test_curly_straight_guillemet_and_single_marks():
    body = ("“We will win,” she said. \"We will rebuild,\" he said. «We will remember», they "
            "said. ‘We will return,’ I said.")
    assert texts(body) == ["We will win,", "We will rebuild,", "We will remember", "We will return,"]


def test_apostrophes_are_not_quote_marks():
    body = ("Ukraine’s students’ union said the ’90s were different and we don’t forget. "
            "Kyiv's mayor said 'rock 'n' roll' isn't dead. “It’s our city’s ’80s spirit,” "
            "said Anna Kovalenko.")
    assert texts(body) == ["rock 'n' roll", "It’s our city’s ’80s spirit,"]


def test_plural_possessive_inside_a_single_quoted_phrase():
    assert texts("He called it ‘the students’ protest’ and left.") == ["the students’ protest"]


def test_nested_quotes_stay_inside_the_outer_quote():
    q = quotes_of("“He told me ‘run’ and I ran,” Maria Lopez said. «Il a dit “non”», "
                  "a-t-elle ajouté.")
    assert [x.text for x in q] == ["He told me ‘run’ and I ran,", "Il a dit “non”"]
    assert q[0].speaker == "Maria Lopez"


def test_one_unmatched_mark_never_loses_the_rest():
    body = ("He said “hello and walked out. Then “We will fight on,” said Maria Lopez. "
            "Later ‘nobody’ came, and \"the end\" was near.")
    assert texts(body) == ["We will fight on,", "nobody", "the end"]


def test_unclosed_quote_recovers_at_the_paragraph_boundary():
    # the closing mark was left out: the quote ends with its paragraph, the next one is clean
    body = ("\"Unclosed quote here and more text.\n\nAnother paragraph with \"a quote\" in it.\n\n"
            "“Fine,” said John Smith. “And one more, left open at the end\n\nThe end.")
    assert texts(body) == ["Unclosed quote here and more text.", "a quote", "Fine,",
                           "And one more, left open at the end"]
    q = quotes_of(body)
    assert q[2].statement == q[3].statement and q[3].speaker == "John Smith"


def test_quote_opened_inside_a_nested_quote_that_never_closes():
    # the single mark opened inside the double quote is dropped, the double quote survives
    assert texts("“We said ‘go and we left,” she said. “Done.”") == ["We said ‘go and we left,",
                                                                   "Done."]


def test_stray_closing_marks_and_inch_marks_are_ignored():
    body = "A 6'2\" player” said \"I'm fine\" after the game, according to Coach Bob Jones."
    q = quotes_of(body)
    assert [x.text for x in q] == ["I'm fine"]
    assert q[0].speaker == "Bob Jones"


def test_multi_paragraph_quote_is_one_statement():
    body = ("Maria Lopez said: “We will fight on the beaches.\n\n"
            "“We will fight in the fields.\n\n"
            "“We will never surrender,” she added.\n\n"
            "“A new statement,” she said.")
    q = quotes_of(body)
    assert [x.text for x in q] == ["We will fight on the beaches.", "We will fight in the fields.",
                                   "We will never surrender,", "A new statement,"]
    assert [x.statement for x in q] == [0, 0, 0, 1]
    assert [x.paragraph for x in q] == [0, 1, 2, 3]
    assert {x.speaker for x in q} == {"Maria Lopez"}


def test_straight_quotes_run_over_paragraphs_too():
    q = quotes_of('John Smith said: "First part.\n\n"Second part," he said.')
    assert [(x.text, x.statement) for x in q] == [("First part.", 0), ("Second part,", 0)]


def test_paragraph_left_open_without_a_run_over_is_dropped_not_joined():
    q = quotes_of("John Smith said “first and left.\n\nThe weather was fine. “Second,” he said.")
    assert [x.text for x in q] == ["Second,"]


def test_german_and_nordic_conventions():
    assert texts("„Wir schaffen das“, sagte Angela Merkel.") == ["Wir schaffen das"]
    assert texts("»Vi klarar det« sa han.") == ["Vi klarar det"]


def test_whitespace_inside_marks_is_trimmed_and_a_closed_in_comma_kept():
    # American copy closes the comma inside the marks: it is part of what is between them.
    # A comma standing apart after a space goes with the space.
    q = quotes_of("« Nous gagnerons », a dit Emmanuel Macron. “ Yes ,” he said. “No,” she said.")
    assert [x.text for x in q] == ["Nous gagnerons", "Yes", "No,"]


def test_empty_and_punctuation_only_quotes_are_skipped():
    assert texts("He said “” and “...” and “ok.”") == ["ok."]


def test_pair_marks_reports_run_on_only_when_next_paragraph_opens():
    text = "He said “one two"
    assert pair_marks(text, 0, len(text), {"d"})[0].runs_on
    assert pair_marks(text, 0, len(text), set()) == []


def test_same_family_reopening_drops_the_earlier_mark():
    text = "“a “b” c"
    pairs = pair_marks(text, 0, len(text))
    assert [(text[p.inner_start:p.inner_end]) for p in pairs] == ["b"]


# --- properties -------------------------------------------------------------------------------

_ALPHABET = st.sampled_from(list("ab cd’'\"“”‘«»„‹›.,:;!?\n—-()[]0 S"))


@settings(max_examples=300, deadline=None)
@given(st.text(_ALPHABET, min_size=1, max_size=300).filter(lambda s: s.strip()))
def test_extraction_never_raises_and_spans_slice_back(text):
    article = build_article(text, "x.txt")
    quotes = extract_quotes(article)
    last_end = -1
    for q in quotes:
        assert article.text[q.start:q.end] == q.text
        assert q.start < q.end
        assert q.start >= last_end  # text order, no overlaps
        last_end = q.end
        p = article.paragraphs[q.paragraph]
        assert p.start <= q.start and q.end <= p.end
    assert [q.statement for q in quotes] == sorted(q.statement for q in quotes)
    grouped = group_quotes(quotes)
    assert all(q.group for q in grouped)


_NOISE_PIECES = st.lists(st.sampled_from([
    "“We will win,” said Anna Kovalenko.", "He said “no.", "She’s here.", "‘Yes,’ he said.",
    "«Oui», dit-il.", "\"Maybe,\" she replied.", "The students’ union met.", "”", "“", "'",
    "Asked about it, he said: “Never.”", "“They left.", "\n\n", " ", "\n",
]), max_size=12)


@settings(max_examples=150, deadline=None)
@given(_NOISE_PIECES, _NOISE_PIECES)
def test_well_formed_quotes_survive_any_surrounding_noise(before, after):
    # A well-formed quote in its own paragraph, whatever stray marks, apostrophes and broken
    # quotes the paragraphs around it hold, is always found with its speaker.
    text = " ".join(before) + "\n\n“We will win,” said Anna Kovalenko.\n\n" + " ".join(after)
    article = build_article(text, "x.txt")
    start = len(" ".join(before)) + 3  # after the blank line and the opening mark
    hit = [q for q in extract_quotes(article) if q.start == start]
    assert len(hit) == 1
    assert hit[0].text == "We will win," and hit[0].speaker == "Anna Kovalenko"
    assert not hit[0].fragment
