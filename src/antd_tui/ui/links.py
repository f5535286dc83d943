"""Links leave the reader only as http(s) URLs, through ``webbrowser`` (no shell) or the clipboard."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.app import App, SuspendNotSupported

from antd_tui.ui.i18n import Tr
from antd_tui.ui.text import browser_url


def open_in_browser(app: App[Any], tr: Tr, url: str | None) -> None:
    """Open an http(s) link in the user's browser; refuse anything else, calmly.

    A terminal browser (lynx, w3m: ``webbrowser.GenericBrowser``) gets the
    terminal while the reader is suspended; a graphical one opens from a thread.
    """
    import webbrowser

    safe = browser_url(url)
    if safe is None:
        app.notify(tr("link.refused" if url else "link.none"), severity="warning")
        return
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        app.notify(tr("link.no_browser"), severity="warning")
        return
    if type(browser) is webbrowser.GenericBrowser:
        try:
            with app.suspend():
                browser.open(safe)
        except SuspendNotSupported:
            app.notify(tr("link.no_browser"), severity="warning")
        return
    app.run_worker(partial(browser.open, safe), thread=True, group="browser", exit_on_error=False)
    app.notify(tr("link.opened"), timeout=2)


def copy_link(app: App[Any], tr: Tr, url: str | None) -> None:
    """Copy an http(s) link (OSC 52, so it works over ssh too)."""
    safe = browser_url(url)
    if safe is None:
        app.notify(tr("link.refused" if url else "link.none"), severity="warning")
        return
    app.copy_to_clipboard(safe)
    app.notify(tr("link.copied"), timeout=2)
