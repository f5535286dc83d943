"""A page's own metadata, the same rules for every adapter: site suffix, author, published time.

* **Site suffix**: " - VnExpress", " | ANTD.VN", " – Báo Tuổi Trẻ" is cut from a
  title or lead when the part after the last separator names the site: its
  ``og:site_name``/``application-name``, or its host's name (``vnexpress`` for
  vnexpress.net, dots and marks ignored), or a known name of the paper; the
  same name with "Báo", "Báo điện tử" before it or "Online", "News", ".vn"
  after it counts too ("Tuổi Trẻ Online"), a longer phrase that starts or ends
  with it ("Thanh niên tình nguyện") does not. A page's h1 is never cut.
* **Author**: only a person. A site's own name (as above), a URL, an e-mail, or
  a desk ("Ban biên tập", "Admin", "Staff", "Báo …", "Tạp chí …", "PV", "BTV")
  is not an author; then the byline in the page is read; and a page that
  signs its articles with a short bold line at the end (VnExpress) gives that
  name when it looks like one (2-5 capitalised words, no digits).
* **Published**: ``article:published_time``, then JSON-LD ``datePublished``
  (also inside ``@graph`` and lists), then ``itemprop=datePublished``, then
  ``time[datetime]``; the first that parses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

from antd_tui.core.dates import parse_date
from antd_tui.core.folding import fold

from .dom import Metas, attr, host_of, text_of
from .rules import CREDIT

_SEPARATOR = re.compile(r"\s+[|–—\-:»·]\s+|\s*\|\s*")
_NON_ALNUM = re.compile(r"[\W_]+")
# Names of the paper (ANTD) that its pages use as a suffix or an author.
KNOWN_SITES = frozenset({"antd", "antdvn", "anninhthudo", "anninhthudovn", "baoanninhthudo"})
_DESK = re.compile(
    r"^(?:(?:ban biên tập|ban bien tap|btv|pv|phóng viên|nhóm phóng viên|admin\w*|administrator|"
    r"staff|editor|editorial|webmaster|newsroom|reporter|tòa soạn|toà soạn)$|"
    r"báo\s|tạp chí\s|nguồn\s*:|theo\s)",
    re.IGNORECASE,
)
_EMAIL_OR_URL = re.compile(r"@|://|\bwww\.|\.(?:vn|com|net|org)\b", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*\.?$")
_MAX_JSON_LD = 200_000  # characters of one JSON-LD script worth reading
# What a site's name may carry around the name itself (normalised: no marks, spaces, dots).
_DECOR_BEFORE = re.compile(r"^(?:baodientu|bao|tapchi|trangtin)(?=.{3})")
_DECOR_AFTER = re.compile(r"(?<=.{3})(?:online|news|dientu|comvn|netvn|orgvn|vn|com|net|org)$")


def _norm(text: str) -> str:
    return _NON_ALNUM.sub("", fold(text)).casefold()


def site_names(tree: LexborHTMLParser, metas: Metas, url: str) -> set[str]:
    """Normalised names the page uses for its own site."""
    names = set(KNOWN_SITES)
    for value in (metas.first("og:site_name"), metas.first("application-name"),
                  metas.first("al:android:app_name"), metas.first("twitter:site").lstrip("@")):
        if value:
            names.add(_norm(value))
    host = host_of(url).removeprefix("www.").removeprefix("m.")
    if host:
        label = host.split(".")[0]
        names.update({_norm(label), _norm(host)})
    names.discard("")
    return names


def _core(name: str) -> str:
    """A normalised site name without its decorations: "Báo", "Báo điện tử", "Tạp chí" before
    it, "Online", "News", "điện tử" or a domain ending after it ("tuoitreonline" → "tuoitre")."""
    while True:
        bare = _DECOR_BEFORE.sub("", name, count=1)
        bare = _DECOR_AFTER.sub("", bare, count=1)
        if bare == name or not bare:
            return name
        name = bare


def is_site_name(text: str, sites: set[str], loose: bool = False) -> bool:
    """``text`` is the site's name itself: one of ``sites``, or the same name with only the
    decorations ``_core`` drops ("Báo Thanh Niên", "Tuổi Trẻ Online", "thanhnien.vn").
    A part that merely starts or ends with the name ("Thanh niên tình nguyện" on
    thanhnien.vn, "An ninh Thủ đô vững vàng") is not it, unless ``loose``: a ``<title>``
    element's last part up to 30 characters around a name of five letters or more
    ("City Gazette" on gazette.example.net; that element always carries the suffix)."""
    n = _norm(text)
    if not n:
        return False
    if n in sites or _core(n) in {_core(s) for s in sites}:
        return True
    return loose and len(text) <= 30 and any(
        len(s) >= 5 and (n.startswith(s) or n.endswith(s)) for s in sites)


def strip_site_suffix(text: str, sites: set[str], loose: bool = False) -> str:
    """``text`` without a trailing (or leading) "- Site name" part (``loose``: see above)."""
    parts = _SEPARATOR.split(text)
    if len(parts) < 2:
        return text
    if is_site_name(parts[-1], sites, loose):
        return text[: text.rfind(parts[-1])].rstrip(" |–—-:»·")
    if is_site_name(parts[0], sites) and len(parts[0]) < len(text) // 2:
        return text[len(parts[0]):].lstrip(" |–—-:»·")
    return text


def person(name: str | None, sites: set[str]) -> str:
    """``name`` when it names a person, else ""."""
    name = (name or "").strip(" -–|,·")
    if not name or len(name) > 80 or _EMAIL_OR_URL.search(name) or _DESK.match(name):
        return ""
    if CREDIT.match(name):
        return ""  # "Ảnh: Ngọc Thắng", "Photo: …": a photo's credit
    if is_site_name(name, sites):
        return ""
    return name


_CAPTION_TAGS = frozenset({"figure", "figcaption"})


def in_caption(node: LexborNode, limit: int = 40) -> bool:
    """``node`` is part of a photo's figure or caption (its "author" is the photographer)."""
    parent = node.parent
    for _ in range(limit):
        if parent is None:
            return False
        if parent.tag in _CAPTION_TAGS or "caption" in attr(parent, "class").lower():
            return True
        parent = parent.parent
    return False


def signature_name(text: str) -> str:
    """A signature line at the end of an article ("Minh Anh", "Nguyễn Văn A"), else ""."""
    text = text.strip(" .-–")
    words = text.split()
    if not 2 <= len(words) <= 5 or len(text) > 50:
        return ""
    if all(_NAME_WORD.match(w) and w[0].isupper() for w in words):
        return text
    return ""


def _json_ld(tree: LexborHTMLParser) -> Iterator[Any]:
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True, separator="", strip=False)
        if not raw or len(raw) > _MAX_JSON_LD:
            continue
        try:
            yield json.loads(raw)
        except ValueError:
            continue


def _walk_ld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data[:50]:
            yield from _walk_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk_ld(graph, depth + 1)


def json_ld_value(tree: LexborHTMLParser, name: str) -> Any:
    for data in _json_ld(tree):
        for node in _walk_ld(data):
            if node.get(name):
                return node[name]
    return None


def json_ld_author(tree: LexborHTMLParser) -> str:
    found = json_ld_value(tree, "author")
    for item in found if isinstance(found, list) else [found]:
        if isinstance(item, dict) and item.get("@type", "Person") == "Person":
            name = item.get("name")
            if isinstance(name, str):
                return name
        elif isinstance(item, str):
            return item
    return ""


def published(tree: LexborHTMLParser, metas: Metas) -> datetime | None:
    """The page's own publication time, in the order the module docstring gives."""
    found = parse_date(metas.first("article:published_time", "og:published_time"))
    if found:
        return found
    value = json_ld_value(tree, "datePublished")
    if isinstance(value, str) and parse_date(value):
        return parse_date(value)
    for node in tree.css("[itemprop=datePublished], time[datetime]"):
        for candidate in (attr(node, "datetime"), attr(node, "content"), text_of(node)):
            when = parse_date(candidate) if candidate else None
            if when:
                return when
    return parse_date(metas.first("datePublished", "pubdate", "date", "dc.date.issued"))
