"""Fitting text to cells (``tui.app.widgets.text_fit``): ellipsis, padding, shortening."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.app.widgets.text_fit import ellipsize, fit, shorten


def test_ellipsize_cuts_to_the_width_with_an_ellipsis():
    assert ellipsize("Compare view", 20) == "Compare view"
    assert ellipsize("Compare view", 8) == "Compare…"
    assert ellipsize("Compare view", 9) == "Compare …"
    assert ellipsize("Compare view", 9, trim=True) == "Compare…"
    assert ellipsize("Compare view", 1) == "…" and ellipsize("Compare view", 0) == ""
    assert ellipsize("東京の記者", 6) == "東京…"  # two cells a character


def test_fit_pads_or_cuts_to_exactly_the_width():
    assert fit("CNN", 6) == "CNN   "
    assert fit("The Guardian", 6) == "The G…"
    assert fit("東京の記者", 6) == "東京… "
    assert fit("anything", 0) == ""


def test_shorten_counts_characters_and_trims_before_the_ellipsis():
    assert shorten("short", 10) == "short"
    assert shorten("Ukraine's president speaks", 11) == "Ukraine's…"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.integers(0, 30))
def test_fitted_text_takes_exactly_its_cells(text, width):
    assert cell_len(fit(text, width)) == width
    shown = ellipsize(text, width)
    assert cell_len(shown) <= max(width, 0)
    assert shown == text or shown.endswith("…") or shown == ""
