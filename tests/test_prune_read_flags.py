"""A read article that a prune deleted and its feed brings back comes back read, as the
journal says (its flag waits in ``pending_reads`` like one of a lost cache)."""

from __future__ import annotations

from typing import Any

from tests.test_bookmarks_export import Site, _id, cli_fixture, site_fixture  # noqa: F401 (fixtures)


def test_a_pruned_read_article_that_returns_is_read(cli: Any, site: Site) -> None:
    cli("refresh", "--json", "--no-full-text")
    article = _id(cli, "Công an Đà Nẵng xuyên đêm")
    assert cli("mark-read", str(article))[0] == 0
    assert cli.json("prune", "--keep-days", "0", "--json")["articles"] > 0
    assert cli.json("list", "--json") == []
    for feed in site.root.rglob("*.rss"):  # the feeds change (and still carry both)
        feed.write_bytes(feed.read_bytes() + b"\n<!-- later -->\n")
    cli("refresh", "--json", "--no-full-text")
    rows = {a["title"]: a for a in cli.json("list", "--json", "--limit", "500")}
    back = next(a for t, a in rows.items() if t.startswith("Công an Đà Nẵng xuyên đêm"))
    again = next(a for t, a in rows.items() if t.startswith("Xây dựng đội ngũ"))
    assert back["read"]
    assert not again["read"]
    assert cli.json("doctor", "--json")["record"]["flags_waiting"] == 0
