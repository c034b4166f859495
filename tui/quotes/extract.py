"""Direct quotations of one article: spans, statements, fragments and speakers.

``ArticleReader`` reads an article paragraph by paragraph (in blocks, so a huge article can be
read in steps, with results before the end). For each paragraph it pairs the marks, and for
each quote reads the grammar around it:

- who said it: the cue verb of the clause that holds or follows the quote (said, told, added,
  wrote, tweeted, according to, called …) and the noun phrase it governs, on either side
  ("“…,” said Sen. Jane Roe (D-Mo.)", "“…,” Roe, a former chairwoman, said", "Roe said: “…”"),
  a colon or a dash ("Roe: “…”", "“…” ― Jane Roe"), or the subject of the sentence for a
  participle ("…, telling delegates: “…”");
- whether it is a quote at all: words a person is reported as saying are a quote, even a
  single word ("Trump called the system “rigged”"); quoted words nobody is reported as saying
  are a fragment, never given a speaker: scare quotes and coined terms with no cue, titles of
  shows, books and slogans in title case. A headline's quotes are fragments too (a headline
  mostly repeats a quote of the body in title case), but one whose headline names who says it
  keeps that speaker ("Zelenskyy Talks Trusting Putin (‘Oh, No’)"). Nicknames inside a
  name (Robert C. “Bobby” Scott) and text inside markup (<tweet id="…">) are not quotes;
- whether it continues the quote before (split by its attribution, or run over paragraphs).

Names are resolved in reading order with ``ArticleNames``: a surname is the person named
before it, "he"/"she" the latest person of that gender, a role the person holding it.
``library_quotes`` (in ``__init__``) then merges the persons of all articles.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .lexicon import (AUXILIARIES, CLAUSE_MARKERS, CUE_BASES, CUE_VERBS, DEMONYMS, FUNCTION_WORDS, HEADLINE_CUES,
                      NON_PERSONS,
                      NAMING_VERBS, PREPOSITIONS, PRONOUN_GENDER, PRONOUNS, QUESTION_WORDS,
                      SPEECH_VERBS, TIME_WORDS, TITLES)
from .cancel import Ticker, cancel_check
from .marks import MarkPair, opening_family, pair_marks
from .model import Quote
from .lexicon import TITLE_ABBREVIATIONS
from .speakers import (NP, ArticleNames, Person, Token, _dot_continues, build_name, country_key,
                       first_name_gender, is_title,
                       np_ending_at, np_starting_at, run_back, run_forward, tokenize)

# Paragraphs that never hold a reported quotation.
_SKIP_ROLES = frozenset({"dateline", "byline", "date"})
# Title-case lines: their capitals say nothing about names.
_TITLE_ROLES = frozenset({"headline", "standfirst"})
# Attribution between two parts of one statement is short: "Zelensky said."
_MAX_JOIN_WORDS = 20
_APPOSITIVE_MAX = 30
# Words between a cue verb and a short phrase it attributes ("called the system “rigged”").
_PHRASE_REACH = 12
# An unattributed quote continues the previous speaker only this many paragraphs on.
_CARRY_PARAGRAPHS = 4
# Recent persons a pronoun may stand for (paragraphs back).
_PRONOUN_PARAGRAPHS = 3
_TRIM = " \t\n\r\f\v\u00a0\u2009\u202f"
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_DASHES = "—–-―"


@dataclass(eq=False)
class Part:
    """One quoted span inside one paragraph; parts sharing ``statement`` are one statement."""

    para: int
    start: int
    end: int
    text: str
    fragment: bool
    attribution: NP | None
    how: str = ""                   # "tail", "lead", "colon", "dash", "according", "next"
    statement: int = -1
    runs_on: bool = False
    starts_para: bool = False
    has_tail_attribution: bool = False
    headline: tuple | None = None   # (candidate name words, ) for a headline quote
    partial: bool = False           # a phrase quoted inside the writer's sentence
    spoken: bool = False            # introduced as speech right next to it


@dataclass(eq=False)
class _Statement:
    parts: list[Part]
    first_para: int
    done: bool = False


# --- grammar helpers --------------------------------------------------------------------------

def _is_cue(toks: list[Token], c: int) -> bool:
    t = toks[c]
    if t.kind != "w" or t.low not in CUE_VERBS:
        if t.kind != "w" or t.cap:
            return False
        # "as Tom Ridge put it: “…”"
        if t.low in ("put", "puts") and c + 1 < len(toks) and toks[c + 1].low == "it":
            return True
        # "Trump would denounce “…”", "point their fingers and cry “…”": a base form after a
        # modal, "to" or "and"
        return t.low in CUE_BASES and c > 0 and toks[c - 1].low in _BEFORE_BASE
    if t.cap:
        return False  # "Asked about ...," / "Speaking to ...": an opening clause, not a cue
    if t.low == "asked" and c + 1 < len(toks) and toks[c + 1].low in QUESTION_WORDS:
        return False
    if c > 0:
        p = toks[c - 1]
        if p.kind == "w" and p.low in _NOT_BEFORE_VERB and not (
                p.low in _BE and t.low.endswith("ing")):
            return False  # "the charged term", "his call", "was warned": not the speaker's verb
    return True


_BE = frozenset("was were is are be been being am".split())
# Cue verbs that are never nouns: right after a quote they attribute it even with no comma
# ("“…” said Roe"), where "“…” reports" is a noun.
_PLAIN_CUES = frozenset("said says told added asked wrote replied explained continued".split())
_BEFORE_BASE = frozenset("will would could should can may might must did does do to and or "
                         "not never".split())


# Words that make what follows an adjective or a noun ("the charged term", "her call"), or a
# passive ("was warned", "were told": the subject is the one spoken to).
_NOT_BEFORE_VERB = frozenset(
    "the a an his her their its our my your this these those was were is are be been being "
    "am".split())


def _is_participle(tok: Token) -> bool:
    return tok.low.endswith("ing")


def _skippable(t: Token) -> bool:
    return t.kind == "w" and not t.cap and (
        t.low in AUXILIARIES or (t.low.endswith("ly") and t.low not in CUE_VERBS))


def _skip_adverbs(toks: list[Token], k: int, hi: int) -> int:
    while k < hi and (_skippable(toks[k]) or (toks[k].kind == "w" and toks[k].low in TIME_WORDS)):
        k += 1
    return k


def _skip_adverbs_back(toks: list[Token], j: int, lo: int) -> int:
    while j >= lo and (_skippable(toks[j]) or (toks[j].kind == "w" and toks[j].low in TIME_WORDS)):
        j -= 1
    return j


def _skip_paren(toks: list[Token], k: int, hi: int) -> int:
    """Past a bracket right after a name: "(D-Mo.)", "(R)"."""
    if k < hi and toks[k].kind == "p" and toks[k].text in "([":
        for m in range(k + 1, min(hi, k + 12)):
            if toks[m].kind == "p" and toks[m].text in ")]":
                return m + 1
    return k


def _cue_after(toks: list[Token], k: int, hi: int) -> int | None:
    """Index of a cue verb that follows a subject ending just before ``k``: adverbs and
    auxiliaries ("has repeatedly said"), a bracket ("(D-Mo.)") and one appositive
    (", who ..., told" / ", a former adviser, wrote") may come between."""
    k = _skip_paren(toks, k, hi)
    k = _skip_adverbs(toks, k, hi)
    if k < hi and _is_cue(toks, k):
        # a participle right after a noun modifies it ("a biography written by", "while
        # commenting"): not the verb of a subject
        return None if toks[k].low.endswith("ing") or toks[k].low == "written" else k
    if k < hi and toks[k].low in ("of", "at", "from", "with", "for"):
        # "Jeffrey Lewis of the James Martin Center … said": a phrase placing the speaker
        for m in range(k + 1, min(hi, k + 16)):
            t = toks[m]
            if t.kind == "q" or (t.kind == "p" and not _dot_continues(toks, m) and t.text not in "-&"):
                break
            if t.kind == "w" and not t.cap and t.low not in FUNCTION_WORDS:
                c = _skip_adverbs(toks, m, hi)
                return c if c < hi and _is_cue(toks, c) else None
    if k < hi and toks[k].kind == "p" and toks[k].text == ",":
        for m in range(k + 1, min(hi, k + _APPOSITIVE_MAX)):
            t = toks[m]
            if t.kind == "q" and len(t.text) > 40:
                return None
            if t.kind == "p" and (t.text in ";:" or (t.text == "." and not _dot_continues(toks, m)
                                                     and not (m + 1 < hi and toks[m + 1].text == ","))):
                return None  # a stop ends the aside, unless it closes "Pa." before a comma
            if t.kind == "p" and t.text == ",":
                c = _skip_adverbs(toks, m + 1, hi)
                if c < hi and _is_cue(toks, c):
                    return c
    return None


def _np_before(toks: list[Token], c: int, lo: int) -> NP | None:
    """The subject right before the cue at ``c``: past adverbs, a bracket ("Sen. Jane Roe
    (D-Mo.) said") and an appositive ("Roe, a former chairwoman, said")."""
    j = _skip_adverbs_back(toks, c - 1, lo)
    if j < lo:
        return None
    if toks[j].kind == "p" and toks[j].text in ")]":
        for m in range(j - 1, max(lo - 1, j - 12), -1):
            if toks[m].kind == "p" and toks[m].text in "([":
                j = m - 1
                break
        else:
            return None
        if j < lo:
            return None
    if toks[j].kind == "p" and toks[j].text == ",":
        # "Zelensky, who worked as an actor, told": the subject is before the appositive
        for m in range(j - 1, max(lo - 1, j - _APPOSITIVE_MAX), -1):
            t = toks[m]
            if t.kind == "q" and len(t.text) > 40:
                return None
            if t.kind == "p" and t.text in ";:":
                return None
            if t.kind != "p" or t.text != ",":
                continue
            np = np_ending_at(toks, _skip_paren_back(toks, m - 1, lo), lo)
            if np is not None and np.kind in ("name", "pronoun", "role"):
                return np
            return None
        # the appositive reaches back to the start of the sentence: "Mr. Roe, the chair, said"
        return None
    return np_ending_at(toks, j, lo)


def _skip_paren_back(toks: list[Token], j: int, lo: int) -> int:
    if j >= lo and toks[j].kind == "p" and toks[j].text in ")]":
        for m in range(j - 1, max(lo - 1, j - 12), -1):
            if toks[m].kind == "p" and toks[m].text in "([":
                return m - 1
    return j


def _verb_follows(toks: list[Token], k: int, hi: int) -> bool:
    """Whether the token at ``k`` starts a predicate: a lowercase word that is not a function
    word, possibly after an appositive ("Zelenskyy, who ..., told")."""
    k = _skip_adverbs(toks, k, hi)
    while k < hi and toks[k].low in ("not", "never", "also"):
        k = _skip_adverbs(toks, k + 1, hi)
    if k >= hi:
        return False
    t = toks[k]
    if t.kind == "w" and not t.cap and t.low not in FUNCTION_WORDS:
        return True
    if t.kind == "p" and t.text == ",":
        if k + 1 < hi and toks[k + 1].low in ("who", "whose"):
            return True
        # "Suu Kyi, 70, said": a short aside between the subject and its verb
        for m in range(k + 1, min(hi, k + 8)):
            if toks[m].kind == "p" and toks[m].text == ",":
                c = _skip_adverbs(toks, m + 1, hi)
                return c < hi and _is_cue(toks, c)
    return False


def _opens_participle_clause(toks: list[Token], k: int) -> bool:
    """"Asked about ...," / "Speaking to Vice ...,": a clause whose subject comes later."""
    tok = toks[k]
    nxt = toks[k + 1] if k + 1 < len(toks) else None
    if not tok.cap or nxt is None or nxt.kind != "w" or nxt.cap:
        return False
    return tok.low in CUE_VERBS or (tok.low.endswith(("ing", "ed")) and tok.low not in TITLES)


def sentence_subject(toks: list[Token], s0: int, s1: int) -> NP | None:
    """The subject of the main clause: the first noun phrase that is not the object of a
    preposition and is followed by a verb. An opening participle clause ("Asked if he ...,",
    "Speaking to Vice ...,") is skipped."""
    i = s0
    first = next((k for k in range(s0, s1) if toks[k].kind == "w"), None)
    if first is not None and _opens_participle_clause(toks, first):
        comma = next((k for k in range(first, s1) if toks[k].kind == "p" and toks[k].text == ","), None)
        if comma is not None:
            i = comma + 1
    k = i
    while k < s1:
        t = toks[k]
        if t.kind != "w" or not (t.cap or t.low == "the" or t.low in PRONOUNS):
            k += 1
            continue
        np = np_starting_at(toks, k, s1)
        if np is None or np.kind == "desc":
            k = k + 1 if np is None else np.last + 1
            continue
        prev = toks[np.first - 1] if np.first - 1 >= s0 else None
        governed = prev is not None and prev.kind == "w" and prev.low in PREPOSITIONS
        if not governed and _verb_follows(toks, np.last + 1, s1):
            return np
        k = np.last + 1
    return None


def _attribution(toks: list[Token], qi: int, lo: int, hi: int, s0: int, s1: int
                 ) -> tuple[NP | None, str, int]:
    """The noun phrase a quote is attributed to, how ("tail", "lead", "colon", "dash",
    "according") and the cue's token index (-1 when there is none). ``lo``/``hi`` bound the
    text between this quote and its neighbours in the sentence."""
    # After the quote: “…,” Zelensky said / “…,” said Zelensky / “…” ― Zelensky
    k = qi + 1
    dash = False
    while k < hi and toks[k].kind == "p" and toks[k].text in ",—–-―":
        dash |= toks[k].text in _DASHES
        k += 1
    if k < hi:
        m = _skip_adverbs(toks, k, hi)
        # "“…,” said Roe" needs the comma (or a stop, ? or ! inside the marks): "“independent
        # expenditure” reports" is a noun after a quoted modifier
        separated = k > qi + 1 or toks[qi].text.rstrip("”\"'’»› ")[-1:] in ",.?!…" or (
            m < hi and toks[m].low in _PLAIN_CUES)
        if m < hi and separated and _is_cue(toks, m):
            if _is_participle(toks[m]):
                return sentence_subject(toks, s0, s1), "participle", m
            # Straight after the quote the quote is the object, so "said", "added" are
            # followed by their subject; only "told" needs an addressee.
            if not toks[m].low.startswith(("tell", "told")):
                after = np_starting_at(toks, _skip_adverbs(toks, m + 1, hi), hi)
                nxt = toks[after.last + 1] if after is not None and after.last + 1 < hi else None
                if after is not None and not (nxt is not None and nxt.kind == "w" and (
                        nxt.low in AUXILIARIES or nxt.low in CUE_VERBS)):
                    # "…,” said Roe. -- not "…,” said the candidate could win": a new clause
                    return after, "tail", m
        np = np_starting_at(toks, k, hi)
        if np is not None:
            c = _cue_after(toks, np.last + 1, hi)
            if c is not None:
                return np, "tail", c
            end = _skip_paren(toks, np.last + 1, hi)
            if dash and np.kind == "name" and (end >= hi or toks[end].kind == "p" and toks[end].text in ",.;"):
                return np, "dash", -1
    # “Useful” is how she described it / “No” was all he said
    if k < hi - 2 and toks[k].low in ("is", "was") and toks[k + 1].low in ("how", "what", "all"):
        np = np_starting_at(toks, k + 2, hi)
        if np is not None and np.kind in ("name", "pronoun", "role"):
            c = _cue_after(toks, np.last + 1, hi)
            if c is not None or (np.last + 1 < hi and toks[np.last + 1].low in ("put", "puts")):
                return np, "tail", c if c is not None else np.last + 1
    # "…, according to Zelensky" / "According to Zelensky, …"
    for m in list(range(qi + 1, hi - 2)) + list(range(lo, qi - 2)):
        if toks[m].low == "according" and toks[m + 1].low == "to":
            np = np_starting_at(toks, m + 2, hi if m > qi else qi)
            if np is not None and not (np.kind == "desc" and np.last == m + 2):
                return np, "according", m
    # Before the quote: "Roe: “…”", "Roe said: “…”", "telling delegates: “…”"
    j = qi - 1
    if j >= lo and toks[j].kind == "p" and toks[j].text == ":":
        np = _colon_speaker(toks, j, lo)
        if np is not None:
            return np, "colon", -1
    for c in range(qi - 1, lo - 1, -1):
        if toks[c].kind == "q":
            break
        if not _is_cue(toks, c):
            continue
        if _is_participle(toks[c]):
            return sentence_subject(toks, s0, s1), "lead", c
        np = _np_before(toks, c, s0)
        if np is not None:
            return np, "lead", c
        prev = _skip_adverbs_back(toks, c - 1, s0)
        if prev >= s0 and toks[prev].low in ("who", "which", "that"):
            # "…, who once called these stories “spinach”": the speaker is what "who" stands for
            j = prev - 1
            if j >= s0 and toks[j].kind == "p" and toks[j].text == ",":
                j -= 1
            ante = np_ending_at(toks, j, s0) if j >= s0 else None
            if ante is not None:
                return ante, "lead", c
        if prev >= s0 and toks[prev].low in ("and", "but", "then"):
            return sentence_subject(toks, s0, s1), "lead", c
        # "Said Roe: “…”", "…, said Roe, “…”": the speaker after the cue, right before the quote
        inverted = np_starting_at(toks, c + 1, qi)
        if inverted is not None and (inverted.last + 1 == qi or (
                toks[inverted.last + 1].kind == "p" and inverted.last + 2 == qi)):
            return inverted, "lead", c
    if j >= lo and toks[j].kind == "p" and toks[j].text == ":":
        # "Kasich resisted: “…”", "President Clinton released the following statement: “…”":
        # the sentence's subject introduces what follows the colon
        np = _clause_subject(toks, s0, j)
        if np is not None:
            return np, "colon", -1
    return None, "", -1


def _clause_subject(toks: list[Token], s0: int, j: int) -> NP | None:
    """The name or pronoun opening the clause that ends at ``toks[j]`` (a colon): at the
    start of the sentence ("And", "But" aside) or right after a comma."""
    np = sentence_subject(toks, s0, j)
    if np is None or np.kind not in ("name", "pronoun"):
        return None
    lead = [t for t in toks[s0:np.first] if t.kind == "w"]
    if all(t.low in ("and", "but", "so", "then", "still") for t in lead) or \
            toks[np.first - 1].text == ",":
        return np
    return None


def _colon_lead(toks: list[Token], j: int, s0: int) -> NP | None:
    """The speaker of a sentence ending in the colon ``toks[j]`` that introduces a quote: "Roe:",
    "Jane Roe stated:", "Stated Stone:", "…, telling delegates:"."""
    np = _colon_speaker(toks, j, s0)
    if np is not None:
        return np
    for c in range(j - 1, s0 - 1, -1):
        t = toks[c]
        if t.kind != "w" or t.low not in CUE_VERBS:
            continue
        if t.cap:
            # "Stated Stone:" -- the verb first, the speaker after it
            inverted = np_starting_at(toks, c + 1, j)
            return inverted if inverted is not None and inverted.last + 1 == j else None
        if not _is_cue(toks, c):
            continue
        if _is_participle(t):
            return sentence_subject(toks, s0, j + 1)
        np = _np_before(toks, c, s0)
        if np is not None:
            return np
        inverted = np_starting_at(toks, c + 1, j)
        if inverted is not None and inverted.last + 1 == j:
            return inverted
        return None
    return _clause_subject(toks, s0, j)


def _colon_speaker(toks: list[Token], j: int, lo: int) -> NP | None:
    """"Roe: “…”", "Jane Roe, Politico: “…”", "Former secretary of state Jane Roe: “…”"."""
    np = np_ending_at(toks, j - 1, lo)
    if np is None or np.kind not in ("name", "pronoun"):
        return None
    if np.kind == "name" and toks[np.first].low in CUE_VERBS and np.first + 1 < j:
        # "Stated Stone:": a verb opening the line, the speaker after it
        return build_name(toks, np.first + 1, j - 1)
    if np.kind == "name" and np.first - 1 >= lo and toks[np.first - 1].text == ",":
        # "Jane Roe, Politico:" / "Roe, a reporter for the Post:": the name before the comma
        before = np_ending_at(toks, np.first - 2, lo)
        if before is not None and before.kind == "name" and not before.org:
            np = before
    # the name is the whole clause before the colon ("Roe:", "— Jane Roe:"), not the object of
    # a verb or preposition ("said on Twitter:")
    start = np.first
    if start > lo and not (toks[start - 1].kind == "p" and toks[start - 1].text in ".;—–-―(["):
        return None
    return np


def _next_sentence_attribution(toks: list[Token], s0: int, s1: int) -> NP | None:
    """“We’ll see.” He said. -- a sentence that is nothing but the attribution."""
    if sum(1 for t in toks[s0:s1] if t.kind == "w") > 8 or any(t.kind == "q" for t in toks[s0:s1]):
        return None
    np = np_starting_at(toks, s0, s1)
    if np is not None and _cue_after(toks, np.last + 1, s1) is not None:
        return np
    return None


def _clause_like(text: str) -> bool:
    for w in text.replace("’", "'").lower().split():
        w = w.strip(".,;:!?…()[]\"'“”‘«»—–-")
        if w in CLAUSE_MARKERS or w.endswith(("'s", "'re", "'ll", "'ve", "'m", "'d", "n't")):
            return True
    return False


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


_SMALL = frozenset("a an the and or of to in on at for by with from as vs nor but".split())


def _title_shape(text: str) -> bool:
    """"The Walking Dead", "Make America Great Again", "CNN": every word capitalised but the
    small ones, as titles, names and slogans are written; not a sentence ending in ? or !."""
    words = _WORD.findall(text)
    if not words or not words[0][:1].isupper() or text.rstrip(_TRIM)[-1:] in "?!":
        return False
    if len(words) > 12:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _SMALL for w in words)


def _coordinated(toks: list[Token], lo: int, k: int) -> bool:
    """Two quotes of one list or of coordinated verbs of one subject: only a comma and "and" /
    "or" stand between them ("“…,” and “…”"), or a comma and a cue verb ("supports “…,”
    opposes “…”")."""
    between = toks[lo:k]
    if not between or between[0].text != ",":
        return bool(between) and all(t.text in (",", "and", "or", "but", "then") for t in between) \
            and any(t.text in ("and", "or") for t in between)
    words = [t for t in between if t.kind == "w"]
    if all(t.text in (",", "and", "or", "but", "then") for t in between):
        return any(t.text in ("and", "or") for t in between)
    rest = [t for t in words if t.low not in ("and", "or", "but", "then")]
    return len(rest) == 1 and rest[0].low in CUE_VERBS and between[-1] is rest[0]


def _is_name_word(text: str) -> bool:
    """One capitalised word or acronym: a name in quotation marks ("CNN", "Hamas")."""
    words = _WORD.findall(text)
    return len(words) == 1 and words[0][:1].isupper() and text.rstrip(_TRIM)[-1:] not in "!?.…"


def _speech_intro(toks: list[Token], qi: int, lo: int, hi: int, how: str, cue: int) -> bool:
    """Whether a quote is introduced as words spoken or written, right next to it: a speech
    verb before it ("chanting “Dump Trump”", "read: “Hispanics 4 Trump”"), an attribution
    after it, a colon or a dash; not a naming verb ("a group called “We The People”")."""
    if how in ("tail", "colon", "dash", "next"):
        return True
    if how == "lead" and cue >= 0 and toks[cue].low in SPEECH_VERBS and toks[cue].low not in NAMING_VERBS:
        between = [t for t in toks[cue + 1:qi] if t.kind == "w"]
        return len(between) <= 1 and all(t.low in ("that", "only", "simply", "out") for t in between)
    return False


# Nouns of something said: "chants of “…”", "her call for “…”", "a dig at “…”", "Clinton's
# broadside against “…”", "his rejection of “…”".
_SPOKEN_NOUNS = frozenset(
    """chants chant cries cry shouts shout cheers chorus refrain call calls comment comments
    remark remarks statement claim claims assertion dig digs broadside broadsides rejection
    criticism attack attacks warning warnings pledge promise vow credit praise plea appeal
    demand demands denunciation condemnation description characterization""".split())
_SPOKEN_PREPOSITIONS = frozenset("of for at against about on".split())
_TALK_VERBS = frozenset("talk talks talked talking speak speaks spoke speaking".split())


def _spoken_before(toks: list[Token], qi: int, lo: int) -> bool:
    """The words right before the quote (past a comma or colon) introduce something said: a
    speech verb ("a sign that read “15%!”", "a headline that said, “…”"), a noun of speech
    and its preposition ("chants of “…”", "a sharp dig at “…”"), or "talks about “…”"."""
    j = qi - 1
    while j >= lo and toks[j].kind == "p" and toks[j].text in ",:":
        j -= 1
    if j < lo or toks[j].kind != "w":
        return False
    t = toks[j]
    if t.low in SPEECH_VERBS and t.low not in NAMING_VERBS and not t.cap:
        return True
    if t.low in _SPOKEN_PREPOSITIONS and j - 1 >= lo:
        before = toks[j - 1].low
        return before in _SPOKEN_NOUNS or (t.low == "about" and before in _TALK_VERBS)
    return False


def _spoken_by(toks: list[Token], qi: int, lo: int, s0: int, s1: int) -> NP | None:
    """Who says the words a noun of speech introduces: the possessor ("Clinton's broadside
    against “…”") or else the subject of the sentence ("West landed a dig at “…”")."""
    j = qi - 1
    while j >= lo and toks[j].kind == "p":
        j -= 1
    for k in range(j - 1, max(lo - 1, j - 5), -1):
        t = toks[k]
        if t.kind == "w" and t.possessive and t.cap:
            np = np_ending_at(toks, k, lo)
            if np is None:
                i = run_back(toks, k, lo)
                np = build_name(toks, i, k - 1) if k - 1 >= i else None
                bare = NP("name", k, k, name=(t.bare,))
                return bare if np is None else np
            return np
    return sentence_subject(toks, s0, s1)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """The quoted words without the spaces inside the marks. A comma the writer closed inside
    the marks (“We’ll see,” he said) is kept: it is between the marks, as printed; a comma
    standing apart (“ Yes ,”) goes with the spaces."""
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM:
        e -= 1
    if e - 1 > s and text[e - 1] == "," and text[e - 2] in _TRIM:
        e -= 1
        while e > s and text[e - 1] in _TRIM:
            e -= 1
    return s, e


def _in_markup(text: str, start: int, pos: int) -> bool:
    """Whether ``pos`` is inside an angle-bracket tag (<tweet id="…">)."""
    lt = text.rfind("<", start, pos)
    return lt >= 0 and text.find(">", lt, pos) < 0 and re.match(r"</?[A-Za-z]", text[lt:lt + 3]) is not None


def _nickname(text: str, pair: MarkPair, start: int, end: int) -> bool:
    """Robert C. “Bobby” Scott: one or two capitalised words quoted between parts of a name."""
    inner = text[pair.inner_start:pair.inner_end]
    words = inner.split()
    if not 1 <= len(words) <= 2 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in words):
        return False
    before = text[max(start, pair.open_at - 30):pair.open_at].rstrip()
    after = text[pair.outer_end:min(end, pair.outer_end + 30)].lstrip()
    if before == text[max(start, pair.open_at - 30):pair.open_at] or not after[:1].isupper():
        return False
    if pair.outer_end < end and not text[pair.outer_end].isspace():
        return False
    m = re.search(r"(?:\b[A-Z][\w’'-]*|\b[A-Z]\.)$", before)
    if m is None:
        return False
    prev_word = m.group()
    # the word before is a given name or an initial ("Robert C. “Bobby” Scott"), not a word of
    # a title-case line ("Council Votes ‘Yes’ On Bridge")
    if not (re.fullmatch(r"[A-Z]\.", prev_word) or first_name_gender(prev_word) is not None):
        return False
    return re.match(r"[A-Z][\w’'-]*", after) is not None


def _title_case(words: list[str]) -> bool:
    """Words as a title-case line writes them: every word capitalised but the small ones
    (a, of, to, ...), with at least three words of four letters or more."""
    alpha = [w for w in words if w.isalpha()]
    return sum(len(w) >= 4 for w in alpha) >= 3 and all(
        w[:1].isupper() or w.lower() in _SMALL for w in alpha)


def _title_case_tokens(toks: list[Token]) -> bool:
    """``_title_case`` over the words outside quotes, stopping at the first lowercase word."""
    long_ = 0
    for t in toks:
        if t.kind != "w":
            continue
        if not t.cap and t.low not in _SMALL and t.low.isalpha():
            return False
        long_ += len(t.low) >= 4
    return long_ >= 3


def _outside(text: str, para, pairs: list[MarkPair]) -> str:
    block = text[para.start:para.end]
    for p in reversed(pairs):
        block = block[:p.open_at - para.start] + " " + block[p.outer_end - para.start:]
    return block


def _headline_shape(text: str, para, pairs: list[MarkPair]) -> bool:
    """A first paragraph that reads as a headline: one or two short lines holding quotes,
    either in single marks (the headline convention of English-language news) or in a
    title-case line; a lede quoting with "said" is body text."""
    block = text[para.start:para.end]
    if not pairs or block.count("\n") > 1 or len(block) > 300:
        return False
    outside = _outside(text, para, pairs)
    if any(w.strip(".,;:") in ("said", "told", "added") for w in outside.lower().split()):
        return False
    if all(p.family == "s" for p in pairs):
        return True
    return _title_case(_WORD.findall(outside))


# --- reading an article -----------------------------------------------------------------------

class ArticleReader:
    """Reads one article's quotes in paragraph blocks (``read``), then ``finish``.

    ``read(p0, p1)`` reads paragraphs ``p0 .. p1-1`` (in order, without gaps) and returns the
    quotes whose statements are complete, speakers resolved with the names met so far.
    ``finish()`` returns every quote of the article with the names of the whole article (a
    surname first met alone takes the full name written later). Quote objects are the same
    ones returned earlier, updated in place."""

    def __init__(self, article, names: ArticleNames | None = None) -> None:
        self.article = article
        self.text = article.text
        self.paras = article.paragraphs
        self.names = names or ArticleNames()
        self.eligible = [not p.boilerplate and p.role not in _SKIP_ROLES for p in self.paras]
        self.first_body = next((i for i, ok in enumerate(self.eligible) if ok), -1)
        self.statement = -1
        self.pending: Part | None = None     # a part running on into the next paragraph
        self.queue: list[tuple] = []         # reading-order items not yet resolved
        self.quotes: list[Quote] = []
        self.refs: list[tuple[Quote, object]] = []  # each quote and whom it was resolved to
        self.next_para = 0
        self.headlines: list[tuple[list[Quote], list[str]]] = []
        self._stmt_of: dict[int, _Statement] = {}   # id(part) -> its statement, until resolved
        self._quote_of: dict[int, Quote] = {}       # id(part) -> its quote, until resolved
        self._colon_intro: tuple | None = None      # the paragraph before, when it ends in ":"
        # resolution state
        self.last_person: tuple[Person, int] | None = None
        self.recent: list[tuple[Person, int]] = []   # persons as subjects/speakers, latest last
        self.prev_speaker: tuple[object, int] | None = None  # (ref, paragraph)

    # -- pass over paragraphs ---------------------------------------------------------------
    def read(self, p0: int, p1: int) -> list[Quote]:
        assert p0 == self.next_para, "paragraphs are read in order"
        n_before = len(self.quotes)
        for pi in range(p0, min(p1, len(self.paras))):
            self._paragraph(pi)
        self.next_para = max(self.next_para, min(p1, len(self.paras)))
        self._drain(final=self.next_para >= len(self.paras))
        return self.quotes[n_before:]

    def finish(self, stop=None) -> list[Quote]:
        """Every quote of the article with its final speaker. ``stop`` (a callable) is looked
        at every few thousand quotes; ``Cancelled`` is raised when it returns True."""
        ticker = Ticker(stop or cancel_check(None))
        if self.next_para < len(self.paras):
            self.read(self.next_para, len(self.paras))
        self._drain(final=True)
        for parts, words in self.headlines:
            # listed with --fragments only, but a reader asking who said it gets the answer
            who = self._headline_person(words)
            for q in parts:
                self.refs.append((q, who))
        shown: dict[int, str | None] = {}
        for q, ref in self.refs:
            ticker.tick()
            if isinstance(ref, tuple):
                ref = self.names.role(ref[1], ref[2])
            if ref is None:
                q.speaker = None
                continue
            name = shown.get(id(ref))
            if name is None:
                name = shown[id(ref)] = ref.display()
            q.speaker = name
        self.quotes.sort(key=lambda q: q.start)
        return self.quotes

    def _paragraph(self, pi: int) -> None:
        text, para = self.text, self.paras[pi]
        if not self.eligible[pi]:
            self._close_pending()
            return
        next_opens = set()
        if pi + 1 < len(self.paras) and self.eligible[pi + 1]:
            fam = opening_family(text, self.paras[pi + 1].start, self.paras[pi + 1].end)
            if fam:
                next_opens.add(fam)
        pairs = pair_marks(text, para.start, para.end, next_opens)
        kept: list[MarkPair] = []
        nick: list[MarkPair] = []
        for p in pairs:
            if _in_markup(text, para.start, p.open_at):
                continue
            if _nickname(text, p, para.start, para.end):
                nick.append(p)
                continue
            kept.append(p)
        pairs = kept
        spans = [(p.open_at, p.outer_end) for p in pairs]
        toks = tokenize(text, para.start, para.end, spans)
        if nick:
            toks = _fold_nicknames(toks, text, nick)
        sent_of = _attach_attributions(toks, _sentence_ids(text, toks, para, spans))
        bounds = _sentence_bounds(sent_of)
        headline = para.role in _TITLE_ROLES or (
            pi == self.first_body and pi + 1 < len(self.paras) and _headline_shape(text, para, pairs))
        title_line = headline or (len(bounds) == 1 and _title_case_tokens(toks)
                                  and "\n" not in text[para.start:para.end])
        if not title_line:
            self._collect_words(toks, {b[0] for b in bounds})

        qtok = [k for k, t in enumerate(toks) if t.kind == "q"]
        parts_here: list[tuple[Part, int]] = []
        for n, k in enumerate(qtok):
            pair = pairs[toks[k].quote]
            s, e = _trim(text, pair.inner_start, pair.inner_end)
            if not any(ch.isalnum() for ch in text[s:e]):
                continue
            s0, s1 = bounds[sent_of[k]]
            lo = max([q + 1 for q in qtok[:n] if q >= s0], default=s0)
            hi = min([q for q in qtok[n + 1:] if q < s1], default=s1)
            qtext = text[s:e]
            part = Part(pi, s, e, qtext, True, None, runs_on=pair.runs_on,
                        starts_para=pair.open_at == para.start)
            if headline:
                part.headline = tuple(_headline_speaker_words(toks, k, s0))
            else:
                np, how, cue = _attribution(toks, k, lo, hi, s0, s1)
                if how == "lead" and cue >= 0 and _is_phrase(qtext) and \
                        sum(1 for t in toks[cue + 1:k] if t.kind == "w") > _PHRASE_REACH:
                    # a few words far from the verb are the writer's, not the speaker's:
                    # "Friends offered to vote for me and even work for my “campaign”"
                    np, how, cue = None, "", -1
                spoken = _speech_intro(toks, k, lo, hi, how, cue) or _spoken_before(toks, k, lo)
                if spoken and np is None:
                    np = _spoken_by(toks, k, lo, s0, s1)
                    how = "lead" if np is not None else how
                if not how and parts_here and parts_here[-1][1] == lo - 1 and \
                        parts_here[-1][0].how in ("lead", "according") and _coordinated(toks, lo, k) \
                        and parts_here[-1][0].attribution is not None:
                    # “…,” and “…”: a second quote in one list shares the first one's cue
                    prev_part = parts_here[-1][0]
                    np, how, spoken = prev_part.attribution, prev_part.how, prev_part.spoken
                if np is None and how == "" and k + 1 == s1 and sent_of[k] + 1 < len(bounds):
                    np = _next_sentence_attribution(toks, *bounds[sent_of[k] + 1])
                    how = "next" if np is not None else ""
                part.attribution, part.how = np, how
                part.has_tail_attribution = how in ("tail", "dash") and np is not None
                part.spoken = spoken
                part.fragment = _is_fragment(toks, k, lo, hi, qtext, how, spoken)
                embedded = qtext[:1].islower() and k > lo and toks[k - 1].kind == "w"
                part.partial = not part.fragment and how not in ("tail", "colon", "dash") and \
                    (_is_phrase(qtext) or embedded) and not (
                    k == lo or toks[k - 1].kind == "p" and toks[k - 1].text in ":,")
                if part.fragment:
                    if _is_name_word(qtext):
                        continue  # “CNN”, “Hamas”: a name in marks, not a quotation
                    part.attribution = None
            parts_here.append((part, k))

        if not headline and parts_here:
            self._across_paragraphs(pi, parts_here)
        ends_colon = bool(toks) and toks[-1].kind == "p" and toks[-1].text == ":"
        self._colon_intro = (pi, toks, bounds[-1][0]) if ends_colon and not headline else None

        # Statements: a run-on from the paragraph before, then parts split by attribution.
        stmt_of = self._stmt_of
        prev = None
        new_stmts: list[tuple[_Statement, int]] = []
        for idx, (part, k) in enumerate(parts_here):
            if idx == 0 and self.pending is not None and part.starts_para and not part.fragment:
                st = stmt_of[id(self.pending)]
                part.statement = self.pending.statement
                st.parts.append(part)
            elif prev is not None and _joins(toks, prev, (part, k)):
                st = stmt_of[id(prev[0])]
                part.statement = prev[0].statement
                st.parts.append(part)
            else:
                self.statement += 1
                part.statement = self.statement
                st = _Statement([part], pi)
                new_stmts.append((st, k))
            stmt_of[id(part)] = st
            prev = (part, k)
        if self.pending is not None:
            continued = bool(parts_here) and stmt_of[id(parts_here[0][0])] is stmt_of[id(self.pending)]
            if not continued:
                stmt_of[id(self.pending)].done = True
        last = parts_here[-1][0] if parts_here else None
        pending = last if last is not None and last.runs_on and not last.fragment \
            and not headline else None
        open_stmt = stmt_of[id(pending)] if pending is not None else None
        for part, _ in parts_here:
            if stmt_of[id(part)] is not open_stmt:
                stmt_of[id(part)].done = True
        self.pending = pending

        for part, _ in parts_here:
            q = Quote(article_id=self.article.id, path=self.article.path, start=part.start,
                      end=part.end, text=part.text, speaker=None,
                      fragment=part.fragment or headline, paragraph=part.para,
                      statement=part.statement)
            self._quote_of[id(part)] = q
            self.quotes.append(q)

        # Reading order: names and the subject of each sentence, then the statements that
        # start in it.
        by_sentence: dict[int, list[_Statement]] = {}
        for st, k in new_stmts:
            by_sentence.setdefault(sent_of[k], []).append(st)
        items = self.queue
        for sid, (s0, s1) in enumerate(bounds):
            if not title_line:
                for np in _mentions(toks, s0, s1):
                    items.append(("mention", np, pi))
                subj = sentence_subject(toks, s0, s1)
                if subj is not None:
                    items.append(("subject", subj, pi))
            for st in by_sentence.get(sid, ()):
                items.append(("statement", st))

    def _across_paragraphs(self, pi: int, parts_here: list[tuple[Part, int]]) -> None:
        """Attributions a paragraph break separates from their quote: a paragraph ending in a
        colon introduces the quote that opens the next one ("Dr. Ward stated:" / "Stated
        Stone:"), and a paragraph that is only a dash and a name attributes the quote closing
        the one before it ("- Sanders.", "—President Obama, tweeting after the speech.")."""
        text = self.text
        first = parts_here[0][0]
        intro = self._colon_intro
        if intro is not None and intro[0] == pi - 1 and first.starts_para and first.attribution is None \
                and not first.fragment:
            _, ptoks, s0 = intro
            np = _colon_lead(ptoks, len(ptoks) - 1, s0)
            if np is not None:
                first.attribution, first.how = np, "colon"
        last = parts_here[-1][0]
        para = self.paras[pi]
        if last.attribution is None and not last.fragment and pi + 1 < len(self.paras) \
                and self.eligible[pi + 1] and not text[last.end:para.end].strip(" \t\"'”’.,»"):
            nxt = self.paras[pi + 1]
            head = text[nxt.start:min(nxt.end, nxt.start + 200)]
            if head[:1] in _DASHES and len(head) < 200:
                ntoks = tokenize(text, nxt.start, min(nxt.end, nxt.start + 200), [])
                k = 0
                while k < len(ntoks) and ntoks[k].kind == "p" and ntoks[k].text in _DASHES:
                    k += 1
                np = np_starting_at(ntoks, k, len(ntoks))
                if np is not None and np.kind == "name":
                    last.attribution, last.how, last.has_tail_attribution = np, "dash", True

    def _close_pending(self) -> None:
        if self.pending is not None:
            self._stmt_of[id(self.pending)].done = True
            self.pending = None

    def _collect_words(self, toks: list[Token], sentence_starts: set[int]) -> None:
        proper, lower = self.names.proper, self.names.lower
        n = len(toks)
        for k, t in enumerate(toks):
            if t.kind != "w":
                continue
            if t.cap:
                low = t.low
                # Token.possessive and Token.bare inline: this runs on every capitalised word
                possessive = low.endswith(("'s", "’s", "s'", "s’"))
                if k not in sentence_starts:
                    proper.add(t.text[:-2] if low.endswith(("'s", "’s")) else
                               t.text[:-1] if possessive else t.text)
                if not possessive and k + 1 < n and toks[k + 1].kind == "w" and not toks[k + 1].cap \
                        and (t.low.endswith(("ian", "ese", "ish", "ean")) or t.low in DEMONYMS):
                    self.names.countries.add(country_key(t.text))  # "Russian soldiers"
            else:
                lower.add(t.low)

    # -- resolution in reading order ---------------------------------------------------------
    def _drain(self, final: bool) -> None:
        q = self.queue
        n = 0
        while n < len(q):
            item = q[n]
            if item[0] == "statement" and not (item[1].done or final):
                break
            self._resolve_item(item)
            n += 1
        del q[:n]

    def _resolve_item(self, item: tuple) -> None:
        kind = item[0]
        if kind == "mention":
            np, para = item[1], item[2]
            p = self.names.mention(np)
            if p is not None and np.kind == "name" and not np.org:
                self._seen(p, para)
            return
        if kind == "subject":
            np, para = item[1], item[2]
            who = self._person(np, para)
            if who is not None and not isinstance(who, tuple) and who.is_person:
                self.last_person = (who, para)
                self._seen(who, para)
            return
        stmt: _Statement = item[1]
        parts = stmt.parts
        first = parts[0]
        quotes = [self._quote_of.pop(id(p)) for p in parts]
        for p in parts:
            self._stmt_of.pop(id(p), None)
        if first.headline is not None:
            self.headlines.append((quotes, list(first.headline)))
            return
        fragment = all(p.fragment for p in parts)
        ref = None
        attributed = [p for p in parts if p.attribution is not None]
        described = False
        for p in attributed:
            r = self._person(p.attribution, p.para, speaker=True)
            if r is not None:
                ref = r
                break
            if p.attribution.kind == "desc":
                described = True
        if not fragment and ref is None and not described and not attributed:
            if self.last_person is not None and self.last_person[1] == first.para:
                ref = self.last_person[0]
            elif self.prev_speaker is not None and first.para - self.prev_speaker[1] <= _CARRY_PARAGRAPHS:
                ref = self.prev_speaker[0]
        if fragment:
            ref = None
        for q in quotes:
            q.speaker = _display(ref if not isinstance(ref, tuple) else self.names.role(ref[1], ref[2]))
            self.refs.append((q, ref))
        if not fragment:
            self.prev_speaker = (ref, parts[-1].para) if (ref is not None or described) else self.prev_speaker
            if described and ref is None:
                self.prev_speaker = (None, parts[-1].para)
            if isinstance(ref, Person) and ref.is_person:
                self.last_person = (ref, parts[-1].para)
                self._seen(ref, parts[-1].para)

    def _seen(self, p: Person, para: int) -> None:
        self.recent = [(x, pa) for x, pa in self.recent if x is not p and para - pa <= _PRONOUN_PARAGRAPHS]
        self.recent.append((p, para))

    def _person(self, np: NP, para: int, *, speaker: bool = False):
        """A Person, ("role", country, role) for a role nobody in the article holds yet, or
        None."""
        if np is None:
            return None
        if np.kind == "pronoun":
            return self._pronoun(np.pronoun, para)
        if np.kind == "role":
            who = self.names.role(np.country, np.role)
            return who if who is not None else ("role", np.country, np.role)
        if np.kind != "name":
            return None
        p = self.names.lookup(np) if not speaker else self.names.mention(np, spoke=True)
        return p

    def _pronoun(self, pronoun: str, para: int) -> Person | None:
        """The latest person met in the last paragraphs whose gender fits the pronoun: one the
        text shows to be of the other gender (a title, a gendered noun, a given name) is
        passed over; nobody fitting is None."""
        gender = PRONOUN_GENDER.get(pronoun)
        for p, pa in reversed(self.recent):
            if para - pa > _PRONOUN_PARAGRAPHS:
                break
            if p.gender is None or p.gender == gender:
                if p.gender is None and not p.org:
                    p.gender = gender  # "…," she said: the text now shows it
                return p
        return None

    def _headline_person(self, words: list[str]) -> Person | None:
        """The person a headline names as speaking: the longest run of its leading name words
        that is someone of the article ("Carly Fiorina Endorses Ted Cruz:" -> Carly Fiorina)."""
        for n in range(min(len(words), 4), 0, -1):
            np = NP("name", 0, 0, name=tuple(words[:n]))
            p = self.names.lookup(np)
            if p is not None and p.is_person:
                return p
        return None


def _display(ref) -> str | None:
    if isinstance(ref, Person):
        return ref.display()
    if isinstance(ref, str):
        return ref
    return None


def _fold_nicknames(toks: list[Token], text: str, nick: list[MarkPair]) -> list[Token]:
    """A nickname and its marks are dropped so the name runs through it: "Robert C. “Bobby”
    Scott" is the name Robert C. Scott to the grammar."""
    spans = [(p.open_at, p.outer_end) for p in nick]
    return [t for t in toks if not any(s <= t.start < e for s, e in spans)]


def _mentions(toks: list[Token], s0: int, s1: int) -> list[NP]:
    """Names written in the sentence (outside quotes): runs of capitalised words that read as
    a full name ("Volodymyr Zelensky"), a titled name ("President Zelensky", "Mr. Roe"), or a
    single word not at the start of the sentence."""
    out = []
    k = s0
    while k < s1:
        t = toks[k]
        if t.kind != "w" or not t.cap:
            k += 1
            continue
        j = run_forward(toks, k, s1)
        if j == k and k == s0 and t.low not in NON_PERSONS:
            k += 1  # one capitalised word opening a sentence says nothing by itself
            continue
        np = build_name(toks, k, j)
        if np is not None and np.kind == "name":
            if len(np.name) > 1 or np.titled or np.org or k > s0:
                out.append(np)
        elif np is not None and np.kind == "role":
            pass
        k = j + 1
    return out


def _headline_speaker_words(toks: list[Token], qi: int, s0: int) -> list[str]:
    """Leading name words of a headline that says who speaks: "Ryan: ‘…’", "Zelenskyy Talks
    Trusting Putin (‘Oh, No’)" -> the capitalised words before the colon or the speech verb,
    titles and places dropped."""
    cut = None
    for c in range(s0, qi):
        t = toks[c]
        if t.kind == "p" and t.text == ":":
            cut = c
            break
        if t.kind == "w" and t.low in HEADLINE_CUES and c > s0:
            cut = c
            break
    if cut is None:
        return []
    words = [t for t in toks[s0:cut] if t.kind == "w"]
    # drop a leading place or possessive and titles: "Ukraine's President Zelenskyy"
    k = 0
    for i, t in enumerate(words):
        if t.possessive or is_title(t):
            k = i + 1
    words = words[k:]
    return [t.bare for t in words if t.cap][:5]


def _is_fragment(toks: list[Token], qi: int, lo: int, hi: int, text: str, how: str,
                 spoken: bool) -> bool:
    """Quoted words nobody is reported as saying: a title or name in title case ("The Walking
    Dead", "CNN") unless introduced as speech or standing as a sentence of its own, or a
    phrase (a few words, or no clause) with no attribution at all (a scare quote or coined
    term). ``spoken``: introduced as speech right next to it (``_speech_intro``)."""
    sentence = _is_sentence(text)
    if _title_shape(text) and not spoken:
        # American copy puts the stop of the writer's sentence inside the marks, so a title
        # ending a sentence looks like one ("on NBC's “Meet the Press.”"); a slogan or cry
        # standing as a sentence of its own is words said ("had one message: “Dump Trump.”")
        alone = qi == lo or toks[qi - 1].kind == "q" or toks[qi - 1].text == ":"
        if not (sentence and alone):
            return True
    if how or spoken:
        return False
    if sentence:
        return False
    return _is_phrase(text)


def _is_sentence(text: str) -> bool:
    """Words written as a sentence: a capital first and a stop, question or exclamation mark
    last, inside the marks."""
    t = text.rstrip(_TRIM)
    return t[:1].isupper() and t[-1:] in ".?!…"


def _is_phrase(text: str) -> bool:
    """A few words, or words with no clause: what a writer quotes inside a sentence."""
    words = _word_count(text)
    if words <= 3:
        return True
    if words >= 8 or re.search(r"[.?!…]\s+[A-Z“\"‘']", text):
        return False
    return not _clause_like(text)


def _joins(toks: list[Token], a: tuple[Part, int], b: tuple[Part, int]) -> bool:
    (pa, ka), (pb, kb) = a, b
    if pa.fragment or pb.fragment or pb.has_tail_attribution or pa.headline is not None \
            or pa.partial or pb.partial:
        return False
    between = toks[ka + 1:kb]
    words = [t for t in between if t.kind == "w"]
    if not words:
        return True
    if len(words) > _MAX_JOIN_WORDS:
        return False
    # “…,” he said, “…” / “…,” he said. “…”: the second part starts straight after the
    # attribution; “…,” he said, adding that Moscow is “…” is a new, partial quote.
    before = toks[kb - 1]
    if before.kind == "w" and not _is_cue(toks, kb - 1):
        return False
    return any(_is_cue(toks, k) for k in range(ka + 1, kb))


_TITLE_STOP = re.compile(r"\b([A-Z][a-z]{1,4})\.\s+$")


def _after_title(text: str, pos: int) -> bool:
    """A sentence break the splitter put after an abbreviated title it does not know ("Del.
    Rita Fenn"): not a break."""
    m = _TITLE_STOP.search(text, max(0, pos - 8), pos)
    return m is not None and m.group(1).lower() in TITLE_ABBREVIATIONS


def _sentence_ids(text: str, toks: list[Token], para, spans: list[tuple[int, int]]) -> list[int]:
    """Sentence number of each token. Sentence breaks inside a quotation are ignored: the
    writer's sentence is the one that holds the quote."""
    breaks = [s.start for s in para.sentences[1:]
              if not any(qs < s.start < qe for qs, qe in spans) and not _after_title(text, s.start)]
    if not breaks:
        return [0] * len(toks)
    # tokens are in text order: a token's sentence is the number of breaks at or before it
    out = [bisect_right(breaks, t.start) for t in toks]
    # Renumber densely so empty sentences (all inside quotes) leave no gaps.
    dense: dict[int, int] = {}
    return [dense.setdefault(x, len(dense)) for x in out]


def _attach_attributions(toks: list[Token], sent_of: list[int]) -> list[int]:
    """“Why now?” she asked. -- a quote ending in ? or ! ends a sentence for the splitter, but
    the attribution after it belongs to the same sentence: the two are joined when the next
    one starts with a speaker and a cue ("Roe asked", "asked Roe", "Jane Roe, 70, said")."""
    out = list(sent_of)
    n = len(toks)
    for k in range(n - 1):
        if toks[k].kind != "q" or out[k + 1] == out[k]:
            continue
        inner = toks[k].text.rstrip("”\"'’»› ")
        if inner[-1:] not in "?!":
            continue
        m = k + 1
        hi = next((x for x in range(m, n) if out[x] != out[m]), n)
        ok = False
        if _is_cue(toks, m) and not _is_participle(toks[m]):
            ok = np_starting_at(toks, m + 1, hi) is not None
        else:
            np = np_starting_at(toks, m, hi)
            ok = np is not None and np.kind in ("name", "pronoun", "role", "desc") and \
                _cue_after(toks, np.last + 1, hi) is not None
        if ok:
            old, new = out[m], out[k]
            for x in range(m, n):
                if out[x] == old:
                    out[x] = new
                elif out[x] > old:
                    out[x] -= 1
    return out


def _sentence_bounds(sent_of: list[int]) -> list[tuple[int, int]]:
    bounds: list[list[int]] = []
    for k, sid in enumerate(sent_of):
        if sid == len(bounds):
            bounds.append([k, k + 1])
        else:
            bounds[sid][1] = k + 1
    return [tuple(b) for b in bounds]


def extract_quotes(article) -> list[Quote]:
    """Direct quotations of ``article`` in text order, speakers resolved within the article."""
    return ArticleReader(article).finish()
