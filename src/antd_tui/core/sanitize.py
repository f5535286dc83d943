"""The one sanitizer every string from the network goes through before storage.

Rules (ARCHITECTURE.md, "Text"):

* HTML is removed when the field may carry it (``html=True``), with a real HTML
  parser, so entities such as ``&#27;`` are decoded *before* control characters
  are removed and cannot smuggle an escape sequence through.
* C0 and C1 control characters (ESC, BEL, NUL, DEL, CSI U+009B …), bidi
  overrides/isolates, BOMs and other invisible format characters are removed.
  Every field is one line (body paragraphs are separate blocks): all
  whitespace runs fold into one space.
* The result is NFC-normalised (Vietnamese text arrives both composed and
  decomposed; search and comparison need one form).
* ``Ð``/``ð`` (U+00D0/F0, eth) starting a Vietnamese syllable is ``Đ``/``đ``: text
  converted from old encodings has the look-alike, which search would not
  find as ``đ`` or ``d`` (``vietnamese_d``; an eth inside a word, Icelandic's
  ``Guðrún``, is kept).

Markup-looking text (``[bold]``, ``[link=…]``) is *kept* literally: it is plain
text here, and the renderers display it as plain text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit, urlunsplit

# Format characters that change how text is displayed or ordered. Zero-width
# joiner/non-joiner (U+200C/D) are kept: emoji and some scripts need them.
_INVISIBLE = {
    0x061C,  # arabic letter mark
    0x200B,  # zero width space
    0x200E, 0x200F,  # LRM, RLM
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E,  # embeddings and overrides
    0x2060, 0x2061, 0x2062, 0x2063, 0x2064,  # word joiner, invisible operators
    0x2066, 0x2067, 0x2068, 0x2069,  # isolates
    0xFEFF,  # BOM / zero width no-break space
    0xFFF9, 0xFFFA, 0xFFFB,  # interlinear annotation
}
_LINE_BREAKS = (0x2028, 0x2029, 0x0085)


def _build_table() -> dict[int, str | None]:
    """Controls and invisible format characters removed; whitespace controls become spaces."""
    table: dict[int, str | None] = {}
    for cp in [*range(0x00, 0x20), *range(0x7F, 0xA0), *_INVISIBLE]:
        table[cp] = None
    for cp in (0x09, 0x0A, 0x0B, 0x0C, 0x0D, *_LINE_BREAKS):
        table[cp] = " "
    return table


_TABLE_FLAT = _build_table()
# Any character the tables change (controls, invisibles, line breaks) or a surrogate:
# most text has none, and a regex search is much cheaper than translate().
_NEEDS_TRANSLATE = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in sorted(_TABLE_FLAT)) + "\ud800-\udfff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")


_VOWELS = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵ"
# An eth at a word's start before a Vietnamese vowel (composed: the text is NFC by then).
_ETH_SYLLABLE = re.compile(f"(?<!\\w)[ðÐ](?=[{_VOWELS}{_VOWELS.upper()}])")
_ETH_TO_D = {"ð": "đ", "Ð": "Đ"}


def vietnamese_d(text: str) -> str:
    """``Ðà Nẵng`` -> ``Đà Nẵng``: an eth starting a Vietnamese syllable is the letter đ."""
    if "ð" not in text and "Ð" not in text:
        return text
    return _ETH_SYLLABLE.sub(lambda m: _ETH_TO_D[m.group(0)], text)


class _Markup(NamedTuple):
    tag_hint: re.Pattern[str]
    hard_html: re.Pattern[str]
    block_tag: re.Pattern[str]
    any_tag: re.Pattern[str]  # both in one pass: removing one never joins text into another
    unescape: Callable[[str], str]


_MARKUP: _Markup | None = None


def _markup() -> _Markup:
    """What ``strip_html`` needs, made on first use: a refresh of unchanged feeds
    strips no HTML, and these patterns with ``html``'s entity table were ~5 ms of
    its start-up in the VM's slow minutes."""
    global _MARKUP
    if _MARKUP is not None:
        return _MARKUP
    import html

    simple_tag = (r"</?[A-Za-z][A-Za-z0-9]*"
                  r"(?:\s+[A-Za-z_:][-A-Za-z0-9_:.]*(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?)*"
                  r"\s*/?>")
    block_tag = (r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|figure|"
                 r"figcaption|header|footer|pre|hr|dd|dt|dl)\b[^>]*>")
    _MARKUP = _Markup(
        tag_hint=re.compile(r"<[A-Za-z/!?]|&(#\d+|#[xX][0-9A-Fa-f]+|[A-Za-z]+);"),
        hard_html=re.compile(
            r"<\s*/?\s*(script|style|template|noscript|textarea|title|xmp|plaintext)\b|<!|<\?",
            re.IGNORECASE),
        # A well-formed tag, attributes quoted or plain; where this does not match, the
        # text keeps a "<" and goes to the real parser.
        block_tag=re.compile(block_tag, re.IGNORECASE),
        any_tag=re.compile(f"(?P<block>{block_tag})|{simple_tag}", re.IGNORECASE),
        unescape=html.unescape,
    )
    return _MARKUP


def strip_html(text: str) -> str:
    """Return the text content of an HTML fragment (tags dropped, entities decoded).

    Simple fragments (tags and text, no scripts, styles, comments or CDATA —
    a feed item's ``<a><img></a>lead``) take a regex fast path with the same
    result; anything else goes through lexbor, a real HTML5 parser.
    """
    markup = _MARKUP or _markup()
    if not markup.tag_hint.search(text):
        return text
    if "<" not in text:
        return markup.unescape(text)
    # A feed lead puts its markup first (a linked photo) and its text after. Every
    # tag ends at a ">", so when no "<" follows the last ">", only the part up to
    # it can match: the three scans read that part, not the whole lead.
    end = text.rfind(">") + 1
    head, tail = (text[:end], text[end:]) if end and text.find("<", end) == -1 else (text, "")
    if not markup.hard_html.search(head):
        stripped = markup.any_tag.sub(_tag_gap, head)
        if "<" not in stripped:
            return markup.unescape(stripped + tail)
    return strip_html_parsed(text)


def _tag_gap(match: re.Match[str]) -> str:
    """A block-level tag separates words; an inline one (<em>, <a>) does not."""
    return "" if match.group("block") is None else " "


def strip_html_parsed(text: str) -> str:
    """The general path of ``strip_html``: lexbor's HTML5 parse, text content only."""
    from selectolax.lexbor import LexborHTMLParser

    # Block-level tags separate words; inline tags (<em>, <b>, <a>) must not.
    text = _markup().block_tag.sub(r" \g<0>", text)
    tree = LexborHTMLParser(f"<body>{text}</body>")
    for node in tree.css("script, style, noscript, template"):
        node.decompose()
    body = tree.body
    if body is None:
        return ""
    return body.text(separator="") or ""


def clean_text(text: str | None, *, html: bool = False) -> str:
    """A one-line field: title, author, category, caption, summary."""
    if not text:
        return ""
    text = str(text)
    if html:
        text = strip_html(text)
    # isprintable() is False for every character the table removes or changes
    # (controls, format characters, line separators, surrogates) and for all
    # whitespace but " ": most text passes it, and it is cheaper than a search.
    printable = text.isprintable()
    if not printable and _NEEDS_TRANSLATE.search(text):
        text = _SURROGATES.sub("", text).translate(_TABLE_FLAT)
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        text = vietnamese_d(text)
    if printable and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text  # already one line with single spaces: what split/join would give
    return " ".join(text.split())


def has_control(text: str) -> bool:
    """True if ``text`` still holds a character the sanitizer would remove."""
    return any(
        (ord(ch) in _TABLE_FLAT and ch not in " \n") or unicodedata.category(ch) == "Cs"
        for ch in text
    )


# An absolute http(s) URL of plain printable ASCII with a simple host: the
# common case, returned without urllib's parse/unparse round trip.
_PLAIN_URL = re.compile(r"(https?)://([A-Za-z0-9][A-Za-z0-9.-]*(?::[0-9]{1,5})?)([/?][!-~]*)?")
# The same, with no fragment and nothing to percent-encode: most feed links.
_SIMPLE_URL = re.compile(
    r"https?://[A-Za-z0-9][A-Za-z0-9.-]*(?::([0-9]{1,5}))?([/?][!$-;=?-\[\]_a-z~]*)?"
)
# Characters that must not survive raw in a stored link (they end a Markdown
# <link>, an HTML attribute or a shell word): they are percent-encoded.
_UNSAFE_IN_URL = re.compile(r"[<>\"`{}|\\^ ]")


def _encode_unsafe(url: str) -> str:
    return _UNSAFE_IN_URL.sub(lambda m: f"%{ord(m.group(0)):02X}", url)


def _port_ok(netloc: str) -> bool:
    host, _, port = netloc.rpartition(":")
    return not host or not port.isdigit() or int(port) <= 65535


def safe_url(url: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL, or ``None`` for anything else.

    ``javascript:``, ``file:``, ``data:`` and scheme-less garbage are refused.
    Relative links resolve against ``base``. Control characters and spaces
    are removed first (browsers do the same) so they cannot hide a scheme.
    """
    if not url:
        return None
    simple = _SIMPLE_URL.fullmatch(url)
    if simple:
        port, rest = simple.groups()
        if (port is None or int(port) <= 65535) and not url.endswith("?"):
            if rest is None:
                return url + "/"
            if rest[0] == "/":
                return url  # already what the steps below would build
    plain = _PLAIN_URL.fullmatch(url)
    if plain and _port_ok(plain.group(2)):
        rest = (plain.group(3) or "/").split("#", 1)[0]
        if not rest.endswith("?"):  # an empty query is dropped: the general path does it
            if rest.startswith("?"):
                rest = "/" + rest
            return _encode_unsafe(f"{plain.group(1)}://{plain.group(2)}{rest}")
    return _safe_url_general(url, base)


def _safe_url_general(url: str, base: str | None) -> str | None:
    cleaned = "".join(ch for ch in clean_text(url) if not ch.isspace())
    if not cleaned:
        return None
    if base:
        try:
            cleaned = urljoin(base, cleaned)
        except ValueError:
            return None
    try:
        parts = urlsplit(cleaned)
        _ = parts.port  # raises for a port that is not a number from 0 to 65535
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    joined = urlunsplit((parts.scheme.lower(), parts.netloc, parts.path or "/", parts.query, ""))
    return _encode_unsafe(joined)
