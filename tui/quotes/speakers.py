"""Noun phrases that can name a speaker, and who each name stands for.

A speaker is read as one of four kinds of noun phrase next to a cue verb:
- a name, with the titles, roles and places around it split off ("White House press secretary
  Josh Earnest", "Sen. Claire McCaskill (D-Mo.)", "Florida's Rick Wilson" are the names "Josh
  Earnest", "Claire McCaskill", "Rick Wilson"; "Ukrainian President Volodymyr Zelensky" is
  "Volodymyr Zelensky" holding the role (Ukraine, president));
- a role standing for someone named elsewhere ("the Ukrainian leader", "Ukraine's president");
- a pronoun (he, she), resolved later to the person named before it;
- a description that names nobody ("an Iowa Democrat", "officials", "a spokeswoman"): the quote
  is attributed, to someone the text does not name.

``ArticleNames`` maps the names of one article, in reading order, to persons: a surname alone
is the person of that surname named before it (the most mentioned when several share it); a
full name joins the person whose surname and first name agree. ``LibraryNames`` then merges the
persons of many articles: the same full name (surnames that are transliteration variants,
Zelensky / Zelenskyy / Zelenskiy, and agreeing first names), a bare surname only when one
person of the library has it. Different first names are different people (Melania is not
Melanie; Hunter Biden is not Joe Biden), and surnames that differ in a letter other than the
soft ones of transliteration stay apart (Rendell / Randall, Johnson / Johnston).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .lexicon import (AUXILIARIES, CAP_STOP, DEMONYMS, DETERMINERS, FEMALE_NAMES, FEMALE_NOUNS,
                      FUNCTION_WORDS, GROUP_WORDS, HEAD_ROLES, MALE_NAMES, MALE_NOUNS,
                      NAME_PARTICLES, NAME_SUFFIXES, NON_PERSONS, OCCUPATIONS, ORG_WORDS, PRONOUNS,
                      ROLE_NOUNS, TITLE_ABBREVIATIONS, TITLES)

from .lexicon import CUE_VERBS as _CUES  # noqa: E402

_TOKEN = re.compile(r"[^\W_](?:[\w’'.\-]*[^\W_])?|@\w+|[^\w\s]")


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # "w" word, "p" punctuation, "q" a quotation (the whole quoted span)
    low: str = ""
    cap: bool = False
    quote: int = -1  # index of the quote when kind == "q"

    @property
    def possessive(self) -> bool:
        return self.kind == "w" and self.low.endswith(("'s", "’s", "s'", "s’"))

    @property
    def bare(self) -> str:
        """The word without a possessive ending."""
        if self.low.endswith(("'s", "’s")):
            return self.text[:-2]
        if self.low.endswith(("s'", "s’")):
            return self.text[:-1]
        return self.text


def tokenize(text: str, start: int, end: int, quote_spans: list[tuple[int, int]]) -> list[Token]:
    """Tokens of ``text[start:end]`` outside the quotations; each quotation (marks included)
    becomes one token of kind "q" so the grammar can see where quotes sit."""
    out: list[Token] = []
    pos = start
    for qi, (qs, qe) in enumerate(quote_spans):
        out.extend(_words(text, pos, qs))
        out.append(Token(text[qs:qe], qs, qe, "q", quote=qi))
        pos = qe
    out.extend(_words(text, pos, end))
    return out


def _words(text: str, start: int, end: int) -> list[Token]:
    # the hottest loop of extraction (every paragraph is tokenised): locals, one span() call
    toks: list[Token] = []
    append = toks.append
    make = Token
    for m in _TOKEN.finditer(text, start, end):
        s = m.group()
        a, b = m.span()
        c = s[0]
        if c.isalnum() or c == "@":
            append(make(s, a, b, "w", s.lower(), c.isupper()))
        else:
            append(make(s, a, b, "p", s))
    return toks


_country_keys: dict[str, str] = {}


def country_key(word: str) -> str:
    """A stem shared by a country and its adjective: Ukraine/Ukrainian, Russia/Russian."""
    key = _country_keys.get(word)
    if key is None:
        key = _country_key(word)
        if len(_country_keys) < 100_000:
            _country_keys[word] = key
    return key


def _country_key(word: str) -> str:
    w = word.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    w = DEMONYMS.get(w.rstrip("."), w.rstrip("."))
    for suffix in ("ian", "an", "ese", "ish", "i", "y", "a", "e"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[:-len(suffix)]
    return w


def same_country(a: str, b: str) -> bool:
    if not a or not b:
        return a == b
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) if short != long_ else True


@dataclass(slots=True)
class NP:
    """A noun phrase that may name a speaker. ``first``/``last`` are token indices."""

    kind: str                       # "name", "role", "pronoun" or "desc"
    first: int
    last: int
    name: tuple[str, ...] = ()      # for names: the words of the name, titles removed
    country: str = ""               # country key of a role ("ukrain")
    role: str = ""                  # "president", "leader", "prime minister"
    org: bool = False               # a name of an organisation or place, not a person
    titled: bool = False            # written with a title ("Sen.", "Mr.", "President")
    gender: str | None = None       # "m"/"f" when a title or noun says so
    pronoun: str = ""


# --- reading names in runs of capitalised words -------------------------------------------------

def is_title(tok: Token) -> bool:
    return tok.kind == "w" and tok.cap and tok.low.rstrip(".") in TITLES


_INITIALS = re.compile(r"(?:[A-Z]\.)+[A-Z]")


def _is_initial(tok: Token) -> bool:
    """"P" of "Robert P. Casey", "G.K" of "G.K. Chesterton"."""
    if tok.kind != "w" or not tok.cap:
        return False
    t = tok.text
    return len(t) == 1 or (len(t) <= 7 and "." in t and _INITIALS.fullmatch(t) is not None)


def _dot_continues(toks: list[Token], k: int) -> bool:
    """Whether the full stop at ``toks[k]`` belongs to the word before it (an initial or an
    abbreviated title), so a name may run on through it."""
    if k == 0 or toks[k].kind != "p" or toks[k].text != ".":
        return False
    w = toks[k - 1]
    return w.kind == "w" and (_is_initial(w) or w.low in TITLE_ABBREVIATIONS)


def _name_word(tok: Token) -> bool:
    return tok.kind == "w" and tok.cap


def run_back(toks: list[Token], j: int, lo: int) -> int:
    """Index where the run of name words ending at ``toks[j]`` starts: capitalised words,
    initials and abbreviated titles with their full stops, particles between capitals
    ("Federico de Jesús"), a leading possessive ("Florida's Rick Wilson"), and a title with
    "of" ("Secretary of State John Kerry")."""
    i = j
    while i - 1 >= lo:
        p = toks[i - 1]
        if p.kind == "w" and p.cap:
            i -= 1
            if p.possessive:
                break
        elif p.kind == "p" and p.text == "." and _dot_continues(toks, i - 1) and i - 2 >= lo:
            i -= 1
        elif p.kind == "w" and p.low in NAME_PARTICLES and i - 2 >= lo and _name_word(toks[i - 2]) \
                and not toks[i - 2].possessive:
            i -= 1
        elif p.kind == "w" and p.low in ("of", "the") and i - 2 >= lo and _of_title(toks, i - 1, lo):
            i -= 1
        else:
            break
    return i


def _of_title(toks: list[Token], k: int, lo: int) -> bool:
    """"of" / "of the" inside a title: "Secretary of State", "Speaker of the House"."""
    if toks[k].low == "the":
        k -= 1
        if k < lo or toks[k].low != "of":
            return False
    return k - 1 >= lo and (is_title(toks[k - 1]) or (toks[k - 1].cap and toks[k - 1].low in ORG_WORDS))


def run_forward(toks: list[Token], i: int, hi: int) -> int:
    """Index of the last token of the run of name words starting at ``toks[i]``."""
    j = i
    while j + 1 < hi:
        t = toks[j]
        n = toks[j + 1]
        if n.kind == "w" and n.cap:
            j += 1
        elif n.kind == "p" and n.text == "." and _dot_continues(toks, j + 1) and j + 2 < hi \
                and toks[j + 2].kind == "w" and (toks[j + 2].cap or toks[j + 2].low in NAME_SUFFIXES):
            j += 1
        elif n.kind == "w" and n.low in NAME_PARTICLES and j + 2 < hi and _name_word(toks[j + 2]) \
                and not t.possessive:
            j += 1
        elif n.kind == "w" and n.low == "of" and (is_title(t) or t.low in ORG_WORDS) and j + 2 < hi and (
                _name_word(toks[j + 2]) or (toks[j + 2].low == "the" and j + 3 < hi
                                            and _name_word(toks[j + 3]))):
            j += 2 if toks[j + 2].low == "the" else 1
        else:
            break
    return j


_GENDER_WORDS = FEMALE_NOUNS | MALE_NOUNS | {w + "." for w in FEMALE_NOUNS | MALE_NOUNS}


def gender_of_word(low: str) -> str | None:
    low = low.rstrip(".")
    if low in FEMALE_NOUNS:
        return "f"
    if low in MALE_NOUNS:
        return "m"
    return None


def first_name_gender(first: str) -> str | None:
    f = first.lower().rstrip(".")
    if f in FEMALE_NAMES and f not in MALE_NAMES:
        return "f"
    if f in MALE_NAMES and f not in FEMALE_NAMES:
        return "m"
    return None


def build_name(toks: list[Token], i: int, j: int) -> NP | None:
    """A noun phrase from the run ``toks[i..j]``: a person's or an organisation's name with its
    titles and leading places split off, a role, or a description ("New Hampshire Democrat")."""
    words = [t for t in toks[i:j + 1] if t.kind == "w"]
    # leading words that start sentences without naming anyone ("The", "But", "Former"...)
    s = 0
    while s < len(words) and (words[s].low in CAP_STOP or words[s].low in _CUES) and not is_title(words[s]):
        s += 1  # "The", "But" opening a sentence; "Stated Stone:"
    if s:
        words = words[s:]
    if not words or words[-1].possessive:
        return None
    first_tok = i if toks[i] is words[0] else next(k for k in range(i, j + 1) if toks[k] is words[0])
    lows = [t.low for t in words]
    gender = None
    if not _GENDER_WORDS.isdisjoint(lows):
        for w in lows:
            gender = gender or gender_of_word(w)
    if lows[-1] in GROUP_WORDS:
        return NP("desc", first_tok, j)
    last_title = max((k for k, t in enumerate(words) if is_title(t)), default=-1)
    # "Council President Dana Fisk", "White House Press Secretary Josh Earnest": an
    # organisation's title before a name is the person's role, not an organisation.
    titled_person = (0 <= last_title < len(words) - 1
                     and ORG_WORDS.isdisjoint(lows[last_title + 1:])
                     and not all(t.text.isupper() for t in words[last_title + 1:]))  # "PAC"
    if not ORG_WORDS.isdisjoint(lows) and not titled_person:
        # "Ministry of Defence", "Ukraine's State Emergency Service", "the White House": an
        # organisation, titles and all; a leading possessive says whose, it is not the name.
        lead = 0
        while lead < len(words) - 1 and words[lead].possessive:
            lead += 1
        country = country_key(words[lead - 1].bare) if lead else ""
        name = tuple(t.text for t in words[lead:])
        return NP("name", first_tok, j, name=name, country=country, org=True)
    # the name is what follows the last title, possessive or group word
    cut = -1
    role_words: list[str] = []
    for k, t in enumerate(words):
        if is_title(t) or t.possessive or t.low in GROUP_WORDS or t.low == "of" or t.low == "the":
            cut = k
            if is_title(t):
                role_words.append(t.low.rstrip("."))
    lead = words[:cut + 1]
    name_words = [t for t in words[cut + 1:]]
    while name_words and name_words[-1].low.rstrip(".") in NAME_SUFFIXES and len(name_words) > 1:
        name_words.pop()
    country = ""
    for t in lead:
        if not is_title(t) and t.low not in ("of", "the"):
            country = country_key(t.bare)
    role = ""
    if role_words:
        role = "prime minister" if "prime" in role_words and "minister" in role_words else role_words[-1]
    if not name_words:
        if role:
            return NP("role", first_tok, j, country=country, role=role, gender=gender)
        return None
    if len(name_words) >= 3 and first_name_gender(name_words[0].low) is None and \
            first_name_gender(name_words[1].low) is not None and name_words[0].low not in NAME_PARTICLES:
        # "Opponent Tom Becker", "Organizer Jane Roe": a role word opening a sentence
        name_words = name_words[1:]
    elif len(name_words) >= 3 and name_words[0].low in OCCUPATIONS:
        name_words = name_words[1:]  # "Engineer Tomasz Wierzbicki"
    name = tuple(_name_text(t) for t in name_words[-5:])
    org = len(name) == 1 and name[0].lower().rstrip(".") in NON_PERSONS
    if not org and len(name) > 1:
        gender = gender or first_name_gender(name[0])
    return NP("name", first_tok, j, name=name, country=country, role=role, org=org,
              titled=bool(role_words) and not org, gender=None if org else gender)


def _name_text(t: Token) -> str:
    """An initial keeps its full stop ("P."); other words are as written."""
    if _is_initial(t):
        return t.text + "."
    return t.bare


def np_ending_at(toks: list[Token], j: int, lo: int) -> NP | None:
    """The noun phrase whose last token is ``toks[j]`` (nothing before ``lo``)."""
    if j < lo:
        return None
    t = toks[j]
    if t.kind == "p" and t.text == "." and _dot_continues(toks, j):
        j -= 1  # "Robert P. Casey Jr." ends with the stop of "Jr."
        t = toks[j]
    if t.kind != "w":
        return None
    if t.low in PRONOUNS:
        return NP("pronoun", j, j, pronoun=t.low)
    if t.cap:
        i = run_back(toks, j, lo)
        return build_name(toks, i, j)
    if t.low in ROLE_NOUNS or (t.low == "minister" and j - 1 >= lo and toks[j - 1].low == "prime"):
        role, i = t.low, j
        if t.low == "minister" and i - 1 >= lo and toks[i - 1].low == "prime":
            role, i = "prime minister", i - 1
        country, det = "", False
        k = i - 1
        if k >= lo and toks[k].kind == "w" and toks[k].cap and toks[k].low not in CAP_STOP:
            country = country_key(toks[k].bare)
            k -= 1
        if k >= lo and toks[k].low == "the":
            det = True
            k -= 1
        if country or det:
            return NP("role", k + 1, j, country=country, role=role, gender=gender_of_word(t.low))
        return NP("desc", j, j)
    if t.low in FUNCTION_WORDS or t.low in ("it", "they", "we", "i", "you"):
        return NP("desc", j, j) if t.low in ("it", "they", "we", "i", "you") else None
    return NP("desc", j, j)


def np_starting_at(toks: list[Token], i: int, hi: int) -> NP | None:
    """The noun phrase whose first token is ``toks[i]`` (nothing at or after ``hi``): a
    pronoun, a name (after any determiner and lowercase role words: "the economist Jared
    Bernstein", "Trump lawyer Marc Kasowitz", "former Gov. Bill Richardson"), a role ("the
    Ukrainian leader") or a description ("an Iowa Democrat", "a spokeswoman")."""
    if i >= hi or toks[i].kind != "w":
        return None
    t = toks[i]
    if t.low in PRONOUNS:
        return NP("pronoun", i, i, pronoun=t.low)
    k = i
    described = False
    gender = None
    country = ""
    role = ""
    end = min(hi, i + 14)
    while k < end:
        t = toks[k]
        if t.kind != "w":
            break
        if t.cap:
            j = run_forward(toks, k, end)
            np = build_name(toks, k, j)
            m = j + 1
            while m < end and m - j <= 5 and _role_word(toks[m]):
                m += 1
            if m > j + 1 and m < end and toks[m].kind == "w" and toks[m].cap and not (
                    np is not None and np.kind == "name" and not np.org and np.titled):
                # "Trump lawyer Marc Kasowitz", "Texas delegate Bill Eastland": the
                # capitalised words so far modify a role word; the name comes after it.
                if np is not None and np.kind == "name" and not country and len(np.name) == 1:
                    country = country_key(np.name[0])
                described = True
                for t2 in toks[j + 1:m]:
                    gender = gender or gender_of_word(t2.low)
                    if t2.low in ROLE_NOUNS:
                        role = t2.low
                k = m
                continue
            place = np is None or (np.kind == "name" and len(np.name) == 1)
            if m > j + 1 and place and not _cue_at(toks, m, end):
                # "Ukraine's leader offers …": a place and a role noun make a role
                roles = [x for x in range(j + 1, m) if toks[x].low in ROLE_NOUNS]
                if roles:
                    m = roles[-1] + 1
            nouns = toks[j + 1:m]
            head_ok = len(nouns) <= 3 and not any(x.low.endswith("ed") for x in nouns)
            if m > j + 1 and head_ok and (_cue_at(toks, m, end) or (place and toks[m - 1].low in ROLE_NOUNS)) and not (
                    np is not None and np.kind == "name" and np.titled and not np.org):
                # "Ukraine's president said", "the Russian president said", "the Clinton
                # campaign said": the lowercase word before the cue is the head.
                if np is not None and np.kind == "name" and len(np.name) == 1:
                    country = country or country_key(np.name[0])
                elif np is None:
                    w = [x for x in toks[k:j + 1] if x.kind == "w"]
                    if w and w[-1].possessive and len(w) == 1:
                        country = country or country_key(w[-1].bare)
                for t2 in toks[j + 1:m]:
                    gender = gender or gender_of_word(t2.low)
                    if t2.low in ROLE_NOUNS:
                        role = t2.low
                head = toks[m - 1].low
                if head == "minister" and toks[m - 2].low == "prime":
                    head = role = "prime minister"
                if head in ROLE_NOUNS or head == "prime minister":
                    return NP("role", i, m - 1, country=country, role=head, gender=gender)
                return NP("desc", i, m - 1, gender=gender)
            if np is None:
                return None
            np.first = i
            if np.kind == "name":
                np.gender = np.gender or gender
                if not np.org:
                    np.titled = np.titled or described or bool(role)
                    np.role = np.role or role
                    np.country = np.country or country
            elif np.kind == "role" and described:
                np.country = np.country or country
            return np
        if t.low in FUNCTION_WORDS and not (k == i and t.low in DETERMINERS):
            break
        if (_is_cue_like(t.low) or t.low in AUXILIARIES) and k > i:
            break  # a verb: the phrase has ended ("the candidate could win")
        described = True
        gender = gender or gender_of_word(t.low)
        if t.low in ROLE_NOUNS:
            role = t.low
        k += 1
    if k == i:
        return None
    # no name followed: "the Ukrainian leader", "a spokeswoman", "officials"
    last = k - 1
    if role and toks[i].low in ("the",) or (role and country):
        if role == "minister" and last - 1 >= i and toks[last - 1].low == "prime":
            role = "prime minister"
        return NP("role", i, last, country=country, role=role, gender=gender)
    # "a spokeswoman, Jen Psaki,": a description followed by the name in apposition
    if k + 1 < hi and toks[k].kind == "p" and toks[k].text == "," and toks[k + 1].cap:
        j = run_forward(toks, k + 1, hi)
        after = toks[j + 1] if j + 1 < hi else None
        if after is None or (after.kind == "p" and after.text in ",.;"):
            np = build_name(toks, k + 1, j)
            if np is not None and np.kind == "name" and not np.org:
                np.first, np.gender = i, np.gender or gender
                np.titled = True
                if after is not None and after.text == ",":
                    np.last = j + 1  # the comma closing the apposition is part of the phrase
                return np
    return NP("desc", i, last, gender=gender)


def _cue_at(toks: list[Token], m: int, hi: int) -> bool:
    """Whether a cue verb starts at ``m``, after auxiliaries ("has said")."""
    while m < hi and toks[m].kind == "w" and toks[m].low in AUXILIARIES:
        m += 1
    return m < hi and toks[m].kind == "w" and not toks[m].cap and _is_cue_like(toks[m].low)


def _role_word(t: Token) -> bool:
    """A lowercase word that can stand between a name's modifiers and the name: "lawyer",
    "press secretary", "delegate" (not a verb, auxiliary or function word)."""
    return t.kind == "w" and not t.cap and t.low not in FUNCTION_WORDS and t.low not in AUXILIARIES \
        and t.low not in PRONOUNS and not _is_cue_like(t.low) and not t.low.endswith("ly")


def _is_cue_like(low: str) -> bool:
    return low in _CUES


# --- name variants ----------------------------------------------------------------------------

_skeletons: dict[str, str] = {}


def skeleton(word: str) -> str:
    """A spelling key that folds transliteration noise: accents, doubled consonants, y/i, -ij."""
    sk = _skeletons.get(word)
    if sk is None:
        sk = _skeleton(word)
        if len(_skeletons) < 100_000:
            _skeletons[word] = sk
    return sk


def _skeleton(word: str) -> str:
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if c.isalpha())
    if len(w) > 1:
        w = w[0] + w[1:].replace("y", "i")
    # doubled consonants and ii fold (Bidden/Biden, Zelenskyy/Zelenskiy); a doubled vowel
    # is another name (Sheen/Shen, Reed/Red)
    w = re.sub(r"([^aeou])\1+", r"\1", w)
    return re.sub(r"ij$", "i", w)


# Letters a transliteration adds or drops (Shoigu/Shoygu folds to one skeleton already).
_SOFT = set("hjw")


def surnames_match(a: str, b: str) -> bool:
    """Same surname in two transliterations: identical skeletons (accents, doubled letters and
    y/i folded: Zelensky/Zelenskyy/Zelenskiy, Müller/Muller), or a soft letter added or dropped
    (Medvedev/Medvedjev). A changed vowel or consonant is another name: Rendell/Randall,
    Johnson/Johnston, Melania/Melanie, Lopez/Lopes."""
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return bool(sa)
    if min(len(sa), len(sb)) < 5 or sa[0] != sb[0]:
        return False
    ops = Levenshtein.editops(sa, sb)
    if len(ops) > 1:
        return False
    for op in ops:
        if op.tag == "replace":
            return False
        c = sa[op.src_pos] if op.tag == "delete" else sb[op.dest_pos]
        if c not in _SOFT:
            return False
    return True


def _first_names_agree(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1].lower() == b[:1].lower()
    return skeleton(a) == skeleton(b) or surnames_match(a, b)


def _block_key(surname: str) -> str:
    sk = skeleton(surname)
    return sk[:1] + "".join(c for c in sk[1:] if c not in _SOFT)


def _surname(name: tuple[str, ...]) -> str:
    return name[-1]


def _given(name: tuple[str, ...]) -> str | None:
    return name[0] if len(name) > 1 else None


@dataclass(eq=False)
class Person:
    """One person (or organisation) of one article, with every form of the name seen."""

    surname: str
    given: str | None = None
    forms: Counter = field(default_factory=Counter)
    gender: str | None = None
    org: bool = False
    mentions: int = 0
    titled: bool = False
    spoke: bool = False          # named as the speaker of a quote
    skeleton: str = ""           # of the surname, for quick comparison
    last_seen: int = 0

    def display(self) -> str:
        if self.org:
            return " ".join(max(self.forms, key=lambda f: (self.forms[f], len(f), f)))
        longest = max(len(f) for f in self.forms)
        best = max((f for f in self.forms if len(f) == longest), key=lambda f: (self.forms[f], f))
        return " ".join(best)

    @property
    def is_person(self) -> bool:
        return not self.org and (self.titled or self.spoke or self.given is not None)


class ArticleNames:
    """The people of one article, met in reading order (see the module docstring)."""

    def __init__(self) -> None:
        self.persons: list[Person] = []
        self._blocks: dict[str, list[Person]] = defaultdict(list)
        self._orgs: dict[tuple[str, ...], Person] = {}
        # role -> how often each (country, person) was written holding it
        self.roles: dict[str, Counter] = defaultdict(Counter)
        self._role_cache: dict[tuple[str, str], Person | None] = {}
        self._exact: dict[tuple[str, ...], Person] = {}   # full names met before
        self._places: dict[str, bool] = {}
        self._places_for = -1
        self.countries: set[str] = set()
        self.proper: set[str] = set()    # capitalised words seen inside sentences
        self.lower: set[str] = set()     # words seen in lowercase
        self.clock = 0

    # -- registering -----------------------------------------------------------------------
    def mention(self, np: NP, *, spoke: bool = False) -> Person | None:
        """The person a name NP stands for, created when new; None for a phrase that is not a
        name of anyone (an unknown single capitalised word, a common-noun phrase)."""
        if np.kind != "name" or not np.name:
            return None
        self.clock += 1
        if np.org:
            key = tuple(w.lower() for w in np.name)
            p = self._orgs.get(key)
            if p is None:
                if len(np.name) == 1:
                    self.countries.add(country_key(np.name[0]))
                p = Person(surname=np.name[-1], org=True)
                self._orgs[key] = p
            p.forms[np.name] += 1
            p.mentions += 1
            p.spoke |= spoke
            p.last_seen = self.clock
            return p
        if not self._plausible(np, spoke):
            return None
        p = self._exact.get(np.name) if len(np.name) > 1 else None
        if p is None or (np.gender and p.gender and p.gender != np.gender):
            p = self._find(np.name, np.gender, create=True)
            if len(np.name) > 1:
                self._exact[np.name] = p
        p.forms[np.name] += 1
        p.mentions += 1
        p.titled |= np.titled
        p.spoke |= spoke
        p.gender = p.gender or np.gender
        p.last_seen = self.clock
        if np.role:
            held = self.roles[np.role]
            if (np.country, p) not in held:
                self._role_cache.clear()  # a new holder can change who a role stands for
            held[(np.country, p)] += 1
        return p

    def _plausible(self, np: NP, spoke: bool) -> bool:
        """A lone capitalised word is a name only when written with a title, seen capitalised
        inside a sentence, or the surname of someone already named ("Officials said" at the
        start of a sentence names nobody); a phrase of words all seen in lowercase too and
        with no given name we know is a common-noun phrase ("Legal Entity")."""
        name = np.name
        if np.titled:
            return True
        if len(name) == 1:
            w = name[0]
            if w.lower() in self.lower and not self._has_surname(w):
                return False
            if self._is_place(w) and not self._has_surname(w):
                return False
            return w in self.proper or self._has_surname(w) or spoke
        if all(w.lower().rstrip(".") in self.lower for w in name) and first_name_gender(name[0]) is None:
            return False
        return True

    def _is_place(self, w: str) -> bool:
        if len(self.countries) != self._places_for:
            self._places.clear()
            self._places_for = len(self.countries)
        hit = self._places.get(w)
        if hit is None:
            key = country_key(w)
            hit = self._places[w] = any(same_country(key, c) for c in self.countries)
        return hit

    def _has_surname(self, w: str) -> bool:
        return any(p.given is not None and surnames_match(p.surname, w)
                   for p in self._blocks.get(_block_key(w), ()))

    def _find(self, name: tuple[str, ...], gender: str | None, *, create: bool) -> Person | None:
        surname, given = _surname(name), _given(name)
        block = self._blocks[_block_key(surname)]
        sk = skeleton(surname)
        same = [p for p in block if p.skeleton == sk or surnames_match(p.surname, surname)]
        if gender:
            same = [p for p in same if p.gender in (None, gender)] or (
                [] if any(p.gender for p in same) else same)
        if given is not None:
            agree = [p for p in same if p.given is not None and _first_names_agree(p.given, given)]
            if agree:
                return max(agree, key=lambda p: (p.mentions, p.last_seen))
            bare = [p for p in same if p.given is None]
            if bare and not any(p.given is not None for p in same):
                p = max(bare, key=lambda p: p.last_seen)
                p.given = given
                return p
            if not create:
                return None
            p = Person(surname=surname, given=given, gender=first_name_gender(given), skeleton=sk)
        else:
            if same:
                return max(same, key=lambda p: (p.mentions, p.last_seen))
            if not create:
                return None
            p = Person(surname=surname, skeleton=sk)
        self.persons.append(p)
        block.append(p)
        return p

    def lookup(self, np: NP) -> Person | None:
        """The person a name NP stands for, without creating one."""
        if np.kind != "name" or not np.name:
            return None
        if np.org:
            return self._orgs.get(tuple(w.lower() for w in np.name))
        return self._find(np.name, np.gender, create=False)

    def role(self, country: str, role: str) -> Person | None:
        """The person holding ``role`` in ``country`` in this article ("leader" stands for any
        head role); None when nobody fits, or when several do and nothing tells them apart."""
        key = (country, role)
        if key not in self._role_cache:
            self._role_cache[key] = _resolve_role(self.roles, country, role, lambda p: p)
        return self._role_cache[key]


def _resolve_role(roles: dict[str, Counter], country: str, role: str, key):
    """``roles``: role -> Counter of (country, holder). Holders are mapped through ``key``."""
    wanted = HEAD_ROLES if role == "leader" else (role,)
    found: Counter = Counter()
    unplaced: Counter = Counter()  # holders whose country was never written
    for r in wanted:
        held = roles.get(r)
        if not held:
            continue
        for (c, holder), n in held.items():
            k = key(holder)
            if k is None:
                continue
            if not country or same_country(c, country):
                found[k] += n
            elif not c:
                unplaced[k] += n
    if not found and len(unplaced) == 1:
        found = unplaced
    if len(found) == 1:
        return next(iter(found))
    if found and country:
        (top, n1), (_, n2) = found.most_common(2)
        return top if n1 > n2 else None
    return None


class LibraryNames:
    """Persons of many articles merged into one canonical name each (see the module
    docstring). ``add`` every article's ``ArticleNames``, then ``build``; ``name(person)``
    gives the canonical name of an article's person."""

    def __init__(self) -> None:
        self._articles: list[ArticleNames] = []

    def add(self, names: ArticleNames) -> None:
        self._articles.append(names)

    def build(self) -> "LibraryNames":
        clusters: list[list[Person]] = []
        of: dict[int, int] = {}
        blocks: dict[str, list[int]] = defaultdict(list)
        orgs: dict[tuple[str, ...], int] = {}
        full = [p for a in self._articles for p in a.persons if p.given is not None]
        bare = [p for a in self._articles for p in a.persons if p.given is None]
        # full names first, most mentioned first, so a cluster's given name is its main one
        for p in sorted(full, key=lambda p: -p.mentions):
            block = blocks[_block_key(p.surname)]
            hit = None
            for ci in block:
                c = clusters[ci]
                if surnames_match(c[0].surname, p.surname) and _first_names_agree(c[0].given, p.given) \
                        and _genders_agree(c, p):
                    hit = ci
                    break
            if hit is None:
                hit = len(clusters)
                clusters.append([])
                block.append(hit)
            clusters[hit].append(p)
            of[id(p)] = hit
        for p in bare:
            block = blocks[_block_key(p.surname)]
            cands = [ci for ci in block if clusters[ci][0].given is not None
                     and surnames_match(clusters[ci][0].surname, p.surname) and _genders_agree(clusters[ci], p)]
            if len(cands) == 1:
                hit = cands[0]
            else:
                own = [ci for ci in block if clusters[ci][0].given is None
                       and surnames_match(clusters[ci][0].surname, p.surname)]
                if own:
                    hit = own[0]
                else:
                    hit = len(clusters)
                    clusters.append([])
                    block.append(hit)
            clusters[hit].append(p)
            of[id(p)] = hit
        for a in self._articles:
            for key, p in a._orgs.items():
                hit = orgs.setdefault(key, len(clusters))
                if hit == len(clusters):
                    clusters.append([])
                clusters[hit].append(p)
                of[id(p)] = hit
        spellings: Counter[str] = Counter()
        for a in self._articles:
            for p in a.persons:
                for f, n in p.forms.items():
                    spellings[f[-1]] += n
        self._canonical = [_canonical(c, spellings) for c in clusters]
        self._of = of
        self._roles: dict[str, Counter] = defaultdict(Counter)
        for a in self._articles:
            for r, held in a.roles.items():
                self._roles[r].update(held)
        self._role_cache: dict[tuple[str, str], str | None] = {}
        return self

    def name(self, person: Person) -> str:
        ci = self._of.get(id(person))
        return person.display() if ci is None else self._canonical[ci]

    def role(self, country: str, role: str) -> str | None:
        key = (country, role)
        if key not in self._role_cache:
            self._role_cache[key] = _resolve_role(self._roles, country, role, self.name)
        return self._role_cache[key]


def _genders_agree(cluster: list[Person], p: Person) -> bool:
    if p.gender is None:
        return True
    return all(q.gender in (None, p.gender) for q in cluster[:3])


def _canonical(cluster: list[Person], spellings: Counter) -> str:
    forms: Counter = Counter()
    for p in cluster:
        forms.update(p.forms)
    if cluster[0].org:
        return " ".join(max(forms, key=lambda f: (forms[f], len(f), f)))
    longest = max(len(f) for f in forms)
    full = [f for f in forms if len(f) == longest]
    best = max(full, key=lambda f: (spellings[f[-1]], forms[f], len(" ".join(f)), f))
    return " ".join(best)
