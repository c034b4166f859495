"""Words, content terms and weights shared by the aligner, word_diff and related_score.

Why prefix stemming: two accounts of one story (or two translations) say "attacks"/"attacked",
"negotiations"/"negotiating", "righteousness"/"righteous". Cutting a word to its first
``STEM_LEN`` letters joins those forms at no cost and with no word list; the few unrelated words
it joins ("general"/"generation") are outweighed by the other words of a passage.
"""
from __future__ import annotations

import math
import re

# A word: letters/digits, with inner apostrophes ("don't", "Russia's") and inner hyphens or
# dots in numbers kept ("40-mile" stays two words, "3.5" one).
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# word_diff tokens: words, or any single non-space character (punctuation).
DIFF_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*|[^\w\s]|_")

STEM_LEN = 5

# Function words carry no content: a match on "the" or "said" says nothing about two passages.
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
according unto thee thou thy thine ye hath doth shalt art wilt hast
""".split())


def fold(word: str) -> str:
    return word.lower().replace("’", "'")


def stem(word: str) -> str:
    """Content term of a lower-case word: possessive dropped, cut to STEM_LEN letters."""
    if word.endswith("'s"):
        word = word[:-2]
    return word[:STEM_LEN]


# word as written -> its term, or "" for a stop word; words repeat, so this saves most of the
# folding and stemming on long texts. Cleared when large so memory stays bounded.
_TERM_OF: dict[str, str] = {}


def _term(word: str) -> str:
    w = fold(word)
    if w in STOPWORDS or (len(w) == 1 and not w.isdigit()):
        return ""
    return stem(w)


def content_terms(text: str) -> list[str]:
    """The content terms of ``text`` in order (stop words left out, stems kept)."""
    memo = _TERM_OF
    if len(memo) > 500_000:
        memo.clear()
    out = []
    for word in WORD.findall(text):
        t = memo.get(word)
        if t is None:
            t = memo[word] = _term(word)
        if t:
            out.append(t)
    return out


def term_counts(text: str) -> dict[str, int]:
    """Content terms with their counts. A passage with no content word ("No, no.", "—") falls
    back to its words, then to its text, so it can still match an identical passage."""
    counts: dict[str, int] = {}
    for t in content_terms(text):
        counts[t] = counts.get(t, 0) + 1
    if not counts:
        for m in WORD.finditer(text):
            w = "~" + fold(m.group())  # marked so it never meets a content stem
            counts[w] = counts.get(w, 0) + 1
    if not counts and text.strip():
        counts["~" + " ".join(text.split())] = 1
    return counts


def sublinear(tf: int) -> float:
    return 1.0 + math.log(tf) if tf > 1 else 1.0


# Words that date a report rather than say what it reports: never evidence on their own.
CALENDAR = frozenset(w[:STEM_LEN] for w in """monday tuesday wednesday thursday friday saturday
sunday today yesterday tomorrow tonight january february march april june july august
september october november december""".split())
_CAPITALISED_RUN = re.compile(r"(?:[A-Z][^\W_]*(?:['’][^\W_]+)*[ \t]+)*[A-Z][^\W_]*(?:['’][^\W_]+)*")


def evidence_keys(text: str) -> set[str]:
    """What two passages must share to be about the same thing: their content terms, except
    that a run of capitalised words ("Fire Chief Luis Ortega", "Ukrainian President Volodymyr
    Zelensky") counts once, by its last word, and dates count not at all. Two reports from one
    city share their officials' names and the day of the week without reporting the same
    thing."""
    keys: set[str] = set()
    memo = _TERM_OF
    run_term = ""       # last content term of the current run of capitalised words
    run_end = -1
    for m in WORD.finditer(text):
        word = m.group()
        t = memo.get(word)
        if t is None:
            t = memo[word] = _term(word)
        capital = word[0].isupper()
        joined = capital and run_end >= 0 and text[run_end:m.start()].isspace()
        if not joined and run_term:
            keys.add(run_term)
            run_term = ""
        if capital:
            run_end = m.end()
            if t and t not in CALENDAR:
                run_term = t
        else:
            run_end = -1
            if t and t not in CALENDAR:
                keys.add(t)
    if run_term:
        keys.add(run_term)
    return keys
