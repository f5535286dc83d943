"""Every command of the reader, declared once, and the ``[keys]`` table checked against it.

A ``Command`` names its id (also the binding id, so ``[keys]`` in the config
file remaps it), its default keys, a description in Vietnamese and English,
the action it runs and where it is bound. The table lives in core so the
config loader can refuse a bad ``[keys]`` for every command, reader and CLI
alike, without importing Textual; ``ui/commands.py`` turns it into bindings,
the key bar, the help screen and the command palette.
"""

from __future__ import annotations

from dataclasses import dataclass

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
    _C("links", "L", "Liên kết trong bài", "Links in this article", "links", ("reader",), "reader"),
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


# a key as a person may write it -> Textual's name for it
_KEY_ALIASES = {"/": "slash", "?": "question_mark", " ": "space", "pgdn": "pagedown", "pgup": "pageup",
                "esc": "escape", "return": "enter"}


def normal_key(key: str) -> str:
    key = key if key == " " else key.strip()
    return _KEY_ALIASES.get(key.lower() if len(key) > 1 else key, key)


def _keys(value: str) -> list[str]:
    return [normal_key(k) for k in value.split(",") if k.strip() or k == " "]


def remappable(name: str) -> Command | None:
    """The command ``[keys] name = ...`` remaps, or None (unknown, or bound by Textual/per digit)."""
    command = BY_ID.get(name.strip().replace("-", "_"))
    if command is None or command.builtin or command.id == "goto_tab":
        return None
    return command


def keymap_problem(keys: dict[str, str]) -> tuple[str, str] | None:
    """The first problem with a ``[keys]`` table as (config name, what is wrong), or None.

    Refused: a name that is no command (or one that cannot be remapped), an
    empty key, and a key that would then run two commands — whether both were
    remapped or one kept its default (``search = "j"`` while ``down`` keeps j).
    """
    names = sorted(c.id for c in COMMANDS if remappable(c.id))
    effective: dict[str, list[str]] = {}
    config_name: dict[str, str] = {}  # command id -> the name the file used
    for name, value in keys.items():
        command = remappable(name)
        if command is None:
            return name, "unknown command (commands: " + ", ".join(names) + ")"
        if not _keys(value):
            return name, 'expected a key such as "ctrl+b" (several: "x,ctrl+x")'
        effective[command.id] = _keys(value)
        config_name[command.id] = name
    owner: dict[str, str] = {}
    for command in COMMANDS:
        for key in effective.get(command.id) or _keys(command.keys):
            other = owner.setdefault(key, command.id)
            if other != command.id:
                first, second = (other, command.id) if other in config_name else (command.id, other)
                return config_name.get(first, first), (
                    f"key {key!r} would run two commands, '{first}' and '{second}'; "
                    "give one of them another key in [keys]")
    return None
