"""What the app and the CLI get: stories, each a list of references to its articles."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ArticleRef:
    """One article of a story, as the library lists it."""

    id: str
    path: str
    title: str
    outlet: str | None
    date: str | None        # ISO YYYY-MM-DD

    def to_json(self) -> dict:
        return {"path": self.path, "id": self.id, "title": self.title, "outlet": self.outlet,
                "date": self.date}


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report one event. ``id`` is ``"s-"`` and the smallest article id among
    them, so it stays the same for as long as the story keeps that article; ``title`` is the
    headline that uses most of the words the story's articles share."""

    id: str
    title: str
    articles: tuple[ArticleRef, ...]    # oldest first; undated ones last

    def __len__(self) -> int:
        return len(self.articles)

    @property
    def outlets(self) -> list[str]:
        """Distinct outlets, in the order of the articles."""
        return list(dict.fromkeys(a.outlet for a in self.articles if a.outlet))

    @property
    def first_date(self) -> str | None:
        return min((a.date for a in self.articles if a.date), default=None)

    @property
    def last_date(self) -> str | None:
        return max((a.date for a in self.articles if a.date), default=None)

    def to_json(self) -> dict:
        return {"id": self.id, "title": self.title,
                "articles": [a.to_json() for a in self.articles]}


def story_id(article_ids) -> str:
    return "s-" + min(article_ids)
