"""The compare view on long articles: the first window of links at once, then the whole
alignment, which must be what ``synoptic align --unit sentence`` prints even where an outlet
moved a passage further than a window."""
from __future__ import annotations

import json
import random
import threading
from pathlib import Path

from tests.app.helpers import screen_text
from tui.align import align_pair
from tui.align.incremental import IncrementalAlignment
from tui.app import compare_screen
from tui.app.compare_screen import CompareScreen
from tui.app.whole_alignment import cache_whole
from tui.cli import main
from tui.corpus import read_article

SYLLABLES = "ka lo mi ren tas vo dun pe shi gor bel tra nu fe zal".split()
MOVED = range(10, 13)  # paragraphs the second outlet moved to near its end


def moved_pair(tmp_path: Path, paragraphs: int = compare_screen.INCREMENTAL_ABOVE + 80
               ) -> tuple[Path, Path]:
    """A long report and an edited copy that moved three early paragraphs to near the end
    (much further than a window of the incremental alignment) and reworded a few."""
    rng = random.Random(11)
    words = ["".join(rng.choice(SYLLABLES) for _ in range(3)) for _ in range(2500)]
    left = []
    for i in range(paragraphs):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(14, 30))).capitalize()
        left.append(f"{text} (item {i}).")
    right = [p for i, p in enumerate(left) if i not in MOVED]
    right[-5:-5] = [left[i] for i in MOVED]
    for i in range(20, len(right), 37):
        right[i] = right[i].replace(right[i].split()[2], "reworded", 1)
    a, b = tmp_path / "long_left.txt", tmp_path / "long_right.txt"
    a.write_text("Long report\n\n" + "\n\n".join(left) + "\n", encoding="utf-8")
    b.write_text("Long report\n\n" + "\n\n".join(right) + "\n", encoding="utf-8")
    return a, b


def link_texts(alignment, left_article, right_article) -> list[tuple[str, str]]:
    return sorted((" ".join(left_article.text[s.start:s.end]
                            for s in (alignment.left_units[u] for u in k.left)),
                   " ".join(right_article.text[s.start:s.end]
                            for s in (alignment.right_units[u] for u in k.right)))
                  for k in alignment.links if k.left and k.right)


def cli_link_texts(capsys, a: Path, b: Path) -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["align", str(a), str(b), "--unit", "sentence", "--json", "--no-cache",
                 "--no-corrections"]) == 0
    data = json.loads(capsys.readouterr().out)
    return sorted((" ".join(s["text"] for s in k["left"]), " ".join(s["text"] for s in k["right"]))
                  for k in data["links"] if k["left"] and k["right"])


def test_windows_alone_miss_the_moved_paragraphs(tmp_path):
    """What the whole alignment is there for (else the app test below could not fail)."""
    a, b = (read_article(p) for p in moved_pair(tmp_path))
    work = IncrementalAlignment(a, b, "sentence")
    while work.step():
        pass
    whole = align_pair(a, b, "sentence", use_cache=False)
    windows = link_texts(work.alignment(), a, b)
    linked = link_texts(whole, a, b)
    moved = [f"(item {i})." for i in MOVED]
    assert all(any(m in left for left, _ in linked) for m in moved)
    assert not all(any(m in left for left, _ in windows) for m in moved)


async def test_the_app_ends_with_the_links_synoptic_align_prints(launch, tmp_path, capsys):
    a, b = moved_pair(tmp_path)
    expected = cli_link_texts(capsys, a, b)
    async with launch([a, b], size=(120, 30), compare=(str(a), str(b))) as (app, pilot):
        first = None
        for _ in range(30000):  # the whole alignment takes seconds on a loaded machine
            await pilot.pause(0.01)
            screen = app.screen
            if not isinstance(screen, CompareScreen) or screen.alignment_index is None:
                continue
            if first is None:
                first = screen.alignment_index
                if not first.done:  # the first window: links at once, the whole after it
                    assert "aligning the whole" in screen.status_text
                    assert "linked)" in screen.status_text
            if not screen.aligning:
                break
        index = screen.alignment_index
        assert index.done and not screen.aligning
        assert "aligning" not in screen.status_text
        left, right = index.articles
        shown = link_texts(index.alignment, left, right)
        if Path(left.path).name != a.name:
            shown = sorted((r, lt) for lt, r in shown)
        assert shown == expected
        # the moved paragraphs are linked in the app too, and the view still reads
        await pilot.press("G")
        assert "(item" in screen_text(app)


def test_cache_whole_fills_the_cache_and_stops_when_cancelled(tmp_path):
    a, b = (read_article(p) for p in moved_pair(tmp_path))
    cancel = threading.Event()
    cancel.set()
    assert cache_whole(a, b, "sentence", cancel) is False
    assert cache_whole(a, b, "sentence", threading.Event()) is True
    from tui.align import cache

    assert any(cache.cache_dir().rglob("*.json"))
    assert link_texts(align_pair(a, b, "sentence"), a, b) == \
        link_texts(align_pair(a, b, "sentence", use_cache=False), a, b)


async def test_two_different_stories_say_they_have_no_passage_in_common(launch):
    """002 (CNN's interview) against 003 (another interview, Vice): no links, and the status
    line says so rather than only counting two differences."""
    from tests.app.helpers import compare_ready
    from tests.conftest import SEED_000, SEED_002, SEED_003

    async with launch([SEED_002, SEED_003], size=(120, 30),
                      compare=(str(SEED_002), str(SEED_003))) as (app, pilot):
        screen = await compare_ready(pilot)
        assert not screen.alignment_index.links
        await pilot.press("j", "j")
        assert "no passage in common" in screen.status_text
    async with launch([SEED_000, SEED_002], size=(120, 30),
                      compare=(str(SEED_000), str(SEED_002))) as (app, pilot):
        screen = await compare_ready(pilot)
        await pilot.press("j", "j")
        assert screen.alignment_index.links
        assert "no passage in common" not in screen.status_text
