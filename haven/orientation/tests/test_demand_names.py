"""The demand table and the course forms name languages as people do ("Arabisch", not
``ara``), and offer the right lists: the agency's languages for teaching, and for a Dutch
course's interpreters every one of them but Dutch."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone

from haven.core.models import Language
from haven.orientation import services
from haven.orientation.models import Slot
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _waiting(by, codes):
    return services.waiting_entry_create(
        person=PersonFactory(),
        languages=Language.objects.filter(code__in=codes),
        slots=[Slot.EVENING],
        waiting_since=timezone.localdate() - datetime.timedelta(days=3),
        by=by,
    )


@pytest.mark.parametrize(
    ("language", "names"), [("nl", ["Arabisch", "Engels", "Frans"]), ("en", ["Arabic", "English", "French"])]
)
def test_the_demand_table_shows_language_names_not_codes(
    course_coordinator_client, course_coordinator, language, names
):
    _waiting(course_coordinator, ["ara", "eng"])
    _waiting(course_coordinator, ["ara", "fra"])
    course_coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = course_coordinator_client.get("/orientation/demand/").content.decode()
    table = re.search(r'<table class="list" id="demand">.*?</table>', html, re.S).group(0)
    cells = re.findall(r"<tr>\s*<td>([^<]*)</td>", table)
    assert sorted(cells) == names
    for code in ("ara", "eng", "fra"):
        assert f"<td>{code}</td>" not in table


def test_the_course_form_offers_interpreters_in_every_working_language_but_dutch(course_coordinator_client):
    course_coordinator_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    html = course_coordinator_client.get("/orientation/courses/new/").content.decode()
    teaching = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    interpreters = re.search(r'<select name="interpreter_languages".*?</select>', html, re.S).group(0)
    assert re.search(r'<option value="nld"[^>]*>Nederlands</option>', teaching)  # a Dutch course, with interpreters
    assert "<optgroup" not in teaching  # one list: the languages the agency works in
    assert 'value="nld"' not in interpreters
    assert re.search(r'<option value="som"[^>]*>Somali</option>', interpreters)
    assert 'value="ave"' not in teaching + interpreters
