"""Compare screen under Pilot: sentence links drawn inside paragraphs, columns kept level, keys,
differences, corrections that last and agree with the CLI, three columns, odd inputs.

The app is built the way ``synoptic compare A B [C]`` builds it (SynopticApp with
``compare=``), so these tests also cover the path from the command line to the screen. What is
asserted is what the widget draws (its ``render_lines``: text and colours) or the screen's text.
"""
from __future__ import annotations

import json
import random
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tests.app.helpers import (compare_ready, drawn_columns, mark_color, marked,
                               marked_text, row_texts, screen_text)
from tests.conftest import SEED_000, SEED_002, SEED_003
from tui.align import align_pair
from tui.align.wording import differences
from tui.app.compare_screen import CompareScreen
from tui.app.pick_article_dialog import PickArticleScreen
from tui.cli import main
from tui.corpus import read_article


@pytest.fixture
def compare_app(launch):
    """``async with compare_app(*paths, size=...) as (app, pilot, screen)``: the app opened
    straight in the compare view of ``paths`` (000 and 002 by default), once aligned."""

    @asynccontextmanager
    async def start(*paths: Path, size=(160, 40), library: list[Path] | None = None,
                    compare: bool = True):
        paths = paths or (SEED_000, SEED_002)
        chosen = tuple(str(p) for p in paths) if compare else None
        async with launch(library or list(dict.fromkeys(paths)), size=size,
                          compare=chosen) as (app, pilot):
            screen = await compare_ready(pilot)
            yield app, pilot, screen

    return start


def focus_rows(screen):
    """(rows of the focused column, rows of the second), as drawn."""
    columns = drawn_columns(screen)
    shown = screen.shown_articles
    f = next(n for n, a in enumerate(shown) if a is screen.focused_article)
    s = next(n for n, a in enumerate(shown) if a is screen.second_article)
    return columns[f], columns[s]


async def move_to(pilot, screen, text: str, key: str = "right_parenthesis") -> None:
    """Press ``key`` until the focused cursor is on the passage holding ``text``."""
    article = screen.focused_article
    at = article.text.index(text)
    for _ in range(200):
        spans = screen.passage()
        if spans and spans[0].start <= at < spans[-1].end:
            return
        await pilot.press(key)
    raise AssertionError(f"never reached {text!r}")


def assert_level(screen) -> bool:
    """The focused passage and its counterpart start on the same row, both drawn highlighted.
    Returns whether the passage is linked."""
    here, there = focus_rows(screen)
    mine = marked(here, mark_color(screen, "cursor"))
    assert mine, "the passage under the cursor is highlighted"
    index, side = screen.pair_index()
    unit = index.unit_at(side, screen.cursor(screen.focused_article))
    if index.link_at(side, unit) is None:
        return False
    link = index.link_at(side, unit)
    color = mark_color(screen, "pair-partial" if link.kind == "partial" else "pair")
    theirs = marked(there, color)
    assert theirs, "its counterpart is highlighted"
    assert mine[0][0] == theirs[0][0], f"not level: rows {mine[0][0]} and {theirs[0][0]}"
    return True


# --- sentence links inside paragraphs ------------------------------------------------------------

async def test_a_sentence_link_inside_a_paragraph_is_drawn_as_sentences(compare_app):
    async with compare_app() as (app, pilot, screen):
        assert screen.focused_article.path.endswith(SEED_000.name)
        await move_to(pilot, screen, "In a rare exclusive interview", "j")
        here, there = focus_rows(screen)
        # the 000 passage is two sentences of one paragraph, both highlighted
        mine = marked_text(here, mark_color(screen, "cursor"))
        assert mine.startswith("In a rare exclusive interview") and \
            mine.endswith("Five or six days ago.")
        # CNN's counterpart is one sentence inside a paragraph of three: only it is highlighted
        theirs = marked_text(there, mark_color(screen, "pair"))
        assert theirs.startswith("Everybody has to stop fighting")
        assert "You have to speak first of all" not in theirs
        assert "It’s important to stop bombing" not in theirs
        assert_level(screen)
        # that CNN paragraph is linked in part, so only its unlinked sentences are marked
        lines = row_texts(there)
        speak = next(y for y, t in enumerate(lines) if "You have to speak first" in t)
        assert "only in CNN" in lines[speak]
        stop = next(y for y, t in enumerate(lines) if "Everybody has to stop" in t)
        assert stop == speak or "only in" not in lines[stop]
        assert "match 44%" in screen.status_text and "↔ CNN ¶4.2" in screen.status_text
        # and the focused paragraph, all of it linked, carries no mark at all
        assert all("only" not in t for t in row_texts(here)
                   if "In a rare exclusive" in t or "Five or six" in t)


async def test_j_k_move_by_paragraph_and_parentheses_by_sentence(compare_app):
    async with compare_app() as (app, pilot, screen):
        a = screen.focused_article
        start = screen.cursor_paragraph(a)
        await pilot.press("j")
        assert screen.cursor_paragraph(a) == start + 1
        await pilot.press("k")
        assert screen.cursor_paragraph(a) == start
        # "I think there are basic things..." (only here) then "If they are (not ready)..."
        # in the same paragraph, linked with CNN
        await move_to(pilot, screen, "I think there are basic things", "j")
        para = screen.cursor_paragraph(a)
        assert "only in" in screen.status_text and "difference" in screen.status_text
        await pilot.press("right_parenthesis")
        assert screen.cursor_paragraph(a) == para
        assert screen.cursor(a) == a.text.index("If they are (not ready)")
        assert "↔ CNN" in screen.status_text
        assert_level(screen)
        await pilot.press("left_parenthesis")
        assert screen.cursor(a) == a.text.index("\"I think there are basic things")
        await pilot.press("J")  # the alternative key
        assert screen.cursor(a) == a.text.index("If they are (not ready)")
        # the keys are in the key bar and in help
        assert ") Sentence" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        help_text = screen_text(app)
        assert ") J" in help_text and "( K" in help_text and "Previous sentence" in help_text
        await pilot.press("escape")


async def test_the_sentence_keys_can_be_remapped(launch, tmp_path):
    from tui.app.keymap import keymap_path

    path = keymap_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('[keys]\n"compare.next_sentence" = "x"\n', encoding="utf-8")
    async with launch([SEED_000, SEED_002], size=(160, 40),
                      compare=(str(SEED_000), str(SEED_002))) as (app, pilot):
        screen = await compare_ready(pilot)
        a = screen.focused_article
        await move_to(pilot, screen, "I think there are basic things", "j")
        await pilot.press("x")
        assert screen.cursor(a) == a.text.index("If they are (not ready)")
        assert "x Sentence" in screen_text(app)


@pytest.mark.parametrize("size", [(160, 40), (80, 24)])
async def test_every_linked_passage_is_level_with_its_counterpart_to_both_ends(compare_app,
                                                                               size):
    async with compare_app(size=size) as (app, pilot, screen):
        for _ in range(2):  # 000 leading, then CNN
            await pilot.press("g")
            linked = 0
            for _ in range(80):
                linked += assert_level(screen)
                before = screen.cursor(screen.focused_article)
                await pilot.press("right_parenthesis")
                if screen.cursor(screen.focused_article) == before:
                    break
            assert "At the end" in screen.status_text
            assert linked >= 8
            await pilot.press("G")
            assert_level(screen)
            await pilot.press("tab")


async def test_an_unlinked_passage_leaves_no_stale_highlight(compare_app):
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, "Zelensky urged his US counterpart", "j")
        assert_level(screen)
        await move_to(pilot, screen, "I think there are basic things", "k")
        here, there = focus_rows(screen)
        assert marked(here, mark_color(screen, "cursor"))
        for kind in ("pair", "pair-partial"):
            assert not marked(there, mark_color(screen, kind)), "a stale counterpart"
        assert not any(t.startswith("▌") for t in row_texts(there))
        assert "only in" in screen.status_text


# --- differences ---------------------------------------------------------------------------------

async def test_n_walks_the_differences_the_aligner_finds(compare_app):
    async with compare_app() as (app, pilot, screen):
        a, b = read_article(SEED_000), read_article(SEED_002)
        total = len(differences(align_pair(a, b, "sentence"), a, b))
        await pilot.press("g")  # the headline: only 000 has it, the first difference
        assert f"difference 1 of {total}" in screen.status_text
        seen = [screen.status_text]
        for n in range(2, total + 1):
            await pilot.press("n")
            assert f"difference {n} of {total}" in screen.status_text, screen.status_text
            seen.append(screen.status_text)
            assert "↔" in screen.status_text or "only in" in screen.status_text
        await pilot.press("n")
        assert "No more differences below" in screen.status_text
        # a passage only CNN has: the CNN column shows it highlighted, the status says so
        only_there = [s for s in seen if "only in CNN, after" in s]
        assert only_there
        await pilot.press("N")
        assert f"difference {total - 1} of {total}" in screen.status_text
        # links saying the same words are not differences
        assert any("match" in s for s in seen) and "same words" not in " ".join(seen)
        await pilot.press("g")
        await pilot.press("n")
        for _ in range(total):
            if "only in CNN, after" in screen.status_text:
                break
            await pilot.press("n")
        _, there = focus_rows(screen)
        shown = marked_text(there, mark_color(screen, "pair"))
        assert shown and shown.split()[0] in b.text


async def test_d_marks_the_words_that_differ_in_both_columns(compare_app):
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, "Zelensky urged his US counterpart", "j")
        await pilot.press("d")
        assert screen.words_shown and "words shown" in screen.status_text
        here, there = focus_rows(screen)
        def underlined(rows) -> str:
            return " ".join(seg.text for row in rows for seg in row
                            if seg.style and seg.style.underline and seg.style.bold)

        assert "helpful" in underlined(here)
        assert "useful" in underlined(there)
        await pilot.press("d")
        here, there = focus_rows(screen)
        assert not underlined(here) and not underlined(there)


# --- corrections ---------------------------------------------------------------------------------

def cli_links(capsys, *extra) -> list[tuple[str, str]]:
    capsys.readouterr()
    assert main(["align", str(SEED_000), str(SEED_002), "--unit", "sentence", "--json",
                 "--no-cache", *extra]) == 0
    data = json.loads(capsys.readouterr().out)
    return [(" ".join(s["text"] for s in k["left"]), " ".join(s["text"] for s in k["right"]))
            for k in data["links"]], data


async def test_link_unlink_and_hide_survive_a_restart_and_agree_with_the_cli(compare_app,
                                                                            capsys):
    basic = "\"I think there are basic things you can do"
    # 1. l links an unlinked 000 passage with the CNN one facing it
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, basic, "j")
        assert "facing" in screen.status_text
        await pilot.press("l")
        screen = await compare_ready(pilot)
        assert "Linked" in screen.status_text and "(saved)" in screen.status_text
        assert_level(screen)
    links, _ = cli_links(capsys)
    manual = [lk for lk in links if lk[0].startswith(basic)]
    assert manual and "It’s important to stop bombing" in manual[0][1]
    # 2. after a restart the link is there; u on it restores what the aligner found
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, basic, "j")
        assert "↔ CNN" in screen.status_text and "yours" in screen.status_text
        await pilot.press("u")
        screen = await compare_ready(pilot)
        assert "the aligner's links are back" in screen.status_text
    assert cli_links(capsys)[0] == cli_links(capsys, "--no-corrections")[0]
    # 3. u on an automatic link hides it; l on the same passage shows it again
    auto, _ = cli_links(capsys)
    urged = next(lk for lk in auto if lk[0].startswith("Zelensky urged his US counterpart"))
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, "Zelensky urged his US counterpart", "j")
        await pilot.press("u")
        screen = await compare_ready(pilot)
        assert "l on it links them again" in screen.status_text
        _, there = focus_rows(screen)
        assert not marked(there, mark_color(screen, "pair"))
    links, data = cli_links(capsys)
    assert urged not in links
    assert any(" ".join(s["text"] for s in k["left"]) == urged[0] for k in data["hidden"])
    async with compare_app() as (app, pilot, screen):  # still hidden after a restart
        await move_to(pilot, screen, "Zelensky urged his US counterpart", "j")
        assert "you unlinked it" in screen.status_text
        await pilot.press("l")
        screen = await compare_ready(pilot)
        assert "again as the aligner had it" in screen.status_text
        assert_level(screen)
    assert urged in cli_links(capsys)[0]
    assert not app.state.corrections(read_article(SEED_000).id, read_article(SEED_002).id,
                                     "sentence", either_order=True)


async def test_corrections_made_with_a_b_hold_with_b_a_and_back(compare_app, capsys):
    """Issue 14, fault 4: whichever way round the pair is opened, it is aligned and corrected
    as one pair, so a link made with 000|CNN is there with CNN|000, and an automatic link
    unlinked with CNN|000 stays unlinked with 000|CNN. Every state checked here differs from
    the aligner's (the linked passage is one it leaves alone; the unlinked one it links)."""
    basic = "\"I think there are basic things you can do"
    bombing = "It’s important to stop bombing"
    urged_000 = "Zelensky urged his US counterpart"
    urged_cnn = "Ukrainian President Volodymyr Zelensky has urged"
    auto, _ = cli_links(capsys)
    assert not any(lk[0].startswith(basic) for lk in auto)  # the aligner leaves it alone
    assert any(lk[0].startswith(urged_000) and lk[1].startswith(urged_cnn) for lk in auto)
    # 000|CNN: link the passage the aligner left alone with the CNN one facing it
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, basic, "j")
        assert "facing" in screen.status_text
        await pilot.press("l")
        screen = await compare_ready(pilot)
        assert "Linked" in screen.status_text
    # CNN|000: the link is there, drawn; unlink an automatic pair from CNN's side
    async with compare_app(SEED_002, SEED_000) as (app, pilot, screen):
        assert [a.path for a in screen.articles] == [str(SEED_002), str(SEED_000)]
        assert screen.focused_article.path == str(SEED_002)
        await pilot.press("g")
        await move_to(pilot, screen, urged_cnn, "j")
        assert "↔" in screen.status_text
        _, there = focus_rows(screen)
        assert marked_text(there, mark_color(screen, "pair")).startswith(urged_000)
        await pilot.press("u")
        screen = await compare_ready(pilot)
        assert "Unlinked" in screen.status_text and "l on it links them again" in \
            screen.status_text
        await pilot.press("tab")  # 000 leads now, in the right column
        await move_to(pilot, screen, basic, "j")
        assert "yours" in screen.status_text, "link made with 000|CNN lost in CNN|000"
        _, there = focus_rows(screen)
        assert bombing in marked_text(there, mark_color(screen, "pair"))
        assert_level(screen)
    # back to 000|CNN: the pair unlinked with CNN|000 stays unlinked, the link stays
    async with compare_app() as (app, pilot, screen):
        await move_to(pilot, screen, urged_000, "j")
        assert "you unlinked it" in screen.status_text, "unlink made with CNN|000 lost"
        _, there = focus_rows(screen)
        assert not marked(there, mark_color(screen, "pair"))
        await pilot.press("g")
        await move_to(pilot, screen, basic, "j")
        assert "yours" in screen.status_text
    # and the command line agrees, in both orders
    links, _ = cli_links(capsys)
    assert any(lk[0].startswith(basic) and bombing in lk[1] for lk in links)
    assert not any(lk[0].startswith(urged_000) for lk in links)
    capsys.readouterr()
    assert main(["align", str(SEED_002), str(SEED_000), "--unit", "sentence", "--json",
                 "--no-cache"]) == 0
    turned = [(" ".join(s["text"] for s in k["left"]), " ".join(s["text"] for s in k["right"]))
              for k in json.loads(capsys.readouterr().out)["links"]]
    assert any(lk[1].startswith(basic) and bombing in lk[0] for lk in turned)
    assert not any(lk[1].startswith(urged_000) for lk in turned)


async def test_free_columns_link_any_two_passages(compare_app, capsys):
    async with compare_app() as (app, pilot, screen):
        a, b = screen.focused_article, screen.second_article
        await move_to(pilot, screen, "Zelensky won universal acclaim", "j")
        await pilot.press("f")
        assert not screen.locked and "Free" in screen.status_text
        left_at = screen.cursor(a)
        await pilot.press("tab", "g", "j", "j")
        assert screen.cursor(a) == left_at, "free: the other column stays where it was"
        right_at = screen.cursor(b)
        await pilot.press("l")
        screen = await compare_ready(pilot)
        assert screen.locked
        index, side = screen.pair_index(b, a)
        link = index.link_at(side, index.unit_at(side, right_at))
        theirs = link.right if side == 0 else link.left
        assert index.unit_at(1 - side, left_at) in theirs
        assert link.origin == "manual"
    links, _ = cli_links(capsys)
    assert any(lk[0].startswith("Zelensky won universal acclaim") and
               b.text[right_at:right_at + 20] in lk[1] for lk in links)


# --- columns, swapping, picking ------------------------------------------------------------------

async def test_tab_switches_the_focused_column_and_s_swaps(compare_app):
    async with compare_app() as (app, pilot, screen):
        first = screen.focused_article
        await pilot.press("tab")
        assert screen.focused_article is not first and screen.second_article is first
        assert screen_text(app).splitlines()[0].split("│")[1].lstrip().startswith("▶")
        for _ in range(4):
            await pilot.press("j")
            assert_level(screen)
        left, right = screen.left_article, screen.right_article
        await pilot.press("s")
        assert (screen.left_article, screen.right_article) == (right, left)
        assert screen_text(app).splitlines()[0].lstrip().startswith("▶")
        await pilot.press("right_parenthesis")
        assert_level(screen)


async def test_three_articles_one_column_each_when_wide(compare_app):
    async with compare_app(SEED_000, SEED_002, SEED_003, size=(180, 45)) as (app, pilot, screen):
        assert [a.path for a in screen.shown_articles] == [str(SEED_000), str(SEED_002),
                                                           str(SEED_003)]
        header = screen_text(app).splitlines()[0]
        assert header.count("│") == 2 and "▶" in header and "⇄" in header
        await move_to(pilot, screen, "In a rare exclusive interview", "j")
        assert_level(screen)
        # 003 (another interview) has no link: it shows no counterpart, all of it marked
        rows = drawn_columns(screen)[2]
        assert not marked(rows, mark_color(screen, "pair"))
        assert all(t.startswith("┆") for t in row_texts(rows) if t.strip())
        # c makes 003 the second: differences and the status are with it now
        await pilot.press("c")
        assert screen.second_article.path == str(SEED_003)
        header = screen_text(app).splitlines()[0].split("│")
        assert "⇄" in header[2] and "⇄" not in header[1]
        await compare_ready(pilot)
        # 000 and 003 share nothing: all of 000 is one difference, all of 003 the other
        assert "Second:" in screen.status_text
        await pilot.press("g")
        # (003's run, having no link before it, comes first)
        assert "only in" in screen.status_text and "difference 2 of 2" in screen.status_text
        await pilot.press("N")
        assert "difference 1 of 2" in screen.status_text
        assert marked(drawn_columns(screen)[2], mark_color(screen, "pair"))
        # tab: 002 leads, the others line up with it
        await pilot.press("c", "tab")
        await compare_ready(pilot)
        assert screen.focused_article.path == str(SEED_002)
        await move_to(pilot, screen, "Everybody has to stop fighting")
        assert_level(screen)


async def test_three_articles_in_a_narrow_terminal_show_two_and_cycle(compare_app):
    async with compare_app(SEED_000, SEED_002, SEED_003, size=(80, 24)) as (app, pilot, screen):
        assert len(screen.shown_articles) == 2
        assert screen.shown_articles == [screen.focused_article, screen.second_article]
        assert "c: next of 3" in screen.status_text
        seconds = [screen.second_article.path]
        for _ in range(2):
            await pilot.press("c")
            await compare_ready(pilot)
            seconds.append(screen.second_article.path)
            assert len(screen.shown_articles) == 2
            assert screen.second_article in screen.shown_articles
        assert seconds == [str(SEED_002), str(SEED_003), str(SEED_002)]
        await pilot.resize_terminal(180, 45)
        await pilot.pause()
        await pilot.pause()
        assert len(screen.shown_articles) == 3


_UNRELATED = {
    "a_garden.txt": "Spring planting guide\n\nTomatoes want sun and steady watering. Sow basil "
                    "after the last frost and mulch the beds with straw.\n",
    "b_bread.txt": "A simple sourdough loaf\n\nFeed the starter the night before. Knead the "
                   "dough, let it rise twice and bake it in a hot oven.\n",
    "c_chess.txt": "Club chess results\n\nThe rapid tournament ended in a tie after seven "
                   "rounds; the final game went to a bishop endgame.\n",
}


async def test_o_lists_the_most_related_first(compare_app, tmp_path):
    """Unrelated articles come first in library order, so only the ranking brings 000 (the
    original of CNN's re-translation) to the top, then 003 (the same story, another
    interview)."""
    for name, text in _UNRELATED.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    unrelated = [tmp_path / n for n in _UNRELATED]
    library = [*unrelated, SEED_003, SEED_000, SEED_002]
    async with compare_app(SEED_002, unrelated[0], library=library) as (app, pilot, screen):
        by_id = {i.id: Path(i.path).name for i in app.library.infos}
        listed = [by_id[i.id] for i in app.library.infos if by_id[i.id] != SEED_002.name]
        assert listed.index(SEED_000.name) > listed.index("b_bread.txt")  # unrelated first
        await pilot.press("o")
        hint = ""
        for _ in range(300):
            await pilot.pause(0.01)
            if isinstance(app.screen, PickArticleScreen):
                hint = str(app.screen.query_one("#pick-hint").content)
                if "Most related" in hint:
                    break
        dialog = app.screen
        assert isinstance(dialog, PickArticleScreen)
        assert hint.startswith("Most related first")
        options = dialog.query_one("OptionList")
        order = [by_id[o.id] for o in options.options]
        # every article but the focused one; the one in the view (a_garden) marked ●
        assert order[:2] == [SEED_000.name, SEED_003.name]
        assert sorted(order[2:]) == sorted(_UNRELATED)
        rows = [str(o.prompt) for o in options.options]
        assert [r.startswith("● ") for r in rows] == [n == "a_garden.txt" for n in order]
        scores = [int(r[2:].split("%")[0]) for r in rows]
        assert scores == sorted(scores, reverse=True) and scores[0] > scores[2]
        assert options.highlighted == 0
        drawn = screen_text(app).splitlines()
        top = next(y for y, line in enumerate(drawn) if "Most related first" in line)
        row_of = {t: next(y for y, line in enumerate(drawn) if t in line and y >= top)
                  for t in ("Most related first", "speaks from inside the bunker",
                            "Zelenskyy Talks Trusting Putin", "Spring planting guide",
                            "A simple sourdough loaf", "Club chess results")}
        rows_drawn = list(row_of.values())
        assert rows_drawn[1] == rows_drawn[0] + 2  # the first row under the hint
        assert rows_drawn[1] < rows_drawn[2] < min(rows_drawn[3:])
        assert f"{scores[0]}%" in drawn[rows_drawn[1]]
        await pilot.press("enter")  # the top row, 000, in place of a_garden
        screen = await compare_ready(pilot)
        assert [a.path for a in screen.articles] == [str(SEED_002), str(SEED_000)]
        assert screen.second_article.path == str(SEED_000)


async def test_o_adds_an_article_and_picks_the_second(compare_app):
    async with compare_app(library=[SEED_000, SEED_002, SEED_003]) as (app, pilot, screen):
        await pilot.press("o")
        for _ in range(300):
            await pilot.pause(0.01)
            if isinstance(app.screen, PickArticleScreen) and "Most related" in str(
                    app.screen.query_one("#pick-hint").content):
                break
        dialog = app.screen
        assert isinstance(dialog, PickArticleScreen)
        rows = [str(o.prompt) for o in dialog.query_one("OptionList").options]
        assert any(r.startswith("● ") for r in rows)  # 002 is in the view
        row_003 = next(n for n, r in enumerate(rows) if "Zelenskyy" in r)
        dialog.query_one("OptionList").highlighted = row_003
        await pilot.press("space", "enter")
        screen = await compare_ready(pilot)
        assert len(screen.articles) == 3
        assert screen.second_article.path == str(SEED_003)
        assert screen.focused_article.path == str(SEED_000)


async def test_o_then_enter_compares_with_another_article_instead(compare_app):
    async with compare_app(library=[SEED_000, SEED_002, SEED_003]) as (app, pilot, screen):
        await pilot.press("o")
        for _ in range(300):
            await pilot.pause(0.01)
            if isinstance(app.screen, PickArticleScreen):
                break
        dialog = app.screen
        rows = [str(o.prompt) for o in dialog.query_one("OptionList").options]
        dialog.query_one("OptionList").highlighted = next(
            n for n, r in enumerate(rows) if "Zelenskyy" in r)
        await pilot.press("enter")
        screen = await compare_ready(pilot)
        assert [a.path for a in screen.articles] == [str(SEED_000), str(SEED_003)]


# --- bookmarks and the session -------------------------------------------------------------------

async def test_bookmark_and_session_reopen_at_the_same_passage(compare_app):
    async with compare_app() as (app, pilot, screen):
        a = screen.focused_article
        await move_to(pilot, screen, "If they are (not ready)", "j")
        await pilot.press("b")
        if not isinstance(app.screen, CompareScreen):
            await pilot.press("enter")
        records = app.state.list_bookmarks()
        assert len(records) == 1
        record = records[0]
        assert record["kind"] == "passage" and record["article_id"] == a.id
        assert record["text"] == a.text[record["start"]:record["end"]]
        assert record["text"].startswith("If they are (not ready)")
        assert "We'll see" in record["text"]  # the link's group, across the paragraph break
        paragraph = screen.cursor_paragraph(screen.left_article)
        screen.save_session()
        app.flush_state()
        session = app.state.get_session()
        assert session == {"screen": "compare", "left": screen.left_article.id,
                           "right": screen.right_article.id, "passage": paragraph}
    async with compare_app(compare=False) as (app, pilot, screen):
        assert screen.cursor_paragraph(screen.left_article) == paragraph
        assert_level(screen)


async def test_a_three_article_session_reopens_all_three(compare_app):
    async with compare_app(SEED_000, SEED_002, SEED_003, size=(180, 45)) as (app, pilot, screen):
        await pilot.press("j", "j")
        screen.save_session()
        app.flush_state()
        assert len(app.state.get_session()["others"]) == 1
        paths = [a.path for a in screen.articles]
    async with compare_app(SEED_000, SEED_002, SEED_003, size=(180, 45),
                           compare=False) as (app, pilot, screen):
        assert [a.path for a in screen.articles] == paths


def test_every_key_has_a_binding_id_and_a_palette_entry():
    from tui.app.widgets.compare_columns import CompareColumns

    bindings = [*CompareScreen.BINDINGS, *CompareColumns.BINDINGS]
    ids = {b.id for b in bindings}
    assert None not in ids and all(i.startswith(("compare.", "document.")) for i in ids)
    actions = {b.action.removeprefix("screen.") for b in bindings}
    palette = {c.action.removeprefix("screen.") for c in CompareScreen.PALETTE_COMMANDS}
    moves = {"next_paragraph", "previous_paragraph", "first_paragraph", "last_paragraph",
             "page_down", "page_up"}
    assert actions - moves <= palette


# --- long and odd inputs -------------------------------------------------------------------------

def long_pair(tmp_path: Path, paragraphs: int) -> tuple[Path, Path]:
    rng = random.Random(3)
    words = ("council bridge vote river budget mayor said residents traffic plan repair "
             "engineers cost delay contract spring opposition voted approved").split()
    left, right = [], []
    for i in range(paragraphs):
        text = " ".join(rng.choice(words) for _ in range(30)).capitalize() + f" (item {i})."
        left.append(text)
        right.append(text if i % 17 else text.replace("bridge", "crossing"))
    a, b = tmp_path / "long_a.txt", tmp_path / "long_b.txt"
    a.write_text("\n\n".join(left) + "\n", encoding="utf-8")
    b.write_text("\n\n".join(right) + "\n", encoding="utf-8")
    return a, b


async def test_a_long_pair_shows_links_at_once_and_aligns_the_rest_in_the_background(
        launch, tmp_path):
    from tui.app import compare_screen

    a, b = long_pair(tmp_path, compare_screen.INCREMENTAL_ABOVE * 3)
    async with launch([a, b], size=(120, 30), compare=(str(a), str(b))) as (app, pilot):
        for _ in range(3000):
            await pilot.pause(0.01)
            screen = app.screen
            if isinstance(screen, CompareScreen) and screen.alignment_index is not None:
                break
        index = screen.alignment_index
        assert index is not None
        if not index.done:  # the first window: links on screen, the rest still aligning
            assert "aligning" in screen.status_text and "%" in screen.status_text
        assert_level(screen)
        await pilot.press("j", "j", "right_parenthesis")
        assert_level(screen)
        job = screen.pair_job()
        await pilot.press("q")  # leaving cancels the alignment
        await pilot.pause()
        assert not isinstance(app.screen, CompareScreen)
        assert job.cancel.is_set()
        await app.workers.wait_for_complete()


async def test_a_file_against_itself_and_identical_copies(compare_app, tmp_path):
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED_002.read_text(encoding="utf-8"), encoding="utf-8")
    for pair in ((SEED_002, SEED_002), (SEED_002, copy)):
        async with compare_app(*pair, library=list(dict.fromkeys(pair))) as (app, pilot,
                                                                             screen):
            index = screen.alignment_index
            assert index.links and not index.stops_of(0) and not index.stops_of(1)
            await pilot.press("n")
            assert "No differences" in screen.status_text
            for key in ("j", "right_parenthesis", "d", "tab", "j", "s", "N"):
                await pilot.press(key)
            assert_level(screen)
            assert "same words" in screen.status_text
            await pilot.press("G")
            assert_level(screen)


async def test_a_one_word_article(compare_app, tmp_path):
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("Talks.\n", encoding="utf-8")
    async with compare_app(tiny, SEED_002) as (app, pilot, screen):
        cnn = screen.second_article
        header = screen_text(app).splitlines()[0]
        assert header.lstrip().startswith("▶ ¶1/1 · Talks.")
        for key in ("j", "k", "right_parenthesis", "n", "N", "d", "l", "u", "tab", "j", "n",
                    "d", "u", "s", "b"):
            await pilot.press(key)
            if not isinstance(app.screen, CompareScreen):
                await pilot.press("escape")  # the bookmark dialog
        assert isinstance(app.screen, CompareScreen)
        assert app.state.list_bookmarks() == []  # the dialog was cancelled
        # after tab and s: CNN leads, in the left column; the one word is the right column,
        # whole and alone, and marked as only there (nothing in CNN says "Talks.")
        assert screen.focused_article is cnn and screen.left_article is cnn
        assert "Swapped" in screen.status_text
        rows = drawn_columns(screen)
        left, right = row_texts(rows[0]), row_texts(rows[1])
        assert [t.split() for t in right if t.strip()] == [["only", "here", "Talks."]]
        para = cnn.paragraph_at(screen.cursor(cnn))
        words = cnn.text[cnn.paragraphs[para].start:cnn.paragraphs[para].end].split()[:4]
        assert " ".join(words) in drawn_words(rows[0])
        assert marked(rows[0], mark_color(screen, "cursor"))
        # f frees the columns; l links CNN's passage with the one word; G and space keep the
        # end of CNN on screen
        await pilot.press("f", "l")
        screen = await compare_ready(pilot)
        assert "Linked" in screen.status_text and screen.locked
        index, side = screen.pair_index()
        link = index.link_at(side, index.unit_at(side, screen.cursor(cnn)))
        assert link is not None and link.origin == "manual"
        _, there = focus_rows(screen)
        assert marked_text(there, mark_color(screen, "pair")) == "Talks."
        await pilot.press("G", "space")
        assert "At the end" in screen.status_text
        here, _ = focus_rows(screen)
        assert "Rob Picheta wrote from London." in drawn_words(here)
        assert marked(here, mark_color(screen, "cursor"))


def drawn_words(rows) -> str:
    """The words a column draws, in reading order, its marks left out."""
    text = " ".join(row_texts(rows))
    for mark in "▌│┆":
        text = text.replace(mark, " ")
    return " ".join(text.split())


async def test_paging_down_stops_at_the_last_page(compare_app):
    """space stops where the end of the article reaches the bottom: further on, the columns
    showed only padding and the cursor was off screen (found by the one-word test)."""
    async with compare_app() as (app, pilot, screen):
        a = screen.focused_article
        last = " ".join(a.text[a.paragraphs[-1].start:a.paragraphs[-1].end].split())
        pages = 0
        while "At the end" not in screen.status_text and pages < 40:
            await pilot.press("space")
            pages += 1
        assert 1 < pages < 40
        for _ in range(2):  # the last page, then space again: nothing moves
            here, there = focus_rows(screen)
            drawn = row_texts(here)
            assert last in drawn_words(here)
            assert sum(1 for t in drawn if t.strip()) >= len(drawn) // 2
            assert marked(here, mark_color(screen, "cursor"))  # the cursor is on screen
            assert any(t.strip() for t in row_texts(there))
            await pilot.press("space")
            assert "At the end" in screen.status_text
        await pilot.press("G", "space", "space")
        here, _ = focus_rows(screen)
        assert last in drawn_words(here)
        assert marked(here, mark_color(screen, "cursor"))


def test_an_empty_article_is_one_line_from_the_cli(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    assert main(["compare", str(empty), str(SEED_002)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("synoptic:") and len(err.splitlines()) == 1
    assert main(["compare", str(SEED_000), str(SEED_002), str(SEED_003), str(SEED_000),
                 str(SEED_002)]) == 2
    assert "two to four" in capsys.readouterr().err


async def test_a_long_article_against_a_ten_sentence_one_stays_responsive(launch, tmp_path):
    rng = random.Random(5)
    words = "army city talks bridge river vote police market fuel grain port".split()
    big = tmp_path / "big.txt"
    big.write_text("\n\n".join(
        " ".join(" ".join(rng.choice(words) for _ in range(9)).capitalize() + "."
                 for _ in range(10)) for _ in range(2000)) + "\n", encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text(" ".join(f"Sentence {i} about the bridge vote and the river port."
                              for i in range(10)) + "\n", encoding="utf-8")
    async with launch([big, small], size=(100, 30),
                      compare=(str(big), str(small))) as (app, pilot):
        for _ in range(3000):
            await pilot.pause(0.01)
            if isinstance(app.screen, CompareScreen):
                break
        screen = app.screen
        await pilot.press("j", "j", "right_parenthesis", "G", "g", "tab", "j")
        assert isinstance(app.screen, CompareScreen)
        screen = await compare_ready(pilot)
        await pilot.press("n", "d", "j")
        assert "Sentence 0 about the bridge vote" in screen_text(app)


async def test_keys_before_the_alignment_arrives_do_not_crash(launch):
    async with launch([SEED_000, SEED_002], size=(100, 30),
                      compare=(str(SEED_000), str(SEED_002))) as (app, pilot):
        for _ in range(300):
            await pilot.pause(0.01)
            if isinstance(app.screen, CompareScreen):
                break
        await pilot.press("n", "d", "l", "u", "j", "right_parenthesis", "tab", "s", "N")
        screen = await compare_ready(pilot)
        assert_level(screen)
