"""``python -m antd_tui`` runs the same program as the ``antd-tui`` script."""

from antd_tui.cli.main import run

run()
