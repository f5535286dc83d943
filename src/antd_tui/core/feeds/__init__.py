"""Feed parsing: bytes from the network to sanitized ``ParsedFeed`` items.

``parse_feed`` is imported on first use: a refresh where every feed answers
304 (or resends the same bytes) imports ``feeds.pool`` but never the parsers.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from antd_tui.core.feeds.parse import parse_feed

__all__ = ["parse_feed"]


def __getattr__(name: str) -> Any:
    if name == "parse_feed":
        from antd_tui.core.feeds.parse import parse_feed

        return parse_feed
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
