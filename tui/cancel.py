"""Cancelling long work from the outside.

Layers that can take seconds on a big article (reading, indexing) accept ``cancelled``: a
callable polled between chunks of work. When it returns True they raise ``Cancelled`` and keep
nothing half-built. The app passes ``SynopticApp.job_cancelled`` (the worker was cancelled, or
the app is closing); scripts pass nothing and never pay more than a None check.
"""
from __future__ import annotations

from typing import Callable

CancelCheck = Callable[[], bool] | None


class Cancelled(Exception):
    """The caller no longer wants the result."""


def check(cancelled: CancelCheck) -> None:
    """Raise Cancelled if ``cancelled`` says so."""
    if cancelled is not None and cancelled():
        raise Cancelled()
