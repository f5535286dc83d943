"""antd-tui: a terminal news reader for ANTD.VN and any RSS, Atom or JSON feed."""

__version__ = "0.1.0"
