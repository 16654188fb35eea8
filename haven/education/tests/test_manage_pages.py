"""The pages where the programme staff keep schools and their OKAN places, create a
Toekomstdagen event and a pre-track cohort, add a participant by file number and end a
participation: each writes through its service, shows a refusal on the field it names
(writing nothing), traces the person it shows, and is refused to another role."""

import datetime

import pytest

from haven.core.models import AccessLogEntry
from haven.education.models import (
    FutureDays,
    FutureDaysRegistration,
    OkanPlaces,
    ParticipantState,
    PreTrackCohort,
    PreTrackModule,
    PreTrackParticipant,
    School,
)
from haven.education.tests.factories import CohortFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _school(**overrides):
    values = {"name": "Sint-Barbaracollege", "address": "Savaanstraat 27, Gent", "phone": "09 223 00 00", "okan": "on"}
    values.update(overrides)
    return values


# Schools ------------------------------------------------------------------------------------


def test_a_school_is_added_and_its_page_opens(programme_staff_client):
    response = programme_staff_client.post("/education/schools/new/", {**_school(), "active": "on"})
    school = School.objects.get(name="Sint-Barbaracollege")
    assert response.status_code == 302 and response["Location"] == f"/education/schools/{school.pk}/"
    assert (school.okan, school.active, school.address) == (True, True, "Savaanstraat 27, Gent")
    assert programme_staff_client.get(f"/education/schools/{school.pk}/").status_code == 200


def test_a_school_with_the_name_of_another_is_refused_on_the_name(programme_staff_client, okan_school, english):
    response = programme_staff_client.post("/education/schools/new/", _school(name="Toren van Babel"))
    assert response.status_code == 200
    assert response.context["form"].errors["name"]
    assert School.objects.count() == 1


def test_a_school_is_edited_and_its_okan_places_noted_per_school_year(programme_staff_client, okan_school):
    url = f"/education/schools/{okan_school.pk}/"
    response = programme_staff_client.post(
        url,
        {
            "step": "school",
            **{f"school-{k}": v for k, v in _school(name="Toren van Babel").items()},
            "school-active": "on",
        },
    )
    assert response.status_code == 302
    okan_school.refresh_from_db()
    assert okan_school.address == "Savaanstraat 27, Gent"
    response = programme_staff_client.post(url, {"step": "places", "places-school_year": 2019, "places-places": 24})
    assert response.status_code == 302
    response = programme_staff_client.post(url, {"step": "places", "places-school_year": 2019, "places-places": 30})
    assert list(OkanPlaces.objects.values_list("school_year", "places")) == [(2019, 30)]
    assert "2019-2020" in programme_staff_client.get(url).content.decode()


def test_a_school_with_okan_places_keeps_its_okan_classes_shown_on_the_field(
    programme_staff_client, okan_school, english
):
    OkanPlaces.objects.create(school=okan_school, school_year=2019, places=24)
    response = programme_staff_client.post(
        f"/education/schools/{okan_school.pk}/",
        {"step": "school", "school-name": "Toren van Babel", "school-active": "on"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["okan"] == [
        "OKAN places are noted for this school: it keeps its OKAN classes."
    ]
    okan_school.refresh_from_db()
    assert okan_school.okan


def test_okan_places_of_a_school_without_okan_classes_are_refused(programme_staff_client, regular_school, english):
    response = programme_staff_client.post(
        f"/education/schools/{regular_school.pk}/", {"step": "places", "places-school_year": 2019, "places-places": 5}
    )
    assert response.status_code == 200
    assert "This school has no OKAN reception classes." in response.context["places_form"].non_field_errors()
    assert not OkanPlaces.objects.exists()


@pytest.mark.parametrize(
    "url", ["/education/schools/new/", "/education/toekomstdagen/new/", "/education/pre-track/new/"]
)
def test_a_counsellor_may_not_open_the_forms_of_the_programme_staff(counsellor_client, url):
    assert counsellor_client.get(url).status_code == 403
    assert counsellor_client.post(url, {}).status_code == 403


def test_a_counsellor_may_not_open_or_change_a_school(counsellor_client, okan_school):
    url = f"/education/schools/{okan_school.pk}/"
    assert counsellor_client.get(url).status_code == 403
    assert counsellor_client.post(url, {"step": "school", "school-name": "X"}).status_code == 403
    okan_school.refresh_from_db()
    assert okan_school.name == "Toren van Babel"


# Toekomstdagen ------------------------------------------------------------------------------


def test_a_toekomstdagen_event_is_created_with_its_sessions_and_a_school_registered(
    programme_staff_client, okan_school
):
    response = programme_staff_client.post(
        "/education/toekomstdagen/new/",
        {"title": "Toekomstdagen 2019", "year": 2019, "session_days": "27/05/2019\n28/05/2019", "place": "ICC Gent"},
    )
    event = FutureDays.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/education/toekomstdagen/{event.pk}/"
    assert [s.held_on.day for s in event.sessions.order_by("held_on")] == [27, 28]
    session = event.sessions.order_by("held_on").first()
    response = programme_staff_client.post(
        response["Location"],
        {"session": session.pk, "school": okan_school.pk, "pupils_registered": 18, "pupils_present": 16},
    )
    assert response.status_code == 302
    assert FutureDaysRegistration.objects.values_list("pupils_registered", "pupils_present").get() == (18, 16)


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ("27/05/2018", "The sessions fall in the event's year."),
        ("27 mei", "“27 mei” is not a date like 27/05/2019."),
    ],
)
def test_a_session_day_outside_the_year_or_no_date_is_refused_on_the_days(
    programme_staff_client, english, days, message
):
    response = programme_staff_client.post(
        "/education/toekomstdagen/new/", {"title": "Toekomstdagen 2019", "year": 2019, "session_days": days}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["session_days"] == [message]
    assert not FutureDays.objects.exists()


# Pre-track ----------------------------------------------------------------------------------


def _cohort(**overrides):
    values = {
        "academic_year": 2019,
        "starts_on": "23/09/2019",
        "ends_on": "26/06/2020",
        "modules": "Nederlands\nAcademische vaardigheden\n",
        "partners": "UGent, HOGENT",
    }
    values.update(overrides)
    return values


def test_a_cohort_is_created_with_its_modules(programme_staff_client):
    response = programme_staff_client.post("/education/pre-track/new/", _cohort())
    cohort = PreTrackCohort.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/education/pre-track/{cohort.pk}/"
    assert list(cohort.modules.values_list("name", flat=True)) == ["Nederlands", "Academische vaardigheden"]


def test_a_cohort_starting_outside_its_academic_year_is_refused_on_the_start(programme_staff_client, english):
    response = programme_staff_client.post("/education/pre-track/new/", _cohort(starts_on="23/09/2018"))
    assert response.status_code == 200
    assert response.context["form"].errors["starts_on"] == ["A cohort starts at the beginning of its academic year."]
    assert not PreTrackCohort.objects.exists() and not PreTrackModule.objects.exists()


def test_a_participant_is_added_by_file_number_and_the_programme_relationship_starts(
    programme_staff_client, programme_staff, adult
):
    cohort = CohortFactory()
    module = PreTrackModule.objects.create(cohort=cohort, name="Nederlands")
    response = programme_staff_client.post(f"/education/pre-track/{cohort.pk}/", {"reference": adult.reference})
    form_url = f"/education/pre-track/{cohort.pk}/people/{adult.pk}/"
    assert response.status_code == 302 and form_url in response["Location"]
    assert programme_staff_client.get(response["Location"]).status_code == 200
    assert AccessLogEntry.objects.filter(user=programme_staff, person_id=adult.pk, action="view").exists()
    response = programme_staff_client.post(
        form_url, {"purpose": "programme", "started_on": "23/09/2019", "modules": [module.pk]}
    )
    participant = PreTrackParticipant.objects.get()
    assert (
        response.status_code == 302 and f"/education/pre-track/participants/{participant.pk}/" in response["Location"]
    )
    assert list(participant.modules.all()) == [module]
    assert AccessLogEntry.objects.filter(user=programme_staff, person_id=adult.pk, action="update").exists()
    assert programme_staff_client.get(f"/people/{adult.pk}/?purpose=programme").status_code == 200


def test_a_participant_starting_outside_the_cohort_is_refused_on_the_start_and_the_person_traced(
    programme_staff_client, programme_staff, adult, english
):
    cohort = CohortFactory()
    response = programme_staff_client.post(
        f"/education/pre-track/{cohort.pk}/people/{adult.pk}/", {"purpose": "programme", "started_on": "01/01/2019"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["started_on"] == ["A participant starts within the cohort's dates."]
    assert not PreTrackParticipant.objects.exists()
    assert AccessLogEntry.objects.filter(user=programme_staff, person_id=adult.pk, action="list").exists()


def test_a_participation_is_shown_traced_and_ended_as_graduated(programme_staff_client, programme_staff):
    participant = ParticipantFactory()
    url = f"/education/pre-track/participants/{participant.pk}/"
    assert "purpose" in programme_staff_client.get(url).content.decode()  # the purpose is asked first
    assert not AccessLogEntry.objects.filter(person_id=participant.person_id).exists()
    response = programme_staff_client.get(url + "?purpose=programme")
    assert response.status_code == 200 and participant.person.reference in response.content.decode()
    assert AccessLogEntry.objects.filter(user=programme_staff, person_id=participant.person_id, action="view").exists()
    response = programme_staff_client.post(
        url, {"purpose": "programme", "state": "graduated", "ended_on": "26/06/2020"}
    )
    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.state, participant.ended_on) == (ParticipantState.GRADUATED, datetime.date(2020, 6, 26))


def test_a_participation_ended_before_its_start_is_refused_on_the_day(programme_staff_client, english):
    participant = ParticipantFactory()
    response = programme_staff_client.post(
        f"/education/pre-track/participants/{participant.pk}/",
        {"purpose": "programme", "state": "dropped", "ended_on": "01/09/2019"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ended_on"] == ["This day lies before the start."]
    participant.refresh_from_db()
    assert participant.state == ParticipantState.STARTED


def test_a_counsellor_may_not_add_or_see_a_participant(counsellor_client, adult):
    participant = ParticipantFactory()
    cohort = participant.cohort
    assert counsellor_client.get(f"/education/pre-track/{cohort.pk}/people/{adult.pk}/").status_code == 403
    assert (
        counsellor_client.post(f"/education/pre-track/{cohort.pk}/", {"reference": adult.reference}).status_code == 403
    )
    url = f"/education/pre-track/participants/{participant.pk}/?purpose=programme"
    assert counsellor_client.get(url).status_code == 403
    assert counsellor_client.post(url, {"state": "dropped", "ended_on": "01/10/2019"}).status_code == 403
    assert not PreTrackParticipant.objects.filter(person=adult).exists()
