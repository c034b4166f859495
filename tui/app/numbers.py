"""Counts as screens write them (*plain*): plurals, short counts, progress figures."""
from __future__ import annotations


def plural(n: int, word: str, plural_form: str | None = None) -> str:
    """``1 result``, ``2 results``, ``1,234 matches`` (``plural_form`` when not word + s)."""
    return f"{n:,} {word if n == 1 else (plural_form or word + 's')}"


def short_count(n: int, width: int = 6) -> str:
    """``n`` in at most ``width`` cells: ``382``, ``12,345``, ``123.4k``, ``4.7M``."""
    full = f"{n:,}"
    if len(full) <= width:
        return full
    for value, suffix in ((1e3, "k"), (1e6, "M"), (1e9, "G")):
        if n / value >= 999.95:
            continue  # 999,999 is 1.0M, not 1000.0k
        for digits in (1, 0):
            text = f"{n / value:.{digits}f}{suffix}"
            if len(text) <= width:
                return text
    return full


def megabytes(n: int) -> str:
    return f"{n / 1e6:.1f}"


def progress_counts(done: int, total: int, unit: str = "") -> str:
    """``4.2 of 20.3 MB`` (unit "bytes" or "chars": counted in MB), else ``1,234 of 5,678``
    followed by ``unit``."""
    if unit in ("bytes", "chars"):
        return f"{megabytes(done)} of {megabytes(total)} MB"
    tail = f" {unit}" if unit else ""
    return f"{done:,} of {total:,}{tail}"


def percent(done: int, total: int) -> int:
    return 100 * done // total if total > 0 else 0
