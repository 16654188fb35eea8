"""The core knows no app above it: apps register with the core (navigation, start-page
panels, login hints), never the other way round. Its one neighbour is accounts, the user
model it is built on. The core's tests may use any app: they try the whole site."""

from __future__ import annotations

import ast
from pathlib import Path

import haven.core

CORE = Path(haven.core.__file__).resolve().parent
HAVEN = CORE.parent
ALLOWED = {"core", "accounts"}


def core_modules() -> list[Path]:
    return sorted(path for path in CORE.rglob("*.py") if "tests" not in path.relative_to(CORE).parts)


def haven_imports(path: Path) -> list[str]:
    """What ``path`` imports from haven (``from a import b`` as ``a.b``), relative imports
    resolved, wherever the import stands (a function-level import counts as much as one at
    the top). The registry's boundary test reads imports with it too."""
    package = path.relative_to(HAVEN.parent).parent.parts
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else ()
            module = ".".join([*base, *([node.module] if node.module else [])])
            names += [f"{module}.{alias.name}" for alias in node.names]
    return [name for name in names if name.startswith("haven.")]


def test_no_module_of_the_core_imports_an_app_other_than_accounts():
    modules = core_modules()
    assert {path.name for path in modules} >= {"views.py", "home.py", "login_hints.py", "serve.py"}
    foreign = [
        f"{path.relative_to(HAVEN)}: {name}"
        for path in modules
        for name in haven_imports(path)
        if name.split(".")[1] not in ALLOWED
    ]
    assert foreign == []
