"""The session: which screen was open when the app last ran, so the next start reopens it.

One schema, written by the screens as they come to the front (through ``SynopticApp
.set_session``) and kept as a dict in the state store:

- ``{"screen": "library"}``
- ``{"screen": "reader", "article": ID}``
- ``{"screen": "compare", "left": ID, "right": ID, "passage": N}`` (N: the paragraph of the
  leftmost column's cursor), plus ``"others": [ID, ...]`` when three or four articles are
  compared (the third and fourth columns)

Older versions wrote other keys; ``Session.from_dict`` reads them too, so an upgrade keeps the
user's last place: the compare screen wrote ``article_id`` and ``right_id`` (beside ``left`` and
``right``), and early readers wrote ``article_id`` for the article. Plain Python, no Textual.
"""
from __future__ import annotations

from typing import Any, NamedTuple


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# A NamedTuple, not a dataclass: it is read at start-up, and a dataclass costs milliseconds to
# create.
class Session(NamedTuple):
    screen: str = "library"
    article: str | None = None   # reader: the article open
    left: str | None = None      # compare: the articles in the left and right panes
    right: str | None = None
    passage: int | None = None   # compare: the paragraph of the leftmost column's cursor
    others: tuple[str, ...] = ()  # compare: the third and fourth articles, if any

    @classmethod
    def reader(cls, article_id: str) -> "Session":
        return cls("reader", article=article_id)

    @classmethod
    def compare(cls, left_id: str, right_id: str, passage: int | None = None,
                others: tuple[str, ...] = ()) -> "Session":
        return cls("compare", left=left_id, right=right_id, passage=passage,
                   others=tuple(others)[:2])

    @classmethod
    def from_dict(cls, data: Any) -> "Session":
        """The session in ``data`` as any version stored it; a library session when it is
        missing or unreadable."""
        if not isinstance(data, dict):
            return cls()
        screen = data.get("screen")
        if screen == "reader":
            article = _text(data.get("article")) or _text(data.get("article_id"))
            return cls.reader(article) if article else cls()
        if screen == "compare":
            left = _text(data.get("left")) or _text(data.get("article_id"))
            right = _text(data.get("right")) or _text(data.get("right_id"))
            passage = data.get("passage")
            if not (isinstance(passage, int) and not isinstance(passage, bool) and passage >= 0):
                passage = None
            raw = data.get("others")
            others = tuple(o for o in raw if _text(o))[:2] if isinstance(raw, list) else ()
            return cls.compare(left, right, passage, others) if left and right else cls()
        return cls()

    def to_dict(self) -> dict[str, Any]:
        if self.screen == "reader":
            return {"screen": "reader", "article": self.article}
        if self.screen == "compare":
            out: dict[str, Any] = {"screen": "compare", "left": self.left, "right": self.right}
            if self.passage is not None:
                out["passage"] = self.passage
            if self.others:
                out["others"] = list(self.others)
            return out
        return {"screen": "library"}
