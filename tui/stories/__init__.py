"""Stories: a library's articles grouped by the event they report. Plain Python, no Textual.

``library_stories(library)`` (a scanned ``tui.corpus.Library``) or ``group_articles(articles)``
give a ``StoryIndex``: ``stories`` (largest first), ``story_of(article_id)``,
``articles_of(story_id)``, ``most_alike(story_id)`` (which of a story's articles to read side by
side), ``add(article)``. A ``FeatureCollector`` given to ``Library.scan(parsed=...)`` keeps what
the scan parsed, so a first grouping need not parse the library again. See group.py for the
algorithm, index.py for the cache and the incremental join.
"""
from .group import ALGORITHM_VERSION, DEFAULT, Params
from .index import FeatureCollector, StoryIndex, group_articles, library_stories
from .model import ArticleRef, Story

__all__ = ["ALGORITHM_VERSION", "ArticleRef", "DEFAULT", "FeatureCollector", "Params", "Story",
           "StoryIndex", "group_articles", "library_stories"]
