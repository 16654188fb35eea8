"""The transit site's pages: registering a stay (a family new to the registry, or a person
already in it), the list with its filters, the occupancy calendar, the attendance sheet,
the arrivals list, the lesson days, the person-file panel; errors on the fields, in Dutch
by default; every head of family shown traced."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.core.models import AccessLogEntry
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.transit_site.models import ArrivalNotice, Attendance, Child, LessonDays, Stay
from haven.transit_site.tests.factories import DAY, ChildFactory, StayFactory

pytestmark = pytest.mark.django_db


def _stay_post(**changes):
    data = {
        "head-given_names": "Django",
        "head-family_name": "Reinhardt-Test",
        "head-birth_date": "23/01/1980",
        "head-sex": "M",
        "head-nationality": "FR",
        "household_size": "5",
        "caravans": "2",
        "arrival": "03/06/2019",
        "planned_departure": "17/06/2019",
        "departure": "",
        "deposit_paid": "200",
        "fees_paid": "140",
        "rules_signed": "on",
        "notes": "",
        "children-TOTAL_FORMS": "3",
        "children-INITIAL_FORMS": "0",
        "children-MIN_NUM_FORMS": "0",
        "children-MAX_NUM_FORMS": "15",
        "children-0-first_name": "Lucie",
        "children-0-birth_date": "02/04/2011",
        "children-0-language_group": "fr",
        # The empty rows as a browser posts them: the select keeps its first choice.
        "children-1-language_group": "fr",
        "children-2-language_group": "fr",
    }
    data.update(changes)
    return data


def test_registering_a_family_new_to_the_registry_makes_the_person_the_stay_and_the_children(
    site, english, programme_staff_client
):
    response = programme_staff_client.post("/transit-site/stays/new/", _stay_post())
    assert response.status_code == 302
    stay = Stay.objects.get()
    assert stay.head.family_name == "Reinhardt-Test" and stay.nationality == "FR" and stay.caravans == 2
    assert [child.first_name for child in stay.children.all()] == ["Lucie"]
    page = programme_staff_client.get(response["Location"]).content.decode()
    assert str(stay.head) in page and "Lucie" in page


def test_a_departure_before_the_arrival_is_shown_on_the_field_in_dutch_and_nothing_is_saved(
    site, programme_staff_client
):
    people = Person.objects.count()
    response = programme_staff_client.post("/transit-site/stays/new/", _stay_post(departure="01/06/2019"))
    assert response.status_code == 422
    assert response.context["form"].errors["departure"]
    assert "vertrek" in response.content.decode().lower()
    assert Person.objects.count() == people and not Stay.objects.exists()


def test_a_full_site_refuses_the_stay_on_the_caravans(site, english, programme_staff_client):
    StayFactory(site=site, caravans=24)
    response = programme_staff_client.post("/transit-site/stays/new/", _stay_post())
    assert response.status_code == 422
    assert "1 free places" in response.context["form"].errors["caravans"][0]
    assert Stay.objects.count() == 1


def test_a_child_born_after_the_arrival_is_shown_on_the_child_row(site, english, programme_staff_client):
    response = programme_staff_client.post(
        "/transit-site/stays/new/", _stay_post(**{"children-0-birth_date": "04/06/2019"})
    )
    assert response.status_code == 422
    assert response.context["children"].forms[0].errors["birth_date"]


def test_a_stay_of_a_person_in_the_registry_starts_from_their_file(
    site, english, programme_staff, programme_staff_client
):
    person = PersonFactory()
    data = {key: value for key, value in _stay_post().items() if not key.startswith("head-")}
    response = programme_staff_client.post(f"/transit-site/people/{person.pk}/stay/?purpose=programme", data)
    assert response.status_code == 302
    assert Stay.objects.get().head == person
    # Now the file is in the programme relationship: the panel lists the stay.
    page = programme_staff_client.get(f"/people/{person.pk}/?purpose=programme").content.decode()
    assert "Transit site" in page and "03/06/2019 to 17/06/2019" in page


def test_the_list_filters_by_state_and_traces_the_heads_shown(site, english, programme_staff, programme_staff_client):
    StayFactory(site=site, arrival=datetime.date(2018, 6, 1))
    recent = StayFactory(site=site, arrival=DAY)
    response = programme_staff_client.get("/transit-site/?year=2019")
    page = response.content.decode()
    assert "1 stay" in page and str(recent.head) in page
    traced = AccessLogEntry.objects.filter(user=programme_staff, action="list").values_list("person_id", flat=True)
    assert list(traced) == [recent.head_id]


def test_the_list_runs_the_same_queries_for_one_stay_or_many(site, programme_staff_client):
    StayFactory(site=site)

    def count():
        with CaptureQueriesContext(connection) as context:
            assert programme_staff_client.get("/transit-site/").status_code == 200
        return len(context.captured_queries)

    count()
    one = count()
    for index in range(5):
        ChildFactory(stay=StayFactory(site=site, arrival=DAY + datetime.timedelta(days=20 * (index + 1))))
    assert count() == one


def test_the_calendar_shows_the_free_places_of_each_day(site, english, programme_staff_client):
    StayFactory(site=site, caravans=7, arrival=DAY, planned_departure=DAY + datetime.timedelta(days=2))
    page = programme_staff_client.get("/transit-site/occupancy/?month=2019-06").content.decode()
    assert 'data-day="2019-06-03"' in page
    day = page.split('data-day="2019-06-03"')[1].split("</td>")[0]
    assert "18 free" in day and "7 caravans" in day
    later = page.split('data-day="2019-06-05"')[1].split("</td>")[0]
    assert "25 free" in later


def test_marking_attendance_saves_the_children_present(site, english, programme_staff, programme_staff_client):
    stay = StayFactory(site=site)
    lucie, tom = ChildFactory(stay=stay, first_name="Lucie"), ChildFactory(stay=stay, first_name="Tom")
    page = programme_staff_client.get("/transit-site/attendance/?day=2019-06-03").content.decode()
    assert "Lucie" in page and "Tom" in page
    response = programme_staff_client.post("/transit-site/attendance/?day=2019-06-03", {"present": [lucie.pk]})
    assert response.status_code == 302
    assert list(Attendance.objects.values_list("child_id", "day")) == [(lucie.pk, DAY)]
    assert tom.attendance.count() == 0


def test_attendance_on_a_day_without_lessons_is_refused_naming_it(site, english, programme_staff_client):
    child = ChildFactory(stay=StayFactory(site=site))
    response = programme_staff_client.post("/transit-site/attendance/?day=2019-06-06", {"present": [child.pk]})
    assert response.status_code == 422
    assert "not a lesson day" in response.content.decode()
    assert not Attendance.objects.exists()


def test_the_arrivals_list_takes_a_family_and_lets_it_go(site, english, programme_staff_client):
    response = programme_staff_client.post(
        "/transit-site/arrivals/",
        {
            "family_name": "Winterstein",
            "phone": "",
            "caravans": "2",
            "announced_on": "03/06/2019",
            "expected_arrival": "08/06/2019",
        },
    )
    assert response.status_code == 302
    notice = ArrivalNotice.objects.get()
    assert "Winterstein" in programme_staff_client.get("/transit-site/arrivals/").content.decode()
    programme_staff_client.post(f"/transit-site/arrivals/{notice.pk}/cancel/")
    notice.refresh_from_db()
    assert notice.state == "cancelled"


def test_a_new_lesson_days_setting_is_saved_from_its_date(site, programme_staff_client):
    response = programme_staff_client.post(
        "/transit-site/lesson-days/", {"valid_from": "01/09/2019", "weekdays": ["0", "1"]}
    )
    assert response.status_code == 302
    assert LessonDays.objects.get(valid_from=datetime.date(2019, 9, 1)).weekdays == "01"


def test_other_roles_do_not_reach_the_site(site, counsellor_client, manager_client):
    assert counsellor_client.get("/transit-site/").status_code == 403
    assert manager_client.get("/transit-site/").status_code == 403


def test_the_person_file_panel_runs_the_same_queries_for_one_stay_or_many(site, programme_staff_client):
    head = PersonFactory()
    StayFactory(site=site, head=head)

    def panel():
        with CaptureQueriesContext(connection) as context:
            response = programme_staff_client.get(f"/people/{head.pk}/?purpose=programme")
        assert response.status_code == 200
        return len(context.captured_queries), response.content.decode()

    panel()
    first, _page = panel()
    for index in range(3):
        stay = StayFactory(site=site, head=head, arrival=DAY + datetime.timedelta(days=30 * (index + 1)))
        ChildFactory(stay=stay)
    second, page = panel()
    assert second == first
    assert page.count("1 child") >= 3 or page.count("1 kind") >= 3


def test_adding_a_child_on_the_stay_page(site, english, programme_staff_client):
    stay = StayFactory(site=site)
    response = programme_staff_client.post(
        f"/transit-site/stays/{stay.pk}/?purpose=programme",
        {
            "purpose": "programme",
            "child-first_name": "Zoé",
            "child-birth_date": "01/01/2015",
            "child-language_group": "fr",
        },
    )
    assert response.status_code == 302
    assert Child.objects.get().first_name == "Zoé"


def test_the_lesson_days_page_shows_the_settings_and_the_places(site, english, programme_staff_client):
    page = programme_staff_client.get("/transit-site/lesson-days/").content.decode()
    assert "25 places" in page and "Monday, Tuesday, Wednesday, Friday" in page
    assert programme_staff_client.post("/transit-site/lesson-days/", {"valid_from": ""}).status_code == 422


def test_the_places_are_changed_on_their_page_and_refused_below_the_bookings(site, english, programme_staff_client):
    StayFactory(site=site, caravans=20, arrival=timezone.localdate())
    refused = programme_staff_client.post("/transit-site/places/", {"places": "19"})
    assert refused.status_code == 422 and "20 caravans are booked" in refused.content.decode()
    assert programme_staff_client.post("/transit-site/places/", {"places": "30"}).status_code == 302
    site.refresh_from_db()
    assert site.places == 30


def test_the_nationality_is_shown_as_the_countrys_name_in_the_readers_language(site, settings, programme_staff_client):
    stay = StayFactory(site=site, nationality="FR")
    pages = (f"/transit-site/?year={DAY.year}", f"/transit-site/stays/{stay.pk}/?purpose=programme")
    panel = f"/people/{stay.head_id}/?purpose=programme"
    for url in (*pages, panel):
        page = programme_staff_client.get(url).content.decode()
        assert "Frankrijk" in page and ">FR<" not in page, url
    settings.LANGUAGE_CODE = "en"
    for url in (*pages, panel):
        page = programme_staff_client.get(url).content.decode()
        assert "France" in page and ">FR<" not in page, url


def test_the_arrivals_list_erases_the_name_and_phone_when_a_family_leaves_it_and_traces_nobody(
    site, english, programme_staff, programme_staff_client
):
    values = {"caravans": "2", "announced_on": "03/06/2019", "expected_arrival": "08/06/2019"}
    response = programme_staff_client.post(
        "/transit-site/arrivals/", {**values, "family_name": "  ", "phone": "0470 11 22 33"}
    )
    assert list(response.context["form"].errors) == ["family_name"] and not ArrivalNotice.objects.exists()
    programme_staff_client.post("/transit-site/arrivals/", {**values, "family_name": "Winterstein", "phone": "0470"})
    notice = ArrivalNotice.objects.get()
    assert "Winterstein" in programme_staff_client.get("/transit-site/arrivals/").content.decode()
    assert not AccessLogEntry.objects.exists()  # a name on the list is no person's file
    programme_staff_client.post(f"/transit-site/arrivals/{notice.pk}/cancel/")
    notice.refresh_from_db()
    assert (notice.state, notice.family_name, notice.phone, notice.caravans) == ("cancelled", "", "", 2)
    assert "Winterstein" not in programme_staff_client.get("/transit-site/arrivals/").content.decode()


def test_every_page_offers_its_actions_to_the_programme_staff(site, english, programme_staff_client):
    """The links and forms of the actions the staff may take are on the pages (the writes
    are tested on their own; this holds that the pages offer them)."""
    stay = StayFactory(site=site, arrival=timezone.localdate())
    offered = {
        "/transit-site/": ['href="/transit-site/stays/new/"'],
        f"/transit-site/stays/{stay.pk}/?purpose=programme": ["/edit/", 'id="child-add"'],
        "/transit-site/lesson-days/": ['id="lesson-days-form"', 'href="/transit-site/places/"'],
        "/transit-site/arrivals/": ['id="notice-form"'],
    }
    for url, markers in offered.items():
        page = programme_staff_client.get(url).content.decode()
        for marker in markers:
            assert marker in page, (url, marker)
