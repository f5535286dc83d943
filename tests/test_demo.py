"""``antd-tui demo`` leaves nothing behind however it ends, and ``demo --serve`` serves the
sample edition for scripts: real processes, a real pseudo-terminal, real signals."""

from __future__ import annotations

import fcntl
import os
import pty
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path
from typing import IO, Any

import pytest

from antd_tui.cli.main import main
from antd_tui.sample import SAMPLE_FEEDS


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "ANTD_TUI_DATA_DIR"}
    return {**env, "TMPDIR": str(tmp), "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}


def _wait(check: Any, seconds: float = 60.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if check():
            return True
        time.sleep(0.05)
    return False


class Terminal:
    """``antd-tui demo`` on a pseudo-terminal of 80x24, its output drained as a terminal would."""

    def __init__(self, tmp: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.master = master
        self.output = bytearray()
        self.proc = subprocess.Popen([sys.executable, "-m", "antd_tui", "demo"], stdin=slave,
                                     stdout=slave, stderr=slave, env=_env(tmp), close_fds=True,
                                     start_new_session=True)
        os.close(slave)
        threading.Thread(target=self._drain, daemon=True).start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def reader_is_up(self) -> bool:
        return b"\x1b[?1049h" in self.output and b"Trang ch" in self.output

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


@pytest.mark.parametrize("sig", [signal.SIGHUP, signal.SIGTERM, signal.SIGKILL])
def test_demo_removes_its_temporary_folder_however_it_ends(tmp_path: Path, sig: int) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    term = Terminal(tmp)
    try:
        assert _wait(term.reader_is_up), term.output[-2000:]
        folders = list(tmp.glob("antd-tui-demo-*"))
        assert len(folders) == 1 and (folders[0] / "antd.sqlite3").is_file()
        os.kill(term.proc.pid, sig)
        code = term.proc.wait(timeout=20)
        # SIGKILL runs no Python: the guardian process removes the folder once we are gone
        assert _wait(lambda: not folders[0].exists(), 10), list(folders[0].rglob("*"))[:5]
        assert list(tmp.iterdir()) == []
    finally:
        term.close()
    if sig == signal.SIGKILL:
        assert code == -signal.SIGKILL
    else:  # the reader stopped as `q` stops it, and said so with the shell's code for it
        assert code == 128 + sig
        assert b"\x1b[?1049l" in term.output  # the alternate screen was left: terminal restored


def test_quitting_the_demo_removes_its_folder_and_the_guardian_goes_too(tmp_path: Path) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    term = Terminal(tmp)
    try:
        assert _wait(term.reader_is_up), term.output[-2000:]
        os.write(term.master, b"q")
        assert term.proc.wait(timeout=20) == 0
        assert list(tmp.iterdir()) == []
        assert _wait(lambda: _processes_naming(tmp) == [], 5)  # the guardian is gone too
    finally:
        term.close()


def _processes_naming(folder: Path) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and str(folder).encode() in (proc / "cmdline").read_bytes():
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _serve(tmp: Path, *extra: str) -> tuple[subprocess.Popen[str], list[str]]:
    proc = subprocess.Popen([sys.executable, "-m", "antd_tui", "demo", "--serve", *extra],
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_env(tmp))
    assert proc.stdout is not None
    lines = []
    for line in proc.stdout:  # the config arrives whole while the server keeps running
        lines.append(line)
        if line.startswith("# end of config"):
            break
    return proc, lines


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP])
def test_demo_serve_prints_a_ready_config_and_serves_until_interrupted(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], sig: int) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    proc, lines = _serve(tmp)
    try:
        assert lines[0].startswith("# antd-tui sample edition: http://127.0.0.1:")
        url = lines[0].split(": ", 1)[1].strip()
        config = tmp_path / "demo.toml"
        config.write_text("".join(lines), encoding="utf-8")
        capsys.readouterr()
        code = main(["--config", str(config), "--data-dir", str(tmp_path / "data"),
                     "refresh", "--json"])
        out = capsys.readouterr().out
        assert code == 0 and '"new": 19' in out
        import json

        feeds = json.loads(out)["feeds"]
        assert [(f["url"], f["category"]) for f in feeds] == [
            (f"{url}/{path}", name) for path, name in SAMPLE_FEEDS]
        assert proc.poll() is None  # still serving
        proc.send_signal(sig)
        assert proc.wait(timeout=10) == 0
        assert proc.stderr is not None and "stopped" in proc.stderr.read()
        assert list(tmp.iterdir()) == []  # no data dir was made
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        for stream in (proc.stdout, proc.stderr):
            _close(stream)


def test_demo_serve_on_a_port_in_use_is_a_usage_error(tmp_path: Path) -> None:
    import socket

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        out = subprocess.run([sys.executable, "-m", "antd_tui", "demo", "--serve", "--port",
                              str(port)], capture_output=True, text=True, timeout=30,
                             stdin=subprocess.DEVNULL, env=_env(tmp_path))
    finally:
        taken.close()
    assert out.returncode == 2 and out.stdout == ""
    assert f"cannot listen on 127.0.0.1:{port}" in out.stderr


def _close(stream: IO[str] | None) -> None:
    if stream is not None:
        stream.close()
