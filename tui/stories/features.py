"""What the story grouping knows of one article: its content terms, counted, with flags.

A term is a folded word cut to ``STEM_LEN`` letters ("attacks"/"attacked" meet, as do
"Zelensky"/"Zelenskyy"), or a number as written without thousands separators ("1,200" ->
"1200"). Function words carry no event and are left out. Flags mark names (a word written with a
capital inside a sentence more often than not, in this article) and numbers: both say which
event an article reports far more than common words do, so the grouping weighs them more.
Headline words are counted apart: a headline is what the article is about.

Features depend only on the article's text (and the title the corpus layer found in it), so
they are cached by article id, which is a hash of the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as _date
from pathlib import Path

# Part of every cache key: a change to what is extracted must change it.
FEATURES_VERSION = 1

STEM_LEN = 6
NAME = 1
NUMBER = 2

_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*%?|[^\W\d_]+(?:['’][^\W\d_]+)*")
_SEPARATOR = re.compile(r"(?<=\d),(?=\d{3}\b)")

# Function words, reporting verbs and the archaic forms of old translations: none of them says
# which event a text reports.
STOPWORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been
before being below between both but by can cannot could couldn't did didn't do does doesn't
doing don't down during each even ever every few for from further get got had hadn't has hasn't
have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i
i'd i'll i'm i've if in into is isn't it it's its itself just let's like made make many may me
might more most much must mustn't my myself no nor not now of off on once one only or other
ought our ours ourselves out over own per said same say says shall shan't she she'd she'll she's
should shouldn't since so some still such than that that's the their theirs them themselves
then there there's these they they'd they'll they're they've this those though through to too
under until up upon us very was wasn't we we'd we'll we're we've were weren't what what's when
when's where where's which while who who's whom why why's will with without won't would
wouldn't yet you you'd you'll you're you've your yours yourself yourselves told asked added
according unto thee thou thy thine ye hath doth shalt art wilt hast mr mrs ms dr
""".split())


@dataclass(slots=True)
class ArticleFeatures:
    """Counts of an article's content terms (body and headline apart) and their flags."""

    id: str
    title: str
    outlet: str | None
    day: int | None          # the date as a day number (date.toordinal), None when unknown
    terms: list[str]
    body: list[int]          # occurrences in the body
    head: list[int]          # occurrences in the headline
    flags: list[int]         # NAME | NUMBER


def day_number(iso: str | None) -> int | None:
    if not iso:
        return None
    try:
        return _date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def term_of(token: str) -> tuple[str, int]:
    """The term of a token and its NUMBER flag, or ("", 0) for a word that says nothing."""
    if token[0].isdigit():
        return _SEPARATOR.sub("", token).rstrip("%"), NUMBER
    w = token.lower().replace("’", "'")
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) < 2 or w in STOPWORDS:
        return "", 0
    return w[:STEM_LEN], 0


def _headline(article) -> str:
    """The article's headline, or "" when its title is only the file's name or the start of
    its first sentence (what the corpus layer falls back to when the text has no headline)."""
    title = " ".join((article.title or "").split())
    if not title or title == Path(article.path).stem:
        return ""
    if not any(p.role == "headline" for p in article.paragraphs):
        for p in article.paragraphs:
            if not p.role and not p.boilerplate and p.sentences:
                s = p.sentences[0]
                first = " ".join(article.text[s.start:s.end].split())
                if first.startswith(title.rstrip("…")):
                    return ""
                break
    return title


def extract(article) -> ArticleFeatures:
    """The features of one ``tui.corpus.Article``."""
    text = article.text
    index: dict[str, int] = {}
    terms: list[str] = []
    body: list[int] = []
    head: list[int] = []
    flags: list[int] = []
    capital: list[int] = []   # occurrences written with a capital inside a sentence
    lower: list[int] = []

    def slot(term: str, flag: int) -> int:
        k = index.get(term)
        if k is None:
            k = index[term] = len(terms)
            terms.append(term)
            body.append(0)
            head.append(0)
            flags.append(flag)
            capital.append(0)
            lower.append(0)
        return k

    headline = _headline(article)
    head_pairs: set[str] = set()
    before = ""
    for m in _TOKEN.finditer(headline):
        token = m.group()
        term, flag = term_of(token)
        if term:
            head[slot(term, flag)] += 1
            if before and not flag and token[0].isupper():
                head_pairs.add(before + " " + term)
            before = term if not flag and token[0].isupper() else ""
        else:
            before = ""
    headline_folded = " ".join(headline.split())
    for p in article.paragraphs:
        if p.boilerplate or p.role in ("date", "dateline", "byline"):
            continue
        if p.role == "headline" and " ".join(text[p.start:p.end].split()) == headline_folded:
            continue  # counted above as the headline
        for s in p.sentences or (p.span,):
            first = True
            before = ""   # the previous token's term when it was a capitalised word
            for m in _TOKEN.finditer(text, s.start, s.end):
                token = m.group()
                term, flag = term_of(token)
                if not term:
                    first = False
                    before = ""
                    continue
                k = slot(term, flag)
                body[k] += 1
                capitalised = not flag and token[0].isupper()
                if not flag and not first:
                    if capitalised:
                        capital[k] += 1
                    else:
                        lower[k] += 1
                if capitalised and before:
                    # Two capitalised words in a row: a full name ("Mark Montgomery", "Elm
                    # Street") says far more than either word, which many names share.
                    pair = before + " " + term
                    j = slot(pair, NAME)
                    body[j] += 1
                    capital[j] += 1
                before = term if capitalised else ""
                first = False
    for pair in head_pairs:
        j = index.get(pair)
        if j is not None:
            head[j] += 1
    for k in range(len(terms)):
        if capital[k] > lower[k]:
            flags[k] |= NAME
    return ArticleFeatures(id=article.id, title=" ".join((article.title or "").split()),
                           outlet=article.outlet, day=day_number(article.date), terms=terms,
                           body=body, head=head, flags=flags)
