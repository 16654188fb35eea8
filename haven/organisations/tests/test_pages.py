"""The organisations pages: the proposal and confirmation of an ambassador for a
testimony, refusals on the page, ambassadors made and read (traced, with a purpose),
trainings, coaching, associations and their support contacts; access and query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.core.models import AccessLogEntry, Language
from haven.organisations import models
from haven.organisations.tests.factories import (
    AmbassadorFactory,
    AssociationFactory,
    RequestedTestimonyFactory,
    SupportContactFactory,
    TrainingFactory,
)
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert call().status_code == 200
    return len(queries)


def test_the_staff_propose_the_best_fitting_ambassador_and_confirm(english, programme_staff_client, ambassador):
    arabic = Language.objects.get(code="ara")
    ambassador.person.languages.add(arabic)
    other = AmbassadorFactory(themes=["discrimination"])  # certified, free, but not on this theme nor language
    testimony = RequestedTestimonyFactory(language=arabic)
    page = programme_staff_client.get(f"/organisations/testimonies/{testimony.pk}/")
    assert [ambassador_.pk for _fit, ambassador_, _labels in page.context["proposals"]] == [ambassador.pk, other.pk]
    assert set(AccessLogEntry.objects.values_list("person_id", flat=True)) == {ambassador.person_id, other.person_id}
    url = f"/organisations/testimonies/{testimony.pk}/"
    assert programme_staff_client.post(url, {"action": "propose", "ambassador": ambassador.pk}).status_code == 302
    assert programme_staff_client.post(url, {"action": "confirm"}).status_code == 302
    testimony.refresh_from_db()
    assert (testimony.state, testimony.ambassador_id) == ("confirmed", ambassador.pk)
    assert "Benali" in programme_staff_client.get(url).content.decode().title()


def test_an_ambassador_booked_that_day_is_not_proposed_and_refused_on_the_page(
    english, programme_staff_client, ambassador
):
    RequestedTestimonyFactory(ambassador=ambassador, state="confirmed")
    testimony = RequestedTestimonyFactory()
    url = f"/organisations/testimonies/{testimony.pk}/"
    assert programme_staff_client.get(url).context["proposals"] == []
    response = programme_staff_client.post(url, {"action": "propose", "ambassador": ambassador.pk})
    assert response.status_code == 422
    assert response.context["errors"] == ["This ambassador gives another testimony that day."]
    testimony.refresh_from_db()
    assert testimony.state == "requested"


def test_paying_before_the_testimony_is_given_is_refused_on_its_field(english, programme_staff_client, ambassador):
    testimony = RequestedTestimonyFactory(ambassador=ambassador, state="confirmed")
    response = programme_staff_client.post(
        f"/organisations/testimonies/{testimony.pk}/",
        {"action": "pay", "allowance": "35", "allowance_paid_on": "01/06/2019"},
    )
    assert response.status_code == 422
    assert response.context["pay_form"].errors["allowance_paid_on"] == [
        "The allowance is paid once the testimony is given."
    ]


def test_a_testimony_request_is_added_with_errors_on_the_fields(english, programme_staff_client):
    values = {
        "requester": "Sint-Barbaracollege",
        "received_on": "01/04/2019",
        "held_on": "01/03/2019",
        "place": "Gent",
        "audience": "pupils",
        "theme": "work",
        "listeners": "25",
    }
    response = programme_staff_client.post("/organisations/testimonies/new/", values)
    assert response.context["form"].errors["held_on"] == ["The testimony is on or after the day the request came in."]
    response = programme_staff_client.post("/organisations/testimonies/new/", values | {"held_on": "07/05/2019"})
    testimony = models.TestimonyRequest.objects.get()
    assert response["Location"] == f"/organisations/testimonies/{testimony.pk}/"


def test_a_person_is_made_ambassador_by_file_number(english, programme_staff_client, volunteer):
    response = programme_staff_client.post("/organisations/ambassadors/", {"reference": volunteer.reference})
    assert response["Location"] == f"/organisations/people/{volunteer.pk}/ambassador/new/?purpose=programme"
    response = programme_staff_client.post(
        f"/organisations/people/{volunteer.pk}/ambassador/new/",
        {
            "purpose": "programme",
            "themes": ["work", "studying"],
            "weekdays": ["1", "3"],
            "trained_on": "01/02/2019",
            "certified_on": "01/01/2019",
            "consent_given_on": "01/02/2019",
            "consent_text_version": "2019-1",
        },
    )
    assert response.context["form"].errors["certified_on"] == ["The certification comes on or after the training."]
    assert not models.Ambassador.objects.exists()


def test_an_ambassador_page_asks_the_purpose_then_logs_the_read(programme_staff_client, ambassador):
    url = f"/organisations/ambassadors/{ambassador.pk}/"
    asked = programme_staff_client.get(url)
    assert asked.status_code == 200 and "Benali" not in asked.content.decode()
    assert not AccessLogEntry.objects.exists()
    assert programme_staff_client.get(url + "?purpose=programme").status_code == 200
    assert list(AccessLogEntry.objects.values_list("person_id", "action")) == [(ambassador.person_id, "view")]


def test_the_next_page_of_an_ambassadors_testimonies_keeps_the_purpose(programme_staff_client, ambassador, settings):
    settings.HAVEN_PAGE_SIZE = 2
    for day in (7, 14, 21):
        RequestedTestimonyFactory(ambassador=ambassador, state="given", held_on=datetime.date(2019, 5, day))

    page = programme_staff_client.get(f"/organisations/ambassadors/{ambassador.pk}/?purpose=programme")

    assert "?purpose=programme&amp;page=2" in page.content.decode()


def test_the_ambassador_list_traces_whom_it_shows_with_as_many_queries_for_one_as_for_three(
    programme_staff_client, ambassador
):
    one = _queries(lambda: programme_staff_client.get("/organisations/ambassadors/"))
    for index in range(2):
        AmbassadorFactory(
            person=PersonFactory(first_registration_date=None, birth_date=datetime.date(1980, 1, 1 + index))
        )
    assert _queries(lambda: programme_staff_client.get("/organisations/ambassadors/")) == one
    assert AccessLogEntry.objects.filter(action="list").values("person_id").distinct().count() == 3


def test_the_testimony_list_runs_as_many_queries_for_one_row_as_for_three(programme_staff_client, ambassador):
    RequestedTestimonyFactory(ambassador=ambassador, state="given")
    one = _queries(lambda: programme_staff_client.get("/organisations/"))
    RequestedTestimonyFactory.create_batch(2)
    assert _queries(lambda: programme_staff_client.get("/organisations/")) == one


def test_a_support_contact_is_recorded_on_the_association_page(english, programme_staff_client, programme_staff):
    association = AssociationFactory(name="Vrouwenvereniging Univers'elle")
    url = f"/organisations/associations/{association.pk}/"
    values = {"kind": "content", "held_on": "06/05/2019", "staff": programme_staff.pk, "subject": "Vormingsavond"}
    assert programme_staff_client.post(url, values).status_code == 302
    response = programme_staff_client.post(url, values | {"held_on": "06/05/2099"})
    assert response.context["form"].errors["held_on"] == ["A contact is recorded on its day or after it."]
    listed = programme_staff_client.get("/organisations/associations/?q=univers").context["page"].object_list
    assert [(row.pk, row.contact_count) for row in listed] == [(association.pk, 1)]


def test_an_association_with_a_wrong_enterprise_number_is_refused_in_dutch(programme_staff_client):
    response = programme_staff_client.post(
        "/organisations/associations/new/",
        {"name": "Vereniging X", "enterprise_number": "123", "recognition": "applying"},
    )
    assert list(response.context["form"].errors) == ["enterprise_number"]
    assert not models.Association.objects.exists()


def test_trainings_coaching_and_network_events_are_listed(programme_staff_client, partner):
    TrainingFactory(organisation=partner, participants=20)
    SupportContactFactory()
    for url in (
        "/organisations/trainings/?year=2019",
        "/organisations/partners/",
        "/organisations/coaching/",
        "/organisations/support-contacts/?year=2019",
        "/organisations/network-events/",
        "/organisations/trainings/new/",
        "/organisations/ambassadors/new/",
    ):
        assert programme_staff_client.get(url).status_code == 200, url
    listed = programme_staff_client.get("/organisations/trainings/?year=2019").context["page"].object_list
    assert [(row.organisation.name, row.participants) for row in listed] == [("Algemeen Ziekenhuis Sint-Lucas", 20)]


def test_a_coaching_contact_is_recorded(english, programme_staff_client, programme_staff, partner):
    response = programme_staff_client.post(
        "/organisations/coaching/new/",
        {"organisation": partner.pk, "topic": "language_policy", "started_on": "01/02/2019"},
    )
    trajectory = models.CoachingTrajectory.objects.get()
    assert response["Location"] == f"/organisations/coaching/{trajectory.pk}/"
    response = programme_staff_client.post(
        response["Location"], {"held_on": "04/02/2019", "staff": programme_staff.pk, "subject": "Stuurgroep"}
    )
    assert response.status_code == 302 and trajectory.contacts.count() == 1


def test_other_roles_see_nothing_of_the_line(counsellor_client, manager_client, ambassador):
    testimony = RequestedTestimonyFactory()
    for client in (counsellor_client, manager_client):
        for url in (
            "/organisations/",
            f"/organisations/testimonies/{testimony.pk}/",
            f"/organisations/ambassadors/{ambassador.pk}/?purpose=programme",
            "/organisations/associations/",
        ):
            assert client.get(url).status_code == 403, url
