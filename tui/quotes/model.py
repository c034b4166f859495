"""The Quote record shared by the quotes layer, the search index and the app."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True)
class Quote:
    article_id: str
    path: str
    # Span of the quoted words without the marks: article.text[start:end] == text.
    start: int
    end: int
    text: str
    speaker: str | None      # canonical resolved name, e.g. "Volodymyr Zelensky"
    fragment: bool           # a few words or a phrase quoted inside the writer's sentence
    paragraph: int           # index into article.paragraphs
    # Parts of one statement (split by attribution, or running over paragraphs) share this
    # per-article number.
    statement: int
    group: str | None = None  # same id for every report of one statement across articles

    def to_json(self) -> dict:
        return {"path": self.path, "text": self.text, "speaker": self.speaker,
                "start": self.start, "end": self.end, "group": self.group,
                "fragment": self.fragment, "article_id": self.article_id,
                "statement": self.statement, "paragraph": self.paragraph}
