"""Requests through an HTTP(S) proxy, as the environment asks (``HTTP_PROXY``,
``HTTPS_PROXY``, ``ALL_PROXY``, minus ``NO_PROXY``): httpx's proxy transport
does CONNECT tunnels and proxy authentication properly, and is imported only
when a proxy is configured.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from antd_tui.core.net.message import (
    ConnectFailed,
    Response,
    Target,
    TimedOut,
    Timeouts,
    TransportError,
    decode_headers,
)

if TYPE_CHECKING:
    import httpx


def _environment_proxies() -> dict[str, str]:
    """urllib's reading of the ``*_proxy`` variables (urllib.request loads only when one is set)."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return {}
    import urllib.request

    return urllib.request.getproxies_environment()


class Proxies:
    """Which proxy a request needs (``proxy_for``), and sending it there (``get``)."""

    def __init__(self, max_connections: int) -> None:
        self._proxies = _environment_proxies()
        self._max = max(1, max_connections)
        self._proxied: dict[str, httpx.AsyncHTTPTransport] = {}

    def proxy_for(self, where: Target) -> str | None:
        proxy = self._proxies.get(where.scheme) or self._proxies.get("all")
        if not proxy:
            return None
        import urllib.request

        if urllib.request.proxy_bypass(where.host):
            return None
        return proxy if "://" in proxy else f"http://{proxy}"  # "127.0.0.1:3128" is common

    async def get(self, proxy: str, url: str, headers: list[tuple[str, str]],
                         timeouts: Timeouts) -> Response:
        import httpx

        via = self._proxied.get(proxy)
        if via is None:
            try:
                via = httpx.AsyncHTTPTransport(proxy=proxy, trust_env=True, limits=httpx.Limits(
                    max_connections=self._max, max_keepalive_connections=self._max))
            except (ValueError, ImportError) as exc:  # e.g. socks5:// without socksio
                raise ConnectFailed(f"cannot use the proxy {proxy}: {exc}") from None
            self._proxied[proxy] = via
        request = httpx.Request("GET", url, headers=headers, extensions={"timeout": {
            "connect": timeouts.connect, "read": timeouts.read, "write": timeouts.write,
            "pool": timeouts.pool}})
        try:
            answer = await via.handle_async_request(request)
        except httpx.TimeoutException as exc:
            raise TimedOut(f"timed out (proxy {proxy})") from exc
        except httpx.ConnectError as exc:
            raise ConnectFailed(f"{exc} (proxy {proxy})") from exc
        except httpx.TransportError as exc:
            raise TransportError(f"{exc} (proxy {proxy})") from exc

        async def chunks() -> AsyncIterator[bytes]:
            try:
                async for chunk in answer.aiter_raw():
                    yield chunk
            except httpx.TimeoutException:
                raise TimedOut("timed out while reading") from None
            except httpx.TransportError as exc:
                raise TransportError(f"connection broke: {exc}") from None

        return Response(answer.status_code, answer.reason_phrase, decode_headers(answer.headers.raw),
                        chunks, answer.aclose)

    async def aclose(self) -> None:
        for via in self._proxied.values():
            await via.aclose()
