"""The reader's colours: a calm dark page, ANTD red for the masthead, a quiet blue cursor; and the
same on a light page (``theme = "light"``) for those whose terminal is light.

Every row state of every list (cursor with and without focus, read, unread,
search matches) keeps WCAG AA contrast in both: ``tests/ui/test_contrast.py``
measures the colours the lists really draw.
"""

from __future__ import annotations

from textual.theme import Theme

ANTD_THEME = Theme(
    name="antd",
    primary="#B3261E",
    secondary="#6B7F99",
    accent="#3F7FBF",
    warning="#E0B050",
    error="#E5534B",
    success="#5FAF7A",
    foreground="#E6E3DC",
    background="#16181B",
    surface="#1B1E22",
    panel="#262B31",
    dark=True,
)

ANTD_LIGHT_THEME = Theme(
    name="antd-light",
    primary="#B3261E",
    secondary="#4F5F73",
    accent="#2F6DB0",
    warning="#805800",
    error="#B3261E",
    success="#2E7D4F",
    foreground="#1C1E21",
    background="#F7F5F0",
    surface="#FFFFFF",
    panel="#E4E1DA",
    dark=False,
)
THEMES = {"dark": ANTD_THEME, "light": ANTD_LIGHT_THEME}
