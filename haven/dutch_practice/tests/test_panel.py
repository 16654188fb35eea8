"""The person file's Dutch-practice panel: a volunteer's record and the moments they led,
the moments a person was named at, with a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.dutch_practice.tests.factories import SeriesFactory, SessionFactory

pytestmark = pytest.mark.django_db


def _file(client, person) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/people/{person.pk}/?purpose=programme")
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_the_panel_shows_the_volunteer_and_the_moments_led_in_a_fixed_number_of_queries(
    english, programme_staff_client, volunteer
):
    series = SeriesFactory()
    SessionFactory(series=series, held_on=datetime.date(2019, 3, 5), volunteers=[volunteer])
    _file(programme_staff_client, volunteer.person)
    one, _page = _file(programme_staff_client, volunteer.person)
    for day in (12, 19, 26):
        SessionFactory(series=series, held_on=datetime.date(2019, 3, day), volunteers=[volunteer])

    queries, page = _file(programme_staff_client, volunteer.person)

    assert queries == one <= 12 + (connection.vendor == "postgresql")
    assert "Conversation moments led" in page and "4 · last on 26/03/2019" in page
    assert "Open the volunteer" in page


def test_the_panel_counts_the_moments_a_person_was_named_at(english, programme_staff_client, participant):
    series = SeriesFactory()
    for day in (5, 12):
        session = SessionFactory(series=series, held_on=datetime.date(2019, 3, day))
        session.participants.add(participant)

    _queries, page = _file(programme_staff_client, participant)

    assert "Named at 2 conversation moments, the last on 12/03/2019." in page
    assert "Make volunteer" in page
