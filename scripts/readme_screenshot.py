#!/usr/bin/env python3
"""Refresh the README's pictures of the compare view (Textual's SVG screenshots).

Run it whenever the compare view changes; it writes ``docs/compare.svg`` (the seeds 000 and
002: a sentence linked inside a paragraph, words that differ shown) and
``docs/compare-three.svg`` (three articles, one column each). It uses a fresh temporary state
and cache, so the pictures never show anyone's corrections or bookmarks.

  python3 scripts/readme_screenshot.py
"""
from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SEEDS = ROOT / "seeds"
PICTURES = [
    # (file, articles, terminal size, keys after the alignment is on screen)
    ("compare.svg", ("000_18ebbd46ec4c8f7e.txt", "002_ab554daf6d20ffd4.txt"), (140, 34),
     ("j", "d")),
    ("compare-three.svg", ("000_18ebbd46ec4c8f7e.txt", "002_ab554daf6d20ffd4.txt",
                           "003_037d25ccf4b93274.txt"), (180, 40), ("j",)),
]


async def picture(name: str, articles: tuple[str, ...], size: tuple[int, int],
                  keys: tuple[str, ...]) -> Path:
    from tui.app.app import SynopticApp
    from tui.app.compare_screen import CompareScreen
    from tui.state import StateStore

    paths = [str(SEEDS / a) for a in articles]
    state = StateStore.open(Path(os.environ["SYNOPTIC_STATE"]))
    app = SynopticApp(paths, state, theme="synoptic-dark", compare=tuple(paths))
    out = ROOT / "docs" / name
    try:
        async with app.run_test(size=size) as pilot:
            app.animation_level = "none"
            for _ in range(3000):
                await pilot.pause(0.01)
                screen = app.screen
                if isinstance(screen, CompareScreen) and not screen.aligning and \
                        screen.alignment_index is not None:
                    break
            else:
                raise SystemExit("the compare view never finished aligning")
            await pilot.press(*keys)
            await pilot.pause(0.1)
            out.parent.mkdir(exist_ok=True)
            out.write_text(app.export_screenshot(title="synoptic compare"), encoding="utf-8")
    finally:
        state.close()
    return out


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="synoptic-readme-") as tmp:
        os.environ["SYNOPTIC_STATE"] = str(Path(tmp) / "state.json")
        os.environ["SYNOPTIC_CACHE_DIR"] = str(Path(tmp) / "cache")
        os.environ["SYNOPTIC_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["SYNOPTIC_DATA_DIR"] = str(Path(tmp) / "data")
        for name, articles, size, keys in PICTURES:
            path = asyncio.run(picture(name, articles, size, keys))
            print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
