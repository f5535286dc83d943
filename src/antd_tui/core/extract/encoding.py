"""Page bytes to what the parser reads: BOM, then ``<meta charset>``, else UTF-8."""

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
