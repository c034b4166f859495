"""Stories layer (tui/stories): grouping articles by the event they report."""
from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SEED_000, SEED_002, SEED_003
from tests.stories_library import ARTICLES, write_library
from tests.unit.stories_reference import agglomerate_one_by_one
from tui.corpus import parse_article, read_article
from tui.corpus.library import Library
from tui.stories import FeatureCollector, StoryIndex, group_articles, library_stories
from tui.stories import cache as stories_cache
from tui.stories import index as stories_index
from tui.stories.features import extract
from tui.stories.group import DEFAULT, _pairs_within, agglomerate, date_factor, date_window
from tui.stories.matrix import NO_DAY, FeatureMatrix

ROOT = Path(__file__).resolve().parents[2]


def partition(index: StoryIndex) -> set[frozenset[str]]:
    return {frozenset(a.path for a in s.articles) for s in index.stories}


def truth_partition(truth: dict[str, str]) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = {}
    for path, key in truth.items():
        groups.setdefault(key, set()).add(path)
    return {frozenset(g) for g in groups.values()}


# --- hand-written libraries -------------------------------------------------------------------

def test_seeds_one_interview_one_story_the_other_interview_another():
    index = group_articles([read_article(p) for p in (SEED_000, SEED_002, SEED_003)],
                           cache=False)
    assert partition(index) == {frozenset({str(SEED_000), str(SEED_002)}),
                                frozenset({str(SEED_003)})}
    assert [len(s) for s in index.stories] == [2, 1]  # largest first
    # The headline, not the first sentence the corpus falls back to for the headline-less 002.
    assert index.stories[0].title == read_article(SEED_000).title


def test_city_library_groups_each_event_and_never_two_events(tmp_path):
    truth = write_library(tmp_path / "lib")
    index = group_articles([read_article(p) for p in truth], cache=False)
    assert partition(index) == truth_partition(truth)
    for story in index.stories:
        assert len({truth[a.path] for a in story.articles}) == 1


def test_city_library_without_dates_still_keeps_the_follow_up_apart():
    # The bridge vote and the delay two weeks later share the bridge, the contractor, the mayor
    # and the council president; without dates only their words tell them apart.
    articles, truth = [], {}
    for key, items in ARTICLES.items():
        for name, text in items:
            articles.append(parse_article(re.sub(r"^date \S+\n\n", "", text).encode(), name))
            truth[name] = key
    assert all(a.date is None for a in articles)
    index = group_articles(articles, cache=False)
    assert partition(index) == truth_partition(truth)


def test_story_ids_titles_and_lookups(tmp_path):
    truth = write_library(tmp_path / "lib")
    articles = [read_article(p) for p in truth]
    index = group_articles(articles, cache=False)
    by_path = {a.path: a for a in articles}
    for story in index.stories:
        ids = [a.id for a in story.articles]
        assert story.id == "s-" + min(ids)
        assert story.title in {by_path[a.path].title for a in story.articles}
        assert index.story(story.id) is story
        assert index.articles_of(story.id) == story.articles
        for a in story.articles:
            assert index.story_of(a.id) is story
        dates = [a.date for a in story.articles]
        assert dates == sorted(dates)
    assert index.story("s-nope") is None and index.articles_of("s-nope") == ()
    assert index.story_of("nope") is None
    vote = index.story_of(by_path[str(tmp_path / "lib" / "gazette-bridge-vote.txt")].id)
    # The headline using most of the words the three reports share.
    assert vote.title == "Council approves $4.2 million repair of Kessler Bridge"
    assert vote.first_date == "2024-03-04" and vote.last_date == "2024-03-05"
    assert set(vote.outlets) >= {"Courier"}


def test_same_text_at_two_paths_is_one_article_listed_twice(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "copy" / "a.txt"
    b.parent.mkdir()
    a.write_text(ARTICLES["budget"][0][1], encoding="utf-8")
    b.write_text(ARTICLES["budget"][0][1], encoding="utf-8")
    index = group_articles([read_article(a), read_article(b)], cache=False)
    assert len(index.stories) == 1
    assert {r.path for r in index.stories[0].articles} == {str(a), str(b)}


def test_empty_library_and_an_article_with_no_content_words():
    assert group_articles([], cache=False).stories == []
    odd = parse_article(b"The and of to.\n\nIt is what it was.", "odd.txt")
    index = group_articles([odd, read_article(SEED_003)], cache=False)
    assert sorted(len(s) for s in index.stories) == [1, 1]


# --- progress, cancel, cache --------------------------------------------------------------------

def test_progress_reaches_total_and_cancel_returns_none(tmp_path):
    truth = write_library(tmp_path / "lib")
    articles = [read_article(p) for p in truth]
    seen = []
    assert group_articles(articles, progress=lambda d, t: seen.append((d, t))) is not None
    assert seen[-1] == (len(articles), len(articles))
    assert group_articles(articles, cancelled=lambda: True, cache=False) is None


def test_cached_grouping_is_read_without_extracting_again(tmp_path, monkeypatch):
    truth = write_library(tmp_path / "lib")
    articles = [read_article(p) for p in truth]
    first = group_articles(articles)
    assert list(stories_cache.cache_dir().glob("*.npz"))

    def boom(_):
        raise AssertionError("features extracted although cached")

    monkeypatch.setattr(stories_index, "extract", boom)
    again = group_articles(list(reversed(articles)))
    assert [s.to_json() for s in again.stories] == [s.to_json() for s in first.stories]
    # A full regrouping from the cached features reads no article either.
    full = group_articles(articles, full=True)
    assert partition(full) == partition(first)


def test_changed_text_is_grouped_again_and_damaged_cache_is_ignored(tmp_path):
    truth = write_library(tmp_path / "lib")
    paths = list(truth)
    group_articles([read_article(p) for p in paths])
    for f in stories_cache.cache_dir().glob("*.npz"):
        f.write_bytes(b"not a zip file")
    index = group_articles([read_article(p) for p in paths])
    assert partition(index) == truth_partition(truth)
    # One character changed: a new key, and the article is read again.
    p = Path(paths[0])
    p.write_text(p.read_text(encoding="utf-8").replace("Monday", "Monday,"), encoding="utf-8")
    index = group_articles([read_article(p) for p in paths])
    assert partition(index) == truth_partition(truth)


def test_new_article_joins_its_story_from_the_cached_grouping(tmp_path, monkeypatch):
    truth = write_library(tmp_path / "lib")
    late = str(tmp_path / "lib" / "channel7-fire.txt")
    early = [read_article(p) for p in truth if p != late]
    group_articles(early)
    extracted = []
    real_extract = stories_index.extract
    monkeypatch.setattr(stories_index, "extract",
                        lambda a: extracted.append(a.path) or real_extract(a))
    index = group_articles(early + [read_article(late)])
    assert extracted == [late]            # only the new article was read for features
    assert index.joined == 1              # it joined; nothing was regrouped
    assert partition(index) == truth_partition(truth)


def test_removed_article_leaves_its_story_without_reading_anything(tmp_path, monkeypatch):
    truth = write_library(tmp_path / "lib")
    articles = [read_article(p) for p in truth]
    group_articles(articles)
    gone = str(tmp_path / "lib" / "gazette-fire.txt")
    monkeypatch.setattr(stories_index, "extract", lambda a: pytest.fail("read again"))
    index = group_articles([a for a in articles if a.path != gone])
    del truth[gone]
    assert partition(index) == truth_partition(truth)


def test_add_joins_the_right_story_and_moves_nothing_else(tmp_path):
    truth = write_library(tmp_path / "lib")
    paths = list(truth)
    late = [p for p in paths if p.endswith(("gazette-budget.txt", "courier-library.txt"))]
    index = group_articles([read_article(p) for p in paths if p not in late], cache=False)
    before = partition(index)
    story = index.add(read_article(late[0]))
    assert {truth[a.path] for a in story.articles} == {truth[late[0]]}
    assert len(story) == 3
    story = index.add(read_article(late[1]))
    assert len(story) == 1
    after = partition(index)
    for group in before:
        assert any(group <= g for g in after)
    assert after == truth_partition(truth)


def test_library_entry_point_reports_files_gone_since_the_scan(tmp_path):
    truth = write_library(tmp_path / "lib")
    library = Library([str(tmp_path / "lib")], cache_dir=tmp_path / "idx")
    library.scan()
    gone = next(iter(truth))
    Path(gone).unlink()
    index = library_stories(library)
    listed = {a.path for s in index.stories for a in s.articles}
    assert gone not in listed and len(listed) == len(truth) - 1
    assert any(gone in e for e in library.errors)


# --- invariants (hypothesis) ---------------------------------------------------------------------

FIRST = ["Alma", "Boris", "Celia", "Dario", "Edith", "Farid", "Greta", "Hugo", "Ines", "Jonas",
         "Kiri", "Lotte", "Milan", "Nadia", "Oskar", "Petra", "Quinn", "Rafa", "Sanna", "Timo"]
LAST = ["Abbott", "Brandt", "Castell", "Dorsey", "Eklund", "Fenwick", "Gallo", "Hargrove",
        "Iverson", "Jessup", "Kovac", "Lindqvist", "Moreau", "Novak", "Orsini", "Pruitt",
        "Quist", "Rasmussen", "Sorensen", "Tolliver"]
PLACES = ["Alder", "Birch", "Cobble", "Dover", "Ember", "Flint", "Garnet", "Heron", "Ivory",
          "Juniper", "Kestrel", "Linden", "Marlow", "Nettle", "Osprey", "Pewter"]
# What an event is about: each event draws words of its own from here.
NOUNS = """anchor bakery cabin dagger fabric garden harbor jacket kettle ladder magnet orchard
paddle quarry rocket saddle tablet umbrella wagon zipper acorn canyon dentist engine falcon
glacier hammer jungle kiosk lantern meadow needle oyster pepper quilt ribbon sponge tunnel violin
walnut pillow mirror candle basket bottle carpet castle cattle cellar cement chapel cheese cherry
chimney circus closet coffee cookie copper cotton cradle crystal curtain cushion diamond donkey
dragon drawer feather fiddle flower fountain funnel garage garlic giraffe goblet guitar helmet
hornet kennel kitten lemon lizard lobster locket marble mitten monkey muffin mushroom nectar
noodle olive onion otter parrot peanut pebble pencil pickle pigeon pirate planet pocket potato
pumpkin puppet rabbit radish raisin salmon sandal scooter shovel spider statue tractor trumpet
turkey turnip velvet wallet window wizard""".split()
TEMPLATES = [
    "{person} said the {w1} and the {w2} at {place} would be replaced by {day}.",
    "The {w3} cost {money}, and {n1} {w4} were found near the {w5}.",
    "According to {person}, the {w6} of {place} had never held {n2} {w1} before.",
    "A {w2} and a {w5} were taken from the {w3} on {day}, {person} told the {w6} committee.",
    "Workers moved {n1} {w4} to the {place} {w6}.",
    "Nobody expected {money} for a {w5} with {n2} {w2}, {person} admitted.",
    "By {day} the {w6} at {place} was full of {w3} and {w4}.",
]
CITY = ["Mayor Ellen Ward and Council President Dana Fisk were told on {day}.",
        "City officials said the council would discuss the matter again next month."]


@st.composite
def libraries(draw):
    """2 to 6 events in one city, each with its own words, names and numbers, reported by 1
    to 3 outlets that pick and order its sentences differently; the mayor and the council
    president appear in most articles of every event."""
    n_events = draw(st.integers(2, 6))
    rng = random.Random(draw(st.integers(0, 10 ** 6)))
    people = rng.sample([f"{f} {s}" for f in FIRST for s in LAST], n_events)
    places = rng.sample(PLACES, n_events)
    words = rng.sample(NOUNS, 6 * n_events)
    articles, truth = [], {}
    for e in range(n_events):
        slots = dict(person=people[e], place=places[e],
                     n1=rng.randint(100, 999), n2=rng.randint(1000, 9999),
                     money=f"${rng.randint(10, 99)}.{rng.randint(1, 9)} million",
                     day=rng.choice(["Monday", "Tuesday", "Friday"]),
                     **{f"w{i + 1}": words[6 * e + i] for i in range(6)})
        date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 20):02d}"
        for o in range(draw(st.integers(1, 3))):
            lines = rng.sample(TEMPLATES, rng.randint(4, len(TEMPLATES)))
            lines += rng.sample(CITY, rng.randint(0, len(CITY)))
            rng.shuffle(lines)
            body = "\n\n".join(t.format(**slots) for t in lines)
            headline = rng.choice(["{person} and the {w1} of {place}",
                                   "{place} {w3} costs {money}",
                                   "{n1} {w4} moved to {place}"]).format(**slots)
            text = f"date {date}\n\n{headline}\n\n{body}\n"
            name = f"e{e}-o{o}.txt"
            articles.append(parse_article(text.encode(), name))
            truth[name] = f"e{e}"
    return articles, truth


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(libraries(), st.randoms(use_true_random=False))
def test_every_article_in_exactly_one_story_whatever_the_order(lib, rnd):
    articles, truth = lib
    index = group_articles(articles, cache=False)
    listed = [a.path for s in index.stories for a in s.articles]
    assert sorted(listed) == sorted(a.path for a in articles)
    assert len({s.id for s in index.stories}) == len(index.stories)
    shuffled = list(articles)
    rnd.shuffle(shuffled)
    again = group_articles(shuffled, cache=False)
    assert [s.to_json() for s in again.stories] == [s.to_json() for s in index.stories]
    sizes = [len(s) for s in index.stories]
    assert sizes == sorted(sizes, reverse=True)
    # Events with names and numbers of their own are told apart exactly.
    assert partition(index) == truth_partition(truth)


@FAST
@given(libraries(), st.integers(1, 4))
def test_joining_one_by_one_equals_the_full_grouping_and_moves_nothing(lib, late_count):
    articles, truth = lib
    late_count = min(late_count, len(articles) - 1)
    early, late = articles[:-late_count], articles[-late_count:]
    index = group_articles(early, cache=False)
    for a in late:
        before = partition(index)
        index.add(a)
        after = partition(index)
        # The bound: a joined article never moves another one.
        for group in before:
            assert sum(1 for g in after if group <= g) == 1
            assert any(g - group <= {a.path} and group <= g for g in after)
    # And on libraries whose events are told apart this well, joining equals regrouping.
    assert partition(index) == partition(group_articles(articles, cache=False))


# --- CLI -----------------------------------------------------------------------------------------

def run_cli(*args, env_extra=None, cwd=ROOT):
    import os

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "tui", *args], capture_output=True, text=True,
                          env=env, cwd=cwd)


def test_cli_stories_json_shape_largest_first():
    p = run_cli("stories", "seeds", "--json")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert [len(s["articles"]) for s in data] == [2, 1]
    for story in data:
        assert set(story) >= {"id", "title", "articles"}
        assert story["id"].startswith("s-")
        for a in story["articles"]:
            assert set(a) >= {"path", "id", "title", "outlet", "date"}
            assert a["date"] is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", a["date"])
    names = [{Path(a["path"]).name[:3] for a in s["articles"]} for s in data]
    assert names == [{"000", "002"}, {"003"}]
    assert data[0]["id"] == "s-" + min(a["id"] for a in data[0]["articles"])


def test_cli_stories_text_listing_and_bad_path(tmp_path):
    write_library(tmp_path / "lib")
    p = run_cli("stories", str(tmp_path / "lib"))
    assert p.returncode == 0, p.stderr
    blocks = [b for b in p.stdout.strip().split("\n\n") if b]
    assert len(blocks) == 5
    assert "(3 articles, 2024-03-04 – 2024-03-05)" in p.stdout
    assert "[s-" in blocks[0]
    bad = run_cli("stories", str(tmp_path / "missing"))
    assert bad.returncode != 0
    assert bad.stderr.strip().startswith("synoptic:") and "Traceback" not in bad.stderr


# --- the clustering in rounds, pairs within the date window, appends in place -------------------

@st.composite
def weighted_graphs(draw):
    """Random pairs with distinct similarities (no two means tie) around the thresholds."""
    n = draw(st.integers(2, 40))
    rng = np.random.default_rng(draw(st.integers(0, 2 ** 32 - 1)))
    k = draw(st.integers(1, 6 * n))
    a, b = rng.integers(0, n, k), rng.integers(0, n, k)
    keep = a != b
    codes = np.unique(np.minimum(a[keep], b[keep]) * n + np.maximum(a[keep], b[keep]))
    s = rng.uniform(0.1, 0.7, len(codes))
    return n, codes // n, codes % n, s


@settings(max_examples=300, deadline=None)
@given(weighted_graphs())
def test_clustering_in_rounds_equals_merging_one_pair_at_a_time(graph):
    n, a, b, s = graph
    rounds = {frozenset(g) for g in agglomerate(n, a, b, s)}
    assert rounds == {frozenset(g) for g in agglomerate_one_by_one(n, a, b, s)}
    assert sorted(i for g in rounds for i in g) == list(range(n))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 30), st.booleans()), min_size=0,
                max_size=60), st.integers(0, 10))
def test_pairs_within_a_term_are_those_close_in_date_or_undated(cells, window):
    # cells: (term, row, dated); row r is dated day 1000 + 3 * r.
    cells = sorted({(t, r): d for t, r, d in cells}.items())
    n = 31
    days = np.array([1000 + 3 * r for r in range(n)], np.int32)
    for (t, r), dated in cells:
        if not dated:
            days[r] = NO_DAY
    groups = np.array([t for (t, _), _ in cells], np.int64)
    members = np.array([r for (_, r), _ in cells], np.int64)
    got = _pairs_within(groups, members, n, 4, days, window) if cells else np.zeros(0)
    want = set()
    for t in set(groups.tolist()):
        rows = sorted(members[groups == t].tolist())
        if not 2 <= len(rows) <= 4:
            continue
        for i, x in enumerate(rows):
            for y in rows[i + 1:]:
                if NO_DAY in (days[x], days[y]) or abs(int(days[x]) - int(days[y])) <= window:
                    want.add(x * n + y)
    assert sorted(got.tolist()) == sorted(want)


def test_the_date_window_is_where_the_date_factor_falls_below_edge_min():
    w = date_window(DEFAULT)
    f = date_factor(np.array([0, 0]), np.array([w, w + 1]), DEFAULT)
    assert f[0] >= DEFAULT.edge_min > f[1]


def test_rows_appended_one_at_a_time_equal_one_build_and_earlier_views_stay(tmp_path):
    truth = write_library(tmp_path / "lib")
    features = [extract(read_article(p)) for p in truth]
    whole = FeatureMatrix.build(features)
    grown = FeatureMatrix()
    views = []
    for f in features:
        grown.extend([f])
        views.append((len(grown), grown.cols, grown.indptr))
    for name in ("indptr", "cols", "body", "head", "flags", "days"):
        assert np.array_equal(getattr(grown, name), getattr(whole, name)), name
    # A view handed out earlier still shows the rows it had, and shares the buffer.
    rows, cols, indptr = views[3]
    assert len(indptr) == rows + 1 and np.array_equal(cols, whole.cols[:len(cols)])
    assert np.shares_memory(views[-2][1], grown.cols)
    assert [grown.features(i) for i in range(len(grown))] == features


def test_add_appends_in_place_instead_of_copying_the_library(tmp_path, monkeypatch):
    import tui.stories.index as story_index

    # The in-place path is the one a big library takes (a small one is weighed again).
    monkeypatch.setattr(story_index, "EXACT_WEIGHTS_BELOW", 0)
    truth = write_library(tmp_path / "lib")
    paths = list(truth)
    index = group_articles([read_article(p) for p in paths[:-3]], cache=False).warm()
    index.add(read_article(paths[-3]))      # the first add makes room to spare
    cols, weights, labels = index.matrix.cols, index._vectors.weights, index.labels
    index.add(read_article(paths[-2]))
    assert np.shares_memory(cols, index.matrix.cols)
    assert np.shares_memory(weights, index._vectors.weights)
    assert np.shares_memory(labels, index.labels)
    assert partition(index) == partition(group_articles(
        [read_article(p) for p in paths[:-1]], cache=False))


def test_most_alike_starts_with_the_closest_pair_one_per_text(tmp_path):
    truth = write_library(tmp_path / "lib")
    articles = [read_article(p) for p in truth]
    index = group_articles(articles, cache=False)
    by_path = {a.path: a for a in articles}
    vote = index.story_of(by_path[str(tmp_path / "lib" / "gazette-bridge-vote.txt")].id)
    alike = index.most_alike(vote.id)
    assert sorted(r.id for r in alike) == sorted(r.id for r in vote.articles)
    assert len(index.most_alike(vote.id, 2)) == 2
    # The first two are the pair the grouping finds most alike.
    from tui.stories.group import cosines

    v, _ = index._weights()
    rows = {k: i for i, k in enumerate(index.matrix.ids)}
    r = [rows[a.id] for a in vote.articles]
    pairs = [(x, y) for i, x in enumerate(r) for y in r[i + 1:]]
    sims = cosines(v, np.array([x for x, _ in pairs]), np.array([y for _, y in pairs]))
    best = pairs[int(np.argmax(sims))]
    assert {rows[a.id] for a in alike[:2]} == set(best)
    lone = index.story_of(by_path[str(tmp_path / "lib" / "courier-library.txt")].id)
    assert [r.path for r in index.most_alike(lone.id)] == [str(tmp_path / "lib" /
                                                           "courier-library.txt")]
    assert index.most_alike("s-nope") == []


def test_scan_hands_its_parsed_articles_to_the_grouping(tmp_path, monkeypatch):
    from tui.corpus import library as library_module

    # As if the files were written long ago (a file written within RACY_NS of being indexed
    # is parsed again by the next scan).
    monkeypatch.setattr(library_module, "RACY_NS", 0)
    truth = write_library(tmp_path / "lib")
    library = Library([str(tmp_path / "lib")], cache_dir=tmp_path / "idx")
    collected = FeatureCollector()
    library.scan(parsed=collected)
    assert len(collected) == len(truth)
    import tui.corpus

    monkeypatch.setattr(tui.corpus, "read_article", lambda *a: pytest.fail("parsed again"))
    index = library_stories(library, features=collected, cache=False)
    assert partition(index) == truth_partition(truth)
    # A second scan parses nothing (the index is warm): nothing collected, nothing needed.
    again = FeatureCollector()
    Library([str(tmp_path / "lib")], cache_dir=tmp_path / "idx").scan(parsed=again)
    assert len(again) == 0
