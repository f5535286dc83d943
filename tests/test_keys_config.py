"""``[keys]`` in the config: an unknown command or a key that would run two commands is refused by
every command, reader and CLI alike (exit 2, naming the key and the commands), before anything runs."""

from __future__ import annotations

from typing import Any

import pytest

from antd_tui.core.config import load_settings
from antd_tui.core.errors import ConfigError

FEED = [{"url": "http://127.0.0.1:9/x.rss", "category": "X"}]
EVERY_COMMAND = [(), ("list",), ("search", "x"), ("show", "1"), ("refresh", "--json"), ("feeds", "list"),
                 ("mark-read", "1"), ("bookmark", "add", "1"), ("prune", "--keep-days", "30"),
                 ("doctor",), ("export", "--bookmarked", "--format", "md")]


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a) or "reader")
def test_a_key_already_bound_is_refused_by_every_command(cli_factory: Any, args: tuple[str, ...]) -> None:
    cli = cli_factory(FEED, extra='[keys]\nsearch = "j"\n')
    code, out, err = cli(*args)
    assert code == 2, err
    assert out == ""
    assert "line 2" in err and "keys.search" in err
    assert "'j'" in err and "'search'" in err and "'down'" in err
    assert not (cli.data_dir / "antd.sqlite3").exists()  # nothing ran


@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda a: " ".join(a) or "reader")
def test_an_unknown_command_name_is_refused_by_every_command(cli_factory: Any,
                                                             args: tuple[str, ...]) -> None:
    cli = cli_factory(FEED, extra='[keys]\nbookmark = "ctrl+b"\nbogus = "x"\n')
    code, _, err = cli(*args)
    assert code == 2 and "keys.bogus" in err and "unknown command" in err and "line 3" in err
    assert "bookmark" in err  # the names that exist are listed


@pytest.mark.parametrize("keys", [
    'bookmark = "x"\ntoggle_read = "x"',  # two remapped commands on one key
    'bookmark = "ctrl+p"',  # the command palette's own key
    'search = "1"',  # a digit that switches section
    'quit = "?"',  # written as the character: the help key
    'bookmark = ""',  # no key at all
    'palette = "x"',  # bound by Textual itself: not remappable
])
def test_clashing_or_empty_bindings_are_refused(tmp_path: Any, keys: str) -> None:
    path = tmp_path / "c.toml"
    path.write_text(f"[keys]\n{keys}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"keys\."):
        load_settings(path)


def test_moving_keys_around_without_a_clash_is_accepted(tmp_path: Any) -> None:
    path = tmp_path / "c.toml"
    path.write_text('[keys]\ndown = "k"\nup = "j"\nsearch = "/,f"\nbookmark = "ctrl+b"\n', encoding="utf-8")
    assert load_settings(path).keys == {"down": "k", "up": "j", "search": "/,f", "bookmark": "ctrl+b"}
