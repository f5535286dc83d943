"""A cache no migration expects and a config the importer cannot append to: a clear exit code and
message, nothing changed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_a_database_error_is_exit_4_not_a_traceback(cli_factory: Any) -> None:
    import sqlite3

    cli = cli_factory([{"url": "http://127.0.0.1:9/x.rss", "category": "X"}])
    assert cli("list")[0] == 0
    db = sqlite3.connect(cli.data_dir / "antd.sqlite3")
    db.execute("DROP TABLE articles")  # the cache is unusable in a way no migration expects
    db.commit()
    db.close()
    code, _, err = cli("list")
    assert code == 4 and "không dùng được thư mục dữ liệu hoặc cơ sở dữ liệu" in err  # language "vi"
    assert "Traceback" not in err


def test_importing_into_a_config_with_inline_feeds_changes_nothing(cli_factory: Any,
                                                                   tmp_path: Path) -> None:
    config = tmp_path / "inline.toml"
    config.write_text('feeds = [{url = "https://a.example/r", category = "A"}]\n')
    opml = tmp_path / "x.opml"
    opml.write_text('<opml version="2.0"><body><outline text="B" xmlUrl="https://b.example/r"/>'
                    "</body></opml>")
    cli = cli_factory([])
    cli.config = config
    before = config.read_text()
    code, _, err = cli("feeds", "import", str(opml))
    assert code == 2 and "nothing was changed" in err
    assert config.read_text() == before
