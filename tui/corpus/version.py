"""The version of the parsing that turns files into Articles, for the keys of caches.

Every cache of spans or metadata depends on it: paragraphs, sentences, boilerplate flags,
titles and dates all come from this package's code, and an HTML file's text also depends on
whether the optional trafilatura extractor is installed (and which release). Two runs with the
same ``parser_version()`` parse the same file the same way.
"""
from __future__ import annotations

import importlib.util
import os
from functools import lru_cache
from pathlib import Path

from tui.cachekeys import code_version


@lru_cache(maxsize=1)
def parser_version() -> str:
    extractor = "none"
    spec = importlib.util.find_spec("trafilatura")
    if spec is not None and spec.origin:
        try:
            st = os.stat(spec.origin)
            # An upgrade rewrites the package: its file changes (no import, which costs lxml).
            extractor = f"{spec.origin}:{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            extractor = spec.origin
    return f"{code_version(Path(__file__).parent)} {extractor}"
