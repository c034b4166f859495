"""Corpus layer: files into Articles with exact spans. No Textual import here."""
from .errors import LoadError
from .loader import article_id, build_article, iter_article_files, load_paths, parse_article, read_article
from .model import Article, Paragraph, Span
from .sentences import split_sentences

__all__ = ["Article", "LoadError", "Paragraph", "Span", "article_id", "build_article",
           "iter_article_files", "load_paths", "parse_article", "read_article", "split_sentences"]
