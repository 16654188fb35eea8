"""The person file is assembled from panels that apps register.

An app adds its panel in its AppConfig.ready():

    person_panel_register(PersonPanel(key="contracts", title=_("Contracts"),
        template="integration/_person_panel.html", order=30,
        context=contracts_panel_context, permission="integration.view_contract"))

``context(person, user)`` returns the panel's template context; it must run a
fixed number of queries whatever the person's records.
"""

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RenderedPanel:
    key: str
    title: str
    html: str


_panels: dict[str, PersonPanel] = {}


def person_panel_register(panel: PersonPanel) -> None:
    _panels[panel.key] = panel


def person_panels_render(*, person, user, request=None, purpose: str = "") -> list[RenderedPanel]:
    rendered = []
    for panel in sorted(_panels.values(), key=lambda item: (item.order, item.key)):
        if panel.permission and not user.has_perm(panel.permission):
            continue
        context = {"person": person, "user": user, "purpose": purpose}
        if panel.context is not None:
            context.update(panel.context(person, user))
        rendered.append(
            RenderedPanel(panel.key, str(panel.title), render_to_string(panel.template, context, request=request))
        )
    return rendered
