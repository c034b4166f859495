"""The Textual app: screens, widgets, bindings and themes. The only layer that imports Textual.

``README.md`` here maps the package: which screen opens which, and where a new screen, dialog
or widget goes. ``run_app`` (``run.py``: start-up checks, signals, making sure the app ends) is
imported lazily so ``tui.cli`` subcommands that print JSON never pay for Textual.
"""
from __future__ import annotations


def run_app(*args, **kwargs) -> int:
    from .run import run_app as _run_app

    return _run_app(*args, **kwargs)


__all__ = ["run_app"]
