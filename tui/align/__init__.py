"""The passage aligner: two articles in, links between groups of passages out.

Plain Python (no Textual). aligner.py is the entry point (``align_articles``), core.py the
algorithm, model.py the result and what a view needs of it, corrections.py user corrections
anchored by text, wording.py which links differ in wording and what counts as a difference,
incremental.py aligning very long articles a window at a time.
"""
from .aligner import ALGORITHM_VERSION, MATCH_MIN, align_articles, align_pair, apply_corrections
from .diff import word_diff
from .model import Alignment, Link, Passage
from .related import rank_related, related_score
from .units import UNITS
from .wording import Difference, differences, links_differ, same_wording

__all__ = ["ALGORITHM_VERSION", "Alignment", "Difference", "Link", "MATCH_MIN", "Passage",
           "UNITS", "align_articles", "align_pair", "apply_corrections", "differences", "links_differ",
           "rank_related", "related_score", "same_wording", "word_diff"]
