"""The start page's panels come from the apps that register them, in order, for those who may see them."""

import pytest
from django.test import RequestFactory

from haven.core import home


@pytest.fixture
def panels(monkeypatch):
    monkeypatch.setattr(home, "_panels", {})
    monkeypatch.setattr(home, "render_to_string", lambda template, context, request: f"{template}:{context}")
    return home


@pytest.mark.django_db
def test_the_panels_a_user_may_see_are_rendered_in_order_with_their_context(panels, counsellor, manager):
    panels.home_panel_register(panels.HomePanel("last", "b.html", order=20))
    panels.home_panel_register(
        panels.HomePanel("first", "a.html", context=lambda request: {"who": request.user.username}, order=10)
    )
    panels.home_panel_register(panels.HomePanel("files", "c.html", permission="people.view_person", order=15))
    request = RequestFactory().get("/")
    request.user = counsellor
    assert panels.home_panels_render(request) == ["a.html:{'who': 'carla'}", "c.html:{}", "b.html:{}"]
    request.user = manager
    assert panels.home_panels_render(request) == ["a.html:{'who': 'maarten'}", "b.html:{}"]
