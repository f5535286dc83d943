"""The one error extraction raises."""

from __future__ import annotations

from antd_tui.core.errors import AntdError


class ExtractionError(AntdError):
    """A page gave nothing worth showing: no body text could be found.

    Every other problem in a page (bad markup, odd encodings, hostile text) is
    absorbed by the extractors; this is the only exception ``extract`` raises.
    The refresh layer records it as the article's full-text state and keeps the
    feed summary.
    """
