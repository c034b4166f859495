"""Quotes layer: direct quotations with speakers, and groups of variants of one statement.

Plain Python (no Textual). ``extract_quotes`` reads one article; ``library_quotes`` reads many
and resolves speaker names across all of them before grouping.
"""
from __future__ import annotations

from .extract import analyse, extract_quotes, resolve, speaker_names
from .group import group_quotes
from .model import Quote


def library_quotes(articles) -> list[Quote]:
    """Every quote of every article, speakers merged across the library, variants grouped.
    Articles are read in the order given; quotes come out article by article in text order."""
    analyses = [analyse(a) for a in articles]
    names = speaker_names(analyses)
    quotes = [q for an in analyses for q in resolve(an, names)]
    return group_quotes(quotes)


__all__ = ["Quote", "extract_quotes", "group_quotes", "library_quotes"]
