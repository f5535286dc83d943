"""Form POSTs to one API server (a feed server's Fever endpoint), through httpx.

The fetcher (``fetch.py``) only GETs; an API call is a POST whose answer is
small JSON, over one kept-alive connection pool. httpx does the POST, the
proxies the environment asks for, TLS and redirects-not-followed; it is
imported only when a sync runs (~75 ms). Every failure becomes a
``FetchError`` whose text is fit for the user and never holds the form's
fields (a password's hash is one of them).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from antd_tui.core.errors import FetchError
from antd_tui.core.sanitize import clean_text

if TYPE_CHECKING:
    import httpx

    from antd_tui.core.config import FetchSettings


class HttpStatusError(FetchError):
    """The server answered with an HTTP error status (``status`` holds it)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class FormClient:
    """``async with FormClient(settings, limit) as c: body = await c.post(url, form)``."""

    def __init__(self, settings: FetchSettings, *, max_bytes: int, connections: int = 8) -> None:
        self.settings = settings
        self.max_bytes = max_bytes
        self.connections = connections
        self._client: httpx.AsyncClient | None = None

    async def __aenter__(self) -> FormClient:
        import httpx

        s = self.settings
        self._client = httpx.AsyncClient(
            timeout=httpx.Timeout(connect=s.connect_timeout, read=s.read_timeout,
                                  write=s.read_timeout, pool=s.deadline),
            limits=httpx.Limits(max_connections=self.connections,
                                max_keepalive_connections=self.connections),
            headers={"User-Agent": s.user_agent, "Accept": "application/json"},
            follow_redirects=False)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def post(self, url: str, form: dict[str, str]) -> bytes:
        """The answer's body (at most ``max_bytes``); ``FetchError`` on any failure."""
        import httpx

        assert self._client is not None, "use FormClient as an async context manager"
        try:
            async with self._client.stream("POST", url, data=form) as response:
                if response.status_code >= 300:
                    where = response.headers.get("location", "")
                    moved = f" (moved to {clean_text(where)[:120]})" if where else ""
                    raise HttpStatusError(f"HTTP {response.status_code}{moved}",
                                          response.status_code)
                chunks: list[bytes] = []
                size = 0
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise FetchError(f"answer larger than {self.max_bytes // 1_000_000} MB")
                    chunks.append(chunk)
                return b"".join(chunks)
        except httpx.TimeoutException:
            raise FetchError("timed out") from None
        except httpx.ConnectError as exc:
            raise FetchError(f"cannot connect: {_reason(exc)}") from None
        except httpx.HTTPError as exc:
            raise FetchError(f"{type(exc).__name__}: {_reason(exc)}") from None


def _reason(exc: Exception) -> str:
    """The innermost cause's words (``[Errno 111] Connection refused``), cleaned."""
    cause: BaseException = exc
    while cause.__cause__ is not None or cause.__context__ is not None:
        cause = cause.__cause__ or cause.__context__  # type: ignore[assignment]
    return clean_text(str(cause) or type(cause).__name__)[:200]
