"""The app under Pilot: one fixture, ``launch``, for every test that drives SynopticApp."""
from __future__ import annotations

from contextlib import asynccontextmanager

import pytest

from tests.app.helpers import make_app


@pytest.fixture
def launch():
    """``async with launch(paths, size=(80, 24), **options) as (app, pilot)``: the app on
    ``paths`` (the seeds by default; ``options`` go to SynopticApp, e.g. ``compare=`` or
    ``restore_session=False``) under ``App.run_test``, keeping its notifications in
    ``app.notes``. Its state store is closed when the block ends, pass or fail, so a test may
    start the app again on the same state (a restart)."""

    @asynccontextmanager
    async def start(paths=None, *, size=(80, 24), **options):
        app = make_app(paths, **options)
        try:
            async with app.run_test(size=size) as pilot:
                yield app, pilot
        finally:
            app.state.close()

    return start
