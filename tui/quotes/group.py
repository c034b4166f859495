"""Grouping reports of one statement across articles.

Two outlets rarely quote a statement word for word: one writes "lives", the other "life"; a
machine re-translation rewords it; one quotes a sentence of a longer quote. A statement (the
parts of one quote joined) is compared with statements of other articles in two steps:

0. The same normalised wording (syndicated copy) is grouped in one linear pass.
1. Strong matches anywhere in the library: nearly the same wording (rapidfuzz ``ratio`` /
   ``token_sort_ratio`` over a normalised form) with no word-level difference that changes
   what is said, or the shorter one being a long enough stretch of the longer
   (``partial_ratio`` backed by an ordered content-word overlap). Short quotes ("We'll see.")
   must match almost exactly.
2. Rewordings between related articles only: two articles that already share two groups of
   longer statements report the same interview, so a looser, ordered content-word overlap is
   trusted between them, one to one (each statement keeps its single best partner).

Known speakers must agree. Statements of the same article are grouped only when they are clear
duplicates. Candidates come from an inverted index looked up by each statement's rarest content
words, with a bounded window per word, so the work grows with the number of statements, not
its square. The price is recall on pathological libraries: among hundreds of near-copies of
one statement that differ in a word or two (tests/bench/quotes_library.py builds such a
library), a pair of matching copies may never meet; on that bench with 250 articles the windowed
search yields 1953 groups where comparing every pair yields 1949.

Thresholds were calibrated on the seeds (000/002: the same interview, one a re-translation;
003: a different interview on the same topic) and the hard negatives in
tests/test_quotes_group.py; the margins are noted next to each.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq, Levenshtein

from .cancel import Ticker, cancel_check
from .model import Quote

# Near-identical wording. Seeds: the true variants score 93-100 ("lives"/"life" 95); the best
# different-statement pair between any two seeds scores 62.
STRONG = 85.0
# Short statements (three words or fewer) must match this closely: "We'll see" = "We will see".
SHORT_STRONG = 92.0
# A quote that is part of a longer one: partial_ratio and ordered content-word coverage of the
# shorter one; the shorter must have at least this many content words.
PARTIAL = 90.0
PARTIAL_COVERAGE = 0.8
PARTIAL_MIN_CONTENT = 4
# At most one substantive word difference per this many content words (0 for short quotes).
SUBSTANTIVE_PER = 8
# Rewordings between related articles (step 2). Seeds: the re-translated pairs score 0.57 and
# 0.6 (coverage) / 75 (ratio); the best wrong pair between 000 and 002 scores 0.4 / 60.
RELATED_MIN_STRONG = 2
REWORD_RATIO = 70.0
REWORD_COVERAGE = 0.5
REWORD_MIN_SHARED = 3
# Same article: only clear duplicates (the same quote repeated in lead and body).
DUPLICATE = 95.0
# Inverted index: each statement is looked up by its rarest content words, and meets at most
# BLOCK_WINDOW statements per word.
BLOCK_WORDS = 6
BLOCK_WINDOW = 48
# Groups reported by more articles than this are not evidence that two articles are related.
RELATED_GROUP_CAP = 50

_STOP = frozenset(
    """a an the and or but if then so of to in on at for from by with about as into over than
    that this these those there here it its is are was were be been being am will would can could
    shall should may might must do does did have has had not no yes i me my we us our you your he
    him his she her they them their what which who whom whose when where why how all any some
    just very also now only too more most much many such own same other each both either
    neither one two three said says say says going get got go""".split())
_NEGATIONS = frozenset("not no never nobody nothing none neither nor without".split())
# Small words whose swap does not change the statement ("the world"/"this world").
_LIGHT = frozenset("""a an the this that these those its his her their our it is are was were be
    been am of to in on at for from by with as about into""".split())
# Words that stand for a noun already said: swapping a noun for one of them rewords a statement
# without changing what it says.
_PRO_FORMS = frozenset("one ones it that this these those them they so".split())
_CONTRACTIONS = {"can't": "can not", "cannot": "can not", "won't": "will not", "n't": " not",
                 "re": " are", "ve": " have", "ll": " will", "m": " am", "d": " would"}
_CONTRACTION = re.compile(r"\b(can't|cannot|won't)\b|n't\b|'(re|ve|ll|m|d)\b"
                          r"|\b(it|that|there|what|he|she|who|here|where)'s\b")


def _expand(m: re.Match) -> str:
    if m.group(3):
        return m.group(3) + " is"
    return _CONTRACTIONS[m.group(1) or m.group(2) or "n't"]


_NON_WORD = re.compile(r"[^\w\s]|_")
_SUFFIX = re.compile(r"(?:ing|ed|es|s|ly)$")


def normalise(text: str) -> list[str]:
    """Words of a quote for comparison: case, apostrophes, contractions, brackets and
    punctuation folded ("[the] world can’t" -> "the world can not")."""
    t = text.casefold()
    if "’" in t or "'" in t or "‘" in t or "`" in t or "cannot" in t:
        t = t.replace("’", "'").replace("‘", "'").replace("`", "'")
        t = _CONTRACTION.sub(_expand, t)
        t = t.replace("'s", "").replace("'", "")
    words = _NON_WORD.sub(" ", t).split()
    if not _NUMBER_WORDS.keys().isdisjoint(words):
        words = [_NUMBER_WORDS.get(w, w) for w in words]
    return words


# "fifteen years" and "15 years" are one wording.
_NUMBER_WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({w: str(10 * n) for n, w in enumerate(
    "thirty forty fifty sixty seventy eighty ninety".split(), start=3)})
_NUMBER_WORDS.pop("one")  # "the one we can afford" is a pronoun far more often than a number


_stems: dict[str, str] = {}


def stem(word: str) -> str:
    """A crude stem, enough to pair forms of one word: fighting/fight, cities/city."""
    s = _stems.get(word)
    if s is None:
        s = (_SUFFIX.sub("", word) if len(word) > 4 else word)[:5]
        if len(_stems) < 200_000:
            _stems[word] = s
    return s


@dataclass
class _Statement:
    key: tuple[int, int]        # (article index, statement number)
    article: int
    parts: list[Quote]
    words: list[str]
    joined: str
    content: list[str]
    speaker: str | None
    fragment: bool

    @property
    def short(self) -> bool:
        return len(self.words) <= 3


def _statements(quotes: list[Quote], ticker: Ticker | None = None) -> list[_Statement]:
    out: list[_Statement] = []
    for _ in _statement_steps(quotes, out, ticker or Ticker()):
        pass
    return out


# Statements built between two progress steps of the grouping.
_BUILD_STEP = 4000


def _statement_steps(quotes: list[Quote], out: list[_Statement], ticker: Ticker):
    """Build the statements into ``out``, yielding how many are built every few thousand."""
    # Articles are told apart by path, not id: two copies of one file are two reports.
    article_of: dict[str, int] = {}
    by_key: dict[tuple[int, int], list[Quote]] = {}
    for q in quotes:
        ticker.tick()
        a = article_of.setdefault(q.path, len(article_of))
        by_key.setdefault((a, q.statement), []).append(q)
    for n, (key, parts) in enumerate(by_key.items()):
        ticker.tick()
        if n % _BUILD_STEP == _BUILD_STEP - 1:
            yield len(out), len(by_key)
        words = normalise(" ".join(p.text for p in parts))
        content = [stem(w) for w in words if w not in _STOP]
        speaker = next((p.speaker for p in parts if p.speaker), None)
        out.append(_Statement(key, key[0], parts, words, " ".join(words), content, speaker,
                              all(p.fragment for p in parts)))


def _speakers_agree(a: _Statement, b: _Statement) -> bool:
    return a.speaker is None or b.speaker is None or a.speaker == b.speaker


def _coverage(a: _Statement, b: _Statement) -> tuple[float, int]:
    """Ordered overlap of content words, over the shorter statement's content words."""
    if not a.content or not b.content:
        return 0.0, 0
    shared = LCSseq.similarity(a.content, b.content)
    return shared / min(len(a.content), len(b.content)), shared


def strong_score(a: _Statement, b: _Statement, need: float = STRONG) -> float:
    """0-100: how surely ``a`` and ``b`` are the same words. STRONG or more means a match.

    Character similarity alone cannot tell "fighting for our lives" / "our life" (a variant)
    from "stop the war now" / "stop the bombing now" (another statement): both differ by one
    word. So the word-level differences are checked too: beyond forms of one word and swaps of
    small function words, a difference counts as substantive, and a match may have at most
    one substantive difference per SUBSTANTIVE_PER content words of the shorter statement.

    Only whether the score reaches ``need`` (STRONG or more) is exact: below STRONG it may be
    0, and ``token_sort_ratio`` is skipped when ``ratio`` alone reaches ``need``."""
    if not a.words or not b.words:
        return 0.0
    if a.short or b.short:
        if abs(len(a.words) - len(b.words)) > 1:
            return 0.0
        # below the cutoffs rapidfuzz answers 0 and skips the work: every caller compares the
        # score with STRONG or more, so the value under STRONG never matters
        r = fuzz.ratio(a.joined, b.joined, score_cutoff=SHORT_STRONG)
        ok = r >= SHORT_STRONG and substantive_differences(a.words, b.words) == 0
        return r if ok else min(r, STRONG - 1)
    allowed = min(len(a.content), len(b.content)) // SUBSTANTIVE_PER
    score = fuzz.ratio(a.joined, b.joined, score_cutoff=STRONG)
    if score < need:
        score = max(score, fuzz.token_sort_ratio(a.joined, b.joined, score_cutoff=max(score, STRONG)))
    if score >= STRONG and substantive_differences(a.words, b.words) <= allowed:
        return score
    score = min(score, STRONG - 1)
    shorter, longer = (a, b) if len(a.words) <= len(b.words) else (b, a)
    if len(shorter.content) >= PARTIAL_MIN_CONTENT:
        cov, _ = _coverage(a, b)
        if cov >= PARTIAL_COVERAGE:
            p = fuzz.partial_ratio_alignment(shorter.joined, longer.joined, score_cutoff=PARTIAL)
            if p is not None and p.score >= PARTIAL:
                window = longer.joined[p.dest_start:p.dest_end].split()
                if substantive_differences(shorter.words, window) <= allowed:
                    score = p.score
    return score


def _minor_variant(x: str, y: str) -> bool:
    """Two forms of one word (lives/life, fight/fighting) or two interchangeable small words."""
    if x in _NEGATIONS or y in _NEGATIONS:
        return False
    if x in _LIGHT and y in _LIGHT:
        return True
    if x in _PRO_FORMS or y in _PRO_FORMS:
        return True  # "the answer we can afford" / "the one we can afford": the same noun
    return stem(x) == stem(y) or (x[:2] == y[:2] and fuzz.ratio(x, y) >= 60)


def substantive_differences(a: list[str], b: list[str]) -> int:
    """Word-level differences between two wordings that change what is said: a content word
    replaced by another, added or dropped, or a negation added or dropped."""
    n = 0
    for op in Levenshtein.opcodes(a, b):
        if op.tag == "equal":
            continue
        left, right = a[op.src_start:op.src_end], b[op.dest_start:op.dest_end]
        if op.tag == "replace":
            for x, y in zip(left, right):
                n += not _minor_variant(x, y)
            extra = left[len(right):] + right[len(left):]
        else:
            extra = left + right
        n += sum(1 for w in extra if w in _NEGATIONS or w not in _STOP)
    return n


def reword_score(a: _Statement, b: _Statement) -> float:
    """0-1 for a reworded report (re-translation) of the same statement; only trusted between
    related articles. Zero when the overlap is too thin to mean anything."""
    if a.short or b.short or a.fragment or b.fragment:
        return 0.0
    cov, shared = _coverage(a, b)
    ratio = fuzz.ratio(a.joined, b.joined) / 100
    if shared < REWORD_MIN_SHARED:
        return 0.0
    score = 0.0
    if cov >= REWORD_COVERAGE:
        score = cov
    if ratio * 100 >= REWORD_RATIO:
        score = max(score, ratio)
    return score


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _candidates(stmts: list[_Statement], among: list[int] | None = None,
                ticker: Ticker | None = None, speakers: list[str | None] | None = None):
    """Pairs (i, j), i < j, of statements worth comparing.

    Every statement is indexed under each of its content words (short ones: under every
    word); it then looks up only its BLOCK_WORDS rarest words and meets, per word, the
    BLOCK_WINDOW statements nearest to it in that word's list. A statement with three or more
    such words must share two of them with a candidate. So a word shared by thousands of
    statements costs thousands of comparisons, not millions, and reports of one statement still
    chain together through their neighbours. A pair may come up twice (once from each side).
    With ``speakers`` (one per statement), pairs of two different known speakers, which can
    never match, are left out."""
    ticker = ticker or Ticker()
    idx = list(range(len(stmts))) if among is None else among
    words_of: dict[int, set[str]] = {}
    postings: dict[str, list[int]] = defaultdict(list)
    for i in idx:
        ticker.tick()
        s = stmts[i]
        words = {"\0" + w for w in (s.content or s.words)} if s.short or not s.content \
            else set(s.content)
        words_of[i] = words
        for w in words:
            postings[w].append(i)
    # rarest first, ties by the word: one rank per word, so the sort needs no Python key
    rank = {w: r for r, w in enumerate(sorted(postings, key=lambda w: (len(postings[w]), w)))}
    by_rank = rank.__getitem__
    for i in idx:
        ticker.tick()
        keys = sorted(words_of[i], key=by_rank)[:BLOCK_WORDS]
        need = 2 if len(keys) >= 3 else 1
        near: Counter[int] = Counter()
        for k in keys:
            post = postings[k]
            if len(post) < 2:
                continue
            at = bisect.bisect_left(post, i)
            near.update(post[max(0, at - BLOCK_WINDOW // 2):at + 1 + BLOCK_WINDOW // 2])
        near.pop(i, None)
        who = speakers[i] if speakers is not None else None
        # in no particular order: the groups are the connected matches, whatever the order
        for j, shared in near.items():
            if shared >= need and (who is None or speakers[j] is None or speakers[j] == who):
                yield (i, j) if i < j else (j, i)


_ELLIPSIS = re.compile(r"…|\.\s?\.\s?\.")


def _elided_pieces(a: _Statement) -> list[list[str]] | None:
    """The normalised pieces of ``a`` between its ellipses, or None when ``a`` cannot be an
    elided quote (no ellipsis, fewer than two pieces or four words)."""
    raw = " ".join(p.text for p in a.parts)
    if "…" not in raw and "..." not in raw and ". . ." not in raw:
        return None
    pieces = [normalise(x) for x in _ELLIPSIS.split(raw)]
    pieces = [x for x in pieces if x]
    if len(pieces) < 2 or sum(len(x) for x in pieces) < 4:
        return None
    return pieces


def _elided_match(a: _Statement, b: _Statement, pieces: list[list[str]] | None = None) -> bool:
    """``a`` quotes ``b`` with words left out where it prints an ellipsis ("We are fighting …
    for our children"): every piece between the ellipses is in ``b``, in order, and together
    they hold at least four words. ``pieces``: ``_elided_pieces(a)`` when already known."""
    if pieces is None:
        pieces = _elided_pieces(a)
        if pieces is None:
            return False
    words, at = b.words, 0
    for piece in pieces:
        n = len(piece)
        for k in range(at, len(words) - n + 1):
            if words[k:k + n] == piece:
                at = k + n
                break
        else:
            return False
    return True


def _part_matches(a: _Statement, b: _Statement, i: int, j: int, cache: dict) -> bool:
    """A statement split by its attribution ("“…,” she said. “…”") matches a report of one of
    its parts alone, compared part by part."""
    for x, y, k in ((a, b, i), (b, a, j)):
        if len(x.parts) < 2 or len(y.parts) > 1:
            continue
        parts = cache.get(k)
        if parts is None:
            parts = cache[k] = _parts_of(x)
        if any(strong_score(p, y) >= STRONG for p in parts):
            return True
    return False


def _elided_either(a: _Statement, b: _Statement, i: int, j: int, cache: dict) -> bool:
    """``_elided_match`` either way round, each statement's pieces worked out once."""
    for x, y, k in ((a, b, i), (b, a, j)):
        if k not in cache:
            cache[k] = _elided_pieces(x)
        if cache[k] is not None and _elided_match(x, y, cache[k]):
            return True
    return False


def _parts_of(s: _Statement) -> list[_Statement]:
    """One record per part of a statement split by its attribution (parts of four words or
    more), for comparing a report of one part alone with the whole."""
    out = []
    for k, p in enumerate(s.parts):
        words = normalise(p.text)
        if len(words) >= 4 and not p.fragment:
            out.append(_Statement((s.key[0], s.key[1], k), s.article, [p], words, " ".join(words),
                                  [stem(w) for w in words if w not in _STOP], s.speaker, False))
    return out


def _collapse_exact(stmts: list[_Statement], uf: "_UnionFind",
                    ticker: Ticker | None = None) -> list[int]:
    """Union reports with the same normalised wording (syndicated copy) in one linear pass;
    returns one representative per wording for the fuzzy comparisons. A short wording is
    joined only across articles: "No." twice in one article is two answers."""
    ticker = ticker or Ticker()
    buckets: dict[tuple[str, str | None], list[int]] = defaultdict(list)
    for i, s in enumerate(stmts):
        ticker.tick()
        buckets[(s.joined, s.speaker)].append(i)
    # A report with no speaker joins the reports of the one speaker known for that wording.
    speakers_of: dict[str, list[str]] = defaultdict(list)
    for joined, speaker in buckets:
        if speaker is not None:
            speakers_of[joined].append(speaker)
    for (joined, speaker), members in list(buckets.items()):
        if speaker is None and len(speakers_of.get(joined, ())) == 1:
            buckets[(joined, speakers_of[joined][0])].extend(members)
            del buckets[(joined, speaker)]
    reps: list[int] = []
    for members in buckets.values():
        members.sort()
        first_per_article: dict[int, int] = {}
        for i in members:
            first_per_article.setdefault(stmts[i].article, i)
        head = members[0]
        for i in members[1:]:
            if first_per_article[stmts[i].article] == i or not stmts[i].short:
                uf.union(head, i)
            else:
                reps.append(i)  # a short repeat inside one article stays its own statement
        reps.append(head)
    return sorted(reps)


def group_quotes(quotes: list[Quote], *, cancel=None) -> list[Quote]:
    """Set ``group`` on every quote: one id for every report of one statement across articles
    (a statement nobody else reports gets its own group). Returns ``quotes``. ``cancel`` (a
    callable or ``threading.Event``) stops the work by raising ``Cancelled``."""
    for _ in group_steps(quotes, cancel_check(cancel)):
        pass
    return quotes


# Candidate pairs compared between two progress steps.
_STEP = 2000


def group_steps(quotes: list[Quote], stop=None):
    """``group_quotes`` as a generator of progress steps ``(done, total)`` over statements;
    the groups are set when it is exhausted. ``stop`` (a callable) is looked at every few
    thousand steps of every loop; when it returns True, ``Cancelled`` is raised."""
    ticker = Ticker(stop or cancel_check(None))
    stmts: list[_Statement] = []
    for built, n in _statement_steps(quotes, stmts, ticker):
        yield 0, n  # the total is known once the statements are counted
    total = len(stmts)
    yield 0, total
    uf = _UnionFind(len(stmts))
    reps = _collapse_exact(stmts, uf, ticker)
    rep_set = set(reps)
    content_sets = [frozenset(s.content) if i in rep_set else None for i, s in enumerate(stmts)]
    speakers = [s.speaker for s in stmts]
    parts_cache: dict[int, list[_Statement]] = {}
    pieces_cache: dict[int, list[list[str]] | None] = {}
    n_parts = [len(s.parts) for s in stmts]
    elided = {i for i in reps if len(stmts[i].parts) > 1 or "…" in stmts[i].parts[0].text
              or ". ." in stmts[i].parts[0].text or "..." in stmts[i].parts[0].text}
    yield 0, total
    scored: set[tuple[int, int]] = set()  # pairs compared and not matched (each comes up twice)
    n = 0
    last_i = 0
    for i, j in _candidates(stmts, reps, ticker, speakers):
        n += 1
        if n % _STEP == 0:
            yield min(i, total - 1), total
            ticker.check()
        last_i = i
        # Cheap tests first: known speakers agree, and a match shares at least half the
        # content words of the shorter (forms of a word such as lives/life are the only
        # content words allowed to differ).
        if speakers[i] != speakers[j] and speakers[i] is not None and speakers[j] is not None:
            continue
        if uf.find(i) == uf.find(j) or (i, j) in scored:
            continue
        ci, cj = content_sets[i], content_sets[j]
        if len(ci & cj) * 2 < min(len(ci), len(cj)):
            continue
        a, b = stmts[i], stmts[j]
        score = strong_score(a, b, DUPLICATE if a.article == b.article else STRONG)
        if a.article == b.article:
            matched = score >= DUPLICATE and len(a.words) >= 4
        else:
            # a split statement against one part alone; an ellipsis on either side
            matched = score >= STRONG or \
                ((n_parts[i] > 1) != (n_parts[j] > 1) and _part_matches(a, b, i, j, parts_cache)) or \
                ((i in elided or j in elided) and _elided_either(a, b, i, j, pieces_cache))
        if matched:
            uf.union(i, j)
        else:
            scored.add((i, j))
    del scored, content_sets
    yield max(last_i, 0), total

    # Step 2: rewordings between related articles: those sharing RELATED_MIN_STRONG groups of
    # statements longer than a few words. A statement reported by very many articles says
    # little about any two of them, and would cost a pair per two articles: skipped.
    articles_of: dict[int, set[int]] = defaultdict(set)
    for i, s in enumerate(stmts):
        if not s.short and not s.fragment:
            articles_of[uf.find(i)].add(s.article)
    shared: Counter[tuple[int, int]] = Counter()
    for arts in articles_of.values():
        if 2 <= len(arts) <= RELATED_GROUP_CAP:
            ordered = sorted(arts)
            for x in range(len(ordered)):
                for y in range(x + 1, len(ordered)):
                    shared[(ordered[x], ordered[y])] += 1
    by_article: dict[int, list[int]] = defaultdict(list)
    for i, s in enumerate(stmts):
        by_article[s.article].append(i)
    for m, ((x, y), n_shared) in enumerate(sorted(shared.items())):
        if n_shared >= RELATED_MIN_STRONG:
            _match_rewordings(stmts, by_article[x], by_article[y], uf)
        if m % 200 == 199:
            yield total, total
            ticker.check()

    root_id: dict[int, str] = {}
    members: dict[int, list[_Statement]] = defaultdict(list)
    for i, s in enumerate(stmts):
        members[uf.find(i)].append(s)
    for root, group in members.items():
        first = min((q.article_id, q.path, q.start) for s in group for q in s.parts)
        root_id[root] = "g" + hashlib.blake2b(repr(first).encode(), digest_size=5).hexdigest()
    for i, s in enumerate(stmts):
        gid = root_id[uf.find(i)]
        for q in s.parts:
            q.group = gid
    yield total, total


def _match_rewordings(stmts: list[_Statement], left: list[int], right: list[int],
                      uf: _UnionFind) -> None:
    """One-to-one matching of not-yet-grouped statements of two related articles."""
    def grouped_across(i: int, others: list[int]) -> bool:
        r = uf.find(i)
        return any(uf.find(o) == r for o in others)

    free_l = [i for i in left if not grouped_across(i, right)]
    free_r = [j for j in right if not grouped_across(j, left)]
    scored = []
    for i in free_l:
        for j in free_r:
            a, b = stmts[i], stmts[j]
            if not _speakers_agree(a, b):
                continue
            s = reword_score(a, b)
            if s > 0:
                scored.append((s, i, j))
    used_l: set[int] = set()
    used_r: set[int] = set()
    for s, i, j in sorted(scored, reverse=True):
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        uf.union(i, j)
