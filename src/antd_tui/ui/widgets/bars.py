"""The one-line bars every screen has: title bar, status line (refresh progress) and key bar."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from antd_tui.ui.commands import BY_ID, COMMANDS, command_of

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


def update_line(bar: Static, content: Content) -> None:
    """Show ``content`` in a one-line bar whose size its CSS fixes (``width: 1fr; height: 1``).

    ``Static.update`` lays out the whole screen by default, in case the size
    changed; these bars redraw on every focus change, binding change and status
    hint (five times as the reader opens), and their size never changes. The
    same content again is not redrawn at all.
    """
    previous = bar.content
    if isinstance(previous, Content) and previous.is_same(content):
        return
    bar.update(content, layout=False)


class TitleBar(Horizontal):
    """``AN NINH THỦ ĐÔ · <section>`` on the left, the date (and demo badge) on the right."""

    DEFAULT_CSS = """
    TitleBar { height: 1; background: $primary-background; }
    TitleBar > #brand { width: 1fr; padding: 0 1; text-style: bold; color: $text-primary; }
    TitleBar > #when { width: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, section: str = "") -> None:
        super().__init__()
        self.section = section

    def compose(self) -> ComposeResult:
        app: AntdApp = self.app  # type: ignore[assignment]
        brand = Content.assemble((app.tr("brand"), "bold"))
        if self.section:
            brand = Content.assemble(brand, ("  ·  ", "dim"), (self.section, "not bold"))
        yield Static(brand, id="brand")
        yield Static(self._when(), id="when")

    def on_mount(self) -> None:
        self.set_interval(60, self._update)
        if self.app.settings.sync is not None:  # type: ignore[attr-defined]
            self.watch(self.app, "sync_generation", lambda _: self._update(), init=False)

    def _update(self) -> None:
        self.query_one("#when", Static).update(self._when())

    def _when(self) -> Content:
        app: AntdApp = self.app  # type: ignore[assignment]
        right = app.tr.long_date(app.clock(), app.zone)
        synced = app.sync_label()
        if synced:
            right = f"{synced}  ·  {right}"
        if app.demo:
            right = f"{app.tr('demo')}  ·  {right}"
        return Content(right)


class StatusBar(Static):
    """Refresh progress while a refresh runs, otherwise the screen's own hint."""

    DEFAULT_CSS = """
    StatusBar { width: 1fr; height: 1; padding: 0 1; color: $text-muted; background: $surface; }
    StatusBar.-busy { color: $text-accent; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.hint = ""

    def on_mount(self) -> None:
        self.watch(self.app, "refresh_status", self._show, init=True)

    def set_hint(self, hint: str) -> None:
        self.hint = hint
        self._show(getattr(self.app, "refresh_status", ""))

    def _show(self, status: str) -> None:
        self.set_class(bool(status), "-busy")
        update_line(self, Content(status or self.hint))


class KeyBar(Static):
    """The key hints of what can be done right now, in the reader's language."""

    DEFAULT_CSS = """
    KeyBar { width: 1fr; height: 1; padding: 0 1; background: $panel; text-wrap: nowrap;
             text-overflow: ellipsis; }
    """

    _owner: Screen[object] | None = None

    def on_mount(self) -> None:
        self._owner = self.screen
        self.screen.bindings_updated_signal.subscribe(self, self._changed)
        self.call_after_refresh(self._draw_keys)

    def on_unmount(self) -> None:
        owner = self._owner
        if owner is not None:
            owner.bindings_updated_signal.unsubscribe(self)

    def _changed(self, screen: Screen[object]) -> None:
        if self.is_attached:
            self.call_after_refresh(self._draw_keys)

    def _draw_keys(self) -> None:
        if not self.is_attached or not self.is_mounted:
            return  # the screen went away before this callback ran
        language = str(getattr(self.app, "language", "vi"))
        found: dict[str, str] = {}
        for active in self.screen.active_bindings.values():
            command = command_of(active.binding)
            if command is None or command.footer is None or not active.enabled:
                continue
            found.setdefault(command.id, self.app.get_key_display(active.binding))
        entries = [(found[c.id], BY_ID[c.id].short(language)) for c in COMMANDS if c.id in found]
        update_line(self, Content.assemble(*fit_keys(entries, self.content_region.width)))

    def on_resize(self) -> None:
        self._draw_keys()


_ALWAYS = 2  # the last entries (help, quit) stay whatever the width


def fit_keys(entries: list[tuple[str, str]], width: int) -> list[tuple[str, str] | str]:
    """``key label`` entries that fit in ``width`` whole: the gaps narrow from three spaces to
    two, then entries are left out from the middle (help and quit always stay), never cut."""
    def size(chosen: list[tuple[str, str]], gap: int) -> int:
        return sum(cell_len(k) + 1 + cell_len(v) for k, v in chosen) + gap * (len(chosen) - 1)

    chosen = list(entries)
    gap = 3
    if width > 0 and size(chosen, gap) > width:
        gap = 2
        while len(chosen) > _ALWAYS and size(chosen, gap) > width:
            del chosen[-_ALWAYS - 1]
    parts: list[tuple[str, str] | str] = []
    for index, (key, label) in enumerate(chosen):
        parts += [(key, "bold $text-accent"), " ", label]
        if index < len(chosen) - 1:
            parts.append(" " * gap)
    return parts
