"""HTTP: the fetcher, its HTTP/1.1 transport on asyncio streams, proxies, per-host pacing."""
