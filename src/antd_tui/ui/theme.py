"""The reader's colours: a calm dark page, ANTD red for the masthead, a quiet blue cursor."""

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
