"""Page bytes to what the parser reads: BOM, then ``<meta charset>``, else UTF-8; and a
check that the page is not nested too deeply to parse in bounded time."""

from __future__ import annotations

import codecs
import re

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:\-]+)", re.IGNORECASE
)
# The WHATWG encoding standard's aliases that matter for Vietnamese pages.
_ALIASES = {"iso-8859-1": "cp1252", "latin1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252"}


def _declared(data: bytes) -> str:
    """The encoding a page declares: BOM, then ``<meta charset>``; UTF-8 by default."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    found = _META_CHARSET.search(data[:4096])
    if not found:
        return "utf-8"
    name = found.group(1).decode("ascii", errors="ignore").lower()
    try:
        info = codecs.lookup(_ALIASES.get(name, name))
    except LookupError:
        return "utf-8"
    if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib … are not charsets
        return "utf-8"
    encoding = info.name
    # A page that says UTF-16 without a BOM is ASCII-compatible by definition.
    if encoding.startswith(("utf-16", "utf-32")):
        return "utf-8"
    if encoding != "utf-8" and not data.isascii():
        # Old CMS templates declare windows-1252 over UTF-8 text. Bytes that
        # decode as UTF-8 with multi-byte sequences are UTF-8 in practice.
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            return encoding
        return "utf-8"
    return encoding


def prepare(data: str | bytes) -> str | bytes:
    """What the parser gets: text, or UTF-8 bytes as they came (no decode/encode round trip).

    lexbor reads UTF-8 bytes directly and replaces invalid sequences, which is
    the same as decoding with ``errors="replace"`` but skips a copy of the page.
    """
    if isinstance(data, str):
        return data
    encoding = _declared(data)
    if encoding == "utf-8":
        return data.removeprefix(codecs.BOM_UTF8)
    bom = next((b for b, e in _BOMS if e == encoding and data.startswith(b)), b"")
    return data[len(bom):].decode(encoding, errors="replace")


def decode_html(data: bytes) -> str:
    """Bytes to text: BOM first, then ``<meta charset>``, else UTF-8 (bad bytes replaced)."""
    prepared = prepare(data)
    return prepared if isinstance(prepared, str) else prepared.decode("utf-8", errors="replace")


# lexbor's tree building is quadratic in nesting depth (20,000 levels: 0.6 s,
# 100,000: 28 s, a 10 MB page could nest 2 million), and so is every walk over
# a deep tree. Real article pages nest under 300 levels and carry under 5,000
# tags. A table counts as four levels (table, tbody, tr, td: its rows and cells
# close themselves, so "<table><td>" 9,000 times is 36,000 levels in 99 KB).
# A page is scanned (~1 ms per 100 KB) only when its tags could reach
# ``MAX_DEPTH``, and one deeper than that is refused.
MAX_DEPTH = 10_000
_TABLE_LEVELS = 4
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_TABLE = re.compile(rb"<table", re.IGNORECASE)
# Tags that never nest (void) or that close themselves in practice (p, li, td …).
_FLAT = frozenset(
    b"area base br col embed hr img input link meta source track wbr p li td tr th option dt dd"
    .split()
)


def too_deep(page: str | bytes) -> int:
    """The page's nesting depth when it is over ``MAX_DEPTH`` (an estimate from its tags), else 0."""
    data = page.encode("utf-8", errors="replace") if isinstance(page, str) else page
    tags = data.count(b"<")
    if tags * _TABLE_LEVELS <= MAX_DEPTH:
        return 0
    tables = len(_TABLE.findall(data))
    if tags + (_TABLE_LEVELS - 1) * tables <= MAX_DEPTH:
        return 0
    depth = 0
    for found in _TAG.finditer(data):
        name = found.group(2).lower()
        if found.group(3) or name in _FLAT:
            continue
        step = _TABLE_LEVELS if name == b"table" else 1
        if found.group(1):
            depth = max(0, depth - step)
            continue
        depth += step
        if depth > MAX_DEPTH:
            return depth
    return 0


# What a page that is not text starts with: PDF, images, archives, media, executables.
_SIGNATURES = (
    (b"%PDF-", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"), (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"PK\x03\x04", "a ZIP archive or office document"), (b"\x1f\x8b", "gzip data"),
    (b"\x7fELF", "a program"), (b"OggS", "an Ogg file"), (b"ID3", "an MP3 file"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"), (b"\xd0\xcf\x11\xe0", "an old office document"),
)
# NUL and other control characters (not tab, newlines, form feed) and U+FFFD, which
# bytes that are not UTF-8 turn into. Random bytes give about half of these; a real
# page, even one in an undeclared legacy encoding, well under a tenth (its markup is ASCII).
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")
_SAMPLE = 65_536
_MAX_BAD_SHARE = 0.1


def not_text(raw: str | bytes, prepared: str | bytes) -> str:
    """Why the page is not text (a binary signature, or too many control or replacement
    characters in its first 64 KB), else ""."""
    if isinstance(raw, bytes):
        start = raw[:64].lstrip(b" \t\r\n")
        for signature, what in _SIGNATURES:
            if start.startswith(signature):
                return what
    sample = prepared[:_SAMPLE]
    text = sample.decode("utf-8", errors="replace") if isinstance(sample, bytes) else sample
    if not text:
        return ""
    bad = len(_NOT_TEXT.findall(text))
    if bad > _MAX_BAD_SHARE * len(text):
        return f"{bad * 100 // len(text)}% of its characters are control or undecodable bytes"
    return ""
