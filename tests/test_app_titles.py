"""Titles are stored whole and cut only when drawn, to the width there is (issue 10, #6)."""
from __future__ import annotations

from tests.apphelpers import make_app, screen_text, settle
from tests.conftest import SEED_002
from tui.corpus import read_article

FULL = read_article(SEED_002).title   # the lede's first sentence: 305 characters


async def reader_head(size: tuple[int, int]) -> str:
    app = make_app([SEED_002])
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.open_reader(read_article(SEED_002).id)
        await settle(app, pilot)
        head = screen_text(app).splitlines()[0].strip()
    app.state.close()
    return head


def test_the_title_is_the_whole_first_sentence():
    assert FULL.endswith("in which he is leading his military’s response.")
    assert "…" not in FULL


async def test_reader_header_cuts_the_title_to_its_width():
    for width in (80, 120, 200):
        head = await reader_head((width, 24))
        assert head.endswith("…") and len(head) <= width
        assert FULL.startswith(head[:-1].rstrip())
    wide = await reader_head((320, 24))
    assert wide == FULL
