"""The refresh lock across real processes, and the core/CLI import hygiene."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from antd_tui.core.lock import LOCK_NAME, RefreshLock, holder

HOLD = """
import sys, time
from pathlib import Path
from antd_tui.core.lock import RefreshLock
with RefreshLock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


def _existing(*names: str) -> tuple[str, ...]:
    """The modules a hygiene test says stay unloaded, each checked to exist: a module that
    was moved or renamed must fail the test here, not pass it by never being loaded."""
    import importlib.util

    for name in names:
        assert importlib.util.find_spec(name) is not None, f"{name} does not exist (moved?)"
    return names


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "antd_tui", *args], capture_output=True,
                          text=True, timeout=60, env=env)


@pytest.fixture
def held(tmp_path: Path):  # type: ignore[no-untyped-def]
    data = tmp_path / "data"
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(data)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"
    yield data, proc
    proc.kill()
    proc.wait()


def test_a_live_holder_makes_refresh_wait_then_exit_3(held, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data, proc = held
    config = tmp_path / "c.toml"
    config.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/x.rss"\ncategory = "X"\n')
    started = time.monotonic()
    result = _cli("--config", str(config), "--data-dir", str(data), "refresh", "--wait", "1", "--json")
    assert result.returncode == 3, result.stderr
    assert time.monotonic() - started >= 1
    assert f"đang chạy (tiến trình {proc.pid}); đã chờ 1 giây" in result.stderr  # language "vi"
    doctor = json.loads(_cli("--config", str(config), "--data-dir", str(data), "doctor", "--json").stdout)
    assert doctor["locked_by"] == proc.pid


def test_a_lock_left_by_a_killed_process_is_taken_over(held) -> None:  # type: ignore[no-untyped-def]
    data, proc = held
    proc.kill()
    proc.wait()
    assert (data / LOCK_NAME).read_text().strip() == str(proc.pid)  # stale PID left behind
    assert holder(data) is None
    with RefreshLock(data, wait=0):
        assert holder(data) == os.getpid()


def test_a_stale_pid_file_does_not_block(tmp_path: Path) -> None:
    tmp_path.joinpath(LOCK_NAME).write_text("999999\n")
    with RefreshLock(tmp_path, wait=0):
        assert tmp_path.joinpath(LOCK_NAME).read_text().strip() == str(os.getpid())


def test_core_modules_never_import_textual() -> None:
    """Import every core module in a fresh interpreter: Textual must not come along."""
    code = (
        "import importlib, pkgutil, sys\n"
        "import antd_tui.core as core\n"
        "names = [m.name for m in pkgutil.walk_packages(core.__path__, 'antd_tui.core.')]\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n"
        "print(len(names), any(k == 'textual' or k.startswith('textual.') for k in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    count, textual_loaded = out.stdout.split()
    assert int(count) > 30 and textual_loaded == "False"


@pytest.mark.parametrize("command", [["list", "--json"], ["search", "x", "--json"],
                                     ["feeds", "list"], ["doctor", "--json"]])
def test_scripting_commands_do_not_import_textual_or_httpx(tmp_path: Path, command: list[str]) -> None:
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['antd-tui', '--data-dir', {str(tmp_path)!r}, *{command!r}]\n"
        "import antd_tui.cli.main as m\n"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    rc = m.main()\n"
        "bad = sorted(k for k in sys.modules\n"
        "             if k.split('.')[0] in ('textual', 'httpx', 'feedparser', 'trafilatura', 'lxml'))\n"
        "print(rc, bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0 []", out.stderr


def test_refresh_path_imports_neither_textual_nor_httpx(tmp_path: Path) -> None:
    # httpx is loaded only for a request that goes through a proxy (~50 ms of start-up saved)
    code = (
        "import sys\n"
        f"sys.argv = ['antd-tui', '--data-dir', {str(tmp_path)!r}, 'refresh', '--json']\n"
        "import antd_tui.cli.main as m, contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    m.main(sys.argv[1:] + [])\n"
        "print(sorted({k.split('.')[0] for k in sys.modules} & {'textual', 'httpx'}))\n"
    )
    env = dict(os.environ)
    config = tmp_path / "c.toml"
    config.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/x.rss"\ncategory = "X"\n[fetch]\nretries = 0\n')
    env["ANTD_TUI_CONFIG"] = str(config)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == "[]"


def test_a_refresh_of_304s_loads_no_parser_no_parsed_types_and_no_bookmark_code(
        tmp_path: Path, sample_server: object) -> None:
    from antd_tui.sample.server import SampleServer

    assert isinstance(sample_server, SampleServer)
    config = tmp_path / "c.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{sample_server.base_url}/{p}"\ncategory = "C{n}"\n'
                              for n, p in enumerate(("rss/home.rss", "rss/phap-luat-80.rss"))))
    args = ["--config", str(config), "--data-dir", str(tmp_path / "data"), "refresh", "--json",
            "--no-full-text"]
    assert _cli(*args).returncode == 0  # stores them: the next refresh is all 304s
    unloaded = _existing("antd_tui.core.feeds.parse", "feedparser", "antd_tui.core.library.bookmarks",
                         "antd_tui.core.models", "html", "antd_tui.core.record.restore",
                         "antd_tui.core.record.health", "trafilatura", "lxml",
                         "antd_tui.core.sync.engine", "httpx")  # no [sync]: no sync code
    code = (
        "import sys, contextlib, io\n"
        "import antd_tui.cli.main as m\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    m.main({args!r})\n"
        f"print(out.getvalue().count('not_modified'), sorted(k for k in sys.modules if k in {unloaded!r}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "2 []", out.stderr


def test_the_reader_starts_without_the_fetcher_or_the_store_writers() -> None:
    # ~30 ms of the first paint: they load when a refresh or a page fetch runs
    unloaded = _existing("antd_tui.core.pipeline.refresh", "antd_tui.core.net.fetch",
                         "antd_tui.core.store.ingest", "email.utils", "trafilatura", "lxml")
    code = ("import sys, antd_tui.ui.app\n"
            f"print(sorted(k for k in sys.modules if k in {unloaded!r}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_extraction_library_loads_with_the_first_generic_page_and_not_before() -> None:
    # trafilatura (with lxml) costs ~125 ms of import: only a page that needs it pays
    code = ("import sys\nfrom antd_tui.core.extract import extract\n"
            "before = 'trafilatura' in sys.modules\n"
            "extract('https://www.anninhthudo.vn/a.html', '<div class=\"cms-body\"><p>Tin</p></div>')\n"
            "antd = 'trafilatura' in sys.modules\n"
            "extract('https://example.com/a', '<article><p>' + 'Some words here. ' * 30 + '</p></article>')\n"
            "print(before, antd, 'trafilatura' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "True"]


def test_the_reader_is_imported_with_its_objects_frozen_and_the_collector_back_on() -> None:
    # the collector does not walk Textual's ~58,000 long-lived objects again (reader.py)
    code = ("import gc\nfrom antd_tui.cli.reader import import_reader\nmake_app = import_reader()\n"
            "print(gc.isenabled(), gc.get_freeze_count() > 20000, make_app.__module__)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "antd_tui.ui.app"]


def test_a_command_imports_with_the_collector_paused_and_freezes_only_new_modules(
        tmp_path: Path) -> None:
    # cli/frozen_imports.py: a refresh's collections no longer walk asyncio, h11 and the
    # settings' modules; a second main() in one process (tests) pins nothing more
    config = tmp_path / "c.toml"
    config.write_text('[[feeds]]\nurl = "http://127.0.0.1:9/x.rss"\ncategory = "X"\n'
                      '[fetch]\nretries = 0\n')
    base = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    code = (
        "import gc, contextlib, io\n"
        "import antd_tui.cli.main as m\n"
        "seen = lambda obj: any(o is obj for o in gc.get_objects())\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    m.main({[*base, 'list', '--json']!r})\n"
        "    listed = gc.get_freeze_count()\n"
        f"    m.main({[*base, 'list', '--json']!r})\n"
        "    again = gc.get_freeze_count()\n"
        "    import asyncio\n"
        "    before = seen(asyncio.run)\n"  # not imported by list: not frozen
        f"    m.main({[*base, 'refresh', '--json', '--no-full-text']!r})\n"
        "import h11\n"
        "print(gc.isenabled(), listed > 5000, again == listed, before, seen(asyncio.run),\n"
        "      seen(h11.Connection.next_event))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True", "True", "False", "False"], out.stderr


def test_the_fast_exit_loses_no_buffered_output(tmp_path: Path, sample_server: object) -> None:
    """Scripting commands end with os._exit: what sat in a pipe's buffer must still arrive."""
    from antd_tui.sample.server import SampleServer

    assert isinstance(sample_server, SampleServer)
    config = tmp_path / "c.toml"
    config.write_text("".join(f'[[feeds]]\nurl = "{sample_server.base_url}/{p}"\ncategory = "C{n}"\n'
                              for n, p in enumerate(("rss/home.rss", "rss/phap-luat-80.rss"))))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # block-buffered pipes
    args = ("--config", str(config), "--data-dir", str(tmp_path / "data"))
    assert _cli(*args, "refresh", "--no-full-text", env=env).returncode == 0
    listed = _cli(*args, "list", "--json", "--limit", "500", env=env)
    rows = json.loads(listed.stdout)  # complete: all of it was still in the buffer at exit
    assert listed.returncode == 0 and len(rows) > 10
    failed = _cli("--config", str(tmp_path / "missing.toml"), "list", env=env)
    assert failed.returncode == 2 and "config file not found" in failed.stderr
    if Path("/dev/full").exists():  # a full disk under the output: said, and not exit 0
        with open("/dev/full", "w") as full:
            cut = subprocess.run([sys.executable, "-m", "antd_tui", *args, "list", "--json"],
                                 stdout=full, stderr=subprocess.PIPE, text=True, timeout=60, env=env)
        assert cut.returncode == 120 and "cannot write the output" in cut.stderr


def test_help_is_wrapped_to_the_width_in_COLUMNS() -> None:
    narrow = _cli("refresh", "--help", env=dict(os.environ, COLUMNS="50"))
    wide = _cli("refresh", "--help", env=dict(os.environ, COLUMNS="200"))
    assert narrow.returncode == wide.returncode == 0
    assert max(len(line) for line in narrow.stdout.splitlines()) <= 50
    usage = "usage: antd-tui refresh [-h] [--category SLUG] [--no-full-text] [--json] [--quiet]"
    assert wide.stdout.startswith(usage + " [--wait SEC]\n")  # one line when it fits
    assert "\n" in narrow.stdout.split("[--no-full-text]")[0]  # wrapped before it at 50
