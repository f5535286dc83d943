"""Help: every command with its keys (as remapped in the config), grouped, in the reader's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from antd_tui.ui.commands import COMMANDS, GROUPS, bindings_for, keys_label
from antd_tui.ui.widgets.article_view import ArticleScroll

if TYPE_CHECKING:
    from antd_tui.ui.app import AntdApp


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [*bindings_for("back"), *bindings_for("help")]

    @property
    def antd(self) -> AntdApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        app = self.antd
        tr, keymap = app.tr, app.keymap_overrides
        labels = {c.id: keys_label(c, keymap) for c in COMMANDS}
        width = max(len(label) for label in labels.values()) + 3
        with Vertical(id="dialog"):
            yield Static(Content(tr("screen.help")), id="help-title")
            with ArticleScroll(id="help-body"):  # j/k/g/G/space scroll here too
                for group in GROUPS:
                    yield Static(Content(tr(f"help.group.{group}")), classes="group")
                    lines = [Content.assemble((labels[c.id].ljust(width), "bold $text-accent"),
                                              c.description(app.language))
                             for c in COMMANDS if c.group == group]
                    yield Static(Content("\n").join(lines), classes="keys")
                    if group == "reader":
                        yield Static(Content(tr("help.related")), classes="note")
            yield Static(Content(tr("help.close")), id="help-foot")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_back(self) -> None:
        self.dismiss()

    def action_help(self) -> None:
        self.dismiss()

    def action_quit(self) -> None:
        self.dismiss()
