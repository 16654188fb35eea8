"""The registry knows no service line: integration, civic orientation, NT2 and the others
plug into it (panels, relationships, the person-change hook), never the other way round.
Its neighbours are the core, accounts and the report registry it puts its sections in.
The registry's tests may use any app: they try the whole site."""

from __future__ import annotations

from pathlib import Path

import haven.people
from haven.core.tests.test_core_knows_no_app import haven_imports

PEOPLE = Path(haven.people.__file__).resolve().parent
HAVEN = PEOPLE.parent
ALLOWED = {"people", "core", "accounts", "reports"}


def registry_modules() -> list[Path]:
    return sorted(path for path in PEOPLE.rglob("*.py") if "tests" not in path.relative_to(PEOPLE).parts)


def test_no_module_of_the_registry_imports_a_service_line():
    modules = registry_modules()
    assert {path.name for path in modules} >= {"services.py", "hooks.py", "models.py", "panels.py"}
    foreign = [
        f"{path.relative_to(HAVEN)}: {name}"
        for path in modules
        for name in haven_imports(path)
        if name.split(".")[1] not in ALLOWED
    ]
    assert foreign == []
