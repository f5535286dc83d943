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


def article_key(url: str | None, guid: str | None, feed_url: str = "") -> str | None:
    if url:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower().removeprefix("www.")
        if host in _ANTD_HOSTS or host.endswith(tuple("." + h for h in _ANTD_HOSTS)):
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
    if guid:
        return f"guid:{feed_url}#{guid}"
    return None
