"""Feed parsing: bytes from the network to sanitized ``ParsedFeed`` items."""

from antd_tui.core.feeds.parse import parse_feed

__all__ = ["parse_feed"]
