"""Properties that hold on any text: every quote's span slices back to its words, quotes come
in text order without overlapping and inside their paragraph, and no speaker is a string the
article does not contain (a name is always made of words written in it)."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.corpus import build_article
from tui.quotes import extract_quotes, library_quotes

NAMES = ["Ada Brenner", "Sen. Colm Rafferty (D-Mo.)", "Mira Okonkwo, a former chair,",
         "the mayor", "she", "he", "Robert C. “Bobby” Lund", "Del. Rita Fenn", "officials",
         "Acme lawyer Marc Lindqvist", "an Iowa Democrat", "G.K. Porter", "Ukrainians"]
CUES = ["said", "told reporters", "added", "wrote", "asked", "warned", "called it"]
WORDS = "we will not wait for the bridge it is over now they can't stop us yes".split()
MARKS = [("“", "”"), ('"', '"'), ("''", "''"), ("‘", "’"), ("«", "»"), ("“", '"')]


@st.composite
def sentence(draw) -> str:
    words = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=9)))
    end = draw(st.sampled_from(["", ".", "?", "!", ","]))
    o, c = draw(st.sampled_from(MARKS))
    quote = f"{o}{words[:1].upper()}{words[1:]}{end}{c}"
    name = draw(st.sampled_from(NAMES))
    cue = draw(st.sampled_from(CUES))
    shape = draw(st.integers(0, 5))
    if shape == 0:
        return f"{quote} {name} {cue}."
    if shape == 1:
        return f"{quote} {cue} {name}."
    if shape == 2:
        return f"{name} {cue}: {quote}"
    if shape == 3:
        return f"{quote} ― {name}"
    if shape == 4:
        return f"According to {name}, the plan is {quote} and done."
    return f"{name} {cue} the plan {quote}"


NOISE = st.sampled_from(["", " ", "\n\n", "\n", "”", "“", "'", "\"", "’s", " 6'2\" ", "(", ")",
                         "<tweet id=\"1\">", "</tweet>", " … ", " — "])


@st.composite
def article_text(draw) -> str:
    pieces = draw(st.lists(st.one_of(sentence(), NOISE), min_size=1, max_size=14))
    return " ".join(pieces)


def _words(text: str) -> set[str]:
    return {w.rstrip(".") for w in re.findall(r"[\w’'.\-@]+", text)}


def check(article, quotes) -> None:
    last_end = -1
    words = _words(article.text)
    for q in quotes:
        assert article.text[q.start:q.end] == q.text
        assert q.start < q.end and q.start >= last_end
        last_end = q.end
        p = article.paragraphs[q.paragraph]
        assert p.start <= q.start and q.end <= p.end
        if q.speaker is not None:
            assert not q.fragment or q.paragraph == 0 or p.role, q  # fragments have no speaker
            for w in q.speaker.split():
                assert w.rstrip(".") in words, (q.speaker, article.text)
    assert [q.statement for q in quotes] == sorted(q.statement for q in quotes)


@settings(max_examples=250, deadline=None)
@given(article_text())
def test_spans_order_and_speakers_on_any_article(text):
    if not text.strip():
        return
    article = build_article(text, "x.txt")
    check(article, extract_quotes(article))


@settings(max_examples=60, deadline=None)
@given(st.lists(article_text(), min_size=2, max_size=4))
def test_library_speakers_are_names_written_in_the_library(texts):
    articles = [build_article(t, f"a{i}.txt") for i, t in enumerate(texts) if t.strip()]
    if not articles:
        return
    quotes = library_quotes(articles, cache=False)
    words = set().union(*(_words(a.text) for a in articles))
    by_path = {a.path: a for a in articles}
    for q in quotes:
        a = by_path[q.path]
        assert a.text[q.start:q.end] == q.text
        assert q.group
        if q.speaker:
            assert all(w.rstrip(".") in words for w in q.speaker.split()), q.speaker
