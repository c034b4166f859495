"""Articles from the web into a library folder: pages, RSS/Atom feeds and local HTML files,
saved as Markdown with YAML front matter (``synoptic add``, ``a`` in the library).

A sibling of the corpus layer, above it: it uses the corpus's article ids to know a text it has
seen, and writes files the corpus reads. Plain Python, no Textual import. Modules: ``fetch``
(one bounded HTTP GET), ``feeds`` (feedparser), ``extract`` (trafilatura), ``saving`` (front
matter, file names, no duplicates), ``add`` (sources to outcomes).
"""
from __future__ import annotations

import os
from pathlib import Path


def default_library_dir() -> Path:
    """The ``library`` folder in the data folder (``$SYNOPTIC_DATA_DIR``, else the user data
    folder; see tui/paths.py): where ``synoptic add`` saves when no library is configured, and
    what ``synoptic`` opens once it holds articles."""
    from tui.paths import data_dir

    return data_dir() / "library"


def add_folder() -> Path:
    """Where added articles go by default: the first folder of ``$SYNOPTIC_LIBRARY`` (one that
    is not a file), else the ``library`` folder in the user data directory."""
    for entry in os.environ.get("SYNOPTIC_LIBRARY", "").split(os.pathsep):
        if entry.strip() and not Path(entry).expanduser().is_file():
            return Path(entry).expanduser()
    return default_library_dir()


__all__ = ["add_folder", "default_library_dir"]
