"""Titles are stored whole and cut only when drawn, to the width there is (issue 10, #6)."""
from __future__ import annotations

from tests.app.helpers import screen_text, settle
from tests.conftest import SEED_002
from tui.corpus import read_article

FULL = read_article(SEED_002).title   # the lede's first sentence: 305 characters


async def reader_head(launch, size: tuple[int, int]) -> str:
    async with launch([SEED_002], size=size, restore_session=False) as (app, pilot):
        await settle(app, pilot)
        app.open_reader(read_article(SEED_002).id)
        await settle(app, pilot)
        return screen_text(app).splitlines()[0].strip()


def test_the_title_is_the_whole_first_sentence():
    assert FULL.endswith("in which he is leading his military’s response.")
    assert "…" not in FULL


async def test_reader_header_cuts_the_title_to_its_width(launch):
    for width in (80, 120, 200):
        head = await reader_head(launch, (width, 24))
        assert head.endswith("…") and len(head) <= width
        assert FULL.startswith(head[:-1].rstrip())
    assert await reader_head(launch, (320, 24)) == FULL
