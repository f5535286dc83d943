"""The reader's commands as Textual sees them.

The table itself (``COMMANDS``: ids, default keys, descriptions, where each
is bound) is declared once in ``core/locale/commands.py``, so the config
loader checks ``[keys]`` without Textual. From that one table come the
``BINDINGS`` of each screen and widget, the key bar, the help screen and the
command palette (``CommandsProvider``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import partial

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.keys import format_key

from antd_tui.core.locale.commands import BY_ID, COMMANDS, GROUPS, Command, normal_key, remappable

__all__ = ["BY_ID", "COMMANDS", "GROUPS", "Command", "CommandsProvider", "bindings_for", "command_of",
           "key_label", "keys_label", "split_keymap"]


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
    """Settings ``[keys]`` (command id -> keys) as a Textual keymap, and the unknown ids.

    The config loader has already refused unknown names and clashing keys
    (``core/locale/commands.keymap_problem``); the list stays for settings built in code.
    """
    keymap: dict[str, str] = {}
    unknown: list[str] = []
    for name, value in keys.items():
        command = remappable(name)
        if command is None:
            unknown.append(name)
        else:
            keymap[command.id] = ",".join(normal_key(k) for k in value.split(",") if k.strip())
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
