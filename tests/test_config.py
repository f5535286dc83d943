"""Config: bundled defaults, user overrides, and errors that name file, line and key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from antd_tui.cli.main import main
from antd_tui.core.config import load_settings
from antd_tui.core.errors import ConfigError


def test_bundled_defaults_are_the_antd_categories_in_order() -> None:
    settings = load_settings(None)
    names = [name for _, name in settings.categories()]
    assert names[:6] == ["Trang chủ", "Chính trị - Xã hội", "Pháp luật", "Thế giới", "Kinh tế",
                         "Thể thao"]
    assert {"Giải trí", "Xe", "Bạn đọc"} <= set(names)
    assert all(f.url.startswith("https://www.anninhthudo.vn/rss/") for f in settings.feeds)
    assert settings.language == "vi" and settings.fetch.deadline <= 30


def test_user_file_overrides_settings_and_feeds(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('language = "en"\n[fetch]\ndeadline = 5\n[[feeds]]\n'
                    'url = "https://example.com/a.rss"\ncategory = "Tin Đà Nẵng"\n', encoding="utf-8")
    settings = load_settings(path)
    assert settings.language == "en" and settings.fetch.deadline == 5.0
    assert settings.fetch.max_bytes == 10_000_000  # untouched defaults stay
    assert [(f.slug, f.category) for f in settings.feeds] == [("tin-da-nang", "Tin Đà Nẵng")]


def test_user_file_without_feeds_keeps_the_bundled_feeds(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text('timezone = "UTC"\n', encoding="utf-8")
    assert len(load_settings(path).feeds) == len(load_settings(None).feeds)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('language = "vi"\ncolour = "red"\n', "line 2: key 'colour': unknown key"),
        ('[fetch]\ndeadline = "soon"\n', "line 2: key 'fetch.deadline': expected a float"),
        ('[[feeds]]\nurl = "https://a.example/x.rss"\ncategory = "A"\nfolder = "x"\n',
         "line 4: key 'feeds.folder': unknown key"),
        ('[[feeds]]\nurl = "https://a.example/x.rss"\ncategory = "A"\n[[feeds]]\n'
         'url = "javascript:alert(1)"\ncategory = "B"\n',
         "line 5: key 'url': 'javascript:alert(1)' is not an http(s) URL"),
        ('[[feeds]]\nurl = "https://a.example/x.rss"\n', "needs a category name"),
        ('timezone = "Mars/Olympus"\n', "line 1: key 'timezone': unknown time zone"),
        ("language = \n", "not valid TOML"),
    ],
)
def test_bad_config_is_exit_2_naming_file_line_and_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, expected: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert str(path) in str(info.value) and expected in str(info.value)
    assert main(["--config", str(path), "list"]) == 2
    assert expected in capsys.readouterr().err


def test_missing_config_file_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config", str(tmp_path / "nope.toml"), "list"]) == 2
    assert "nope.toml: config file not found" in capsys.readouterr().err


def test_env_vars_choose_config_and_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "env.toml"
    path.write_text('[[feeds]]\nurl = "https://e.example/a.rss"\ncategory = "Env"\n', encoding="utf-8")
    monkeypatch.setenv("ANTD_TUI_CONFIG", str(path))
    monkeypatch.setenv("ANTD_TUI_DATA_DIR", str(tmp_path / "envdata"))
    assert main(["feeds", "list"]) == 0
    assert "https://e.example/a.rss" in capsys.readouterr().out
    assert (tmp_path / "envdata" / "antd.sqlite3").exists()


def test_unusable_data_dir_is_exit_4(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["--data-dir", str(blocker / "sub"), "list"]) == 4
    assert f"cannot create the data dir {blocker / 'sub'}: {blocker} is a file" in capsys.readouterr().err


def test_a_file_that_is_not_a_database_is_moved_aside_and_a_fresh_cache_built(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "d"
    data.mkdir()
    junk = b"this is not sqlite" * 100
    (data / "antd.sqlite3").write_bytes(junk)
    assert main(["--data-dir", str(data), "list", "--json"]) == 0
    err = capsys.readouterr().err
    backups = list(data.glob("antd.sqlite3.broken-*"))
    assert len(backups) == 1 and backups[0].read_bytes() == junk
    assert str(data / "antd.sqlite3") in err and str(backups[0]) in err
    assert main(["--data-dir", str(data), "doctor", "--json"]) == 0


def test_a_cache_from_a_newer_version_is_left_untouched_with_exit_4(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    data = tmp_path / "d"
    data.mkdir()
    db = sqlite3.connect(data / "antd.sqlite3")
    db.execute("PRAGMA user_version = 999")
    db.close()
    assert main(["--data-dir", str(data), "list"]) == 4
    assert "newer antd-tui (schema 999" in capsys.readouterr().err
    assert not list(data.glob("*.broken-*"))


def test_the_bundled_zone_works_on_a_machine_without_zone_files(tmp_path: Path) -> None:
    """Slim containers and Windows have no /usr/share/zoneinfo: the tzdata package stands in
    (before it was a dependency, every command stopped at the bundled settings' zone)."""
    env = dict(os.environ, PYTHONTZPATH=str(tmp_path / "no-zone-files"))
    code = ("from datetime import UTC, datetime\n"
            "from zoneinfo import ZoneInfo\n"
            "from antd_tui.core.config import load_settings\n"
            "zone = ZoneInfo(load_settings(None).timezone)\n"
            "print(datetime(2026, 11, 26, 8, 0, tzinfo=UTC).astimezone(zone).isoformat())\n")
    shown = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert shown.stdout.strip() == "2026-11-26T15:00:00+07:00", shown.stderr
    listed = subprocess.run([sys.executable, "-m", "antd_tui", "--data-dir", str(tmp_path / "data"),
                             "list", "--json"], env=env, capture_output=True, text=True)
    assert (listed.returncode, listed.stdout.strip(), listed.stderr) == (0, "[]", "")


def test_no_zone_data_at_all_is_a_clear_error_not_a_traceback(tmp_path: Path) -> None:
    """tzdata missing too (installed without its dependencies): a clear exit-2 error naming the zone
    and the package, not a traceback."""
    from datetime import UTC, datetime

    from antd_tui.core.models import FeedSource, ParsedItem
    from antd_tui.core.store import ingest
    from antd_tui.core.store.db import connect

    feed = FeedSource(url="https://example.vn/rss/phap-luat.rss", category="Pháp luật",
                      slug="phap-luat")
    conn = connect(tmp_path / "data")
    item = ParsedItem("https://example.vn/bai-1-post1.antd", None, "Tin", "", "", None,
                      datetime(2026, 11, 26, tzinfo=UTC))
    ingest.store_items(conn, feed, ingest.feed_states(conn, [feed])[feed.url], [item], title="",
                       etag=None, last_modified=None, body_hash="x", warning=None, now=1)
    conn.close()
    (tmp_path / "hide" / "tzdata").mkdir(parents=True)
    (tmp_path / "hide" / "tzdata" / "__init__.py").write_text("")  # a tzdata without tables
    env = dict(os.environ, PYTHONTZPATH=str(tmp_path / "no-zone-files"),
               PYTHONPATH=os.pathsep.join([str(tmp_path / "hide"), *sys.path]))
    listed = subprocess.run([sys.executable, "-m", "antd_tui", "--data-dir", str(tmp_path / "data"),
                             "list", "--json"], env=env, capture_output=True, text=True)
    assert (listed.returncode, listed.stdout) == (2, "")
    assert listed.stderr == ("antd-tui: error: time zone 'Asia/Ho_Chi_Minh': this machine has no "
                             "data for it (install the Python package tzdata)\n")
