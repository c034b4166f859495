"""Direct quotations of one article: spans, fragments, statements and speakers.

Two passes. ``analyse`` pairs the marks paragraph by paragraph, reads the grammar around each
quote (who said it, is it a whole statement or a few words inside the writer's sentence, is it
the continuation of the quote before) and collects every name mentioned. ``resolve`` then walks
the article in order with a ``NameResolver`` built from one article or from a whole library,
turning pronouns, roles and surnames into one canonical name per person.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .lexicon import (AUXILIARIES, CLAUSE_MARKERS, CUE_VERBS, FUNCTION_WORDS, PREPOSITIONS,
                      PRONOUNS, QUESTION_WORDS, TITLES)
from .marks import pair_marks, opening_family
from .model import Quote
from .speakers import (NP, NameResolver, Token, country_key, np_ending_at, np_starting_at,
                       tokenize)

# Paragraphs that never hold a reported quotation.
_SKIP_ROLES = frozenset({"dateline", "byline", "date"})
# Title-case lines: their capitals say nothing about names, so no grammar is read there.
_TITLE_ROLES = frozenset({"headline", "standfirst"})
# Attribution between two parts of one statement is short: "Zelensky said."
_MAX_JOIN_WORDS = 20
_APPOSITIVE_MAX = 30
_TRIM = " \t\n\r\f\v\u00a0\u2009\u202f"
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclass
class Part:
    """One quoted span inside one paragraph; parts sharing ``statement`` are one statement."""

    para: int
    start: int
    end: int
    text: str
    fragment: bool
    attribution: NP | None
    statement: int = -1
    runs_on: bool = False
    starts_para: bool = False
    has_tail_attribution: bool = False


@dataclass
class Analysis:
    article: object
    parts: list[Part] = field(default_factory=list)
    # In reading order: ("subject", NP, paragraph) for each sentence's subject and
    # ("statement", [Part, ...]) once per statement, where its first part is read.
    items: list[tuple] = field(default_factory=list)
    names: NameResolver = field(default_factory=NameResolver)


# --- grammar helpers --------------------------------------------------------------------------

def _is_cue(toks: list[Token], c: int) -> bool:
    t = toks[c]
    if t.kind != "w" or t.low not in CUE_VERBS:
        return False
    if t.cap:
        return False  # "Asked about ...," / "Speaking to ...": an opening clause, not a cue
    if t.low == "asked" and c + 1 < len(toks) and toks[c + 1].low in QUESTION_WORDS:
        return False
    return True


def _is_participle(tok: Token) -> bool:
    return tok.low.endswith("ing")


def _skip_adverbs(toks: list[Token], k: int, hi: int) -> int:
    while k < hi and toks[k].kind == "w" and not toks[k].cap and (
            toks[k].low in AUXILIARIES or (toks[k].low.endswith("ly") and toks[k].low not in CUE_VERBS)):
        k += 1
    return k


def _skip_adverbs_back(toks: list[Token], j: int, lo: int) -> int:
    while j >= lo and toks[j].kind == "w" and not toks[j].cap and (
            toks[j].low in AUXILIARIES or toks[j].low.endswith("ly")):
        j -= 1
    return j


def _cue_after(toks: list[Token], k: int, hi: int) -> int | None:
    """Index of a cue verb that follows a subject ending just before ``k``: adverbs and
    auxiliaries ("has repeatedly said") and one appositive (", who ..., told") may come
    between."""
    k = _skip_adverbs(toks, k, hi)
    if k < hi and _is_cue(toks, k):
        return k
    if k < hi and toks[k].kind == "p" and toks[k].text == ",":
        for m in range(k + 1, min(hi, k + _APPOSITIVE_MAX)):
            if toks[m].kind == "q":
                return None
            if toks[m].kind == "p" and toks[m].text == ",":
                c = _skip_adverbs(toks, m + 1, hi)
                if c < hi and _is_cue(toks, c):
                    return c
    return None


def _np_before(toks: list[Token], c: int, lo: int) -> NP | None:
    """The subject right before the cue at ``c``."""
    j = _skip_adverbs_back(toks, c - 1, lo)
    if j < lo:
        return None
    if toks[j].kind == "p" and toks[j].text == ",":
        # "Zelensky, who worked as an actor, told": the subject is before the appositive
        for m in range(j - 1, max(lo - 1, j - _APPOSITIVE_MAX), -1):
            if toks[m].kind != "p" or toks[m].text != ",":
                continue
            np = np_ending_at(toks, m - 1, lo)
            if np is not None and np.kind in ("name", "pronoun") and not np.org:
                return np
            return None
        return None
    return np_ending_at(toks, j, lo)


def _verb_follows(toks: list[Token], k: int, hi: int) -> bool:
    """Whether the token at ``k`` starts a predicate: a lowercase word that is not a function
    word, possibly after an appositive ("Zelenskyy, who ..., told")."""
    k = _skip_adverbs(toks, k, hi)
    if k >= hi:
        return False
    t = toks[k]
    if t.kind == "w" and not t.cap and t.low not in FUNCTION_WORDS:
        return True
    return t.kind == "p" and t.text == "," and k + 1 < hi and toks[k + 1].low in ("who", "whose")


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
        if np is None:
            k += 1
            continue
        prev = toks[np.first - 1] if np.first - 1 >= s0 else None
        governed = prev is not None and prev.kind == "w" and prev.low in PREPOSITIONS
        if not governed and _verb_follows(toks, np.last + 1, s1):
            return np
        k = np.last + 1
    return None


def _attribution(toks: list[Token], qi: int, lo: int, hi: int, s0: int, s1: int
                 ) -> tuple[NP | None, bool]:
    """The noun phrase a quote is attributed to, and whether it came from after the quote.
    ``lo``/``hi`` bound the text between this quote and its neighbours in the sentence."""
    # After the quote: “…,” Zelensky said / “…,” said Zelensky / “…,” he told CNN, adding …
    k = qi + 1
    while k < hi and toks[k].kind == "p" and toks[k].text in ",—–-":
        k += 1
    if k < hi:
        np = np_starting_at(toks, k, hi)
        if np is not None and _cue_after(toks, np.last + 1, hi) is not None:
            return np, True
        m = _skip_adverbs(toks, k, hi)
        if np is None and m < hi and _is_cue(toks, m):
            if _is_participle(toks[m]):
                return sentence_subject(toks, s0, s1), True
            # Straight after the quote the quote is the object, so even "urged", "warned"
            # or "asked" are followed by their subject; only "told" needs an addressee.
            if not toks[m].low.startswith(("tell", "told")):
                after = np_starting_at(toks, m + 1, hi)
                if after is not None:
                    return after, True
    # "…, according to Zelensky" / "According to Zelensky, …"
    for m in list(range(qi + 1, hi - 2)) + list(range(lo, qi - 2)):
        if toks[m].low == "according" and toks[m + 1].low == "to":
            np = np_starting_at(toks, m + 2, hi if m > qi else qi)
            if np is not None:
                return np, m > qi
    # Before the quote: Zelensky said: “…” / telling delegates: “…” / he said that “…”
    for c in range(qi - 1, lo - 1, -1):
        if toks[c].kind == "q":
            break
        if not _is_cue(toks, c):
            continue
        if _is_participle(toks[c]):
            return sentence_subject(toks, s0, s1), False
        np = _np_before(toks, c, s0)
        if np is not None:
            return np, False
        inverted = np_starting_at(toks, c + 1, qi)
        if inverted is not None and (inverted.last + 1 == qi or toks[inverted.last + 1].kind == "p"):
            return inverted, False
        return sentence_subject(toks, s0, s1), False
    return None, False


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


def _is_fragment(toks: list[Token], qi: int, lo: int, hi: int, text: str) -> bool:
    """A few words or a phrase quoted inside the writer's own sentence ("a strong and “useful”
    message") rather than a statement introduced as speech."""
    words = _word_count(text)
    head = toks[lo:qi]
    prev = head[-1] if head else None
    intro = (prev is None or prev.kind == "q"
             or (prev.kind == "p" and prev.text == ":")
             or (prev.kind == "p" and prev.text == "," and any(_is_cue(toks, k) for k in range(lo, qi)))
             or (prev.kind == "w" and _is_cue(toks, qi - 1)))
    if intro:
        if prev is not None or words > 3 or text.rstrip(_TRIM)[-1:] in ".?!…,":
            return False
        nxt = toks[qi + 1] if qi + 1 < hi else None
        # “Useful” is how he put it: a short quote the sentence goes on from
        return nxt is not None and nxt.kind == "w" and not nxt.cap and nxt.low not in CUE_VERBS \
            and nxt.low not in ("he", "she")
    return words <= 3 or not _clause_like(text)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s] in _TRIM:
        s += 1
    while e > s and text[e - 1] in _TRIM + ",":
        e -= 1
    return s, e


# --- pass 1 -----------------------------------------------------------------------------------

def analyse(article) -> Analysis:
    text = article.text
    paras = article.paragraphs
    an = Analysis(article)
    eligible = [not p.boilerplate and p.role not in _SKIP_ROLES for p in paras]
    statement = -1
    pending: Part | None = None  # a part running on into the next paragraph
    for pi, para in enumerate(paras):
        if not eligible[pi]:
            pending = None
            continue
        next_opens = set()
        if pi + 1 < len(paras) and eligible[pi + 1]:
            fam = opening_family(text, paras[pi + 1].start, paras[pi + 1].end)
            if fam:
                next_opens.add(fam)
        pairs = pair_marks(text, para.start, para.end, next_opens)
        spans = [(p.open_at, p.outer_end) for p in pairs]
        toks = tokenize(text, para.start, para.end, spans)
        sent_of = _sentence_ids(toks, para, spans)
        title_case = para.role in _TITLE_ROLES
        bounds = _sentence_bounds(sent_of)
        _collect_names(an.names, toks, title_case, {b[0] for b in bounds})

        qtok = [k for k, t in enumerate(toks) if t.kind == "q"]
        parts_here: list[tuple[Part, int]] = []
        for n, k in enumerate(qtok):
            pair = pairs[toks[k].quote]
            s, e = _trim(text, pair.inner_start, pair.inner_end)
            s0, s1 = bounds[sent_of[k]]
            lo = max([q + 1 for q in qtok[:n] if q >= s0], default=s0)
            hi = min([q for q in qtok[n + 1:] if q < s1], default=s1)
            if not any(ch.isalnum() for ch in text[s:e]):
                continue
            frag = _is_fragment(toks, k, lo, hi, text[s:e])
            np, from_tail = (None, False) if title_case and frag else _attribution(toks, k, lo, hi, s0, s1)
            if np is None and not frag and k + 1 == s1 and sent_of[k] + 1 < len(bounds):
                np = _next_sentence_attribution(toks, *bounds[sent_of[k] + 1])
            if title_case and np is not None and np.kind != "pronoun":
                np = None  # capitals in a headline are not names we can trust
            part = Part(pi, s, e, text[s:e], frag, np, runs_on=pair.runs_on, starts_para=pair.open_at == para.start,
                        has_tail_attribution=from_tail and np is not None)
            parts_here.append((part, k))

        # Statements: a run-on from the paragraph before, then parts split by attribution.
        prev_k = None
        for idx, (part, k) in enumerate(parts_here):
            if idx == 0 and pending is not None and part.starts_para and not part.fragment:
                part.statement = pending.statement
            elif prev_k is not None and _joins(toks, parts_here[idx - 1], (part, k)):
                part.statement = parts_here[idx - 1][0].statement
            else:
                statement += 1
                part.statement = statement
            prev_k = k
        pending = parts_here[-1][0] if parts_here and parts_here[-1][0].runs_on else None

        # Reading order: each sentence's subject, then the statements that start in it.
        by_sentence: dict[int, list[Part]] = {}
        for part, k in parts_here:
            by_sentence.setdefault(sent_of[k], []).append(part)
        for sid, (s0, s1) in enumerate(bounds):
            if not title_case:
                subj = sentence_subject(toks, s0, s1)
                if subj is not None:
                    an.items.append(("subject", subj, pi))
            for part in by_sentence.get(sid, ()):
                an.parts.append(part)
                an.items.append(("part", part))
    _order_statements(an)
    return an


def _joins(toks: list[Token], a: tuple[Part, int], b: tuple[Part, int]) -> bool:
    (pa, ka), (pb, kb) = a, b
    if pa.fragment or pb.fragment or pb.has_tail_attribution:
        return False
    between = toks[ka + 1:kb]
    words = [t for t in between if t.kind == "w"]
    if not words:
        return True
    if len(words) > _MAX_JOIN_WORDS:
        return False
    return any(_is_cue(toks, k) for k in range(ka + 1, kb))


def _order_statements(an: Analysis) -> None:
    """Turn the ("part", Part) items into one ("statement", parts) item per statement, placed
    where its first part was read."""
    by_stmt: dict[int, list[Part]] = {}
    for part in an.parts:
        by_stmt.setdefault(part.statement, []).append(part)
    items: list[tuple] = []
    for item in an.items:
        if item[0] != "part":
            items.append(item)
        elif by_stmt.get(item[1].statement, [None])[0] is item[1]:
            items.append(("statement", by_stmt[item[1].statement]))
    an.items = items


def _sentence_ids(toks: list[Token], para, spans: list[tuple[int, int]]) -> list[int]:
    """Sentence number of each token. Sentence breaks inside a quotation are ignored: the
    writer's sentence is the one that holds the quote."""
    breaks = [s.start for s in para.sentences[1:]
              if not any(qs < s.start < qe for qs, qe in spans)]
    out = []
    b = 0
    sid = 0
    for t in toks:
        while b < len(breaks) and t.start >= breaks[b]:
            b += 1
            sid += 1
        out.append(sid)
    # Renumber densely so empty sentences (all inside quotes) leave no gaps.
    dense = {}
    return [dense.setdefault(x, len(dense)) for x in out]


def _sentence_bounds(sent_of: list[int]) -> list[tuple[int, int]]:
    bounds: list[list[int]] = []
    for k, sid in enumerate(sent_of):
        if sid == len(bounds):
            bounds.append([k, k + 1])
        else:
            bounds[sid][1] = k + 1
    return [tuple(b) for b in bounds]


def _collect_names(names: NameResolver, toks: list[Token], title_case: bool,
                   sentence_starts: set[int]) -> None:
    """Every name mentioned outside quotes, for merging variants and knowing roles; and the
    capitalised words seen inside a sentence, which are proper nouns ("Officials said" at the
    start of a sentence names nobody)."""
    n = len(toks)
    if not title_case:
        for k, t in enumerate(toks):
            if t.kind == "w" and t.cap and k not in sentence_starts:
                names.proper.add(t.bare)
    k = 0
    while k < n:
        t = toks[k]
        if t.kind != "w" or not (t.cap or t.low == "the"):
            k += 1  # a name starts with a capital (or "the Ministry of ...")
            continue
        if title_case:
            # "Ukraine's President Zelenskyy Talks ...": trust only the word after a title.
            if t.cap and t.low in TITLES and k + 1 < n and toks[k + 1].kind == "w" and toks[k + 1].cap:
                country = country_key(toks[k - 1].bare) if k > 0 and toks[k - 1].cap else ""
                names.roles.append((country, t.low, (toks[k + 1].bare,)))
            k += 1
            continue
        if t.cap and not t.possessive and k + 1 < n and toks[k + 1].kind == "w" \
                and not toks[k + 1].cap and t.low.endswith(("ian", "ese", "ish", "ean")):
            names.add_country(country_key(t.text))  # "Russian soldiers": an adjective of place
        np = np_starting_at(toks, k, n)
        if np is None:
            k += 1
            continue
        if np.kind == "name":
            names.add_name(np)
        k = max(k + 1, np.last + 1)


# --- pass 2 -----------------------------------------------------------------------------------

def resolve(an: Analysis, names: NameResolver) -> list[Quote]:
    article = an.article
    last_person: tuple[str, int] | None = None  # (name, paragraph)
    prev_speaker: str | None = None
    speaker_of: dict[int, str | None] = {}

    def person(np: NP | None) -> str | None:
        if np is None:
            return None
        if np.kind == "pronoun":
            return last_person[0] if last_person else None
        if np.kind == "role":
            return names.role(np.country, np.role)
        if not names.known(np.name):
            return None
        return names.canonical(np.name)

    def is_person(np: NP) -> bool:
        if np.kind == "pronoun":
            return last_person is not None
        if np.kind == "role":
            return names.role(np.country, np.role) is not None
        return names.is_person(np)

    for item in an.items:
        if item[0] == "subject":
            np, para = item[1], item[2]
            if is_person(np):
                who = person(np)
                if who:
                    last_person = (who, para)
            continue
        parts = item[1]
        first = parts[0]
        who = next((w for w in (person(p.attribution) for p in parts if p.attribution) if w), None)
        fragment = all(p.fragment for p in parts)
        if who is None and not fragment:
            if last_person is not None and last_person[1] == first.para:
                who = last_person[0]
            else:
                who = prev_speaker
        speaker_of[first.statement] = who
        if who and not fragment:
            prev_speaker = who
            attributed = [p.attribution for p in parts if p.attribution is not None]
            if not attributed or any(a.kind == "pronoun" or is_person(a) for a in attributed):
                last_person = (who, parts[-1].para)

    return [Quote(article_id=article.id, path=article.path, start=p.start, end=p.end,
                  text=p.text, speaker=speaker_of.get(p.statement), fragment=p.fragment,
                  paragraph=p.para, statement=p.statement) for p in an.parts]


def extract_quotes(article) -> list[Quote]:
    """Direct quotations of ``article`` in text order, speakers resolved within the article."""
    an = analyse(article)
    names = speaker_names([an])
    return resolve(an, names)


def speaker_names(analyses: list[Analysis]) -> NameResolver:
    names = NameResolver()
    for an in analyses:
        names.merge(an.names)
        for part in an.parts:
            np = part.attribution
            if (np is not None and np.kind == "name" and not np.org and not part.fragment
                    and (len(np.name) > 1 or np.name[0] in names.proper)):
                names.person_forms.add(np.name)
                if np.name not in names.forms:
                    names.add_name(np, person=True)
    return names.build()
