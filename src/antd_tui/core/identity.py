"""Article identity: one stable key per article, whichever feed carries it.

The key is the canonical link: scheme dropped (http and https are the same
article), host lowercased without ``www.``, default ports, fragments and
``utm_*`` tracking parameters removed. ANTD article URLs carry a numeric id
(``…-post451203.antd``) that survives slug edits and the antd.vn →
anninhthudo.vn move, so those keys are ``antd:451203``. An item without a
usable link is keyed by its guid within its feed (``guid:<feed url>#<guid>``):
two feeds whose items are both called "1" are different articles.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

_ANTD_HOSTS = ("anninhthudo.vn", "antd.vn")
_ANTD_ID = re.compile(r"-post(\d+)\.antd$")
# The common stored link: lowercase host, maybe a port, a path, no query or fragment.
_PLAIN = re.compile(r"https?://([a-z0-9.-]+)(?::([0-9]{1,5}))?(/[^?#\s]*)")


_ANTD_SUBDOMAINS = tuple("." + h for h in _ANTD_HOSTS)


def _antd_host(host: str) -> bool:
    return host in _ANTD_HOSTS or host.endswith(_ANTD_SUBDOMAINS)


def article_key(url: str | None, guid: str | None, feed_url: str = "") -> str | None:
    if url:
        plain = _PLAIN.fullmatch(url)
        if plain and int(plain.group(2) or 0) <= 65535:
            # the same answer as below, without urllib (hot: every stored item)
            host, port, path = plain.group(1).removeprefix("www."), plain.group(2), plain.group(3)
            match = _ANTD_ID.search(path) if _antd_host(host) else None
            if match:
                return f"antd:{match.group(1)}"
            if port is None or int(port) in (80, 443):
                return f"url:{host}{path}"
            return f"url:{host}:{int(port)}{path}"
        return _general_key(url)
    if guid:
        return f"guid:{feed_url}#{guid}"
    return None


def _general_key(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if _antd_host(host):
        match = _ANTD_ID.search(parts.path)
        if match:
            return f"antd:{match.group(1)}"
    try:
        port = parts.port
    except ValueError:  # safe_url refuses such URLs; be safe for any caller
        port = None
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith("utm_")])
    path = parts.path or "/"
    return f"url:{netloc}{path}" + (f"?{query}" if query else "")
