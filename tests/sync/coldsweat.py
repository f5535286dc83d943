"""A real Coldsweat 0.10.2 Fever server on 127.0.0.1, run from ``.coldsweat/venv`` (``make coldsweat``).

The client is configured with the Fever endpoint itself, ``http://127.0.0.1:<port>/fever/``
(as FreshRSS's ``https://host/api/fever.php`` or Miniflux's ``https://host/fever/``) and
appends ``?api&<commands>`` to it. The helpers act as "another machine" on the same account.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from tests.conftest import REAL_ENV
from tests.sync.feedsite import FeedSite

ROOT = Path(__file__).resolve().parents[2]
EXE = ROOT / ".coldsweat" / "venv" / "bin" / "coldsweat"
USERNAME = "reader@example.com"  # Coldsweat's users are e-mail addresses
PASSWORD = "mật khẩu đủ dài"  # Coldsweat wants 12+ characters; the api_key hashes its UTF-8
DEAD_PROXY = "http://127.0.0.1:9"  # anything not on loopback fails at once, as in tests/conftest.py
# no proxy for the helpers' own requests (the autouse fixture points the proxies at DEAD_PROXY)
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def api_key(username: str, password: str) -> str:
    return hashlib.md5(f"{username}:{password}".encode()).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def server_env(db: Path) -> dict[str, str]:
    """Coldsweat's environment: the run's own minus its proxies and Flask settings, plus
    ours: the database, and loopback direct while anything else goes to a dead proxy."""
    env = {k: v for k, v in REAL_ENV.items()
           if not k.lower().endswith("_proxy") and not k.startswith("FLASK_")}
    env.update(FLASK_DATABASE_URL=f"sqlite:///{db}", FLASK_SECRET_KEY="not-a-secret-test-key",
               NO_PROXY="127.0.0.1,localhost", no_proxy="127.0.0.1,localhost")
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        env[name] = DEAD_PROXY
    return env


def run(exe: Path, env: dict[str, str], cwd: Path, *args: str) -> str:
    """``coldsweat <args>``; its output. (Coldsweat exits 0 on most refusals: check the output.)"""
    done = subprocess.run([str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"coldsweat {' '.join(args)} exited {done.returncode}:\n{output}"
    return output


def make_template(exe: Path, workdir: Path) -> Path:
    """A database with the tables and the user (``coldsweat setup``, a third of a server's
    start-up): each server starts from a copy."""
    db = workdir / "template.db"
    out = run(exe, server_env(db), workdir, "setup", USERNAME, "-p", PASSWORD)
    assert "Setup completed" in out, out  # a refused password exits 0 too
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in template.db itself
    return db


def post(url: str, form: dict[str, str]) -> Any:
    """POSTs ``form``; the parsed JSON answer. Raises urllib.error.HTTPError on 4xx/5xx."""
    data = urllib.parse.urlencode(form).encode()
    with _OPENER.open(urllib.request.Request(url, data=data), timeout=10) as answer:
        return json.loads(answer.read())


class ColdsweatServer:
    """One Coldsweat instance: its own database in ``workdir``, subscribed to ``site``'s feeds."""

    def __init__(self, site: FeedSite, workdir: Path, exe: Path = EXE, template: Path | None = None) -> None:
        self.site = site
        self.template = template
        self.workdir = workdir
        self.exe = exe
        self.db = workdir / "coldsweat.db"
        self.log = workdir / "server.log"
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/fever/"
        self.username = USERNAME
        self.password = PASSWORD
        self.api_key = api_key(USERNAME, PASSWORD)
        self.env = server_env(self.db)
        self._process: subprocess.Popen[bytes] | None = None

    # -- set-up and lifetime ---------------------------------------------------------

    def command(self, *args: str) -> str:
        """Runs ``coldsweat <args>`` on this instance's database; its output."""
        return run(self.exe, self.env, self.workdir, *args)

    def launch(self) -> None:
        """Sets up the database and starts the server: the user (a copy of ``template``, else
        ``coldsweat setup``), then, while the server starts, the OPML (one outline per
        group) imported and fetched."""
        if self.template is not None:
            shutil.copyfile(self.template, self.db)
        else:
            out = self.command("setup", self.username, "-p", self.password)
            assert "Setup completed" in out, out  # a refused password exits 0 too
        opml = self.workdir / "subscriptions.opml"
        opml.write_text(self.site.opml(), encoding="utf-8")
        self._spawn()
        self.command("import", str(opml), self.username, "--fetch")
        self._wait()

    def start(self) -> None:
        """Starts ``coldsweat run`` on ``self.port`` (the same after a stop) and waits for it to answer."""
        self._spawn()
        self._wait()

    def _spawn(self) -> None:
        assert self._process is None, "already running"
        with self.log.open("ab") as log:
            self._process = subprocess.Popen(
                [str(self.exe), "run", "--host", "127.0.0.1", "--port", str(self.port)],
                cwd=self.workdir, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)

    def _wait(self, timeout: float = 15) -> None:
        assert self._process is not None
        deadline = time.monotonic() + timeout
        while True:
            try:
                post(self.url + "?api", {})
                return
            except (OSError, urllib.error.URLError):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"coldsweat run did not answer on {self.url}:\n"
                                       + self.log.read_text(errors="replace")[-3000:]) from None
                time.sleep(0.02)

    def stop(self) -> None:
        """Kills the server's process group (an outage until ``start``)."""
        process, self._process = self._process, None
        if process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                pass
            try:
                process.wait(5)
                break
            except subprocess.TimeoutExpired:
                continue

    @property
    def pid(self) -> int:
        """The server's process id, also its process group's (it runs in a session of its own)."""
        assert self._process is not None, "not running"
        return self._process.pid

    # -- acting as another machine on the account ------------------------------------

    def call(self, *commands: str, **form: str | int) -> Any:
        """POST ``?api&<commands>`` (``"items"``, ``"since_id=5"``: the query string) with
        ``form`` (the body: ``mark``, ``as``, ``id``...) and the api_key unless ``form`` has one."""
        body = {"api_key": self.api_key, **{k: str(v) for k, v in form.items()}}
        return post(self.url + "?" + "&".join(("api", *commands)), body)

    def mark(self, item_id: int, as_: str) -> Any:
        """``mark=item&as=<as_>&id=<item_id>``: as_ is read, unread, saved or unsaved."""
        return self.call("mark", mark="item", id=item_id, **{"as": as_})

    def unread_ids(self) -> list[int]:
        return _ids(self.call("unread_item_ids")["unread_item_ids"])

    def saved_ids(self) -> list[int]:
        return _ids(self.call("saved_item_ids")["saved_item_ids"])

    def items(self) -> list[dict[str, Any]]:
        """Every item, sorted by id, asked for 50 ids at a time with ``with_ids``.

        Not by since_id paging: a Coldsweat page is the first 50 in (group, feed, id) order,
        so the highest id of a page as the next since_id skips items (see the tests)."""
        found: list[dict[str, Any]] = []
        last = max(self.entry_ids(), default=0)
        for start in range(1, last + 1, 50):
            ids = ",".join(str(n) for n in range(start, min(start + 50, last + 1)))
            found += self.call("items", f"with_ids={ids}")["items"]
        return sorted(found, key=lambda item: int(item["id"]))

    def feed_ids(self) -> dict[str, int]:
        """Coldsweat's feed id for each of the site's feed slugs."""
        by_url = {feed["url"]: feed["id"] for feed in self.call("feeds")["feeds"]}
        return {slug: by_url[self.site.feed_url(slug)] for slug in self.site.feeds}

    def add_entries(self, feed: str, n: int) -> list[int]:
        """Adds ``n`` items to the site's feed ``feed`` and has Coldsweat fetch it; their new ids."""
        before = self.entry_ids()
        self.site.add(feed, n)
        self.refetch()
        return sorted(self.entry_ids() - before)

    def entry_ids(self) -> set[int]:
        """Every item id in the database (read directly: works while the server is stopped)."""
        with contextlib.closing(sqlite3.connect(self.db)) as db:
            return {row[0] for row in db.execute("SELECT id FROM entries")}

    def refetch(self) -> None:
        """``coldsweat fetch``, which skips a feed checked or updated in the last 3 minutes
        (MIN_FETCH_INTERVAL): the feeds' times are cleared first so it fetches them all."""
        with contextlib.closing(sqlite3.connect(self.db)) as db, db:
            db.execute("UPDATE feeds SET last_checked_on = NULL, last_updated_on = NULL")
        self.command("fetch")


def _ids(text: str) -> list[int]:
    """Fever's id lists are one comma-separated string ("" when there are none)."""
    return [int(part) for part in text.split(",") if part]
