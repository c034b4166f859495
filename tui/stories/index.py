"""A library's stories: grouping from scratch, from the cache, or one new article at a time.

``StoryIndex`` holds the feature matrix of the library's distinct texts (rows sorted by article
id, then text key, so the grouping never depends on the order articles came in), which story
each row is in, and the references (path, title, outlet, date) of every file with that text.

How a grouping is obtained (``_grouping``):
1. the cache holds this exact library (same texts, same code): read it, nothing else;
2. a cached entry shares most of its texts with the library (articles were added or removed
   since): its features are reused, only new articles are read, and -- when few articles are
   new since the last full grouping (at most ``INCREMENTAL_SHARE`` of the library) -- the
   cached stories are kept and each new article joins one (``StoryIndex.join``) instead of
   regrouping everything;
3. otherwise every article is read and the library is grouped in full (``group.group_matrix``).

The bound on joining (documented, and tested): a joined article never moves another article
and never merges or splits stories; it goes to the story whose mean similarity to it is
highest among those the batch rule would let it join (``group.Params``: at least ``merge_min``,
and at least ``join_ratio`` of the story's own mean unless ``strong_link``), with IDF over the
library as it now is; else it is a story of its own. A full grouping of the same library can
differ where the new article would have merged two stories, or where it changed which of two
close merges came first. Articles joined since the last full grouping are counted, and once
they pass ``INCREMENTAL_SHARE`` of the library the next grouping is a full one.
"""
from __future__ import annotations

import bisect
import hashlib
import threading
from typing import Callable, Iterable, Sequence

import numpy as np

from . import cache as _cache
from .features import ArticleFeatures, extract
from .group import (DEFAULT, KEY_STRIDE, Cancelled, Params, cosines, date_factor, group_matrix,
                    row_vector, unique_sorted, weigh)
from .matrix import NO_DAY, FeatureMatrix, Growable, _ranges
from .model import ArticleRef, Story, story_id

# Up to this share of a library may have joined incrementally since its last full grouping.
INCREMENTAL_SHARE = 0.1
# ``most_alike`` looks at most at this many texts of one story (pairs grow as its square).
MOST_ALIKE_ROWS = 200
# Below this many articles ``add`` weighs the whole library again (milliseconds) instead of
# leaving the others' IDF one article old: small libraries drift most.
EXACT_WEIGHTS_BELOW = 1000
_NEVER = 1 << 62

Progress = Callable[[int, int], None]


def text_key_of(article) -> str:
    """A hash of the article's exact text (``Article.text_key`` where the corpus has it)."""
    key = getattr(article, "text_key", None)
    if key:
        return key
    return hashlib.blake2b(article.text.encode("utf-8", "surrogatepass"),
                           digest_size=16).hexdigest()


def ref_of(article) -> ArticleRef:
    return ArticleRef(id=article.id, path=article.path, title=article.title,
                      outlet=article.outlet, date=article.date)


class StoryIndex:
    """The stories of one library (see the module doc). Read ``stories``; ask ``story_of``,
    ``story``, ``articles_of``; ``add`` an article as it arrives."""

    def __init__(self, matrix: FeatureMatrix, text_keys: list[str],
                 refs: list[list[ArticleRef]], labels: Sequence[int], *,
                 params: Params = DEFAULT, joined: int = 0, cache: bool = True,
                 build: bool = True):
        self.matrix = matrix
        self.text_keys = text_keys
        self.refs = refs
        # Story label of each row (a numpy array that ``add`` appends to without copying).
        self.labels = np.asarray(labels, np.int64).copy()
        self._growable = Growable()
        self.params = params
        self.joined = joined            # rows joined one by one since the last full grouping
        self.cache = cache
        self._vectors = None
        self._postings = None
        # Weighing runs once, in whichever thread asks first (``warm`` in a worker while the
        # UI may already call ``most_alike``): the other waits for it.
        self._weights_lock = threading.Lock()
        self._row_key_cache: dict[str, int] | None = None
        self._story_of_label: dict[int, Story] = {}
        self._label_of_story: dict[str, int] = {}
        self._key_of_label: dict[int, tuple] = {}
        self._sort_keys: list[tuple] = []
        if build:
            self._build_stories()

    # --- reading ---------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.stories)

    def story_of(self, article_id: str) -> Story | None:
        return self._by_article.get(article_id)

    def story(self, story_id_: str) -> Story | None:
        return self._by_id.get(story_id_)

    def articles_of(self, story_id_: str) -> tuple[ArticleRef, ...]:
        s = self._by_id.get(story_id_)
        return s.articles if s is not None else ()

    def to_json(self) -> list[dict]:
        return [s.to_json() for s in self.stories]

    def most_alike(self, story_id_: str, k: int = 4) -> list[ArticleRef]:
        """Up to ``k`` of the story's articles to read side by side: the two most alike (the
        grouping's similarity: cosine times the date factor), then each next the one most
        alike on average to those already chosen. One article per distinct text (a copy of a
        text at another path adds nothing to compare); at most ``MOST_ALIKE_ROWS`` texts of a
        big story are considered. Call ``warm()`` in the thread that built the index first
        when this runs in another: it then only reads."""
        label = self._label_of_story.get(story_id_)
        if label is None:
            return []
        rows = np.flatnonzero(self.labels == label)[:MOST_ALIKE_ROWS]
        if len(rows) < 2:
            return [self.refs[int(r)][0] for r in rows]
        v, _ = self._weights()
        a, b = np.triu_indices(len(rows), 1)
        sims = np.zeros((len(rows), len(rows)))
        sims[a, b] = cosines(v, rows[a], rows[b]) * date_factor(
            self.matrix.days[rows[a]], self.matrix.days[rows[b]], self.params)
        sims += sims.T
        first, second = divmod(int(np.argmax(np.triu(sims + 2.0, 1))), len(rows))
        chosen = [first, second]
        total = sims[first] + sims[second]
        while len(chosen) < min(k, len(rows)):
            total[chosen] = -np.inf
            nxt = int(np.argmax(total))
            chosen.append(nxt)
            total = total + sims[nxt]
        return [self.refs[int(rows[i])][0] for i in chosen[:k]]

    def warm(self) -> "StoryIndex":
        """Compute what ``most_alike`` and ``add`` need (the weighted vectors) now, so that a
        later call from another thread only reads them (one that comes while this runs waits
        for it)."""
        self._weights()
        return self

    # --- building --------------------------------------------------------------------------

    def _build_stories(self, only: set[int] | None = None) -> None:
        """Make the Story of every label (or only of the labels in ``only``, keeping the
        others) and keep them sorted: largest first, then the most recent, then by id."""
        m = self.matrix
        labels = self.labels
        if only is None:
            self._story_of_label = {}
            self._label_of_story = {}
            self._sort_keys: list[tuple] = []
            self.stories = []
            self._by_id, self._by_article = {}, {}
            rows_all = np.arange(len(labels))
        else:
            for label in only:
                self._drop_story(label)
            rows_all = np.flatnonzero(np.isin(labels, list(only)))
        rows_all = rows_all[labels[rows_all] >= 0]
        titles = representatives(m, rows_all, labels[rows_all])
        order = rows_all[np.argsort(labels[rows_all], kind="stable")]
        bounds = np.flatnonzero(np.diff(labels[order])) + 1
        made = []
        for rows in np.split(order, bounds) if len(order) else []:
            label = int(labels[rows[0]])
            refs = [r for row in rows.tolist() for r in self.refs[row]]
            refs.sort(key=lambda r: (r.date is None, r.date or "", r.id, r.path))
            title_row = titles[label]
            title = m.titles[title_row] or self.refs[title_row][0].title
            story = Story(id=story_id(r.id for r in refs), title=title, articles=tuple(refs))
            recency = int(m.days[rows].max())
            made.append(((-len(refs), -recency, story.id), label, story))
        if only is None:
            made.sort(key=lambda x: x[0])
            self._sort_keys = [k for k, _, _ in made]
            self.stories = [st for _, _, st in made]
            for _, label, story in made:
                self._story_of_label[label] = story
                self._label_of_story[story.id] = label
                self._by_id[story.id] = story
                for r in story.articles:
                    self._by_article[r.id] = story
            self._key_of_label = {label: k for k, label, _ in made}
            return
        for key, label, story in made:
            at = bisect.bisect_left(self._sort_keys, key)
            self._sort_keys.insert(at, key)
            self.stories.insert(at, story)
            self._story_of_label[label] = story
            self._label_of_story[story.id] = label
            self._key_of_label[label] = key
            self._by_id[story.id] = story
            for r in story.articles:
                self._by_article[r.id] = story

    def _drop_story(self, label: int) -> None:
        story = self._story_of_label.pop(label, None)
        if story is None:
            return
        key = self._key_of_label.pop(label)
        at = bisect.bisect_left(self._sort_keys, key)
        del self._sort_keys[at]
        del self.stories[at]
        self._by_id.pop(story.id, None)
        self._label_of_story.pop(story.id, None)
        for r in story.articles:
            if self._by_article.get(r.id) is story:
                del self._by_article[r.id]

    def _weights(self):
        if self._postings is None:
            with self._weights_lock:
                if self._postings is None:
                    v = weigh(self.matrix, self.params)
                    order = np.argsort(v.cols, kind="stable")
                    rows = np.repeat(np.arange(v.n, dtype=np.int64), np.diff(v.indptr))[order]
                    starts = np.searchsorted(v.cols[order], np.arange(v.n_cols + 1))
                    self._vectors = v
                    self._postings = (rows, starts, {})
        return self._vectors, self._postings

    def _append_row_vector(self) -> None:
        """Weigh the matrix's last row (just appended) into the vectors without weighing the
        others again: their IDF is left as it was, one article older (a drift of one document
        in the library's counts, which the next full grouping removes). Appends in place:
        nothing the size of the library is copied."""
        v, (_, _, extra) = self._weights()
        m, row = self.matrix, len(self.matrix) - 1
        grow = v.growable.append
        cols = m.cols[m.indptr[row]:m.indptr[row + 1]]
        if len(m.terms) > len(v.df):
            grow(v, "df", np.zeros(len(m.terms) - len(v.df), np.int64))
        v.df[cols] += 1
        rc, rw = row_vector(m, row, v.df, row + 1, self.params)
        v.n, v.n_cols = row + 1, len(m.terms)
        grow(v, "indptr", [v.indptr[-1] + len(rc)])
        grow(v, "cols", rc)
        grow(v, "weights", rw)
        grow(v, "keys", row * KEY_STRIDE + rc)
        for c in rc.tolist():
            extra.setdefault(c, []).append(row)

    def _candidates(self, row: int) -> np.ndarray:
        """Rows sharing with ``row`` a term of its vector held by at most ``block_cap`` others."""
        v, (post_rows, starts, extra) = self._weights()
        cap = self.params.block_cap
        pieces = []
        for c in v.cols[v.indptr[row]:v.indptr[row + 1]].tolist():
            lo, hi = (starts[c], starts[c + 1]) if c + 1 < len(starts) else (0, 0)
            more = extra.get(c, ())
            if 1 < hi - lo + len(more) <= cap + 1:
                pieces.append(post_rows[lo:hi])
                if more:
                    pieces.append(np.asarray(more, np.int64))
        if not pieces:
            return np.zeros(0, np.int64)
        cand = unique_sorted(np.concatenate(pieces))
        return cand[cand != row]

    def join(self, row: int, placed: np.ndarray | None = None) -> int:
        """Put ``row`` into the story the batch rule would let it join (module doc), or a new
        one; returns its label. ``placed``: rows that count as grouped (default: all others)."""
        p = self.params
        v, _ = self._weights()
        labels = self.labels
        if placed is None:
            placed = np.ones(len(labels), bool)
            placed[row] = False
        best = -1
        cand = self._candidates(row)
        cand = cand[placed[cand]]
        if len(cand):
            sims = cosines(v, np.full(len(cand), row, np.int64), cand) * date_factor(
                np.full(len(cand), self.matrix.days[row]), self.matrix.days[cand], p)
            sizes = np.bincount(labels[placed], minlength=labels.max() + 1)
            totals = np.bincount(labels[cand], sims, minlength=len(sizes))
            means = totals / np.maximum(sizes, 1)
            for label in np.argsort(-means, kind="stable").tolist():
                mean = means[label]
                if mean < p.merge_min:
                    break
                if mean >= p.strong_link or sizes[label] == 1 or mean >= p.join_ratio * \
                        self._cohesion(np.flatnonzero((labels == label) & placed)):
                    best = label
                    break
        if best < 0:
            best = int(labels.max(initial=-1)) + 1
        self.labels[row] = best
        return best

    def _cohesion(self, rows: np.ndarray) -> float:
        """Mean similarity of the pairs of ``rows`` (blocking aside: every pair counts)."""
        if len(rows) < 2:
            return 0.0
        v, _ = self._weights()
        a, b = np.triu_indices(len(rows), 1)
        a, b = rows[a], rows[b]
        sims = cosines(v, a, b) * date_factor(self.matrix.days[a], self.matrix.days[b],
                                              self.params)
        sims[sims < self.params.edge_min] = 0.0
        return float(sims.mean())

    def add(self, article) -> Story:
        """Add one article (a ``tui.corpus.Article``) and return its story. It joins a story
        without regrouping the library (module doc); the result is cached like a grouping."""
        key = text_key_of(article)
        ref = ref_of(article)
        if key in self._row_of_key():
            row = self._row_of_key()[key]
            if ref.path not in {r.path for r in self.refs[row]}:
                self.refs[row].append(ref)
                self._build_stories(only={int(self.labels[row])})
        elif len(self.labels) < EXACT_WEIGHTS_BELOW:
            # A small library's IDF moves a lot with one article (two documents' counts against
            # three): weigh it all again, so the article joins as a full grouping would see it.
            # Milliseconds at this size; other articles keep their stories either way.
            self.matrix.extend([extract(article)])
            self._vectors = self._postings = None
            self._append_new_row(key, ref)
        else:
            self._weights()
            self.matrix.extend([extract(article)])
            self._append_row_vector()
            self._append_new_row(key, ref)
        return self.story_of(ref.id)

    def _append_new_row(self, key: str, ref: ArticleRef) -> None:
        """Book-keeping for the matrix's new last row (its vector weighed): join it."""
        self.text_keys.append(key)
        self.refs.append([ref])
        self._growable.append(self, "labels", [-1])
        label = self.join(len(self.labels) - 1)
        self.joined += 1
        self._build_stories(only={label})
        if self._row_key_cache is not None:
            self._row_key_cache[key] = len(self.labels) - 1
        if self.cache:
            self.save()

    def _row_of_key(self) -> dict[str, int]:
        cached = self._row_key_cache
        if cached is None:
            cached = self._row_key_cache = {k: i for i, k in enumerate(self.text_keys)}
        return cached

    def save(self) -> None:
        if self.params != DEFAULT:
            return  # entries are only for the default parameters
        m = self.matrix.compact()
        _cache.store(_cache.library_key(self.text_keys), self.text_keys, m,
                     np.asarray(self.labels, np.int32),
                     {"rows": len(m), "terms": len(m.terms), "code": _cache.code_version(),
                      "joined": self.joined})


def representatives(m: FeatureMatrix, rows: np.ndarray, labels: np.ndarray) -> dict[int, int]:
    """For each label, the row whose headline best stands for the story: the one whose
    headline words most of the story's articles use (a mean over its words, so a long
    headline gains nothing by its length); rows without a headline come last; ties go to the
    earliest dated, then the first row. Vectorised over every story at once."""
    out: dict[int, int] = {}
    if len(rows) == 0:
        return out
    lengths = m.indptr[rows + 1] - m.indptr[rows]
    cells = _ranges(m.indptr[rows], lengths)
    cell_row = np.repeat(np.arange(len(rows)), lengths)          # position in ``rows``
    cell_label = labels[cell_row]
    key = cell_label.astype(np.int64) * KEY_STRIDE + m.cols[cells]
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]])
    run = np.diff(np.r_[starts, len(key)])
    shared = np.empty(len(key), np.float64)                        # members using the term
    shared[order] = np.repeat(run, run)
    size = np.bincount(labels - labels.min(), minlength=1)[labels - labels.min()]
    head = m.head[cells] > 0
    n_head = np.bincount(cell_row[head], minlength=len(rows))
    total = np.bincount(cell_row[head], shared[head], minlength=len(rows))
    score = np.where(n_head > 0, total / (size * np.sqrt(np.maximum(n_head, 1))), -1.0)
    days = m.days[rows].astype(np.int64)
    days = np.where(days == NO_DAY, _NEVER, days)
    order = np.lexsort((rows, days, -score, labels))
    first = np.r_[True, labels[order][1:] != labels[order][:-1]]
    for pos in order[first].tolist():
        out[int(labels[pos])] = int(rows[pos])
    return out


# --- entry points ---------------------------------------------------------------------------

class FeatureCollector:
    """Story features of articles as another reader parses them, so that grouping need not
    parse them again: give it to ``Library.scan(parsed=...)``, then to
    ``library_stories(features=...)``. It keeps features (counts over a shared vocabulary, a
    few kilobytes an article), never texts. Safe to fill from one thread while another reads.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._matrix = FeatureMatrix()
        self._row: dict[tuple[str, str], int] = {}

    def __call__(self, article) -> None:
        """Keep the features of one ``tui.corpus.Article``."""
        features = extract(article)
        with self._lock:
            self._matrix.extend([features])
            self._row[(article.path, article.id)] = len(self._matrix) - 1

    def __len__(self) -> int:
        return len(self._row)

    def get(self, path: str, article_id: str) -> ArticleFeatures | None:
        """The features of the article with this path and id (its content), if collected."""
        with self._lock:
            row = self._row.get((path, article_id))
            return None if row is None else self._matrix.features(row)


def group_articles(articles: Iterable, *, progress: Progress | None = None,
                   cancelled: Callable[[], bool] | None = None, cache: bool = True,
                   full: bool = False, params: Params = DEFAULT) -> StoryIndex | None:
    """Stories of parsed ``tui.corpus.Article`` objects. None if ``cancelled()`` turned true.
    ``full``: group from scratch (cached features are still used), not from a cached
    grouping or by joining new articles to it."""
    items = []
    for a in articles:
        items.append((text_key_of(a), ref_of(a), a))
    return _grouping(items, lambda a: extract(a), progress=progress, cancelled=cancelled,
                     cache=cache, full=full, params=params)


def library_stories(library, *, progress: Progress | None = None,
                    cancelled: Callable[[], bool] | None = None, cache: bool = True,
                    full: bool = False, params: Params = DEFAULT,
                    features: FeatureCollector | None = None) -> StoryIndex | None:
    """Stories of a scanned ``tui.corpus.Library`` (call ``scan()`` first). Only articles
    whose features are not cached are read, so a library seen before is grouped without
    opening its files; nor are those whose features ``features`` collected while the scan
    parsed them (a first start). ``progress(done, total)`` counts articles read; files that
    cannot be read any more are left out and reported in ``library.errors``. None if
    cancelled. ``full`` as in ``group_articles``."""
    from tui.corpus import LoadError, read_article

    items = []
    for info in library.infos:
        key = getattr(info, "text_key", "") or f"{info.id}:{info.size}:{info.mtime_ns}"
        items.append((key, ArticleRef(id=info.id, path=info.path, title=info.title,
                                      outlet=info.outlet, date=info.date), info))

    def features_of(info) -> ArticleFeatures | None:
        if features is not None:
            collected = features.get(info.path, info.id)
            if collected is not None:
                return collected
        try:
            return extract(read_article(info.path))
        except LoadError as e:
            library.errors.append(str(e))
            return None

    return _grouping(items, features_of, progress=progress, cancelled=cancelled, cache=cache,
                     full=full, params=params)


def _grouping(items, features_of, *, progress, cancelled, cache, full, params
              ) -> StoryIndex | None:
    try:
        return _grouping_or_raise(items, features_of, progress, cancelled,
                                  cache and params == DEFAULT, full, params)
    except Cancelled:
        return None


def _grouping_or_raise(items, features_of, progress, cancelled, cache, full, params
                       ) -> StoryIndex:
    # One row per distinct text, in a canonical order; every file of that text is a ref.
    by_key: dict[str, tuple[ArticleRef, list[ArticleRef], object]] = {}
    for key, ref, source in items:
        hit = by_key.get(key)
        if hit is None:
            by_key[key] = (ref, [ref], source)
        elif all(r.path != ref.path for r in hit[1]):
            hit[1].append(ref)
    keys = sorted(by_key, key=lambda k: (by_key[k][0].id, k))

    known_keys: list[str] = []
    known: FeatureMatrix | None = None
    known_labels = None
    joined = 0
    exact_hit = False
    if cache and keys:
        exact = _cache.library_key(keys)
        entry = _cache.load(_cache.cache_dir() / f"{exact}.npz")
        if entry is not None and sorted(entry[0]) == sorted(keys):
            exact_hit = True
        else:
            # The cached library sharing the most texts with this one (this library before
            # some articles were added or removed, usually).
            wanted = set(keys)
            best, best_overlap = None, 0
            for path in _cache.entries():
                e_keys = _cache.peek_keys(path)
                overlap = sum(1 for k in e_keys if k in wanted) if e_keys else 0
                if overlap > best_overlap:
                    best, best_overlap = path, overlap
            entry = _cache.load(best) if best is not None else None
        if entry is not None:
            known_keys, known, known_labels, meta = entry
            joined = int(meta.get("joined", 0))

    row_in_known = {k: i for i, k in enumerate(known_keys)}
    missing = [k for k in keys if k not in row_in_known]
    features: dict[str, ArticleFeatures] = {}
    for n, k in enumerate(missing):
        if progress is not None and n % 50 == 0:
            progress(n, len(missing))
        if cancelled is not None and n % 50 == 0 and cancelled():
            raise Cancelled
        found = features_of(by_key[k][2])
        if found is not None:
            features[k] = found
    if progress is not None:
        progress(len(missing), len(missing))
    keys = [k for k in keys if k in row_in_known or k in features]

    matrix = known if known is not None else FeatureMatrix()
    base = len(matrix)
    new_keys = [k for k in keys if k in features]
    matrix.extend([features[k] for k in new_keys])
    source_row = {k: row_in_known[k] for k in keys if k in row_in_known}
    source_row.update({k: base + i for i, k in enumerate(new_keys)})
    matrix = matrix.select([source_row[k] for k in keys])
    for row, k in enumerate(keys):   # the library's metadata wins over the cached copy
        ref = by_key[k][0]
        matrix.ids[row] = ref.id
        if not matrix.titles[row]:
            matrix.titles[row] = ref.title
        matrix.outlets[row] = ref.outlet
    refs = [list(by_key[k][1]) for k in keys]

    incremental = (not full and known_labels is not None and len(new_keys) < len(keys)
                   and (exact_hit or joined + len(new_keys) <= INCREMENTAL_SHARE * len(keys)))
    if incremental:
        labels = [int(known_labels[row_in_known[k]]) if k in row_in_known else -1 for k in keys]
        index = StoryIndex(matrix, keys, refs, labels, params=params,
                           joined=joined + len(new_keys), cache=cache, build=False)
        placed = np.array([x >= 0 for x in labels])
        for row in np.flatnonzero(~placed).tolist():
            if cancelled is not None and cancelled():
                raise Cancelled
            index.join(row, placed)
            placed[row] = True
        index._build_stories()
    else:
        groups = group_matrix(matrix, params, cancelled)
        labels = [0] * len(keys)
        for g, rows in enumerate(groups):
            for r in rows:
                labels[r] = g
        index = StoryIndex(matrix, keys, refs, labels, params=params, joined=0, cache=cache)
    if cache and (full or not exact_hit):
        index.save()
    return index
