"""The passage aligner: two articles in, links between groups of passages out.

Plain Python (no Textual). See core.py for the algorithm, aligner.py for the entry point.
"""
from .aligner import ALGORITHM_VERSION, MATCH_MIN, align_articles, apply_corrections
from .diff import word_diff
from .model import Alignment, Link
from .related import rank_related, related_score
from .units import UNITS

__all__ = ["ALGORITHM_VERSION", "Alignment", "Link", "MATCH_MIN", "UNITS", "align_articles",
           "apply_corrections", "rank_related", "related_score", "word_diff"]
