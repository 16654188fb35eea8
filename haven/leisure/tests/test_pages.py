"""The leisure pages: lists with filters and pagination, a referral made by file number,
its outcome, clear errors on the fields, organisations and events; access and traces."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.core.models import AccessAction, AccessLogEntry
from haven.leisure.models import EventKind, LeisureOutcome, Referral
from haven.leisure.tests.factories import EventFactory, EventTallyFactory, OrganisationFactory, ReferralFactory

pytestmark = pytest.mark.django_db


def _queries(call) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert call().status_code == 200
    return len(queries)


def test_programme_staff_refer_an_adult_to_volunteering_by_file_number(
    english, programme_staff_client, adult, organisation
):
    response = programme_staff_client.post("/leisure/", {"reference": adult.reference})
    assert response["Location"] == f"/leisure/people/{adult.pk}/referrals/new/?purpose=programme"
    assert programme_staff_client.get(response["Location"]).status_code == 200
    response = programme_staff_client.post(
        f"/leisure/people/{adult.pk}/referrals/new/",
        {
            "purpose": "programme",
            "kind": "volunteering",
            "organisation": organisation.pk,
            "activity": "Onthaal zwembad",
            "referred_on": "06/05/2019",
            "follow_up_on": "03/06/2019",
        },
    )
    referral = Referral.objects.get()
    assert response["Location"] == f"/leisure/referrals/{referral.pk}/?purpose=programme"
    assert (referral.kind, referral.referred_by.username) == ("volunteering", "paula")
    page = programme_staff_client.get(response["Location"]).content.decode()
    assert "Onthaal zwembad" in page and "Sportdienst Stad Gent" in page


def test_a_follow_up_before_the_referral_is_shown_on_its_field_and_nothing_is_saved(
    english, programme_staff_client, adult, organisation
):
    response = programme_staff_client.post(
        f"/leisure/people/{adult.pk}/referrals/new/",
        {
            "purpose": "programme",
            "kind": "leisure",
            "organisation": organisation.pk,
            "activity": "Zwemles",
            "referred_on": "06/05/2019",
            "follow_up_on": "01/05/2019",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["follow_up_on"] == ["The follow-up date is on or after the referral date."]
    assert not Referral.objects.exists()


def test_the_outcome_is_recorded_and_an_outcome_without_date_is_refused(english, programme_staff_client, adult):
    referral = ReferralFactory(person=adult)
    url = f"/leisure/referrals/{referral.pk}/"
    response = programme_staff_client.post(url, {"purpose": "programme", "outcome": "started"})
    assert response.context["form"].errors["outcome_on"] == ["Give the date of the outcome."]
    response = programme_staff_client.post(
        url, {"purpose": "programme", "outcome": "started", "outcome_on": "20/05/2019"}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_on) == (LeisureOutcome.STARTED, datetime.date(2019, 5, 20))


def test_a_referral_page_asks_the_purpose_first_then_logs_the_read(programme_staff_client, adult):
    referral = ReferralFactory(person=adult)
    asked = programme_staff_client.get(f"/leisure/referrals/{referral.pk}/")
    assert asked.status_code == 200 and adult.family_name not in asked.content.decode()
    assert not AccessLogEntry.objects.exists()
    assert programme_staff_client.get(f"/leisure/referrals/{referral.pk}/?purpose=programme").status_code == 200
    entry = AccessLogEntry.objects.get()
    assert (entry.person_id, entry.action, entry.purpose) == (adult.pk, AccessAction.VIEW, "programme")


def test_the_list_filters_by_age_on_the_referral_date_and_traces_the_people_shown(
    programme_staff_client, adult, child, organisation
):
    ReferralFactory(person=adult, organisation=organisation)
    ReferralFactory(person=child, organisation=organisation, kind="leisure")
    response = programme_staff_client.get("/leisure/?age=minor")
    assert [row.person_id for row in response.context["page"].object_list] == [child.pk]
    assert list(AccessLogEntry.objects.values_list("person_id", "action")) == [(child.pk, "list")]
    response = programme_staff_client.get("/leisure/?age=adult&kind=leisure&year=2019")
    assert [row.person_id for row in response.context["page"].object_list] == [adult.pk]


def test_the_follow_ups_due_are_listed_soonest_first(programme_staff_client, organisation):
    later = ReferralFactory(organisation=organisation, follow_up_on=datetime.date(2019, 6, 20))
    sooner = ReferralFactory(organisation=organisation, follow_up_on=datetime.date(2019, 6, 1))
    ReferralFactory(
        organisation=organisation,
        follow_up_on=datetime.date(2019, 6, 1),
        outcome="started",
        outcome_on=datetime.date(2019, 6, 1),
    )
    response = programme_staff_client.get("/leisure/?due=on")
    assert list(response.context["page"].object_list) == [sooner, later]


def test_the_referral_list_runs_as_many_queries_for_one_row_as_for_three(programme_staff_client, organisation):
    ReferralFactory(organisation=organisation)
    one = _queries(lambda: programme_staff_client.get("/leisure/"))
    ReferralFactory.create_batch(2, organisation=OrganisationFactory())
    assert _queries(lambda: programme_staff_client.get("/leisure/")) == one


def test_other_roles_see_nothing_of_leisure(counsellor_client, manager_client, adult):
    referral = ReferralFactory(person=adult)
    for client in (counsellor_client, manager_client):
        assert client.get("/leisure/").status_code == 403
        assert client.get(f"/leisure/referrals/{referral.pk}/?purpose=programme").status_code == 403
        assert client.get("/leisure/organisations/").status_code == 403


def test_organisations_are_added_listed_and_edited(english, programme_staff_client):
    response = programme_staff_client.post(
        "/leisure/organisations/new/",
        {"name": "Jeugddienst Stad Gent", "kind": "youth", "contact_name": "Onthaal", "active": "on"},
    )
    assert response.status_code == 302
    response = programme_staff_client.get("/leisure/organisations/?q=jeugd")
    organisation = response.context["page"].object_list[0]
    assert organisation.name == "Jeugddienst Stad Gent"
    response = programme_staff_client.post(
        f"/leisure/organisations/{organisation.pk}/", {"name": "", "kind": "youth", "active": "on"}
    )
    assert "name" in response.context["form"].errors


def test_an_event_is_added_and_its_schools_counted(english, programme_staff_client):
    response = programme_staff_client.post(
        "/leisure/events/new/",
        {"name": "Dagje Planeet Gent", "kind": EventKind.PLANEET, "held_on": "26/09/2019", "location": "Gent"},
    )
    assert response.status_code == 302
    url = response["Location"]
    assert programme_staff_client.post(url, {"name": "OKAN Atheneum", "count": "40"}).status_code == 302
    response = programme_staff_client.post(url, {"name": "OKAN Instituut", "count": "0"})
    assert response.context["form"].errors["count"]
    page = programme_staff_client.get(url)
    assert page.context["total"] == 40
    listed = programme_staff_client.get("/leisure/events/?kind=planeet&year=2019").context["page"].object_list
    assert [(event.counted, event.tally_count) for event in listed] == [(40, 1)]


def test_the_event_list_runs_as_many_queries_for_one_event_as_for_three(programme_staff_client):
    EventTallyFactory()
    one = _queries(lambda: programme_staff_client.get("/leisure/events/"))
    EventTallyFactory.create_batch(2, event=EventFactory(kind=EventKind.MARKET, name="Markt"))
    EventFactory(name="Planeet 2018", held_on=datetime.date(2018, 9, 27))
    assert _queries(lambda: programme_staff_client.get("/leisure/events/")) == one


def test_an_events_details_are_corrected_on_its_own_page_with_errors_on_the_fields(english, programme_staff_client):
    event = EventFactory(name="Dagje Planeet", kind=EventKind.PLANEET, held_on=datetime.date(2019, 9, 26))
    EventTallyFactory(event=event, name="OKAN Atheneum", count=40)
    assert (
        f"/leisure/events/{event.pk}/edit/"
        in programme_staff_client.get(f"/leisure/events/{event.pk}/").content.decode()
    )
    form = programme_staff_client.get(f"/leisure/events/{event.pk}/edit/").context["form"]
    assert form.initial["name"] == "Dagje Planeet"
    values = {"name": "Dagje Planeet Gent", "kind": EventKind.PLANEET, "held_on": "27/09/2019", "location": "Gent"}
    response = programme_staff_client.post(f"/leisure/events/{event.pk}/edit/", values)
    assert response["Location"] == f"/leisure/events/{event.pk}/"
    event.refresh_from_db()
    assert (event.name, event.held_on, event.location) == ("Dagje Planeet Gent", datetime.date(2019, 9, 27), "Gent")
    later = (timezone.localdate() + datetime.timedelta(days=30)).strftime("%d/%m/%Y")
    response = programme_staff_client.post(f"/leisure/events/{event.pk}/edit/", {**values, "held_on": later})
    assert list(response.context["form"].errors) == ["held_on"]
    event.refresh_from_db()
    assert event.held_on == datetime.date(2019, 9, 27)


def test_a_dutch_event_form_names_the_field_in_dutch(programme_staff_client):
    event = EventFactory(name="Participatiemarkt", kind=EventKind.MARKET)
    response = programme_staff_client.post(
        f"/leisure/events/{event.pk}/edit/", {"name": "", "kind": EventKind.MARKET, "held_on": "26/09/2019"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Dit veld is verplicht."]
    event.refresh_from_db()
    assert event.name == "Participatiemarkt"


def test_other_roles_may_not_correct_an_event(counsellor_client, manager_client):
    event = EventFactory()
    for client in (counsellor_client, manager_client):
        assert client.get(f"/leisure/events/{event.pk}/edit/").status_code == 403
        assert client.post(f"/leisure/events/{event.pk}/edit/", {"name": "X"}).status_code == 403
