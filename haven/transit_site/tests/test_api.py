"""The transit site's API: the same access as the pages (programme staff only), stays
registered through the occupancy check (422 naming the field), the calendar, the
attendance of a lesson day, the arrivals list; every head of family read traced."""

import datetime
import json

import pytest

from haven.core.models import AccessLogEntry
from haven.people.tests.factories import PersonFactory
from haven.transit_site.models import Attendance, Stay
from haven.transit_site.tests.factories import DAY, ChildFactory, StayFactory

pytestmark = pytest.mark.django_db


def _call(client, method, url, body=None):
    kwargs = {"content_type": "application/json", "data": json.dumps(body)} if body is not None else {}
    return getattr(client, method)(f"/api/transit-site{url}", **kwargs)


def _stay_body(person, **changes):
    body = {
        "person_id": person.pk,
        "household_size": 4,
        "caravans": 2,
        "arrival": "2019-06-03",
        "planned_departure": "2019-06-10",
        "deposit_paid": "100.00",
        "rules_signed": True,
        "children": [{"first_name": "Lucie", "birth_date": "2011-04-02"}],
    }
    body.update(changes)
    return body


def test_the_programme_staff_register_a_stay_and_read_it_back(site, programme_staff_client, programme_staff):
    person = PersonFactory(nationality="FR")
    response = _call(programme_staff_client, "post", "/stays", _stay_body(person))
    assert response.status_code == 201, response.content
    stay = response.json()
    assert (
        stay["head"]["id"] == person.pk and stay["nationality"] == "FR" and stay["children"][0]["first_name"] == "Lucie"
    )
    read = _call(programme_staff_client, "get", f"/stays/{stay['id']}")
    assert read.status_code == 200
    assert AccessLogEntry.objects.filter(
        person_id=person.pk, user=programme_staff, action="view", channel="api"
    ).exists()


def test_a_departure_before_the_arrival_is_a_422_naming_the_field(site, programme_staff_client):
    stay = StayFactory(site=site)
    response = _call(programme_staff_client, "post", f"/stays/{stay.pk}/departure", {"departure": "2019-06-01"})
    assert response.status_code == 422
    assert "departure" in response.json()["errors"]


def test_a_full_site_is_a_422_on_the_caravans(site, programme_staff_client):
    StayFactory(site=site, caravans=24)
    response = _call(programme_staff_client, "post", "/stays", _stay_body(PersonFactory()))
    assert response.status_code == 422
    assert "caravans" in response.json()["errors"]
    assert Stay.objects.count() == 1


def test_the_list_is_paginated_and_traces_every_head_listed(site, programme_staff_client, programme_staff):
    stays = [StayFactory(site=site, arrival=DAY + datetime.timedelta(days=20 * index)) for index in range(3)]
    body = _call(programme_staff_client, "get", "/stays?year=2019").json()
    assert body["count"] == 3 and len(body["items"]) == 3
    listed = set(AccessLogEntry.objects.filter(user=programme_staff, action="list").values_list("person_id", flat=True))
    assert listed == {stay.head_id for stay in stays}


def test_the_occupancy_of_a_month_gives_every_day(site, programme_staff_client):
    StayFactory(site=site, caravans=5)
    days = _call(programme_staff_client, "get", "/occupancy?year=2019&month=6").json()
    assert len(days) == 30
    assert days[2] == {"day": "2019-06-03", "caravans": 5, "free": 20, "lesson_day": True}


def test_attendance_on_a_lesson_day_and_not_on_another(site, programme_staff_client):
    child = ChildFactory(stay=StayFactory(site=site))
    assert _call(programme_staff_client, "put", "/attendance/2019-06-03", {"present": [child.pk]}).json() == {
        "day": "2019-06-03",
        "present": 1,
    }
    refused = _call(programme_staff_client, "put", "/attendance/2019-06-06", {"present": [child.pk]})
    assert refused.status_code == 422 and "day" in refused.json()["errors"]
    assert Attendance.objects.count() == 1


def test_the_arrivals_list_takes_a_family(site, programme_staff_client):
    response = _call(
        programme_staff_client,
        "post",
        "/arrivals",
        {"family_name": "Winterstein", "caravans": 2, "announced_on": "2019-06-03", "expected_arrival": "2019-06-08"},
    )
    assert response.status_code == 201
    assert _call(programme_staff_client, "get", "/arrivals").json()["items"][0]["family_name"] == "Winterstein"


def test_other_roles_get_403(site, counsellor_client, manager_client):
    for client in (counsellor_client, manager_client):
        assert _call(client, "get", "/stays").status_code == 403
        assert _call(client, "get", "/occupancy?year=2019&month=6").status_code == 403
