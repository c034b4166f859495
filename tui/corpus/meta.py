"""Metadata from the lines news copy puts around a story: bylines, credit and date lines,
datelines.

The forms read (each part may come in any order, joined by ``·``, ``|``, ``•``, a spaced dash
or a comma):

- ``By Dana Whitfield · The Lakeside Ledger · 2024-05-14``, ``By ANNA KOVAL, Associated
  Press``, ``By Jane Doe and John Roe``, ``By Jane Doe, Staff Writer``;
- ``The Eastside Courier · May 15, 2024``, ``Published March 3, 2023``, ``Updated 3:04 PM EDT,
  Tue March 1, 2022``, ``15 May 2024``, ``2024-05-14``;
- datelines opening the story: ``CAIRO (Reuters) -``, ``KYIV, Ukraine (AP) —``, ``Kyiv,
  Ukraine CNN —``, ``LONDON, March 3 (Reuters) -``, ``WASHINGTON —``.

A line counts as metadata only when every part of it is recognised (a date, ``By`` and names,
an outlet or a name) and it has a date or a ``By``: a headline that happens to hold a date is
left alone. An outlet is told from a person by its words (``The …``, ``… Press``, ``… News``,
short capitals such as ``AP``); names in capitals (``ANNA KOVAL``) are given ordinary case.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_MONTH_NAMES = ("january february march april may june july august september october november "
                "december").split()
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?"
          r"|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
_TIME = r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?\s?m\.?)?(?:\s+[A-Z]{1,4}T?\b)?)"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"

_ISO = re.compile(r"\b(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+\-Z]*)?\b")
_MDY = re.compile(r"\b" + _WEEKDAY + r"?" + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b",
                  re.I)
_DMY = re.compile(r"\b" + _WEEKDAY + r"?" + _DAY + r"\s+" + _MONTH + r",?\s+" + _YEAR + r"\b",
                  re.I)
# What may stand around a date in a date line: "Updated 3:04 PM EDT, Tue March 1, 2022",
# "Published on March 3, 2023 at 10:15 a.m.".
_DATE_PREFIX = re.compile(
    r"(?:(?:last\s+|first\s+)?(?:updated|published|posted|modified|released)|date)"
    r"(?:\s+on)?\s*:?\s*(?:" + _TIME + r"\s*,?\s*)?$", re.I)
_DATE_SUFFIX = re.compile(r"^\s*,?\s*(?:at\s+)?" + _TIME + r"?", re.I)

_TIME_ONLY = re.compile(r"^(?:at\s+)?" + _TIME + r"$", re.I)
_SEPARATOR = re.compile(r"\s+[·|•—–-]\s+|\s*[·|•]\s*|,\s+")
_CONNECTORS = {"de", "van", "von", "der", "den", "al", "el", "bin", "da", "di", "du", "la",
               "le", "of", "the", "and", "y", "&", "st.", "jr.", "sr."}
_OUTLET_WORDS = {
    "press", "news", "times", "post", "journal", "ledger", "courier", "reuters", "agency",
    "herald", "tribune", "gazette", "telegraph", "independent", "daily", "weekly", "magazine",
    "network", "radio", "tv", "television", "media", "wire", "review", "chronicle", "observer",
    "standard", "mail", "express", "record", "bulletin", "dispatch", "inquirer", "monitor",
    "register", "sentinel", "examiner", "globe", "today", "online", "broadcasting", "guardian",
    "economist", "associated", "bloomberg", "politico", "axios", "vox", "vice", "people",
    "insider", "newsweek", "atlantic", "post-gazette", "star", "sun", "mirror", "report",
    "company", "service", "channel", "publishing", "group",
}
# Job titles after a name ("By Jane Doe, Staff Writer"): not authors, not outlets.
_ROLE_WORDS = {"writer", "reporter", "correspondent", "editor", "contributor", "columnist",
               "producer", "analyst", "author", "staff"}


@dataclass
class MetaLine:
    byline: str | None = None
    outlet: str | None = None
    date: str | None = None


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def _month_number(name: str) -> int:
    return [m[:3] for m in _MONTH_NAMES].index(name.lower()[:3]) + 1


def find_date(text: str, start: int = 0) -> tuple[str, int, int] | None:
    """The first date in ``text[start:]`` as ``(ISO date, start, end)``."""
    best = None
    for rx in (_ISO, _MDY, _DMY):
        m = rx.search(text, start)
        while m is not None:
            if rx is _ISO:
                iso = _iso(int(m["year"]), int(m["mnum"]), int(m["day"]))
            else:
                iso = _iso(int(m["year"]), _month_number(m["month"]), int(m["day"]))
            if iso is not None:
                if best is None or m.start() < best[1]:
                    best = (iso, m.start(), m.end())
                break
            m = rx.search(text, m.end())
    return best


def _title_case(name: str) -> str:
    if name.isupper() and any(c.isalpha() for c in name):
        return " ".join(w if len(w) <= 2 and w.endswith(".") else w.capitalize()
                        for w in name.split())
    return name


def _words_of(part: str) -> list[str]:
    return part.replace("’", "'").split()


def is_outlet(part: str) -> bool:
    words = _words_of(part)
    if not words or len(words) > 6 or not _is_name(part):
        return False
    lower = [w.lower().strip(".,") for w in words]
    if lower[0] == "the" and len(words) >= 2:
        return True
    if any(w in _OUTLET_WORDS for w in lower) or "&" in part or ".com" in part.lower():
        return True
    return len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 5


def _is_name(part: str) -> bool:
    words = _words_of(part)
    if not 1 <= len(words) <= 6:
        return False
    for w in words:
        core = w.strip(".,'’()")
        if not core:
            return False
        if core.lower() in _CONNECTORS or w.lower() in _CONNECTORS:
            continue
        if not (core[0].isupper() and all(c.isalpha() or c in ".-'’" for c in core)):
            return False
    return True


def _is_role(part: str) -> bool:
    lower = {w.lower().strip(".,") for w in _words_of(part)}
    return bool(lower & _ROLE_WORDS) and all(w[:1].isupper() or w in _CONNECTORS
                                             for w in _words_of(part))


def _split_names(names: str) -> list[str]:
    out = []
    for piece in re.split(r",\s*|\s+and\s+|\s*&\s*", names.strip()):
        piece = piece.strip(" .")
        if piece:
            out.append(piece)
    return out


def meta_line(block: str) -> MetaLine | None:
    """The byline, outlet and date of a short metadata line, or None when ``block`` is not
    one (see the module docstring)."""
    line = block.strip()
    if not line or "\n" in line or len(line) > 160 or line.endswith(("?", "!")):
        return None
    found = MetaLine()
    # Dates first: their commas ("May 15, 2024") are not separators.
    rest = line
    while True:
        d = find_date(rest)
        if d is None:
            break
        iso, s, e = d
        before, after = rest[:s], rest[e:]
        p = _DATE_PREFIX.search(before)
        if p is not None:
            before = before[:p.start()]
        sfx = _DATE_SUFFIX.match(after)
        if sfx is not None:
            after = after[sfx.end():]
        found.date = found.date or iso
        rest = before.rstrip(" ,") + " · " + after.lstrip(" ,")
    parts = [p.strip(" .;:·|•—–-") for p in _SEPARATOR.split(rest)]
    parts = [p for p in parts if p]
    names: list[str] = []
    has_by = False
    in_byline = False
    for part in parts:
        m = re.match(r"(?i)by\s+(.+)$", part)
        if m is not None:
            has_by = in_byline = True
            staff = re.match(r"(?i)(.+?)\s+(?:staff|reporters|wire services?)$", m.group(1))
            if staff is not None and is_outlet(staff.group(1)) or is_outlet(m.group(1)):
                # "By Reuters staff", "By The Associated Press": an outlet, no person.
                found.outlet = found.outlet or (staff.group(1) if staff else m.group(1))
            else:
                names += _split_names(m.group(1))
            continue
        if _TIME_ONLY.match(part):
            continue
        if _is_role(part):
            continue
        if is_outlet(part):
            found.outlet = found.outlet or part
            in_byline = False
        elif _is_name(part) and (in_byline or not names):
            names += _split_names(part)
        else:
            return None
    if found.date is None and not has_by:
        return None
    if names:
        if not all(_is_name(n) for n in names):
            return None
        found.byline = ", ".join(_title_case(n) for n in names)
    if found.outlet is not None and found.outlet.isupper() and len(found.outlet) > 5:
        found.outlet = _title_case(found.outlet)
    return found


_PLACE = r"(?P<place>[A-Z][\w'’.-]*(?:(?:,\s*|\s+)[A-Z][\w'’.-]*){0,3})"
_DASH = r"\s*[\u00a0 ]*(?:—|–|--?)[\u00a0 ]*"
_DATELINE_PAREN = re.compile(
    "^" + _PLACE + r"(?:,\s*(?i:" + _MONTH + r")\s+\d{1,2})?,?\s*"
    r"\((?P<outlet>[A-Z][\w&.' -]{0,40})\)" + _DASH)
_DATELINE_BARE = re.compile(
    "^" + _PLACE + r",?\s+(?P<outlet>[A-Z][A-Za-z&.]*(?:\s[A-Z][A-Za-z&.]*){0,2})" + _DASH)
_DATELINE_PLACE = re.compile(r"^(?P<place>[A-Z][A-Z'’.-]+(?:[ ,]+[A-Z][A-Z'’.-]+){0,2}"
                             r"(?:,\s*[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)?)" + _DASH)


def dateline(text: str, start: int = 0, end: int | None = None):
    """A dateline opening ``text[start:end]``: ``(place, outlet or None, match end)``, or
    None. ``KYIV, Ukraine (AP) —``, ``CAIRO (Reuters) -``, ``Kyiv, Ukraine CNN —``,
    ``LONDON, March 3 (Reuters) -``, ``WASHINGTON —``."""
    end = len(text) if end is None else end
    head = text[start:min(end, start + 120)]
    m = _DATELINE_PAREN.match(head)
    if m is None:
        m = _DATELINE_BARE.match(head)
        if m is not None and not is_outlet(m["outlet"]):
            m = None
    if m is not None:
        return m["place"].strip(" ,"), m["outlet"].strip(), start + m.end()
    m = _DATELINE_PLACE.match(head)
    if m is not None:
        return m["place"].strip(" ,"), None, start + m.end()
    return None
