"""A scriptable Fever API server on 127.0.0.1: the bench's 10,000 items, and the tests'
hostile answers (a real server cannot be made to send those).

It answers as the Fever spec and Coldsweat do: POST ``api_key`` (md5 of
``user:password``), commands in the query, ``mark``/``as``/``id`` in the form, 50
items a page for ``since_id`` (the lowest ids above it), ``with_ids``, id lists as
comma-separated strings, 404 for a mark of an item it does not have.
``order`` ("asc", "desc", "shuffle") changes the order of a page's items, "feed"
which 50 a page holds (Coldsweat's: the first in (feed, id) order);
``tamper(command, answer) -> bytes | dict | None`` replaces any answer.
"""

from __future__ import annotations

import hashlib
import json
import random
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

Tamper = Callable[[str, dict[str, Any]], "bytes | dict[str, Any] | None"]
COMMANDS = ("groups", "feeds", "items", "unread_item_ids", "saved_item_ids", "mark")


class FeverServer:
    def __init__(self, username: str = "lan", password: str = "mat-khau-dai-12",
                 delay: float = 0.0) -> None:
        self.delay = delay  # seconds before each answer: a server across a network
        self.key = hashlib.md5(f"{username}:{password}".encode()).hexdigest()
        self.groups: list[dict[str, Any]] = [{"id": 1, "title": "Thời sự"},
                                             {"id": 2, "title": "Thể thao"}]
        self.feeds: list[dict[str, Any]] = [{"id": 1, "title": "A", "url": "http://a/rss"},
                                            {"id": 2, "title": "B", "url": "http://b/rss"}]
        self.feeds_groups = [{"group_id": 1, "feed_ids": "1"}, {"group_id": 2, "feed_ids": "2"}]
        self.items: dict[int, dict[str, Any]] = {}
        self.unread: set[int] = set()
        self.saved: set[int] = set()
        self.order = "asc"
        self.tamper: Tamper | None = None
        self.calls: Counter[str] = Counter()
        self.lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._httpd.server_address[1]}/fever/"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def add_items(self, count: int, *, feed_id: int = 1, base: str = "http://127.0.0.1:9/a",
                  start: int | None = None) -> list[int]:
        """``count`` new unread items; their links are ``base/<id>`` (nothing serves them)."""
        with self.lock:
            first = start if start is not None else max(self.items, default=0) + 1
            ids = list(range(first, first + count))
            for number in ids:
                self.items[number] = {
                    "id": number, "feed_id": feed_id, "title": f"Tin số {number}",
                    "author": "Phóng viên", "html": f"<p>Nội dung bài {number}.</p>",
                    "url": f"{base}/{number}", "is_saved": 0, "is_read": 0,
                    "created_on_time": 1796600000 + number}
                self.unread.add(number)
        return ids

    def answer(self, query: dict[str, str], form: dict[str, str]) -> tuple[int, Any]:
        if form.get("api_key") != self.key:
            return 200, {"api_version": 3, "auth": 0}
        result: dict[str, Any] = {"api_version": 3, "auth": 1, "last_refreshed_on_time": 0}
        with self.lock:
            for command in COMMANDS:
                if command not in query and not (command == "mark" and "mark" in form):
                    continue
                self.calls[command] += 1
                if command == "mark":
                    number = int(form.get("id", "0"))
                    if number not in self.items:
                        return 404, b"not found"
                    {"read": self.unread.discard, "unread": self.unread.add,
                     "saved": self.saved.add, "unsaved": self.saved.discard}[form["as"]](number)
                elif command == "groups":
                    result.update(groups=self.groups, feeds_groups=self.feeds_groups)
                elif command == "feeds":
                    result.update(feeds=self.feeds, feeds_groups=self.feeds_groups)
                elif command == "unread_item_ids":
                    result["unread_item_ids"] = ",".join(map(str, sorted(self.unread)))
                elif command == "saved_item_ids":
                    result["saved_item_ids"] = ",".join(map(str, sorted(self.saved)))
                else:
                    result["items"] = self._items(query)
                    result["total_items"] = len(self.items)
                if self.tamper is not None:
                    changed = self.tamper(command, result)
                    if changed is not None:
                        return 200, changed
        return 200, result

    def _items(self, query: dict[str, str]) -> list[dict[str, Any]]:
        if "with_ids" in query:
            wanted = [int(i) for i in query["with_ids"].split(",") if i.isdigit()][:50]
            chosen = [self.items[i] for i in wanted if i in self.items]
        else:
            since = int(query.get("since_id") or 0)
            # "feed": the first 50 in (feed, id) order, as Coldsweat's pages are
            key = (lambda i: (self.items[i]["feed_id"], i)) if self.order == "feed" else None
            chosen = [self.items[i] for i in sorted(self.items, key=key) if i > since][:50]
        chosen = [dict(item, is_read=int(item["id"] not in self.unread),
                       is_saved=int(item["id"] in self.saved)) for item in chosen]
        if self.order == "desc":
            chosen.reverse()
        elif self.order == "shuffle":
            random.Random(len(chosen)).shuffle(chosen)
        return chosen

    def start(self) -> FeverServer:
        self._thread.start()
        return self

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FeverServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _handler(server: FeverServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            pass

        def setup(self) -> None:
            super().setup()
            # headers and body go out in two writes: without this, Nagle holds the body
            # back until the client's delayed ACK (40 ms a call), as no real server does
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            parts = urlsplit(self.path)
            query = {k: v[0] if v else "" for k, v in
                     parse_qs(parts.query, keep_blank_values=True).items()}
            form = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
            if server.delay:
                time.sleep(server.delay)
            status, answer = server.answer(query, form)
            data = answer if isinstance(answer, bytes) else json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
