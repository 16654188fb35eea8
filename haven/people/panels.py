"""The person file is assembled from panels that apps register.

An app adds its panel in its AppConfig.ready():

    person_panel_register(PersonPanel(key="contracts", title=_("Contracts"),
        template="integration/_person_panel.html", order=30,
        context=contracts_panel_context, permission="integration.view_contract",
        annotations=contracts_panel_annotations))

The whole file is one query (``people.access.person_file_for_user``): a panel declares
the columns it needs as ``annotations()``, correlated subqueries added to the query
that reads the person (``haven.people.panel_rows.json_rows`` gives a person's records
as a JSON array), and ``context(person, user)`` builds the panel's template context
from them without a query of its own. Called on a person read without them (a test,
another page), ``panel_columns`` reads them for that person in one query.

A panel's columns are the same for every reader who sees it (who does is the panel's
permission), so they are built once per process (``panel_annotations``): building a dozen
subqueries on every file cost more than the database took to run them.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from django.template.loader import render_to_string


@dataclass(frozen=True)
class PersonPanel:
    key: str
    title: str
    template: str
    order: int = 100
    context: Callable[[Any, Any], dict] | None = None
    permission: str | None = None
    annotations: Callable[[], Mapping[str, Any]] | None = None
    # A line the panel adds to the file's header (a residence card's expiry), rendered
    # with the same context; empty output adds nothing.
    header: str | None = None


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: str
    header_html: str = ""


_panels: dict[str, PersonPanel] = {}


def person_panel_register(panel: PersonPanel) -> None:
    _panels[panel.key] = panel
    _built.pop(panel.key, None)


def _visible(user) -> list[PersonPanel]:
    return [
        panel
        for panel in sorted(_panels.values(), key=lambda item: (item.order, item.key))
        if not panel.permission or user.has_perm(panel.permission)
    ]


_built: dict[str, Mapping[str, Any]] = {}


def panel_annotations(key: str) -> Mapping[str, Any]:
    """The columns of the panel ``key``, built on first use in this process (none when it
    declares none)."""
    columns = _built.get(key)
    if columns is None:
        build = _panels[key].annotations
        columns = _built[key] = MappingProxyType(dict(build()) if build is not None else {})
    return columns


def person_panels_annotations(user) -> dict[str, Any]:
    """The columns the panels this user sees add to the person file's query."""
    columns: dict[str, Any] = {}
    for panel in _visible(user):
        columns.update(panel_annotations(panel.key))
    return columns


def panel_columns(person, key: str) -> dict[str, Any]:
    """The values of the panel ``key``'s columns for ``person``: those the file's query read
    already, the others in one query (a panel's context called on its own)."""
    from haven.people.models import Person

    columns = panel_annotations(key)
    missing = {name: expression for name, expression in columns.items() if not hasattr(person, name)}
    if missing:
        values = Person.objects.filter(pk=person.pk).annotate(**missing).values(*missing).first() or {}
        for name in missing:
            setattr(person, name, values.get(name))
    return {name: getattr(person, name) for name in columns}


def person_panels_render(*, person, user, request=None, purpose: str = "") -> list[RenderedPanel]:
    rendered = []
    for panel in _visible(user):
        context = {"person": person, "user": user, "purpose": purpose}
        if panel.context is not None:
            context.update(panel.context(person, user))
        header = render_to_string(panel.header, context, request=request) if panel.header else ""
        rendered.append(
            RenderedPanel(
                panel.key,
                str(panel.title),
                render_to_string(panel.template, context, request=request),
                header if header.strip() else "",
            )
        )
    return rendered
