"""Every command of the reader, declared once.

A ``Command`` names its id (also the binding id, so ``[keys]`` in the config
file remaps it through ``App.set_keymap``), its default keys, a description
in Vietnamese and English, the action it runs and where it is bound. From
this one table come the ``BINDINGS`` of each screen and widget, the key bar,
the help screen and the command palette (``CommandsProvider``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.keys import format_key

# Where a command's bindings live:
#   app: the App (everywhere, except modal screens)   pane: the main screen
#   list: every ArticleList                            article: lists and the reading screen
#   scroll: the reading view's scroller                reader: the reading screen
#   back: every screen but the main one                help: the help screen
#   search: the search screen


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated
    vi: str
    en: str
    action: str
    where: tuple[str, ...]
    group: str  # help-screen section: app, pane, list, reader
    footer: tuple[str, str] | None = None  # short label (vi, en) for the key bar
    shown_keys: str | None = None  # help display when ``keys`` is not readable as is
    builtin: bool = False  # bound by Textual itself (ctrl+p)
    palette: bool = True  # offered in the command palette (cursor moves are not)

    def description(self, language: str) -> str:
        return self.en if language == "en" else self.vi

    def short(self, language: str) -> str:
        vi, en = self.footer or (self.vi, self.en)
        return en if language == "en" else vi


_C = Command
_MOVE = ("list", "scroll", "related")  # list cursor, reading-view scroll, related list
_ARTICLE = ("list", "reader")  # on the selected row, or on the open article
COMMANDS: tuple[Command, ...] = (
    # id, keys, vi, en, action, where, help group
    _C("open", "enter", "Mở bài", "Open", "select", ("list", "related"), "list", ("Mở", "Open")),
    _C("down", "j,down", "Xuống", "Down", "cursor_down", _MOVE, "list", palette=False),
    _C("up", "k,up", "Lên", "Up", "cursor_up", _MOVE, "list", palette=False),
    _C("page_down", "space,pagedown", "Trang sau", "Page down", "page_down", _MOVE, "list", palette=False),
    _C("page_up", "pageup", "Trang trước", "Page up", "page_up", _MOVE, "list", palette=False),
    _C("top", "g,home", "Lên đầu", "Top", "first", _MOVE, "list", palette=False),
    _C("bottom", "G,end", "Xuống cuối", "Bottom", "last", _MOVE, "list", palette=False),
    _C("bookmark", "b", "Lưu / bỏ lưu", "Save / unsave", "article('bookmark')", _ARTICLE, "list",
       ("Lưu", "Save")),
    _C("toggle_read", "m", "Đã đọc / chưa đọc", "Read / unread", "article('toggle_read')", _ARTICLE, "list"),
    _C("open_browser", "o", "Mở trong trình duyệt", "Open in browser", "article('open_browser')", _ARTICLE,
       "list"),
    _C("copy_link", "y", "Sao chép liên kết", "Copy link", "article('copy_link')", _ARTICLE, "list"),
    _C("back", "escape,backspace", "Quay lại", "Back", "back", ("back",), "reader",
       ("Quay lại", "Back")),
    _C("next_article", "n", "Bài sau", "Next article", "next_article", ("reader",), "reader",
       ("Bài sau", "Next")),
    _C("prev_article", "p", "Bài trước", "Previous article", "prev_article", ("reader",), "reader",
       ("Bài trước", "Previous")),
    _C("toggle_images", "i", "Hiện / ẩn ảnh", "Photos on / off", "toggle_images", ("reader",),
       "reader"),
    _C("next_tab", "tab,l", "Chuyên mục sau", "Next section", "next_tab", ("pane",), "pane"),
    _C("prev_tab", "shift+tab,h", "Chuyên mục trước", "Previous section", "prev_tab", ("pane",),
       "pane"),
    _C("goto_tab", "1,2,3,4,5,6,7,8,9", "Tới chuyên mục 1–9", "Go to section 1–9", "goto_tab",
       ("pane",), "pane", shown_keys="1–9", palette=False),
    _C("refresh", "r", "Cập nhật mục này", "Refresh section", "refresh", ("pane",), "pane",
       ("Cập nhật", "Refresh")),
    _C("mark_pane_read", "A", "Đánh dấu cả mục đã đọc", "Mark section read", "mark_pane_read",
       ("pane",), "pane"),
    _C("search", "slash", "Tìm kiếm", "Search", "search", ("app",), "app", ("Tìm", "Search")),
    _C("search_sort", "ctrl+o", "Sắp xếp: liên quan nhất / mới nhất",
       "Order: most relevant / newest", "toggle_sort", ("search",), "app", ("Sắp xếp", "Order")),
    _C("undo", "u", "Hoàn tác bỏ lưu", "Undo unsave", "undo", ("app",), "app"),
    _C("bookmarks", "B", "Bài đã lưu", "Saved articles", "bookmarks", ("app",), "app"),
    _C("refresh_all", "R", "Cập nhật tất cả", "Refresh all", "refresh_all", ("app",), "app"),
    _C("help", "question_mark", "Trợ giúp phím", "Help", "help", ("app", "help"), "app",
       ("Trợ giúp", "Help")),
    _C("palette", "ctrl+p", "Bảng lệnh", "Command palette", "command_palette", ("app",), "app",
       builtin=True),
    _C("quit", "q", "Thoát", "Quit", "quit", ("app", "help"), "app", ("Thoát", "Quit")),
)
BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}
GROUPS = ("list", "reader", "pane", "app")


def bindings_for(where: str) -> list[Binding]:
    """The ``BINDINGS`` of one place, built from the table (descriptions in Vietnamese)."""
    out: list[Binding] = []
    for command in COMMANDS:
        if where not in command.where or command.builtin:
            continue
        if command.id == "goto_tab":  # one binding per digit, so each gets its own argument
            out += [Binding(d, f"goto_tab({d})", command.vi, show=False, id=f"goto_tab_{d}")
                    for d in command.keys.split(",")]
        else:
            out.append(Binding(command.keys, command.action, command.vi, show=command.footer is not None,
                               id=command.id))
    return out


def command_of(binding: Binding) -> Command | None:
    if binding.id is None:
        return None
    return BY_ID.get("goto_tab" if binding.id.startswith("goto_tab_") else binding.id)


def split_keymap(keys: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """Settings ``[keys]`` (command id -> keys) as a Textual keymap, and the unknown ids."""
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in keys.items():
        command = BY_ID.get(name.strip().replace("-", "_"))
        if command is None or command.builtin or command.id == "goto_tab":
            unknown.append(name)
        else:
            keymap[command.id] = value
    return keymap, unknown


_NAMES = {
    "down": "↓", "up": "↑", "left": "←", "right": "→", "enter": "Enter", "escape": "Esc",
    "backspace": "Backspace", "space": "Space", "pagedown": "PgDn", "pageup": "PgUp",
    "home": "Home", "end": "End", "tab": "Tab", "delete": "Del",
}


def key_label(key: str) -> str:
    """``shift+tab`` -> ``Shift+Tab``, ``question_mark`` -> ``?``, ``ctrl+b`` -> ``Ctrl+B``."""
    *mods, last = key.strip().split("+")
    name = _NAMES.get(last) or format_key(last)
    if mods and len(name) == 1:
        name = name.upper()
    return "+".join([*(m.capitalize() for m in mods), name])


def keys_label(command: Command, keymap: dict[str, str]) -> str:
    if command.shown_keys and command.id not in keymap:
        return command.shown_keys
    return ", ".join(key_label(k) for k in keymap.get(command.id, command.keys).split(","))


class CommandsProvider(Provider):
    """The palette lists what can be done here: the commands bound on the calling screen."""

    def _available(self) -> Iterable[tuple[str, str, Callable[[], object]]]:
        language = str(getattr(self.app, "language", "vi"))
        keymap: dict[str, str] = getattr(self.app, "keymap_overrides", {})
        seen: set[str] = set()
        for active in self.screen.active_bindings.values():
            command = command_of(active.binding)
            if command is None or command.id in seen or not active.enabled or not command.palette:
                continue
            seen.add(command.id)
            keys = keys_label(command, keymap)
            run = partial(self.app.run_action, active.binding.action, active.node)
            yield command.description(language), keys, run

    async def discover(self) -> Hits:
        for title, keys, run in sorted(self._available(), key=lambda c: c[0]):
            yield DiscoveryHit(Content(title), run, text=title, help=keys)

    async def search(self, query: str) -> Hits:
        """Matched as the article search matches (accents optional, ``cap nhat`` finds
        "Cập nhật"; the last word may be unfinished), with the matched words lit."""
        from antd_tui.core.search.spans import score
        from antd_tui.ui.text import match_spans, query_terms

        words = query_terms(query, typing=True)
        style = self.matcher(query).match_style  # the palette's own highlight
        for title, keys, run in self._available():
            found = score(words, title)
            if found > 0:
                content = Content(title)
                for start, end in match_spans(title, words):
                    content = content.stylize(style, start, end)
                yield Hit(found, content, run, text=title, help=keys)
