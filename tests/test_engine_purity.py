"""The engines are pure: the standard library, their own modules and, for the two solvers, OR-Tools.

No Django, no other part of Haven: an engine takes plain facts and returns a plain answer, so it
can be read, tested and replaced without the web application around it. Tests are not the engine
(a test may need Django, e.g. for gettext) and are left out.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import haven

HAVEN = Path(haven.__file__).resolve().parent
STANDARD_LIBRARY = sys.stdlib_module_names | {"__future__"}

# package, the modules it must have (so that an empty glob cannot pass), third-party packages allowed
ENGINES = [
    ("haven.integration.rules", {"__init__.py", "facts.py", "decision.py"}, set()),
    ("haven.nt2.routing", {"__init__.py", "engine.py", "facts.py", "proposal.py"}, set()),
    ("haven.orientation.formation", {"__init__.py", "engine.py"}, {"ortools"}),
    ("haven.interpreting.dispatch", {"__init__.py", "engine.py"}, {"ortools"}),
    ("haven.community.matching", {"__init__.py", "engine.py", "scoring.py"}, {"ortools"}),
]


def engine_modules(package: str) -> list[Path]:
    folder = HAVEN.joinpath(*package.split(".")[1:])
    return sorted(path for path in folder.rglob("*.py") if "tests" not in path.relative_to(folder).parts)


def imported_modules(path: Path) -> list[str]:
    """Every module `path` imports, relative imports resolved to their absolute name."""
    package = path.relative_to(HAVEN.parent).parent.parts  # a module's package, or an __init__'s own
    names = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module or "")
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1]
            names.append(".".join([*base, *([node.module] if node.module else [])]))
    return names


@pytest.mark.parametrize(("package", "expected", "third_party"), ENGINES, ids=[engine[0] for engine in ENGINES])
def test_the_engine_imports_only_the_standard_library_and_itself(package, expected, third_party):
    modules = engine_modules(package)
    assert {path.name for path in modules} >= expected
    foreign = [
        f"{path.name}: {name}"
        for path in modules
        for name in imported_modules(path)
        if name.split(".")[0] not in STANDARD_LIBRARY | third_party
        and not (name == package or name.startswith(package + "."))
    ]
    assert foreign == []
