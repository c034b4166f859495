"""The search index over sentences and quotes, and the fuzzy search itself.

The score of a sentence for a query (0..1; ``tui.search.reference`` computes it the slow way) is

    0.95 * words  +  0.05 * phrase

* ``words``: each query word is credited with its best match in the sentence (1.0 exact,
  0.8 one edit, 0.6 two edits, within the typo budgets of ``text.py``; the last word as a
  prefix while it is typed), and so is each pair of adjacent query words found adjacent in the
  sentence (the lesser of the two similarities). Each word and pair weighs by how rare its
  matches are (idf); ``words`` is the credited share of the total weight. Pairs are what make
  "to the point" rank sentences with that phrase above ones merely holding the three words.
* ``phrase``: rapidfuzz partial_ratio of the normalised query against the normalised sentence;
  it orders sentences that hold the same words by how much they read like the query.
A sentence holding none of the words scores 0 and is no hit.

Stage one never looks at text: query words are resolved against the vocabulary (vocab.py),
pairs against the index of adjacent word pairs, and the ``words`` part of every sentence is
summed at once from the postings (numpy vectors, one per word or pair, kept while it stays the
same). Stage two rescores sentences in descending ``words`` order with the full score, in
rounds, until no unscored sentence can still beat the k-th score (its ``words`` part is known
and ``phrase`` is at most 1). So the result is the true top, not a shortlist's; the search says
when it could not prove that (``SearchState.exact``): words too common to be worth a vector (a
one-letter prefix, "the" in a million sentences) only bound the others, and a query made of
nothing else, or thousands of sentences tied on words, are sampled in a fixed order.
"""
from __future__ import annotations

import itertools
import math
import threading
from array import array
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from typing import Callable, Iterable, Sequence

import numpy as np
from rapidfuzz import fuzz, process

from tui.cancel import check

from .text import complete_typos, parse_query, prefix_typos, word_spans, words
from .vocab import Vocabulary

KINDS = ("sentence", "quote")

# The phrase part mostly orders sentences holding the same words; kept small so that few
# sentences beyond the best by words can still overtake them, which keeps rescoring cheap.
WORD_WEIGHT = 0.95
PHRASE_WEIGHT = 1.0 - WORD_WEIGHT
# Similarity credited to a vocabulary word at 0, 1, 2 edits from the query word.
EDIT_SIMILARITY = np.array([1.0, 0.8, 0.6], np.float32)

# Rescoring costs ~3 µs a sentence: the first round takes about this many, later rounds at
# most ROUND_CAP each (past that the result may be inexact; ``SearchState.exact`` says so).
FIRST_ROUND = 200
ROUND_CAP = 2000
MAX_ROUNDS = 4
# A word matching more postings than this share of the records gets no vector: scattering
# it would cost more than it tells. It still counts in every score, and in the bounds.
DENSE_FRACTION = 0.35
DENSE_MIN = 50_000
# When thousands of sentences tie on words (a common word, a short prefix), this many of them
# (at least 10 × limit) are rescored, in a fixed order, and the result is flagged inexact.
TIE_SAMPLE = 300
# A query of common words only samples this many sentences holding its rarest word.
POOL_SAMPLE = 4_000
# The exact path (``search_exact``) rescores this many sentences between checks that the query
# is still wanted: ~5-10 ms of work, so an abandoned refinement stops that soon.
EXACT_CHUNK = 2048
EXPANSION_CACHE = 2048
# Building: records tokenized between two looks at ``cancelled`` and progress reports (~30 ms of
# work), and the size of the early index handed out before the rest is built.
BUILD_CHUNK = 2048
EARLY_RECORDS = 40_000
VECTOR_CACHE = 12


@dataclass(frozen=True, slots=True)
class SearchHit:
    path: str
    article_id: str
    start: int
    end: int
    text: str
    score: float                     # 0..1
    kind: str                        # "sentence" | "quote"
    matches: list[tuple[int, int]] = field(default_factory=list)  # word ranges inside text
    speaker: str | None = None       # a quote's speaker, when known (``results.with_speakers``)

    def to_json(self) -> dict:
        return {"path": self.path, "start": self.start, "end": self.end, "text": self.text,
                "score": round(self.score, 4), "kind": self.kind}


@dataclass(frozen=True, slots=True)
class Term:
    """One query word resolved against the vocabulary, or two adjacent query words resolved
    against the index of adjacent word pairs (then ``left`` and ``right`` are set, ``ids``
    index that pair index, and ``dists`` are the larger of the two words' edits)."""
    word: str
    typing: bool                      # (its last word is) still being typed: a prefix
    ids: np.ndarray                   # sorted vocabulary (or pair) ids it matches
    dists: np.ndarray                 # edits for each id
    size: int                         # postings summed over ids
    idf: float
    left: "Term | None" = None
    right: "Term | None" = None

    @property
    def key(self) -> tuple[str, bool]:
        return self.word, self.typing

    def covers(self, other: "Term") -> bool:
        """Every vocabulary word ``other`` matches, this one matches too."""
        if len(other.ids) > len(self.ids):
            return False
        if not len(other.ids):
            return True
        pos = np.minimum(np.searchsorted(self.ids, other.ids), len(self.ids) - 1)
        return bool(np.all(self.ids[pos] == other.ids))


@dataclass(slots=True)
class Pool:
    """Sentences holding every query word: sorted record ids, complete unless sampled."""
    terms: tuple[Term, ...]
    records: np.ndarray
    complete: bool


def phrase_scores(query_norm: str, texts_norm: Sequence[str],
                  lengths: np.ndarray | None = None, cutoff: float | None = None) -> np.ndarray:
    """partial_ratio / 100 for each text, scaled down for texts shorter than the query
    (otherwise "We'll see." would fully match any long query that contains it). With
    ``cutoff`` (0..1), texts whose partial_ratio is below it may score 0."""
    if not len(texts_norm):
        return np.zeros(0, np.float32)
    kw = {}
    if cutoff is not None and cutoff > 0:
        # Floored a hair lower so that float rounding never zeroes a text that reaches it.
        kw["score_cutoff"] = min(100.0, max(0.0, cutoff * 100 - 0.01))
    scores = process.cdist([query_norm], texts_norm, scorer=fuzz.partial_ratio,
                           dtype=np.float32, workers=1, **kw)[0]
    if lengths is None:
        lengths = np.fromiter((len(t) for t in texts_norm), np.float32, len(texts_norm))
    lengths = lengths.astype(np.float32)
    return (scores / np.float32(100)) * np.minimum(np.float32(1), lengths / max(len(query_norm), 1))


def combine(word_part: np.ndarray, phrase: np.ndarray) -> np.ndarray:
    """The score; 0 for a record holding none of the query words, which is no hit at all."""
    score = np.float32(WORD_WEIGHT) * word_part + np.float32(PHRASE_WEIGHT) * phrase
    return np.where(word_part > 0, score, np.float32(0)).astype(np.float32)


class SearchState:
    """Work kept between the keystrokes of one search box (see Searcher). A fresh search uses
    an empty one; the results are the same either way, only the time differs."""

    def __init__(self) -> None:
        self.vectors: OrderedDict[tuple[str, bool], np.ndarray] = OrderedDict()
        # Sums of the vectors not involving the last word, by their terms' keys.
        self.partial: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self.buffer: np.ndarray | None = None       # the weights of the current keystroke
        self.scratch: np.ndarray | None = None      # all zeros between uses
        self.pool: Pool | None = None
        self.narrowed = False            # did the last search reuse the previous one's work
        self.exact = True
        self.rescored = 0                # sentences rescored by the last search (diagnostics)


class SearchIndex:
    """Records (sentences and quotes) with a word index. Build with ``build`` or
    ``from_records``; query with ``search`` or a ``Searcher``."""

    def __init__(self, *, docs: list[tuple[str, str]], rec_doc: np.ndarray, starts: np.ndarray,
                 ends: np.ndarray, kinds: np.ndarray, texts: list[str], norms: list[str],
                 vocab: Vocabulary, seq_ptr: np.ndarray, seq: np.ndarray,
                 post_ptr: np.ndarray, post_recs: np.ndarray, adj_keys: np.ndarray,
                 adj_ptr: np.ndarray, adj_recs: np.ndarray, key: str | None = None):
        self.docs = docs                  # (path, article_id) per document
        self.rec_doc, self.starts, self.ends, self.kinds = rec_doc, starts, ends, kinds
        self.texts, self.norms = texts, norms
        self.vocab = vocab
        self.seq_ptr, self.seq = seq_ptr, seq                  # record -> its words, in order
        self.post_ptr, self.post_recs = post_ptr, post_recs    # term -> sorted record ids
        # Adjacent word pairs (left id × vocabulary size + right id, sorted) -> record ids.
        self.adj_keys, self.adj_ptr, self.adj_recs = adj_keys, adj_ptr, adj_recs
        self.key = key
        self._norm_lengths = np.fromiter((len(t) for t in norms), np.int32, len(norms))
        self.has_quotes = bool(len(kinds)) and bool(np.any(np.asarray(kinds) == KINDS.index("quote")))
        self._expansions: OrderedDict[tuple[str, bool], Term] = OrderedDict()
        # Searches may run in worker threads; only the shared expansion cache needs the lock.
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.texts)

    # --- building ------------------------------------------------------------------------------

    @classmethod
    def from_records(cls, records: Iterable[tuple[str, str, int, int, str, str]],
                     key: str | None = None) -> "SearchIndex":
        """Index ``(path, article_id, start, end, text, kind)`` records, kind "sentence"|"quote"."""
        builder = IndexBuilder()
        builder.add(records)
        return builder.build(key)

    @classmethod
    def build(cls, articles, quotes=None, key: str | None = None, *,
              progress: Callable[[int, int], None] | None = None,
              cancelled: Callable[[], bool] | None = None,
              early: Callable[["SearchIndex"], None] | None = None) -> "SearchIndex":
        """Index every sentence of ``articles`` (but boilerplate, as the reader dims it) and
        every quote (objects with ``.article_id .path .start .end .text``).

        Built BUILD_CHUNK records at a time: ``progress(done, total)`` counts records indexed,
        ``cancelled()`` is polled between chunks (True raises tui.cancel.Cancelled), and when
        there are many records ``early(index)`` receives an index of the first EARLY_RECORDS
        (sentences come before quotes), so a search can answer long before the whole index is
        built."""
        articles = list(articles)
        quotes = list(quotes) if quotes is not None else None
        total = _record_count(articles, quotes)
        builder = IndexBuilder()
        records = _records(articles, quotes)
        if progress is not None:
            progress(0, total)
        want_early = early is not None and total >= 2 * EARLY_RECORDS
        while True:
            check(cancelled)
            added = builder.add(itertools.islice(records, BUILD_CHUNK))
            if progress is not None and added:
                progress(len(builder), total)
            if added < BUILD_CHUNK:
                break
            if want_early and len(builder) >= EARLY_RECORDS:
                want_early = False
                early(builder.build(snapshot=True))
        check(cancelled)
        return builder.build(key)

    # --- query resolution ------------------------------------------------------------------------

    def term(self, word: str, typing: bool) -> Term:
        """``word`` resolved against the vocabulary (cached: the same words recur while typing)."""
        key = (word, typing)
        with self._lock:
            hit = self._expansions.get(key)
            if hit is not None:
                self._expansions.move_to_end(key)
                return hit
        if typing:
            ids, dists = self.vocab.prefixed(word, prefix_typos(len(word)))
        else:
            ids, dists = self.vocab.complete(word, complete_typos(len(word)))
        size = self.vocab.postings_size(ids)
        # Rarer matches weigh more; a floor keeps words matching everywhere from weighing 0.
        idf = max(0.0, math.log((len(self) + 1) / (size + 1))) + 0.1
        t = Term(word, typing, ids, dists, size, idf)
        with self._lock:
            self._expansions[key] = t
            if len(self._expansions) > EXPANSION_CACHE:
                self._expansions.popitem(last=False)
        return t

    def terms(self, query: str) -> tuple[list[Term], str]:
        """The query's resolved words, then its adjacent pairs, and the query's normal form.
        Words and pairs that change while the last word is typed come last."""
        toks, typing = parse_query(query)
        words_ = [self.term(w, typing and i == len(toks) - 1) for i, w in enumerate(toks)]
        pairs = [self.pair(a, b) for a, b in zip(words_, words_[1:])]
        terms = words_[:-1] + pairs[:-1] + words_[-1:] + pairs[-1:]
        return terms, " ".join(toks)

    def pair(self, a: Term, b: Term) -> Term:
        """Records where a word matching ``a`` is directly followed by one matching ``b``."""
        key = (f"{a.word} {b.word}", b.typing)
        with self._lock:
            hit = self._expansions.get(key)
            if hit is not None:
                self._expansions.move_to_end(key)
                return hit
        v = len(self.vocab)
        ids, dists = [], []
        if len(a.ids) and len(b.ids) and len(self.adj_keys):
            right_dist = np.full(v, -1, np.int8)
            right_dist[b.ids] = b.dists
            lo_b, hi_b = int(b.ids[0]), int(b.ids[-1])
            for left, d in zip(a.ids.tolist(), a.dists.tolist()):
                base = left * v
                lo = np.searchsorted(self.adj_keys, base + lo_b)
                hi = np.searchsorted(self.adj_keys, base + hi_b, side="right")
                if lo == hi:
                    continue
                rd = right_dist[self.adj_keys[lo:hi] - base]
                ok = rd >= 0
                ids.append(np.arange(lo, hi, dtype=np.int64)[ok])
                dists.append(np.maximum(rd[ok], d).astype(np.int8))
        ids_arr = np.concatenate(ids) if ids else np.zeros(0, np.int64)
        dists_arr = np.concatenate(dists) if dists else np.zeros(0, np.int8)
        size = int((self.adj_ptr[ids_arr + 1] - self.adj_ptr[ids_arr]).sum()) if len(ids_arr) else 0
        idf = max(0.0, math.log((len(self) + 1) / (size + 1))) + 0.1
        t = Term(key[0], b.typing, ids_arr, dists_arr, size, idf, a, b)
        with self._lock:
            self._expansions[key] = t
            if len(self._expansions) > EXPANSION_CACHE:
                self._expansions.popitem(last=False)
        return t

    # --- scoring ----------------------------------------------------------------------------------

    def _gather(self, recs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The words of ``recs`` concatenated, and each record's offset into them."""
        starts = self.seq_ptr[recs]
        lens = self.seq_ptr[recs + 1] - starts
        offsets = np.zeros(len(recs) + 1, np.int64)
        np.cumsum(lens, out=offsets[1:])
        idx = np.repeat(starts - offsets[:-1], lens) + np.arange(offsets[-1])
        return self.seq[idx], offsets

    def word_weights(self, recs: np.ndarray, terms: Sequence[Term]) -> np.ndarray:
        """Sum over query words and pairs of idf × similarity of the record's best match
        (unnormalised)."""
        out = np.zeros(len(recs), np.float32)
        if not len(recs):
            return out
        toks, offsets = self._gather(recs)
        if not len(toks):
            return out
        nonempty = offsets[1:] > offsets[:-1]
        starts = offsets[:-1][nonempty].astype(np.intp)
        # A pair may not run from one record's last word into the next record's first.
        last = np.zeros(len(toks), bool)
        last[offsets[1:][nonempty] - 1] = True
        sims = np.zeros(len(self.vocab), np.float32)
        per_token: dict[tuple[str, bool], np.ndarray] = {}

        def token_sims(t: Term) -> np.ndarray:
            got = per_token.get(t.key)
            if got is None:
                sims[t.ids] = EDIT_SIMILARITY[np.minimum(t.dists, 2)]
                got = per_token[t.key] = sims[toks]
                sims[t.ids] = 0
            return got

        for t in terms:
            if not len(t.ids):
                continue
            if t.left is None:
                vals = token_sims(t)
            else:
                vals = np.zeros(len(toks), np.float32)
                np.minimum(token_sims(t.left)[:-1], token_sims(t.right)[1:], out=vals[:-1])
                vals[last] = 0
            part = np.zeros(len(recs), np.float32)
            part[nonempty] = np.maximum.reduceat(vals, starts)
            out += part * np.float32(t.idf)
        return out

    def score_records(self, terms: Sequence[Term], query_norm: str, recs: np.ndarray,
                      floor: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(score, word part) of ``recs``; the score is what results are ranked by.

        With ``floor``, records that cannot score above it may come back with a lower score
        than their true one (rapidfuzz then skips most of their phrase work): use it only when
        such records cannot be among the results."""
        total = np.float32(sum(t.idf for t in terms)) or np.float32(1)
        word_part = self.word_weights(recs, terms) / total
        norms = self.norms
        cutoff = None
        if floor is not None and len(recs):
            # The phrase a record needs to exceed ``floor``, for the best word part here.
            cutoff = (floor - WORD_WEIGHT * float(word_part.max())) / PHRASE_WEIGHT
        phrase = phrase_scores(query_norm, [norms[i] for i in recs.tolist()],
                               self._norm_lengths[recs], cutoff)
        return combine(word_part, phrase), word_part

    # --- stage one: word vectors -----------------------------------------------------------------

    def _postings_of(self, ids: np.ndarray) -> list[np.ndarray]:
        if not len(ids):
            return []
        if ids[-1] - ids[0] + 1 == len(ids):   # a prefix range: one slice
            return [self.post_recs[self.post_ptr[ids[0]]:self.post_ptr[ids[-1] + 1]]]
        ptr = self.post_ptr
        return [self.post_recs[ptr[i]:ptr[i + 1]] for i in ids.tolist()]

    def _postings_flat(self, ids: np.ndarray, pairs: bool = False) -> np.ndarray:
        """The postings of word (or pair) ``ids`` concatenated, duplicates kept, no loop."""
        ptr, recs = (self.adj_ptr, self.adj_recs) if pairs else (self.post_ptr, self.post_recs)
        if ids[-1] - ids[0] + 1 == len(ids):
            return recs[ptr[ids[0]]:ptr[ids[-1] + 1]]
        starts = ptr[ids]
        lens = ptr[ids + 1] - starts
        offsets = np.zeros(len(ids) + 1, np.int64)
        np.cumsum(lens, out=offsets[1:])
        return recs[np.repeat(starts - offsets[:-1], lens) + np.arange(offsets[-1])]

    def dense_cap(self) -> int:
        return max(DENSE_MIN, int(DENSE_FRACTION * len(self)))

    def vector(self, t: Term, state: SearchState | None = None) -> np.ndarray:
        """idf × best similarity of ``t`` in every record."""
        cache = state.vectors if state is not None else None
        if cache is not None and t.key in cache:
            cache.move_to_end(t.key)
            return cache[t.key]
        vec = np.zeros(len(self), np.float32)
        for d in (2, 1, 0):                 # ascending similarity: the best match is written last
            sel = t.ids[t.dists == d]
            if len(sel):
                vec[self._postings_flat(sel, t.left is not None)] = (
                    EDIT_SIMILARITY[d] * np.float32(t.idf))
        if cache is not None:
            cache[t.key] = vec
            if len(cache) > VECTOR_CACHE:
                cache.popitem(last=False)
        return vec

    def dense_sum(self, dense: Sequence[Term], state: SearchState) -> np.ndarray:
        """Sum of the vectors of ``dense``: first those not involving the last query word, in
        query order, then the rest, added straight from their postings. A Searcher keeps the
        first sum, which stays the same while the last word is typed, and its buffers (a fresh
        4 MB array a keystroke costs more in page faults than the additions)."""
        words_ = [t for t in dense if t.left is None]
        last_word = words_[-1] if words_ else None
        changing = [t for t in dense if t is last_word or (t.right is not None and t.right is last_word)]
        stable = [t for t in dense if not any(t is c for c in changing)]
        head_key = tuple(t.key for t in stable)
        head = state.partial.get(head_key) if stable else None
        if head is not None:
            state.partial.move_to_end(head_key)
            state.narrowed = True
        elif stable:
            head = self.vector(stable[0], state).copy()
            for t in stable[1:]:
                head += self.vector(t, state)
            state.partial[head_key] = head
            if len(state.partial) > 2:      # the plain and the widened sum of one query
                state.partial.popitem(last=False)
        n = len(self)
        if state.buffer is None or len(state.buffer) != n:
            state.buffer = np.empty(n, np.float32)
            state.scratch = np.zeros(n, np.float32)
        out = state.buffer
        if head is None:
            out.fill(0)
        else:
            np.copyto(out, head)
        for t in changing:
            self._add_vector(out, t, state.scratch)
        return out

    def _add_vector(self, out: np.ndarray, t: Term, scratch: np.ndarray) -> None:
        """``out += vector(t)`` touching only t's postings (``scratch`` is all zeros, and is
        left so)."""
        levels = np.unique(t.dists)
        if len(levels) == 1:                # one similarity: no best match to pick
            d = int(levels[0])
            out[self._postings_flat(t.ids, t.left is not None)] += EDIT_SIMILARITY[d] * np.float32(t.idf)
            return
        touched = []
        for d in (2, 1, 0):                 # ascending similarity: the best match is written last
            sel = t.ids[t.dists == d]
            if len(sel):
                recs = self._postings_flat(sel, t.left is not None)
                scratch[recs] = EDIT_SIMILARITY[d] * np.float32(t.idf)
                touched.append(recs)
        if touched:
            recs = touched[0] if len(touched) == 1 else np.concatenate(touched)
            out[recs] += scratch[recs]      # duplicates write the same sum once
            scratch[recs] = 0

    # --- stage one: the pool of sentences holding every word ------------------------------------

    def _union(self, t: Term) -> np.ndarray:
        chunks = self._postings_of(t.ids)
        if len(chunks) == 1 and len(t.ids) == 1:
            return chunks[0]
        mark = np.zeros(len(self), bool)
        for c in chunks:
            mark[c] = True
        return np.flatnonzero(mark).astype(np.int32)

    def _keep_matching(self, recs: np.ndarray, t: Term) -> np.ndarray:
        """The records of ``recs`` that hold a word ``t`` matches (order kept)."""
        if not len(recs) or not len(t.ids):
            return recs[:0]
        avg_words = len(self.seq) / max(len(self), 1)
        if len(recs) * avg_words < t.size:
            toks, offsets = self._gather(recs)
            mask = np.zeros(len(self.vocab), bool)
            mask[t.ids] = True
            hits = np.concatenate([[0], np.cumsum(mask[toks])])
            return recs[hits[offsets[1:]] > hits[offsets[:-1]]]
        mark = np.zeros(len(self), bool)
        for c in self._postings_of(t.ids):
            mark[c] = True
        return recs[mark[recs]]

    def pool(self, terms: Sequence[Term], base: Pool | None = None) -> Pool:
        """Sentences holding every word of ``terms`` that matches anything at all (a word that
        matches nothing constrains nothing). With ``base``, a complete pool for earlier terms
        that each cover the new ones, its records are filtered instead of starting over: the
        same set, in time proportional to the previous pool."""
        terms = tuple(terms)
        if base is not None:
            recs = base.records
            for old, new in zip(base.terms, terms):
                if old.key != new.key and len(new.ids):
                    recs = self._keep_matching(recs, new)
            for new in terms[len(base.terms):]:
                if len(new.ids):
                    recs = self._keep_matching(recs, new)
            return Pool(terms, recs, True)
        matched = [t for t in terms if len(t.ids)]
        if not matched:    # no hits; and not a pool to narrow from, as nothing constrained it
            return Pool(terms, np.zeros(0, np.int32), False)
        ordered = sorted(matched, key=lambda t: t.size)
        first = ordered[0]
        complete = first.size <= max(POOL_SAMPLE, self.dense_cap())
        recs = self._union(first) if complete else self._sample(first)
        for t in ordered[1:]:
            recs = self._keep_matching(recs, t)
            if not len(recs):
                break
        return Pool(terms, recs, complete)

    def _sample(self, t: Term) -> np.ndarray:
        """About POOL_SAMPLE sentences holding a very common word, in a fixed order."""
        taken, total = [], 0
        for c in self._postings_of(t.ids):
            taken.append(c[:POOL_SAMPLE - total])
            total += len(taken[-1])
            if total >= POOL_SAMPLE:
                break
        mark = np.zeros(len(self), bool)
        for c in taken:
            mark[c] = True
        return np.flatnonzero(mark).astype(np.int32)

    # --- stage two: rescoring in rounds ----------------------------------------------------------

    def run(self, terms: Sequence[Term], query_norm: str, limit: int,
            state: SearchState) -> list[SearchHit]:
        state.exact = True
        state.rescored = 0
        want, limit = limit, self._overfetch(limit)
        cap = self.dense_cap()
        dense = [t for t in terms if len(t.ids) and t.size <= cap]
        if not dense:
            recs = self._pool_candidates([t for t in terms if t.left is None], terms, state)
            state.rescored = len(recs)
            scores, word_part = self.score_records(terms, query_norm, recs)
            if state.exact and not self._pool_beats_the_rest(terms, scores, limit):
                state.exact = False
            return self._ranked(terms, recs, scores, word_part, want)
        state.pool = None
        total = float(sum(t.idf for t in terms))
        for attempt in (0, 1):
            sparse_idf = float(sum(t.idf for t in terms if len(t.ids) and t.size > cap))
            weights = self.dense_sum(dense, state)
            recs, scores, word_part, tail_missing = self._rounds(
                terms, query_norm, limit, weights, total, sparse_idf, state)
            if not tail_missing or attempt:
                break
            # Too few hits hold a rarer word: the rest of the top holds only common words, so
            # those get vectors too (up to one posting per record, the cost of one pass).
            cap = len(self)
            wider = [t for t in terms if len(t.ids) and t.size <= cap]
            if len(wider) == len(dense):
                break
            dense = wider
            state.exact = True
        return self._ranked(terms, recs, scores, word_part, want)

    def _pool_candidates(self, terms: Sequence[Term], scored: Sequence[Term],
                         state: SearchState) -> np.ndarray:
        """Candidates for a query of common words only: records holding every word of
        ``terms``, narrowed from the previous keystroke's pool when possible."""
        prev = state.pool
        base = None
        # Each word must match a subset of what it matched, and a word that matched something
        # cannot turn into one that matches nothing (it would stop constraining the pool).
        if (prev is not None and prev.complete and len(terms) >= len(prev.terms)
                and all(o.key == n.key or (o.covers(n) and (len(n.ids) or not len(o.ids)))
                        for o, n in zip(prev.terms, terms))):
            base = prev
        state.narrowed = base is not None
        pool = self.pool(terms, base)
        state.pool = pool
        recs = pool.records
        if not pool.complete and any(len(t.ids) for t in terms):
            state.exact = False
        if len(recs) > TIE_SAMPLE:
            state.exact = False
            head = recs[:POOL_SAMPLE]
            w = self.word_weights(head, scored)
            recs = np.sort(head[np.argpartition(-w, TIE_SAMPLE - 1)[:TIE_SAMPLE]])
        return recs

    def _pool_beats_the_rest(self, terms: Sequence[Term], scores: np.ndarray,
                             limit: int) -> bool:
        """Whether the scored pool (every record holding every word) holds the whole top:
        ``limit`` hits, the last of which no record outside the pool can beat. Such a record
        misses a matched word, so its words part lacks at least the lightest word's idf."""
        matched = [t for t in terms if len(t.ids)]
        words_ = [t for t in matched if t.left is None]
        if not words_:
            return True
        hits = scores[scores > 0]
        if len(hits) < limit:
            return False
        kth = float(np.partition(hits, len(hits) - limit)[len(hits) - limit])
        total = float(sum(t.idf for t in terms)) or 1.0
        outside = (WORD_WEIGHT * (sum(t.idf for t in matched) - min(t.idf for t in words_))
                   / total + PHRASE_WEIGHT)
        return kth + 1e-6 >= outside

    def _first_threshold(self, weights: np.ndarray) -> float:
        """A weight above which roughly FIRST_ROUND records lie, from a fixed sample."""
        stride = max(1, len(weights) // 16384)
        sample = weights[::stride]
        positive = sample[sample > 0]
        k = max(1, FIRST_ROUND // stride)
        if len(positive) <= k:
            return float(np.float32(1e-12))
        return float(np.partition(positive, len(positive) - k)[len(positive) - k])

    def _rounds(self, terms, query_norm, limit, weights, total, sparse_idf, state):
        """Rescore records in descending dense weight until no unscored record can beat the
        k-th score: a record's score is at most WORD_WEIGHT × (its dense weight + the full
        weight of every sparse word) / total + PHRASE_WEIGHT. Sets ``state.exact`` when that
        is proved; returns (records, scores, word parts, whether records holding only sparse
        words might belong in the top)."""
        tiny = 1e-12
        got_recs, got_scores, got_words = [], [], []
        tail_missing = proved = False
        dropped = -math.inf       # highest weight of a record left out of a tie sample
        tau = max(self._first_threshold(weights), tiny)
        upper, upper_inclusive = math.inf, False   # records above (or at) upper are scored
        kth = -math.inf
        for _ in range(MAX_ROUNDS):
            sel = weights >= tau
            if upper != math.inf:
                sel &= (weights < upper) if upper_inclusive else (weights <= upper)
            cand = np.flatnonzero(sel)
            next_upper, next_inclusive = tau, True
            if len(cand) > ROUND_CAP:
                w = weights[cand]
                cut = float(np.partition(w, len(w) - ROUND_CAP)[len(w) - ROUND_CAP])
                above = cand[w > cut]
                if len(above):
                    cand, next_upper, next_inclusive = above, cut, False
                else:   # thousands tied at one weight: rescore a sample, in record order
                    cand = cand[:max(TIE_SAMPLE, 10 * limit)]
                    dropped = max(dropped, cut)
                    next_upper, next_inclusive = cut, True
            if len(cand):
                state.rescored += len(cand)
                # Once the k-th score is known, records that cannot beat it need no exact
                # phrase score; rapidfuzz skips most of the work for them.
                floor = kth if kth != -math.inf else None
                scores, word_part = self.score_records(terms, query_norm, cand.astype(np.int32),
                                                       floor)
                got_recs.append(cand)
                got_scores.append(scores)
                got_words.append(word_part)
            upper, upper_inclusive = next_upper, next_inclusive
            n = sum(len(x) for x in got_scores)
            if n >= limit:
                every = np.concatenate(got_scores)
                kth = float(np.partition(every, n - limit)[n - limit])
            # An unscored record can beat the k-th score only with a dense weight above this
            # (ties with it cannot change the top scores).
            need = ((kth + 1e-6 - PHRASE_WEIGHT) / WORD_WEIGHT) * total - sparse_idf
            if need >= upper:
                proved = need >= dropped
                break
            if tau <= tiny:
                # Every record with a dense word is scored. The rest hold only sparse words
                # (or none, scoring 0); they are not enumerated, as there can be a million.
                if sparse_idf > 0 and need < 0:
                    tail_missing = True
                else:
                    proved = need >= dropped
                break
            tau = max(need, tiny)
        state.exact = proved
        if not got_recs:
            return (np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.float32),
                    tail_missing)
        return (np.concatenate(got_recs).astype(np.int32), np.concatenate(got_scores),
                np.concatenate(got_words), tail_missing)

    # --- the exact path, for answers the fast one had to sample -----------------------------------

    def search_exact(self, query: str, limit: int = 20,
                     cancelled: Callable[[], bool] | None = None) -> list[SearchHit] | None:
        """The proved top ``limit`` for ``query``, even where ``search`` samples (a query of
        common words only, thousands of sentences tied on words). Slower: meant to replace a
        sampled answer once typing pauses. Stateless, so it may run in a worker thread beside
        a Searcher. ``cancelled`` is polled between chunks of EXACT_CHUNK rescored sentences
        (and between the word vectors); when it returns True the search stops and gives None.

        Every record's word weight is summed (a vector for every word and pair, however
        common), which bounds its score by WORD_WEIGHT × weight / total + PHRASE_WEIGHT ×
        (its length factor); records are rescored in descending bound until the best
        unscored bound cannot beat the k-th score (within 1e-6, which only a tie reaches)."""
        if not isinstance(query, str) or limit <= 0:
            return []
        terms, norm = self.terms(query)
        if not terms:
            return []
        want, limit = limit, self._overfetch(limit)
        weights = None
        for t in terms:
            if len(t.ids):
                if cancelled is not None and cancelled():
                    return None
                vec = self.vector(t)
                if weights is None:
                    weights = vec      # a fresh array from vector(): safe to add into
                else:
                    weights += vec
        if weights is None:
            return []
        total = np.float32(sum(t.idf for t in terms)) or np.float32(1)
        cand = np.flatnonzero(weights > 0).astype(np.int32)
        if not len(cand):
            return []
        # The phrase part is scaled down for sentences shorter than the query (phrase_scores).
        length_factor = np.minimum(np.float32(1), self._norm_lengths[cand].astype(np.float32)
                                   / np.float32(max(len(norm), 1)))
        bound = (np.float32(WORD_WEIGHT) * (weights[cand] / total)
                 + np.float32(PHRASE_WEIGHT) * length_factor)
        del weights, length_factor
        # Only the records that can still make the top are kept: those scoring at least the
        # k-th score so far (it only rises), so each chunk costs the same however many went.
        kept = (np.zeros(0, np.int32), np.zeros(0, np.float32), np.zeros(0, np.float32))
        kth = -math.inf

        def rescore(recs: np.ndarray) -> None:
            nonlocal kept, kth
            floor = kth if kth != -math.inf else None
            scores, word_part = self.score_records(terms, norm, recs, floor)
            recs, scores, word_part = (np.concatenate([kept[0], recs]),
                                       np.concatenate([kept[1], scores]),
                                       np.concatenate([kept[2], word_part]))
            if len(scores) >= limit:
                kth = max(kth, float(np.partition(scores, len(scores) - limit)[len(scores) - limit]))
                keep = scores >= kth
                recs, scores, word_part = recs[keep], scores[keep], word_part[keep]
            kept = (recs, scores, word_part)

        # The first chunk, the highest bounds, sets a k-th score; it usually rules out nearly
        # every other record, so only the few left are sorted (not the million).
        first = min(len(cand), max(EXACT_CHUNK, limit))
        if cancelled is not None and cancelled():
            return None
        top = (np.argpartition(-bound, first - 1)[:first] if first < len(cand)
               else np.arange(len(cand)))
        top = top[np.argsort(-bound[top], kind="stable")]
        rescore(cand[np.sort(top)])
        rest = np.ones(len(cand), bool)
        rest[top] = False
        rest &= bound > kth + 1e-6
        left = np.flatnonzero(rest)
        left = left[np.argsort(-bound[left], kind="stable")]
        for at in range(0, len(left), EXACT_CHUNK):
            if cancelled is not None and cancelled():
                return None
            part = left[at:at + EXACT_CHUNK]
            part = part[bound[part] > kth + 1e-6]     # kth only rises: the bound sharpens
            if not len(part):
                break                                 # sorted: no later record can beat it
            rescore(cand[np.sort(part)])
        return self._ranked(terms, *kept, want)

    def _ranked(self, terms, recs, scores, word_part, limit) -> list[SearchHit]:
        if not len(recs) or limit <= 0:
            return []
        keep = scores > 0
        recs, scores, word_part = recs[keep], scores[keep], word_part[keep]
        order = np.lexsort((recs, self._norm_lengths[recs], -word_part, -scores))
        matched = self._matched_words(terms)
        hits: list[SearchHit] = []
        spans: dict[int, list[tuple[int, int, int]]] = {}
        for i in order.tolist():
            rec = int(recs[i])
            doc, start, end = int(self.rec_doc[rec]), int(self.starts[rec]), int(self.ends[rec])
            kind = int(self.kinds[rec])
            # A quote and the sentence it sits in are one passage: show the better-ranked one
            # (the quote when they tie, being shorter).
            seen = spans.setdefault(doc, [])
            if any(start < e and s < end and k != kind for s, e, k in seen):
                continue
            seen.append((start, end, kind))
            hits.append(self._hit(rec, float(scores[i]), terms, matched))
            if len(hits) == limit:
                break
        return hits

    def _overfetch(self, limit: int) -> int:
        """How many to rank so that ``limit`` remain once overlapping quotes are folded: a quote
        hides at most the sentences it spans (rarely more than two)."""
        return limit * 3 if self.has_quotes else limit

    def _hit(self, rec: int, score: float, terms: Sequence[Term],
             matched: np.ndarray) -> SearchHit:
        path, article_id = self.docs[self.rec_doc[rec]]
        text = self.texts[rec]
        return SearchHit(path, article_id, int(self.starts[rec]), int(self.ends[rec]), text,
                         min(1.0, max(0.0, score)), KINDS[self.kinds[rec]],
                         self.match_ranges(text, terms, matched))

    def match_ranges(self, text: str, terms: Sequence[Term],
                     matched: np.ndarray | None = None) -> list[tuple[int, int]]:
        """Character ranges of the words of ``text`` that some query word matched."""
        if matched is None:
            matched = self._matched_words(terms)
        ids = self.vocab.ids
        out = []
        for start, end, norm in word_spans(text):
            vid = ids.get(norm)
            if vid is not None and matched[vid]:
                out.append((start, end))
        return out

    def _matched_words(self, terms: Sequence[Term]) -> np.ndarray:
        mask = np.zeros(len(self.vocab), bool)
        for t in terms:
            if t.left is None:
                mask[t.ids] = True
        return mask

    # --- the public query ------------------------------------------------------------------------

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Best hits first. An empty or punctuation-only query gives []."""
        if not isinstance(query, str) or limit <= 0:
            return []
        terms, norm = self.terms(query)
        if not terms:
            return []
        return self.run(terms, norm, limit, SearchState())

    # --- persistence -----------------------------------------------------------------------------

    def save(self, path) -> None:
        from .store import save_index
        save_index(self, path)

    @classmethod
    def load(cls, path) -> "SearchIndex":
        from .store import load_index
        return load_index(cls, path)

    @classmethod
    def cached(cls, articles, quotes=None, **build_options) -> "SearchIndex":
        """From the cache, else built with ``build_options`` (see ``build``) and saved."""
        from .store import cached_index
        return cached_index(cls, articles, quotes, **build_options)


def _records(articles, quotes):
    for a in articles:
        for p in a.paragraphs:
            if p.boilerplate:
                continue  # "Follow our latest news via…": not the story, only noise in results
            for s in p.sentences:
                yield a.path, a.id, s.start, s.end, a.text[s.start:s.end], "sentence"
    for q in quotes or ():
        yield q.path, q.article_id, q.start, q.end, q.text, "quote"


def _record_count(articles, quotes) -> int:
    return (sum(len(p.sentences) for a in articles for p in a.paragraphs if not p.boilerplate)
            + len(quotes or ()))


class IndexBuilder:
    """Records in, a SearchIndex out, a chunk at a time (``add`` as often as needed, then
    ``build``; ``build(snapshot=True)`` gives an index of what was added so far, and more may
    be added after it).

    Memory: while records are read, words are kept as 32-bit ids in first-seen order (4 bytes
    a word); building sorts one 64-bit key per word for the postings and one per adjacent pair,
    in place, and frees each input as soon as it is used."""

    def __init__(self) -> None:
        self._doc_index: dict[tuple[str, str], int] = {}
        self._rec_doc, self._starts, self._ends = array("i"), array("q"), array("q")
        self._kinds = array("b")
        self._texts: list[str] = []
        self._norms: list[str] = []
        # A new word gets the next id the first time it is looked up.
        self._term_ids: defaultdict[str, int] = defaultdict(itertools.count().__next__)
        self._tokens = array("i")
        self._counts = array("i")

    def __len__(self) -> int:
        return len(self._texts)

    def add(self, records: Iterable[tuple[str, str, int, int, str, str]]) -> int:
        """Add ``(path, article_id, start, end, text, kind)`` records; returns how many."""
        doc_index = self._doc_index
        rec_doc, starts, ends, kinds = self._rec_doc, self._starts, self._ends, self._kinds
        texts, norms = self._texts, self._norms
        tid = self._term_ids.__getitem__
        tokens, counts = self._tokens, self._counts
        before = len(texts)
        for path, article_id, start, end, text, kind in records:
            if kind not in KINDS:
                raise ValueError(f"unknown record kind {kind!r}")
            rec_doc.append(doc_index.setdefault((str(path), str(article_id)), len(doc_index)))
            starts.append(start)
            ends.append(end)
            kinds.append(KINDS.index(kind))
            texts.append(text)
            toks = words(text)
            norms.append(" ".join(toks))
            tokens.extend(map(tid, toks))
            counts.append(len(toks))
        return len(texts) - before

    def build(self, key: str | None = None, snapshot: bool = False) -> SearchIndex:
        """The index of every record added. With ``snapshot`` the builder stays usable (its
        lists are copied); otherwise it is emptied and its memory handed to the index."""
        n = len(self._texts)
        vocab_raw = list(self._term_ids)
        v = len(vocab_raw)
        order = sorted(range(v), key=vocab_raw.__getitem__)
        rank = np.empty(v, np.int32)
        rank[order] = np.arange(v, dtype=np.int32)
        if len(self._tokens):
            seq = rank[np.frombuffer(self._tokens, np.int32)]
        else:
            seq = np.zeros(0, np.int32)
        del rank
        if not snapshot:
            self._tokens = array("i")
        cnt = np.frombuffer(self._counts, np.int32) if n else np.zeros(0, np.int32)
        seq_ptr = np.zeros(n + 1, np.int64)
        np.cumsum(cnt, out=seq_ptr[1:])
        rec_of_tok = np.repeat(np.arange(n, dtype=np.int32), cnt)
        del cnt
        post_ptr, post_recs = _postings(seq, rec_of_tok, n, v)
        adj_keys, adj_ptr, adj_recs = _adjacent_pairs(seq, rec_of_tok, n, v)
        del rec_of_tok
        vocab = Vocabulary([vocab_raw[i] for i in order], np.diff(post_ptr))
        texts, norms = self._texts, self._norms
        if snapshot:
            texts, norms = list(texts), list(norms)
        index = SearchIndex(
            docs=list(self._doc_index), rec_doc=np.frombuffer(self._rec_doc, np.int32).copy(),
            starts=np.frombuffer(self._starts, np.int64).copy(),
            ends=np.frombuffer(self._ends, np.int64).copy(),
            kinds=np.frombuffer(self._kinds, np.int8).copy(), texts=texts, norms=norms,
            vocab=vocab, seq_ptr=seq_ptr, seq=seq, post_ptr=post_ptr, post_recs=post_recs,
            adj_keys=adj_keys, adj_ptr=adj_ptr, adj_recs=adj_recs, key=key)
        if not snapshot:
            self.__init__()
        return index


def _distinct_sorted(keys: np.ndarray) -> np.ndarray:
    """``keys`` (sorted) without repeats."""
    if len(keys) < 2:
        return keys
    keep = np.empty(len(keys), bool)
    keep[0] = True
    np.not_equal(keys[1:], keys[:-1], out=keep[1:])
    return keys[keep]


def _postings(seq: np.ndarray, rec_of_tok: np.ndarray, n: int, v: int):
    """Word id -> the sorted distinct records holding it, as CSR (pointers, records)."""
    post_ptr = np.zeros(v + 1, np.int64)
    if not len(seq):
        return post_ptr, np.zeros(0, np.int32)
    keys = seq.astype(np.int64)
    keys *= n
    keys += rec_of_tok
    keys.sort()
    keys = _distinct_sorted(keys)
    recs = np.empty(len(keys), np.int32)
    np.remainder(keys, n, out=recs, casting="unsafe")
    keys //= n
    np.cumsum(np.bincount(keys, minlength=v), out=post_ptr[1:])
    return post_ptr, recs


def _adjacent_pairs(seq: np.ndarray, rec_of_tok: np.ndarray, n: int, v: int):
    """The adjacent-word-pair index: sorted distinct keys (left × v + right), CSR pointers,
    and for each key the sorted records holding that pair."""
    if len(seq) < 2:
        return np.zeros(0, np.int64), np.zeros(1, np.int64), np.zeros(0, np.int32)
    same = rec_of_tok[1:] == rec_of_tok[:-1]
    keys = seq[:-1][same].astype(np.int64)
    keys *= v
    keys += seq[1:][same]
    recs = rec_of_tok[:-1][same]
    del same
    if v * v * max(n, 1) < 2 ** 62:
        keys *= n
        keys += recs
        del recs
        keys.sort()
        keys = _distinct_sorted(keys)
        recs = np.empty(len(keys), np.int32)
        np.remainder(keys, n, out=recs, casting="unsafe")
        keys //= n
    else:
        order = np.lexsort((recs, keys))
        keys, recs = keys[order], recs[order]
        keep = np.concatenate([[True], (keys[1:] != keys[:-1]) | (recs[1:] != recs[:-1])])
        keys, recs = keys[keep], recs[keep].astype(np.int32)
        del order, keep
    first = np.empty(len(keys), bool)
    if len(keys):
        first[0] = True
        np.not_equal(keys[1:], keys[:-1], out=first[1:])
    ptr = np.concatenate([np.flatnonzero(first), [len(keys)]]).astype(np.int64)
    return keys[first], ptr, recs
