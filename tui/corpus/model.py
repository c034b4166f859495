"""The article model shared by every layer.

Every unit of text is an exact character span into ``Article.text``: ``text[start:end]`` is the
unit, with no trimming or rewriting, so offsets printed by the CLI and stored in state always
point back into the file as Python reads it in text mode (newlines normalised to ``\\n``).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from functools import cached_property

from tui.cachekeys import text_key as _text_key


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def slice(self, text: str) -> str:
        return text[self.start:self.end]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of text separated from its neighbours by a blank line."""

    start: int
    end: int
    sentences: tuple[Span, ...]
    # Why kept instead of dropped: the reader dims boilerplate, the aligner ignores it, and the
    # offsets of everything after it must not move.
    boilerplate: bool = False
    # "headline", "standfirst", "dateline", "byline", "date", "subhead", "frontmatter" (YAML
    # front matter of a Markdown file), "comment" (an HTML comment in Markdown) or "" for body
    # text.
    role: str = ""

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


@dataclass(eq=False)
class Article:
    path: str
    text: str
    id: str
    title: str
    paragraphs: list[Paragraph]
    outlet: str | None = None
    date: str | None = None          # ISO YYYY-MM-DD
    dateline: str | None = None      # place, e.g. "Kyiv, Ukraine"
    byline: str | None = None
    encoding: str = "utf-8"
    url: str | None = None           # where it was published, when the file says (HTML, front matter)
    warnings: list[str] = field(default_factory=list)

    @cached_property
    def text_key(self) -> str:
        """A hash of the exact text. Caches of offsets are keyed by this, never by ``id``,
        which folds whitespace so that reading state survives re-wrapping."""
        return _text_key(self.text)

    @cached_property
    def sentences(self) -> list[Span]:
        """Every sentence of every paragraph, in order."""
        return [s for p in self.paragraphs for s in p.sentences]

    @cached_property
    def body_paragraphs(self) -> list[Paragraph]:
        """Paragraphs that carry the story: no headline, metadata lines or boilerplate."""
        return [p for p in self.paragraphs if not p.boilerplate and not p.role]

    @cached_property
    def words(self) -> int:
        return sum(len(self.text[p.start:p.end].split()) for p in self.body_paragraphs)

    def para_text(self, index: int) -> str:
        p = self.paragraphs[index]
        return self.text[p.start:p.end]

    @cached_property
    def _paragraph_starts(self) -> list[int]:
        return [p.start for p in self.paragraphs]

    def paragraph_at(self, offset: int) -> int:
        """Index of the paragraph containing (or nearest before) ``offset``."""
        i = bisect.bisect_right(self._paragraph_starts, offset) - 1
        return max(0, min(i, len(self.paragraphs) - 1))
