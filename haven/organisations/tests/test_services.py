"""The organisations line's rules, each refusal naming its field: an ambassador's
record, the life of a testimony request (who may be proposed, when it is given and
paid), the enterprise number of an association, trainings and coaching contacts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from haven.core.models import AccessAction, AccessLogEntry
from haven.organisations import models, services
from haven.organisations.tests.factories import (
    AmbassadorFactory,
    AssociationFactory,
    PartnerFactory,
    RequestedTestimonyFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _fields(error: pytest.ExceptionInfo) -> list[str]:
    return list(error.value.message_dict)


def _ambassador_values(**changes) -> dict:
    values = {
        "themes": ["work", "school_career", "work"],
        "weekdays": [4, 0, 0],
        "trained_on": datetime.date(2018, 3, 1),
        "certified_on": datetime.date(2018, 6, 1),
        "consent_given_on": datetime.date(2018, 3, 1),
        "consent_text_version": "2016-1",
    }
    return values | changes


def test_a_person_becomes_an_ambassador_once_and_the_change_is_logged(volunteer, programme_staff):
    ambassador = services.ambassador_create(person=volunteer, values=_ambassador_values(), by=programme_staff)
    assert (ambassador.themes, ambassador.weekdays) == (["school_career", "work"], [0, 4])
    entry = AccessLogEntry.objects.get()
    assert (entry.person_id, entry.action, entry.fields) == (volunteer.pk, AccessAction.UPDATE, ["ambassador"])
    with pytest.raises(ValidationError) as error:
        services.ambassador_create(person=volunteer, values=_ambassador_values(), by=programme_staff)
    assert _fields(error) == ["person"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"certified_on": datetime.date(2018, 2, 1)}, "certified_on"),
        ({"trained_on": None}, "trained_on"),
        ({"consent_withdrawn_on": datetime.date(2018, 1, 1)}, "consent_withdrawn_on"),
        ({"stopped_on": datetime.date(2017, 1, 1)}, "stopped_on"),
        ({"themes": ["astrology"]}, "themes"),
        ({"consent_given_on": TODAY + datetime.timedelta(days=1)}, "consent_given_on"),
    ],
)
def test_an_ambassador_with_dates_out_of_order_is_refused_naming_the_field(volunteer, programme_staff, changes, field):
    with pytest.raises(ValidationError) as error:
        services.ambassador_create(person=volunteer, values=_ambassador_values(**changes), by=programme_staff)
    assert _fields(error) == [field]
    assert not models.Ambassador.objects.exists()


def test_someone_new_is_registered_through_the_people_service_and_made_ambassador(programme_staff):
    ambassador = services.ambassador_register(
        person_values={
            "given_names": "Karim",
            "family_name": "Ouahbi",
            "birth_date": datetime.date(1980, 2, 2),
            "sex": "M",
        },
        languages=[],
        values=_ambassador_values(),
        by=programme_staff,
    )
    assert ambassador.person.first_registration_date is None
    assert list(AccessLogEntry.objects.order_by("id").values_list("action", flat=True)) == ["create", "update"]


def test_a_refused_role_takes_the_registration_back(programme_staff):
    with pytest.raises(ValidationError):
        services.ambassador_register(
            person_values={
                "given_names": "Karim",
                "family_name": "Ouahbi",
                "birth_date": datetime.date(1980, 2, 2),
                "sex": "M",
            },
            languages=[],
            values=_ambassador_values(certified_on=datetime.date(2000, 1, 1)),
            by=programme_staff,
        )
    from haven.people.models import Person

    assert not Person.objects.filter(family_name="Ouahbi").exists()


def test_a_testimony_goes_from_requested_to_paid(ambassador, programme_staff):
    testimony = RequestedTestimonyFactory()
    services.request_propose(testimony=testimony, ambassador=ambassador, by=programme_staff)
    services.request_confirm(testimony=testimony, by=programme_staff)
    with pytest.raises(ValidationError) as error:
        services.request_pay(
            testimony=testimony, allowance=Decimal(35), paid_on=datetime.date(2019, 6, 1), by=programme_staff
        )
    assert _fields(error) == ["allowance_paid_on"]
    services.request_give(testimony=testimony, allowance=Decimal(35), by=programme_staff)
    services.request_pay(
        testimony=testimony, allowance=Decimal(35), paid_on=datetime.date(2019, 6, 1), by=programme_staff
    )
    testimony.refresh_from_db()
    assert (testimony.state, testimony.allowance_paid_on) == ("given", datetime.date(2019, 6, 1))


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"certified_on": None}, "not certified"),
        ({"stopped_on": datetime.date(2019, 1, 1)}, "has stopped"),
        ({"consent_withdrawn_on": datetime.date(2019, 5, 7)}, "consent"),
    ],
)
def test_an_ambassador_who_may_not_testify_that_day_is_refused(volunteer, programme_staff, changes, reason):
    ambassador = AmbassadorFactory(person=volunteer, **changes)
    testimony = RequestedTestimonyFactory()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.request_propose(testimony=testimony, ambassador=ambassador, by=programme_staff)
    with translation.override("en"):
        assert _fields(error) == ["ambassador"] and reason in error.value.message_dict["ambassador"][0]
    testimony.refresh_from_db()
    assert testimony.state == "requested"


def test_an_ambassador_booked_that_day_is_refused(ambassador, programme_staff):
    RequestedTestimonyFactory(ambassador=ambassador, state="confirmed")
    with pytest.raises(ValidationError) as error:
        services.request_propose(testimony=RequestedTestimonyFactory(), ambassador=ambassador, by=programme_staff)
    assert _fields(error) == ["ambassador"]


def test_a_testimony_is_given_on_its_day_at_the_earliest(ambassador, programme_staff):
    later = TODAY + datetime.timedelta(days=10)
    testimony = RequestedTestimonyFactory(ambassador=ambassador, state="confirmed", received_on=TODAY, held_on=later)
    with pytest.raises(ValidationError) as error:
        services.request_give(testimony=testimony, by=programme_staff)
    assert _fields(error) == ["held_on"]


def test_a_given_testimony_cannot_be_cancelled(ambassador, programme_staff):
    testimony = RequestedTestimonyFactory(ambassador=ambassador, state="given")
    with pytest.raises(ValidationError) as error:
        services.request_cancel(testimony=testimony, by=programme_staff)
    assert _fields(error) == ["state"]


def test_a_request_comes_in_before_its_testimony(programme_staff):
    values = {
        "requester": "Atheneum",
        "received_on": datetime.date(2019, 5, 1),
        "held_on": datetime.date(2019, 4, 1),
        "place": "Gent",
        "audience": "pupils",
        "theme": "work",
    }
    with pytest.raises(ValidationError) as error:
        services.request_create(values=values, by=programme_staff)
    assert _fields(error) == ["held_on"]


@pytest.mark.parametrize("written", ["0403.170.701", "BE0403170701", "be 0403 170 701", "0403170701"])
def test_an_enterprise_number_is_kept_compact_however_written(programme_staff, written):
    association = services.association_create(
        values={"name": "Vereniging Al Amal", "enterprise_number": written, "recognition": "recognised"},
        by=programme_staff,
    )
    assert (association.enterprise_number, association.enterprise_number_display) == ("0403170701", "0403.170.701")


def test_a_wrong_or_taken_enterprise_number_is_refused_naming_the_field(programme_staff):
    with pytest.raises(ValidationError) as error:
        services.association_create(values={"name": "A", "enterprise_number": "0403.170.702"}, by=programme_staff)
    assert _fields(error) == ["enterprise_number"]
    AssociationFactory(enterprise_number="0403170701")
    with pytest.raises(ValidationError) as error:
        services.association_create(values={"name": "B", "enterprise_number": "BE0403170701"}, by=programme_staff)
    assert _fields(error) == ["enterprise_number"]
    services.association_create(values={"name": "C", "enterprise_number": ""}, by=programme_staff)
    services.association_create(values={"name": "D", "enterprise_number": ""}, by=programme_staff)


def test_participants_are_counted_once_a_session_is_held(programme_staff):
    values = {
        "topic": "intercultural",
        "title": "Verbinden in diversiteit",
        "organisation": PartnerFactory(),
        "trainer": programme_staff,
        "held_on": TODAY + datetime.timedelta(days=7),
        "hours": Decimal(3),
        "participants": 12,
    }
    with pytest.raises(ValidationError) as error:
        services.training_create(values=values, by=programme_staff)
    assert _fields(error) == ["participants"]
    assert services.training_create(values=values | {"participants": 0}, by=programme_staff).pk


def test_a_coaching_contact_falls_within_its_trajectory(partner, programme_staff):
    trajectory = services.coaching_create(
        values={"organisation": partner, "topic": "intercultural", "started_on": datetime.date(2019, 2, 1)},
        by=programme_staff,
    )
    with pytest.raises(ValidationError) as error:
        services.coaching_contact_add(
            trajectory=trajectory, held_on=datetime.date(2019, 1, 1), staff=programme_staff, subject="Kick-off", by=None
        )
    assert _fields(error) == ["held_on"]
