"""The transit site's writes: stays within the places on every day, one stay at a time per
family, departures after arrivals, attendance on lesson days only; nothing half-written."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from haven.core.models import AccessLogEntry
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.transit_site import services
from haven.transit_site.models import Attendance, Child, LessonDays, Stay
from haven.transit_site.services import ChildValues
from haven.transit_site.tests.factories import DAY, ChildFactory, SiteFactory, StayFactory

pytestmark = pytest.mark.django_db


def _values(**changes):
    values = {
        "household_size": 4,
        "caravans": 2,
        "arrival": DAY,
        "planned_departure": DAY + datetime.timedelta(days=10),
        "deposit_paid": 100,
        "fees_paid": 50,
        "rules_signed": True,
    }
    values.update(changes)
    return values


def test_a_stay_is_registered_with_its_children_and_logged_on_the_head(site, programme_staff):
    head = PersonFactory(nationality="FR")
    stay = services.stay_create(
        site=site,
        head=head,
        values=_values(),
        children=[ChildValues("Lucie", datetime.date(2011, 4, 2)), ChildValues("Tom", datetime.date(2015, 1, 9))],
        by=programme_staff,
    )
    assert stay.nationality == "FR"
    assert [child.first_name for child in stay.children.all()] == ["Lucie", "Tom"]
    assert AccessLogEntry.objects.filter(person_id=head.pk, user=programme_staff, action="update").exists()


def test_a_departure_before_the_arrival_is_refused_naming_the_departure(site, programme_staff):
    with pytest.raises(ValidationError) as error:
        services.stay_create(
            site=site,
            head=PersonFactory(),
            values=_values(departure=DAY - datetime.timedelta(days=1)),
            by=programme_staff,
        )
    assert "departure" in error.value.message_dict
    assert not Stay.objects.exists()


def test_a_planned_departure_before_the_arrival_is_refused_naming_it(site, programme_staff):
    with pytest.raises(ValidationError) as error:
        services.stay_create(site=site, head=PersonFactory(), values=_values(planned_departure=DAY), by=programme_staff)
    assert "planned_departure" in error.value.message_dict


def test_a_stay_overlapping_another_stay_of_the_family_is_refused_naming_the_arrival(site, programme_staff):
    head = PersonFactory()
    services.stay_create(site=site, head=head, values=_values(caravans=1), by=programme_staff)
    with pytest.raises(ValidationError) as error:
        services.stay_create(
            site=site,
            head=head,
            values=_values(
                caravans=1,
                arrival=DAY + datetime.timedelta(days=9),
                planned_departure=DAY + datetime.timedelta(days=12),
            ),
            by=programme_staff,
        )
    assert "arrival" in error.value.message_dict
    # The day the family leaves, it may come back.
    back = DAY + datetime.timedelta(days=10)
    services.stay_create(
        site=site,
        head=head,
        values=_values(caravans=1, arrival=back, planned_departure=back + datetime.timedelta(days=3)),
        by=programme_staff,
    )
    assert Stay.objects.filter(head=head).count() == 2


def test_caravans_beyond_the_places_on_any_day_are_refused_naming_the_caravans(site, programme_staff):
    StayFactory(site=site, caravans=20, arrival=DAY + datetime.timedelta(days=5))
    with pytest.raises(ValidationError) as error:
        services.stay_create(site=site, head=PersonFactory(), values=_values(caravans=6), by=programme_staff)
    assert "caravans" in error.value.message_dict
    assert "5" in error.value.message_dict["caravans"][0]
    services.stay_create(site=site, head=PersonFactory(), values=_values(caravans=5), by=programme_staff)


def test_the_departure_day_frees_the_places(site, programme_staff):
    StayFactory(site=site, caravans=25, arrival=DAY - datetime.timedelta(days=7), planned_departure=DAY)
    services.stay_create(site=site, head=PersonFactory(), values=_values(caravans=25), by=programme_staff)


def test_extending_a_stay_into_a_full_site_is_refused(site, programme_staff):
    stay = services.stay_create(site=site, head=PersonFactory(), values=_values(caravans=3), by=programme_staff)
    StayFactory(site=site, caravans=23, arrival=DAY + datetime.timedelta(days=10))
    with pytest.raises(ValidationError) as error:
        services.stay_update(stay=stay, values={"departure": DAY + datetime.timedelta(days=12)}, by=programme_staff)
    assert "caravans" in error.value.message_dict
    stay.refresh_from_db()
    assert stay.departure is None


def test_a_family_new_to_the_registry_refused_a_stay_leaves_no_person_behind(site, programme_staff):
    StayFactory(site=site, caravans=25)
    people = Person.objects.count()
    with pytest.raises(ValidationError):
        services.stay_register_family(
            site=site,
            head_values={
                "given_names": "Jean",
                "family_name": "Winterstein",
                "birth_date": datetime.date(1980, 1, 1),
                "sex": "M",
                "nationality": "FR",
            },
            values=_values(),
            children=[ChildValues("Lucie", datetime.date(2011, 4, 2))],
            by=programme_staff,
        )
    assert Person.objects.count() == people
    assert not Child.objects.exists()


def test_a_child_born_after_the_arrival_is_refused_naming_the_child_field(site, programme_staff):
    with pytest.raises(ValidationError) as error:
        services.stay_create(
            site=site,
            head=PersonFactory(),
            values=_values(),
            children=[ChildValues("Lucie", DAY + datetime.timedelta(days=1))],
            by=programme_staff,
        )
    assert "children-0-birth_date" in error.value.message_dict
    assert not Stay.objects.exists()


def test_attendance_on_a_day_that_is_not_a_lesson_day_is_refused_naming_the_day(site, programme_staff):
    child = ChildFactory(stay=StayFactory(site=site))
    thursday = DAY + datetime.timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.attendance_record(site=site, day=thursday, present=[child.pk], by=programme_staff)
    assert "day" in error.value.message_dict
    assert not Attendance.objects.exists()


def test_attendance_of_a_child_not_on_the_site_that_day_is_refused(site, programme_staff):
    child = ChildFactory(stay=StayFactory(site=site, arrival=DAY + datetime.timedelta(days=1)))
    with pytest.raises(ValidationError) as error:
        services.attendance_record(site=site, day=DAY, present=[child.pk], by=programme_staff)
    assert "present" in error.value.message_dict


def test_the_attendance_of_a_day_is_replaced_by_the_new_sheet(site, programme_staff):
    stay = StayFactory(site=site)
    first, second = ChildFactory(stay=stay), ChildFactory(stay=stay)
    services.attendance_record(site=site, day=DAY, present=[first.pk, second.pk], by=programme_staff)
    services.attendance_record(site=site, day=DAY, present=[second.pk], by=programme_staff)
    assert list(Attendance.objects.values_list("child_id", flat=True)) == [second.pk]


def test_the_lesson_days_in_force_follow_the_dated_setting(site, programme_staff):
    services.lesson_days_set(site=site, valid_from=datetime.date(2018, 1, 1), weekdays=[0, 2, 4], by=programme_staff)
    assert services.lesson_days_on(site, datetime.date(2018, 6, 5)).days_per_week == 3
    assert services.lesson_days_on(site, DAY).days_per_week == 4
    assert services.lesson_days_on(site, datetime.date(2017, 6, 5)) is None
    with pytest.raises(ValidationError) as error:
        services.lesson_days_set(site=site, valid_from=DAY, weekdays=[], by=programme_staff)
    assert "weekdays" in error.value.message_dict
    assert LessonDays.objects.count() == 2


def test_an_announced_arrival_expected_before_its_announcement_is_refused(site, programme_staff):
    with pytest.raises(ValidationError) as error:
        services.notice_create(
            site=site,
            values={
                "family_name": "Winterstein",
                "caravans": 2,
                "announced_on": DAY,
                "expected_arrival": DAY - datetime.timedelta(days=1),
            },
            by=programme_staff,
        )
    assert "expected_arrival" in error.value.message_dict


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_ten_families_competing_for_the_last_three_places_end_with_exactly_three_stays(programme_staff):
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    site = SiteFactory(places=25)
    StayFactory(site=site, caravans=22, arrival=DAY - datetime.timedelta(days=3))
    heads = [PersonFactory() for _ in range(10)]
    barrier = threading.Barrier(10)
    outcomes: list[str] = []

    def arrive(head):
        try:
            barrier.wait()
            services.stay_create(site=site, head=head, values=_values(caravans=1), by=programme_staff)
            outcomes.append("stay")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=arrive, args=(head,)) for head in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 7 + ["stay"] * 3
    assert Stay.objects.filter(site=site).exclude(caravans=22).count() == 3


def test_the_places_cannot_drop_below_the_caravans_booked_on_a_coming_day(site, programme_staff):
    StayFactory(site=site, caravans=20, arrival=DAY)
    with pytest.raises(ValidationError) as error:
        services.site_places_set(site=site, places=19, today=DAY, by=programme_staff)
    assert "places" in error.value.message_dict
    site.refresh_from_db()
    assert site.places == 25
    services.site_places_set(site=site, places=20, today=DAY, by=programme_staff)
    site.refresh_from_db()
    assert site.places == 20


def test_a_family_announced_and_arrived_is_named_by_its_stay_and_no_longer_by_the_notice(site, programme_staff):
    from haven.core.models import AuditEntry
    from haven.transit_site.models import ArrivalNotice

    notice = services.notice_create(
        site=site,
        values={
            "family_name": " Winterstein ",
            "phone": "0470 11 22 33",
            "caravans": 2,
            "announced_on": DAY - datetime.timedelta(days=5),
            "expected_arrival": DAY,
        },
        by=programme_staff,
    )
    assert (notice.family_name, notice.phone) == ("Winterstein", "0470 11 22 33")
    stay = services.stay_create(site=site, head=PersonFactory(), values=_values(), by=programme_staff, notice=notice)
    notice = ArrivalNotice.objects.get(pk=notice.pk)
    assert (notice.state, notice.stay, notice.family_name, notice.phone) == ("arrived", stay, "", "")
    audited = AuditEntry.objects.filter(target_type="transit_site.arrivalnotice").values_list("action", flat=True)
    assert sorted(audited) == ["create", "update"]
    with pytest.raises(ValidationError) as error:
        services.notice_cancel(notice=notice, by=programme_staff)
    assert "state" in error.value.message_dict
