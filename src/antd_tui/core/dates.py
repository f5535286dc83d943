"""Dates from feeds and pages, always returned as aware UTC datetimes.

Accepted: RFC 822/2822 (``Tue, 29 Mar 2021 09:15:00 +0700``, also with zone
names such as GMT/ICT), ISO 8601 with or without an offset (``2021-03-29T09:15:00+07:00``,
``2021-03-29 09:15``), and ANTD's old ``dd/mm/yyyy hh:mm`` / ``dd-mm-yyyy``.
A time without an offset is taken as Vietnam time (UTC+7): every ANTD page
is written there. Anything else gives ``None``; the caller falls back to the
time the article was first seen. Nothing here raises on bad input.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

VIETNAM = timezone(timedelta(hours=7), "ICT")
_ZONE_NAMES = {"ICT": "+0700", "UT": "+0000", "Z": "+0000"}
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$",
    re.IGNORECASE,
)
_DMY = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\D{1,4}(\d{1,2})[:hH](\d{2}))?"
)
_HM_DMY = re.compile(r"(\d{1,2})[:hH](\d{2})\D{1,6}(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_MIN_YEAR, _MAX_YEAR = 1990, 2100


@functools.lru_cache(maxsize=64)
def _offset(text: str | None) -> timezone | None:
    """``+07:00`` / ``-0500`` / ``Z`` as a zone; ``None`` for an impossible offset (``+25:00``)."""
    if not text or text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    try:
        hours, minutes = int(digits[:2]), int(digits[2:4])
        return timezone(sign * timedelta(hours=hours, minutes=minutes))
    except ValueError:
        return None


def _build(
    year: int, month: int, day: int, hour: int, minute: int, second: int, tz: timezone | None
) -> datetime | None:
    if tz is None or not _MIN_YEAR <= year <= _MAX_YEAR:
        return None
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz).astimezone(UTC)
    except ValueError:
        return None


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}
_LETTERS = re.compile(r"[A-Za-z]{3}")
# The usual RSS form, "Tue, 24 Nov 2026 08:15:00 +0700", read without email.utils.
_RFC822_PLAIN = re.compile(
    r"(?:[A-Za-z]{3}, )?(\d{1,2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2})(?::(\d{2}))? "
    r"(?:([+-]\d{4})|GMT|UTC|UT|Z)"
)


def _rfc822(text: str) -> datetime | None:
    plain = _RFC822_PLAIN.fullmatch(text)
    if plain:
        day, month, year, hour, minute, second, offset = plain.groups()
        number = _MONTHS.get(month.lower())
        if number is not None:
            zone = _offset(offset[:3] + ":" + offset[3:]) if offset else UTC
            return _build(int(year), number, int(day), int(hour), int(minute), int(second or 0), zone)
    return _rfc822_general(text)


def _rfc822_general(text: str) -> datetime | None:
    from email.utils import parsedate_tz  # rare forms only: the import costs ~5 ms

    for name, offset in _ZONE_NAMES.items():
        if text.rstrip().upper().endswith(" " + name):
            text = text.rstrip()[: -len(name)] + offset
            break
    try:
        parts = parsedate_tz(text)
    except (ValueError, IndexError, TypeError):
        return None
    if parts is None:
        return None
    year, month, day, hour, minute, second = (int(p) for p in parts[:6])
    seconds = parts[9]
    tz = VIETNAM if seconds is None else timezone(timedelta(seconds=int(seconds)))
    return _build(year, month, day, hour, minute, second, tz)


def parse_date(text: str | None) -> datetime | None:
    """Parse a feed or page date; ``None`` when it cannot be trusted."""
    if not text or len(text) > 200:
        return None
    text = text.strip()
    iso = _ISO.match(text)
    if iso:
        y, mo, d, h, mi, s, off = iso.groups()
        tz = _offset(off) if off else VIETNAM
        return _build(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tz)
    if _LETTERS.search(text):
        found = _rfc822(text)
        if found:
            return found
    hm_first = _HM_DMY.search(text)
    if hm_first:
        h, mi, d, mo, y = (int(g) for g in hm_first.groups())
        return _build(y, mo, d, h, mi, 0, VIETNAM)
    dmy = _DMY.search(text)
    if dmy:
        d, mo, y, h, mi = dmy.groups()
        return _build(int(y), int(mo), int(d), int(h or 0), int(mi or 0), 0, VIETNAM)
    return None


def from_struct(value: object) -> datetime | None:
    """feedparser's ``*_parsed`` time.struct_time (already UTC) to a datetime."""
    try:
        fields: tuple[Any, ...] = tuple(value)[:6]  # type: ignore[call-overload,arg-type]
        year, month, day, hour, minute, second = (int(f) for f in fields)
    except (TypeError, ValueError):
        return None
    return _build(year, month, day, hour, minute, min(second, 59), UTC)


def iso(dt: datetime | None, tz: timezone = VIETNAM) -> str | None:
    """ISO 8601 with an offset, shown in Vietnam time by default."""
    return dt.astimezone(tz).isoformat() if dt else None
