"""The source layout docs/ARCHITECTURE.md describes: core's top level reads as a table of contents,
everything that speaks HTTP sits in core/net, and no two modules import each other (directly or round
a longer loop; imports under TYPE_CHECKING aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import antd_tui

SRC = Path(antd_tui.__file__).parent
CORE = SRC / "core"
NETWORK_MODULES = {"h11", "ssl", "socket"}


def _modules() -> dict[str, Path]:
    out = {}
    for path in SRC.rglob("*.py"):
        parts = ("antd_tui", *path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _imports(name: str, path: Path) -> set[str]:
    """Every module ``path`` imports, at any depth of the file, except under ``if TYPE_CHECKING``."""
    found: set[str] = set()
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package[: len(package) - node.level + 1], *([base] if base else [])])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(ast.parse(path.read_text(encoding="utf-8")))
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_import_each_other() -> None:
    modules = _modules()
    graph = {name: {dep for dep in _imports(name, path) if dep in modules and dep != name}
             for name, path in modules.items()}
    assert _cycles(graph) == []


def test_the_cycle_finder_sees_a_loop_through_a_function_level_import(tmp_path: Path) -> None:
    # the test above must be able to fail: db -> recover at top level, recover -> db inside a function
    graph = {"db": {"recover"}, "recover": {"db"}, "other": {"db"}}
    assert _cycles(graph) == [["db", "recover"]]
    code = "def f():\n    from antd_tui.core.store import db\nif TYPE_CHECKING:\n    import socket\n"
    probe = tmp_path / "probe.py"
    probe.write_text(code, encoding="utf-8")
    assert _imports("probe", probe) == {"antd_tui.core.store", "antd_tui.core.store.db"}


def test_cores_top_level_is_a_table_of_contents() -> None:
    top = sorted(p.stem for p in CORE.glob("*.py") if p.stem != "__init__")
    assert len(top) <= 15, top
    for package in (p for p in CORE.iterdir() if p.is_dir() and not p.name.startswith("__")):
        init = package / "__init__.py"
        assert init.exists() and ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))), (
            f"core/{package.name} needs an __init__ that says what it owns")


def test_only_core_net_speaks_http() -> None:
    speaking = sorted(
        str(path.relative_to(SRC)) for name, path in _modules().items()
        if name.startswith("antd_tui.core.")
        and {dep.split(".")[0] for dep in _imports(name, path)} & NETWORK_MODULES
    )
    assert speaking and all(p.startswith("core/net/") for p in speaking), speaking


# Which groups each group may import (docs/ARCHITECTURE.md says the same in words). "basics" are the
# modules at core's top level but the service; a group may always import itself and the standard library.
BASICS = "core"
MAY_IMPORT: dict[str, set[str]] = {
    "core.locale": set(),  # words only: the catalogue, error wording, the command table
    "core": {"core.locale"},
    "core.net": {BASICS, "core.locale"},
    "core.feeds": {BASICS, "core.locale"},
    "core.extract": {BASICS, "core.locale"},
    "core.search": {BASICS, "core.locale"},
    # opening the cache (store/db.connect) restores what the record holds; the record writes
    # through the store's transactions
    "core.store": {BASICS, "core.locale", "core.record", "core.search"},
    "core.record": {BASICS, "core.locale", "core.store"},
    "core.photos": {BASICS, "core.locale", "core.net", "core.store"},
    "core.library": {BASICS, "core.locale", "core.net", "core.feeds", "core.store", "core.record",
                     "core.photos", "core.pipeline"},
    # a feed server's items go in as any feed's; its flags through the record
    "core.sync": {BASICS, "core.locale", "core.net", "core.feeds", "core.store", "core.record"},
    "core.pipeline": {BASICS, "core.locale", "core.net", "core.feeds", "core.extract", "core.store",
                      "core.record", "core.photos", "core.library", "core.sync"},
    "core.service": {BASICS, "core.locale", "core.net", "core.store", "core.record", "core.search",
                     "core.photos", "core.library", "core.pipeline", "core.sync"},
    # the reader: the service, and the plain data types the service hands it
    "ui": {BASICS, "core.locale", "core.service", "core.search", "core.store.queries",
           "core.pipeline.report", "core.library.links"},
    "cli": {BASICS, "core.locale", "core.net", "core.feeds", "core.store", "core.record", "core.search",
            "core.photos", "core.library", "core.pipeline", "core.service", "core.sync", "ui", "sample",
            "antd_tui"},
    "sample": {BASICS, "core.locale"},
    "antd_tui": {"cli"},
}


def _group(module: str) -> str:
    parts = module.split(".")[1:]
    if not parts or parts[0] == "__main__":
        return "antd_tui"
    if parts[0] != "core":
        return parts[0]
    if len(parts) == 1 or (not (CORE / parts[1]).is_dir() and parts[1] != "service"):
        return BASICS
    return f"core.{parts[1]}"


def test_each_group_imports_only_the_groups_below_it() -> None:
    modules = _modules()
    wrong = []
    for name, path in modules.items():
        mine = _group(name)
        for dep in _imports(name, path):
            if dep not in modules or _group(dep) == mine:
                continue
            allowed = MAY_IMPORT[mine]
            one_module = {f"antd_tui.{a}" for a in allowed if a.count(".") >= 2}
            if _group(dep) not in allowed and dep not in one_module:
                wrong.append(f"{name} -> {dep}")
    assert wrong == []


def test_every_module_belongs_to_a_group_the_layout_knows() -> None:
    assert {_group(name) for name in _modules()} <= set(MAY_IMPORT)
    assert _group("antd_tui.core.service") == "core.service"
    assert _group("antd_tui.core.config") == BASICS
    assert _group("antd_tui.core.net.fetch") == "core.net"
