"""The reader's words: the shared catalogue in ``core/locale/messages.py`` (the CLI reads it too)."""

from antd_tui.core.locale.messages import CATALOGUE, EN, TIME_WIDTH, VI, WEEKDAYS, Tr

__all__ = ["CATALOGUE", "EN", "TIME_WIDTH", "VI", "WEEKDAYS", "Tr"]
