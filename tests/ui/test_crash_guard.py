"""Keys that reach a list before its first layout do not crash the reader; an error nobody handled
ends it with exit 70 and one line naming a log file (in the data dir) that holds the traceback.
Textual's own words (ctrl+c, the palette's empty result) follow the reader's language."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from antd_tui.ui.app import AntdApp
from tests.ui.conftest import SIZE, edition_settings, settle

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("key", ["pagedown", "pageup", "end", "home", "down", "up"])
async def test_a_paging_key_right_after_ctrl_p_does_not_crash(reader: Callable[..., AntdApp],
                                                             key: str) -> None:
    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for name in ("ctrl+p", key, key):  # as a terminal sends them: no wait for a frame between
            app.post_message(events.Key(name, None))
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        assert app.return_code is None
        await pilot.press("escape")
        assert not isinstance(app.screen, CommandPalette)


CRASHING_READER = """
import sys
from antd_tui.cli.main import run
from antd_tui.ui.app import AntdApp

def broken_help(self):
    raise RuntimeError("boom in the help key")

AntdApp.action_help = broken_help  # an error nobody handles, on a key a person presses
sys.argv = ["antd-tui", *sys.argv[1:]]
run()
"""


def run_crashing_reader(args: list[str], env_extra: dict[str, str]) -> tuple[int | None, str]:
    """The real ``antd-tui`` on a pseudo-terminal (80x24), "?" pressed until it stops."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", **env_extra}
    proc = subprocess.Popen([sys.executable, "-c", CRASHING_READER, *args],
                            stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
    os.close(slave)
    seen = b""

    def read_for(seconds: float, until: bytes | None = None) -> None:
        nonlocal seen
        end = time.monotonic() + seconds
        while time.monotonic() < end and (until is None or until not in seen):
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    seen += os.read(master, 65536)
                except OSError:
                    return

    try:
        read_for(60, until=b"AN NINH")
        assert b"AN NINH" in seen, seen[-500:]
        for _ in range(60):  # the first "?" the reader handles ends it; one sent too early is lost
            os.write(master, b"?")
            read_for(0.5)
            if proc.poll() is not None:
                break
        proc.wait(timeout=10)
        read_for(1)
    finally:
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return proc.returncode, seen.decode("utf-8", "replace")


def test_an_unhandled_error_exits_70_with_one_line_naming_the_log(edition_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text("images = false\n", encoding="utf-8")
    code, text = run_crashing_reader(["--config", str(config), "--data-dir", str(edition_dir)], {})
    log = edition_dir / "crash.log"
    assert code == 70
    tail = text.rsplit("\x1b", 1)[-1]  # what is left on the terminal after the reader's last escape
    assert f"RuntimeError: boom in the help key); chi tiết trong {log}" in tail
    assert "Traceback" not in text
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "RuntimeError: boom in the help key" in logged


def test_under_demo_the_crash_log_outlives_the_throwaway_data_dir(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text('images = false\nlanguage = "en"\n', encoding="utf-8")
    temp = tmp_path / "tmp"
    temp.mkdir()
    # no data dir given: the demo makes a throwaway one (in TMPDIR) and removes it as it ends
    code, text = run_crashing_reader(["--config", str(config), "demo"],
                                     {"TMPDIR": str(temp), "ANTD_TUI_DATA_DIR": ""})
    log = temp / "crash.log"
    assert code == 70
    assert f"RuntimeError: boom in the help key); details in {log}" in text.rsplit("\x1b", 1)[-1]
    assert "RuntimeError: boom in the help key" in log.read_text(encoding="utf-8")
    assert [p.name for p in temp.iterdir()] == ["crash.log"]  # the demo's own folder is gone


@pytest.mark.parametrize(("language", "title", "body"), [("vi", "Muốn thoát?", "Nhấn q để thoát."),
                                                         ("en", "Do you want to quit?", "Press q to quit.")])
async def test_ctrl_c_says_how_to_quit_in_the_readers_language(
        reader: Callable[..., AntdApp], language: str, title: str, body: str) -> None:
    app = reader(settings=replace(edition_settings(retries=0), language=language))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        notes = list(app._notifications)
        assert [(n.title, n.message) for n in notes] == [(title, body)]


@pytest.mark.parametrize(("language", "none"), [("vi", "Không có lệnh nào khớp"),
                                                ("en", "No matching commands")])
async def test_the_palette_says_nothing_matched_in_the_readers_language(
        reader: Callable[..., AntdApp], language: str, none: str) -> None:
    app = reader(settings=replace(edition_settings(retries=0), language=language))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", "z", "q", "x", "z")
        await pilot.pause(0.8)  # Textual waits 0.5 s before saying nothing matched
        shown = [str(option.prompt.renderable) for option in app.screen.query_one(CommandList).options]
        assert shown == [none]


@pytest.mark.parametrize("which", ["related", "links"])
async def test_the_readers_own_lists_wait_for_their_layout_before_paging(
        reader: Callable[..., AntdApp], which: str) -> None:
    from antd_tui.core.library.links import article_links
    from antd_tui.ui.i18n import Tr
    from antd_tui.ui.screens.links import LinkList
    from antd_tui.ui.widgets.article_view import RelatedList

    app = reader()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        first = app.screen.query_one("#articles").current  # type: ignore[attr-defined]
        detail = app.service.article(first.id)
        assert detail is not None and detail.related
        if which == "related":
            listing: OptionList = RelatedList(detail, Tr("vi"))
        else:
            listing = LinkList(*[Option(link.url) for link in article_links(detail)])
        await app.screen.mount(listing)
        listing.highlighted = 0
        listing.action_page_down()  # mounted, not yet laid out: no line map to page through
        listing.action_page_up()
        await pilot.pause()
        await settle(pilot)
        listing.action_page_down()  # laid out now: it pages
        assert app.return_code is None and listing.highlighted == listing.option_count - 1
