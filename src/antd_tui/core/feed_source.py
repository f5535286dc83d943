"""One subscription from the config file: all a refresh needs to know of a feed.

Apart from ``models`` (parsed items, article bodies) so that a refresh whose
feeds are unchanged creates none of those classes (~6 ms of its start-up in
the VM's slow minutes); ``models`` re-exports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FeedSource:
    """One subscription from the config file."""

    url: str
    category: str
    slug: str
    full_text: bool = True
    title: str | None = None
