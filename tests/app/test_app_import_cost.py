"""Import-cost guards: what start-up must not load.

Each check runs in a fresh interpreter and looks at ``sys.modules`` (never at time), so a
module-level import added to the first-frame path fails here instead of slowing every start.
The heavy layers (aligner, quotes, search, corpus, rapidfuzz, numpy) and the screens other
than the library belong after the first frame: in the indexing thread or when a screen opens.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Never needed to paint the library screen.
LATER = ["rapidfuzz", "numpy", "trafilatura", "lxml", "tui.align", "tui.quotes", "tui.search",
         "tui.corpus",
         "tui.app.reader_screen", "tui.app.compare_screen", "tui.app.compare_model",
         "tui.app.compare_alignment", "tui.app.compare_moves", "tui.app.compare_sync",
         "tui.app.compare_actions", "tui.app.widgets.compare_column",
         "tui.app.compare_text", "tui.app.search_screen", "tui.app.quotes_screen",
         "tui.app.bookmarks", "tui.app.bookmark_dialog", "tui.app.help_screen",
         "tui.app.pick_article_dialog", "tui.app.wordings_dialog", "tui.app.add_dialog",
         "tui.app.widgets.document_view", "tui.app.widgets.passage_layout",
         "tui.app.widgets.compare_columns", "tui.app.widgets.result_list",
         "tui.app.widgets.open_list", "tui.app.widgets.inputs"]

FIRST_FRAME = """
import json, os, sys
from tui.app.app import SynopticApp
from tui.state import StateStore

class FirstFrame(SynopticApp):
    def on_mount(self):
        super().on_mount()
        self.call_after_refresh(self.first_frame)

    def load_library(self):
        # The indexing thread imports the corpus layer by design, after the first frame;
        # left out so this check sees only what painting the first frame loaded.
        pass

    def first_frame(self):
        self.loaded = sorted(sys.modules)
        self.exit()

state = StateStore.open(os.environ["SYNOPTIC_STATE"])
app = FirstFrame([sys.argv[1]], state)
app.run(headless=True, size=(80, 24))
state.close()
print(json.dumps(app.loaded))
"""


def _modules_after(code: str, *args: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True, timeout=60).stdout
    return set(json.loads(out.strip().splitlines()[-1]))


def _loaded(modules: set[str], names: list[str]) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


def test_importing_the_app_loads_no_state_storage_or_heavy_layers():
    modules = _modules_after("import json, sys, tui.app.app; print(json.dumps(sorted(sys.modules)))")
    assert "tui.app.app" in modules
    # The state store (and TinyDB) is opened by whoever starts the app, not by the import.
    assert _loaded(modules, [*LATER, "tinydb", "tui.state", "tui.app.library_screen"]) == []


def test_cli_import_loads_no_textual():
    modules = _modules_after("import json, sys, tui.cli; print(json.dumps(sorted(sys.modules)))")
    assert "tui.cli" in modules
    assert _loaded(modules, ["textual", "rich", "tinydb", *LATER]) == []


def test_first_frame_loads_only_the_library_screen(seeds_dir):
    modules = _modules_after(FIRST_FRAME, str(seeds_dir))
    assert "tui.app.library_screen" in modules
    assert _loaded(modules, LATER) == []
