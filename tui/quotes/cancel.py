"""Stopping a long quotes job: the ``Cancelled`` signal and the caller's cancel flag.

A flag is a callable returning True when the caller wants the work to stop, or anything with
``is_set`` (a ``threading.Event``). Long loops call ``Ticker.tick()`` each step; every few
thousand steps it looks at the flag and raises ``Cancelled``, so a loop of any length stops
within milliseconds of the flag being set.
"""
from __future__ import annotations

from typing import Callable


class Cancelled(Exception):
    """The caller asked the quotes job to stop."""


def cancel_check(cancel) -> Callable[[], bool]:
    if cancel is None:
        return _never
    if hasattr(cancel, "is_set"):
        return cancel.is_set
    return cancel


def _never() -> bool:
    return False


class Ticker:
    """Looks at ``stop`` every ``every`` ticks and raises ``Cancelled`` when it is set."""

    __slots__ = ("stop", "every", "n")

    def __init__(self, stop: Callable[[], bool] = _never, every: int = 2048) -> None:
        self.stop, self.every, self.n = stop, every, 0

    def tick(self) -> None:
        self.n += 1
        if self.n >= self.every:
            self.n = 0
            if self.stop():
                raise Cancelled()

    def check(self) -> None:
        if self.stop():
            raise Cancelled()
