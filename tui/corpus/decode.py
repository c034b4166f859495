"""Bytes to text: BOMs, UTF-8, then charset-normalizer for legacy encodings (cp1251 is still
common at Ukrainian and Russian outlets), newlines normalised to ``\\n``."""
from __future__ import annotations

import codecs

from .errors import LoadError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_binary(data: bytes) -> bool:
    """A NUL byte or many control bytes in the first 8 KiB: not a text file. UTF-16/32 carry
    NULs legitimately, so callers check for their BOM first."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode_bytes(data: bytes, name: str = "file") -> tuple[str, str]:
    """Return ``(text, encoding)``. Raises LoadError for binary data."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return normalise_newlines(data.decode(enc)), enc.replace("-sig", "")
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise LoadError(f"{name}: looks like a binary file, not text")
    try:
        return normalise_newlines(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding:
        try:
            return normalise_newlines(data.decode(best.encoding)), best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    # latin-1 maps every byte, so text always comes out; mojibake beats losing the article.
    return normalise_newlines(data.decode("latin-1")), "latin-1"


def normalise_newlines(text: str) -> str:
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
