"""The start page is assembled from panels that apps register, below the navigation tiles.

An app adds its panel in its AppConfig.ready():

    home_panel_register(HomePanel(key="recent", template="people/_home_recent.html",
        context=recent_files_context, permission="people.view_person", order=10))

``context(request)`` returns the panel's template context (and may write the trace of the
people it shows); it must run a fixed number of queries. The core renders the panels the
user has the permission for, in order, and knows no app.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class HomePanel:
    key: str
    template: str
    context: Callable[[HttpRequest], dict[str, Any]] | None = None
    permission: str | None = None
    order: int = 100


_panels: dict[str, HomePanel] = {}


def home_panel_register(panel: HomePanel) -> None:
    _panels[panel.key] = panel


def home_panels_render(request: HttpRequest) -> list[SafeString]:
    """The HTML of each panel this user may see, in order."""
    rendered = []
    for panel in sorted(_panels.values(), key=lambda item: (item.order, item.key)):
        if panel.permission and not request.user.has_perm(panel.permission):
            continue
        context = panel.context(request) if panel.context is not None else {}
        rendered.append(mark_safe(render_to_string(panel.template, context, request=request)))  # a template's output
    return rendered
