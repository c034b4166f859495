"""Noun phrases that can name a speaker, and the merging of one person's name variants.

A speaker is found as one of three kinds of noun phrase in the text around a quote:
- a name, with the titles and nationality around it split off ("Ukrainian President Volodymyr
  Zelensky" is the name "Volodymyr Zelensky" holding the role (Ukraine, president));
- a role standing for someone named elsewhere ("the Ukrainian leader", "Ukraine's president");
- a pronoun (he, she), resolved later to the person named before it.

``NameResolver`` gathers every name seen in an article or a whole library and maps each form to
one canonical name: forms whose surnames are transliteration variants (Zelensky / Zelenskyy /
Zelenskiy) and whose first names agree are one person, written as the longest full form seen,
with the most common spelling winning a tie.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from rapidfuzz.distance import Levenshtein

from .lexicon import (CAP_STOP, DEMONYMS, NAME_PARTICLES, NON_PERSONS, ORG_WORDS, PRONOUNS,
                      ROLE_NOUNS, TITLES, HEAD_ROLES)

_TOKEN = re.compile(r"[^\W_](?:[\w’'.\-]*[^\W_])?|[^\w\s]")
_TITLE_ABBREVIATIONS = frozenset("mr mrs ms dr prof sen rep gov gen lt col adm capt sgt st".split())


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
        return self.kind == "w" and self.low.endswith(("'s", "’s"))

    @property
    def bare(self) -> str:
        """The word without a possessive ending."""
        return self.text[:-2] if self.possessive else self.text


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
    toks = []
    for m in _TOKEN.finditer(text, start, end):
        s = m.group()
        if s[0].isalnum():
            toks.append(Token(s, m.start(), m.end(), "w", s.lower(), s[0].isupper()))
        else:
            toks.append(Token(s, m.start(), m.end(), "p", s))
    return toks


def country_key(word: str) -> str:
    """A stem shared by a country and its adjective: Ukraine/Ukrainian, Russia/Russian."""
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

    kind: str                       # "name", "role" or "pronoun"
    first: int
    last: int
    name: tuple[str, ...] = ()      # for names: the words of the name, titles removed
    country: str = ""               # country key of a role ("ukrain")
    role: str = ""                  # "president", "leader", "prime minister"
    org: bool = False               # a name of an organisation or place, not a person
    titled: bool = False


def _is_title(tok: Token) -> bool:
    return tok.kind == "w" and tok.cap and tok.low.rstrip(".") in TITLES


def build_name(run: list[Token], first: int, last: int) -> NP | None:
    """A name NP from a run of capitalised words (titles, qualifiers and all)."""
    words = [t for t in run if t.kind == "w"]
    while words and words[0].low in CAP_STOP and not _is_title(words[0]):
        words = words[1:]
    if not words or words[-1].possessive:
        return None
    if any(t.low in ORG_WORDS for t in words):
        # "Ministry of Defence", "Ukraine's State Emergency Service": an organisation, titles
        # and all; a leading possessive is where it belongs, not part of its name.
        lead = 0
        while lead < len(words) - 1 and words[lead].possessive:
            lead += 1
        country = country_key(words[lead - 1].bare) if lead else ""
        first_tok = run.index(words[lead])
        name = tuple(t.text for t in run[first_tok:] if t.kind == "w")
        return NP("name", first, last, name=name, country=country, org=True)
    title_idx = [i for i, t in enumerate(words) if _is_title(t)]
    country = ""
    role = ""
    if title_idx:
        lead = words[:title_idx[0]]
        name_words = words[title_idx[-1] + 1:]
        titles = [t.low for t in words[title_idx[0]:title_idx[-1] + 1]]
        role = "prime minister" if "prime" in titles and "minister" in titles else titles[-1]
        for t in lead:
            country = country_key(t.bare)
    else:
        lead = []
        while words and words[0].possessive:
            lead.append(words.pop(0))
        name_words = words
        if lead:
            country = country_key(lead[-1].bare)
    if not name_words:
        if role:
            return NP("role", first, last, country=country, role=role)
        return None
    name = tuple(t.bare for t in name_words[-4:])
    lows = {t.low for t in name_words}
    org = bool(lows & ORG_WORDS) or (len(name) == 1 and name[0].lower().rstrip(".") in NON_PERSONS)
    return NP("name", first, last, name=name, country=country, role=role, org=org,
              titled=bool(title_idx) and not org)


def _run_back(toks: list[Token], j: int, lo: int) -> int:
    """Index where the run of capitalised words ending at ``j`` starts."""
    i = j
    while i - 1 >= lo:
        p = toks[i - 1]
        if p.kind == "w" and p.cap and (not p.possessive or _is_title(toks[i])):
            i -= 1
        elif (p.kind == "w" and (p.low in NAME_PARTICLES or p.low == "of") and i - 2 >= lo
              and toks[i - 2].kind == "w" and toks[i - 2].cap):
            i -= 1
        elif (p.kind == "p" and p.text == "." and i - 2 >= lo
              and toks[i - 2].low in _TITLE_ABBREVIATIONS):
            i -= 1
        else:
            break
    return i


def _run_forward(toks: list[Token], i: int, hi: int) -> int:
    """Index of the last token of the run of capitalised words starting at ``i``."""
    j = i
    while j + 1 < hi:
        t = toks[j]
        n = toks[j + 1]
        if t.possessive and not _is_title(n):
            break
        if n.kind == "w" and n.cap:
            j += 1
        elif (n.kind == "w" and (n.low in NAME_PARTICLES or n.low == "of") and j + 2 < hi
              and toks[j + 2].kind == "w" and toks[j + 2].cap):
            j += 1
        elif n.kind == "p" and n.text == "." and t.low in _TITLE_ABBREVIATIONS and j + 2 < hi:
            j += 1
        else:
            break
    return j


def np_ending_at(toks: list[Token], j: int, lo: int) -> NP | None:
    """The noun phrase whose last token is ``toks[j]`` (nothing before ``lo``)."""
    if j < lo or toks[j].kind != "w":
        return None
    t = toks[j]
    if t.low in PRONOUNS:
        return NP("pronoun", j, j)
    if t.cap:
        i = _run_back(toks, j, lo)
        return build_name(toks[i:j + 1], i, j)
    if t.low in ROLE_NOUNS:
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
        if not country and not det:
            return None
        return NP("role", k + 1, j, country=country, role=role)
    return None


def np_starting_at(toks: list[Token], i: int, hi: int) -> NP | None:
    """The noun phrase whose first token is ``toks[i]`` (nothing at or after ``hi``)."""
    if i >= hi or toks[i].kind != "w":
        return None
    t = toks[i]
    if not t.cap and t.low != "the":
        return NP("pronoun", i, i) if t.low in PRONOUNS else None
    # [the] [Ukrainian | Ukraine's] leader [Name]
    k, country = i, ""
    if t.low == "the":
        k += 1
    if k < hi and toks[k].kind == "w" and toks[k].cap and toks[k].low not in CAP_STOP \
            and k + 1 < hi and toks[k + 1].low in ROLE_NOUNS:
        country = country_key(toks[k].bare)
        k += 1
    is_prime = k + 1 < hi and toks[k].low == "prime" and toks[k + 1].low == "minister"
    if k < hi and (toks[k].low in ROLE_NOUNS or is_prime) and (country or k > i):
        role = toks[k].low
        if is_prime:
            role, k = "prime minister", k + 1
        if k + 1 < hi and toks[k + 1].kind == "w" and toks[k + 1].cap and toks[k + 1].low not in CAP_STOP:
            # "Ukrainian leader Volodymyr Zelensky": the role noun works as a title
            j = _run_forward(toks, k + 1, hi)
            np = build_name(toks[k + 1:j + 1], i, j)
            if np is not None and np.kind == "name":
                np.first, np.country, np.role = i, np.country or country, np.role or role
                np.titled = not np.org
            return np
        return NP("role", i, k, country=country, role=role)
    if t.low == "the" and i + 1 < hi and toks[i + 1].kind == "w" and toks[i + 1].cap:
        i += 1  # "the Ministry of Defence", "the Kremlin"
        t = toks[i]
    if t.cap:
        j = _run_forward(toks, i, hi)
        return build_name(toks[i:j + 1], i, j)
    return None


# --- name variants ----------------------------------------------------------------------------

def skeleton(word: str) -> str:
    """A spelling key that folds transliteration noise: accents, doubled letters, y/i, -ij."""
    w = unicodedata.normalize("NFKD", word.lower())
    w = "".join(c for c in w if c.isalpha())
    if len(w) > 1:
        w = w[0] + w[1:].replace("y", "i")
    w = re.sub(r"(.)\1+", r"\1", w)
    return re.sub(r"ij$", "i", w)


_SOFT = set("aeiouyhjw")


def surnames_match(a: str, b: str) -> bool:
    """Same surname in two transliterations: identical skeletons, or a difference made only
    of vowels and soft letters (Zelenskyy/Zelenskiy, Shoigu/Shoygu), never a consonant
    (Johnson/Johnston stay apart)."""
    sa, sb = skeleton(a), skeleton(b)
    if sa == sb:
        return bool(sa)
    if min(len(sa), len(sb)) < 5 or sa[0] != sb[0]:
        return False
    ops = Levenshtein.editops(sa, sb)
    if len(ops) > 2:
        return False
    for op in ops:
        chars = []
        if op.tag in ("replace", "delete"):
            chars.append(sa[op.src_pos])
        if op.tag in ("replace", "insert"):
            chars.append(sb[op.dest_pos])
        if any(c not in _SOFT for c in chars):
            return False
    return True


def _first_names_agree(a: str, b: str) -> bool:
    a, b = a.rstrip("."), b.rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[:1].lower() == b[:1].lower()
    return skeleton(a) == skeleton(b) or surnames_match(a, b)


@dataclass
class _Person:
    forms: Counter = field(default_factory=Counter)

    @property
    def first_names(self) -> set[str]:
        return {f[0] for f in self.forms if len(f) > 1}


class NameResolver:
    """Collects name mentions (``add_name``/``add_role``), then ``build()`` clusters them."""

    def __init__(self) -> None:
        self.forms: Counter[tuple[str, ...]] = Counter()
        self.spellings: Counter[str] = Counter()
        self.person_forms: set[tuple[str, ...]] = set()
        self.roles: list[tuple[str, str, tuple[str, ...]]] = []
        self.countries: set[str] = set()
        self.proper: set[str] = set()   # capitalised words seen inside sentences
        self._persons: list[_Person] = []
        self._index: dict[tuple[str, ...], _Person] = {}
        self._canonical: dict[int, str] = {}
        self._built = False

    def add_name(self, np: NP, *, person: bool = False) -> None:
        if np.kind != "name" or np.org:
            if np.kind == "name" and np.org and len(np.name) == 1:
                self.countries.add(country_key(np.name[0]))
            return
        self.forms[np.name] += 1
        self.spellings[np.name[-1]] += 1
        if person or np.titled or len(np.name) > 1:
            self.person_forms.add(np.name)
        if np.role and np.name:
            self.roles.append((np.country, np.role, np.name))
        if np.country:
            self.countries.add(np.country)
        self._built = False

    def add_country(self, key: str) -> None:
        if key:
            self.countries.add(key)

    def merge(self, other: "NameResolver") -> None:
        self.forms.update(other.forms)
        self.spellings.update(other.spellings)
        self.person_forms |= other.person_forms
        self.roles.extend(other.roles)
        self.countries |= other.countries
        self.proper |= other.proper
        self._built = False

    def build(self) -> "NameResolver":
        persons: list[_Person] = []
        index: dict[tuple[str, ...], _Person] = {}
        # Persons are blocked by the consonants of the surname: the variants surnames_match
        # accepts differ only in soft letters, so they always share a block.
        blocks: dict[str, list[_Person]] = defaultdict(list)
        # Full forms first so a bare surname joins the person it most likely means.
        for form in sorted(self.forms, key=lambda f: (-len(f), -self.forms[f], f)):
            block = blocks[_block_key(form[-1])]
            candidates = []
            for p in block:
                if not any(surnames_match(form[-1], f[-1]) for f in p.forms):
                    continue
                if len(form) > 1 and any(not _first_names_agree(form[0], fn) for fn in p.first_names):
                    continue
                candidates.append(p)
            if candidates:
                best = max(candidates, key=lambda p: sum(p.forms.values()))
            else:
                best = _Person()
                persons.append(best)
                block.append(best)
            best.forms[form] += self.forms[form]
            index[form] = best
        self._persons, self._index = persons, index
        self._canonical = {id(p): self._pick_canonical(p) for p in persons}
        self._roles_by_name = defaultdict(list)
        for c, r, name in self.roles:
            self._roles_by_name[r].append((c, name))
        self._role_cache: dict[tuple[str, str], str | None] = {}
        self._built = True
        return self

    def _pick_canonical(self, p: _Person) -> str:
        longest = max(len(f) for f in p.forms)
        full = [f for f in p.forms if len(f) == longest]
        best = max(full, key=lambda f: (self.spellings[f[-1]], p.forms[f], len(" ".join(f)), f))
        return " ".join(best)

    def _person(self, name: tuple[str, ...]) -> _Person | None:
        if not self._built:
            self.build()
        return self._index.get(name)

    def canonical(self, name: tuple[str, ...]) -> str:
        p = self._person(name)
        return self._canonical[id(p)] if p is not None else " ".join(name)

    def known(self, name: tuple[str, ...]) -> bool:
        """Whether a name is a name: a lone capitalised word only counts when it is also seen
        inside a sentence or belongs to someone named in full ("Zelensky" but not
        "Officials")."""
        if len(name) > 1 or name[0] in self.proper:
            return True
        p = self._person(name)
        return p is not None and any(len(f) > 1 for f in p.forms)

    def is_person(self, np: NP) -> bool:
        if np.kind != "name" or np.org:
            return False
        if len(np.name) == 1:
            key = country_key(np.name[0])
            if any(same_country(key, c) for c in self.countries):
                return False
        p = self._person(np.name)
        if p is None:
            return False
        return any(f in self.person_forms for f in p.forms)

    def role(self, country: str, role: str) -> str | None:
        """The person holding ``role`` in ``country`` ("leader" stands for any head role);
        None when nobody fits, or when several do and nothing tells them apart."""
        if not self._built:
            self.build()
        key = (country, role)
        if key not in self._role_cache:
            wanted = HEAD_ROLES if role == "leader" else {role}
            found: Counter[str] = Counter()
            unplaced: Counter[str] = Counter()  # holders whose country was never written
            for r in wanted:
                for c, name in self._roles_by_name.get(r, ()):
                    if not country or same_country(c, country):
                        found[self.canonical(name)] += 1
                    elif not c:
                        unplaced[self.canonical(name)] += 1
            if not found and len(unplaced) == 1:
                found = unplaced
            result = None
            if len(found) == 1:
                result = next(iter(found))
            elif found and country:
                (top, n1), (_, n2) = found.most_common(2)
                result = top if n1 > n2 else None
            self._role_cache[key] = result
        return self._role_cache[key]


def _block_key(surname: str) -> str:
    sk = skeleton(surname)
    return sk[:1] + "".join(c for c in sk[1:] if c not in _SOFT)
