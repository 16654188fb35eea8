import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from haven.core.models import AccessAction, AccessLogEntry, AuditEntry
from haven.leisure import services
from haven.leisure.models import EventKind, LeisureOutcome, Referral, ReferralKind
from haven.leisure.tests.factories import EventFactory, OrganisationFactory, ReferralFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 5, 6)


def _refer(person, organisation, by, **values):
    arguments = {"activity": "Zwemmen", "referred_on": DAY, "kind": ReferralKind.LEISURE, **values}
    return services.referral_create(person=person, organisation=organisation, by=by, **arguments)


def _refused_on(field, call):
    with pytest.raises(ValidationError) as refused:
        call()
    assert field in refused.value.message_dict, refused.value.message_dict
    return refused.value.message_dict[field]


def test_a_referral_is_saved_and_logged_as_a_change_of_the_persons_records(adult, organisation, programme_staff):
    referral = _refer(adult, organisation, programme_staff, follow_up_on=DAY + datetime.timedelta(days=30))
    assert (referral.outcome, referral.outcome_on, referral.referred_by) == (
        LeisureOutcome.PENDING,
        None,
        programme_staff,
    )
    entry = AccessLogEntry.objects.get()
    assert (entry.person_id, entry.action, entry.purpose, entry.fields) == (
        adult.pk,
        AccessAction.UPDATE,
        "programme",
        ["leisure_referrals"],
    )


def test_a_follow_up_date_before_the_referral_is_refused_and_nothing_is_written(adult, organisation, programme_staff):
    _refused_on("follow_up_on", lambda: _refer(adult, organisation, programme_staff, follow_up_on=DAY.replace(day=1)))
    assert not Referral.objects.exists() and not AccessLogEntry.objects.exists()


def test_an_outcome_without_its_date_is_refused(adult, organisation, programme_staff):
    _refused_on("outcome_on", lambda: _refer(adult, organisation, programme_staff, outcome=LeisureOutcome.STARTED))
    referral = _refer(adult, organisation, programme_staff)
    _refused_on(
        "outcome_on",
        lambda: services.referral_outcome(
            referral=referral, outcome=LeisureOutcome.NO_SHOW, outcome_on=None, by=programme_staff
        ),
    )
    referral.refresh_from_db()
    assert referral.outcome == LeisureOutcome.PENDING


def test_an_outcome_date_without_an_outcome_or_before_the_referral_is_refused(adult, organisation, programme_staff):
    referral = _refer(adult, organisation, programme_staff)
    _refused_on(
        "outcome_on",
        lambda: services.referral_outcome(
            referral=referral, outcome=LeisureOutcome.PENDING, outcome_on=DAY, by=programme_staff
        ),
    )
    _refused_on(
        "outcome_on",
        lambda: services.referral_outcome(
            referral=referral, outcome=LeisureOutcome.STARTED, outcome_on=DAY.replace(day=1), by=programme_staff
        ),
    )


def test_the_outcome_is_recorded_with_its_date_and_the_next_follow_up(adult, organisation, programme_staff):
    referral = _refer(adult, organisation, programme_staff)
    services.referral_outcome(
        referral=referral,
        outcome=LeisureOutcome.STOPPED,
        outcome_on=DAY + datetime.timedelta(days=40),
        follow_up_on=DAY + datetime.timedelta(days=60),
        note="Stopped after the summer.",
        by=programme_staff,
    )
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_on, referral.note) == (
        LeisureOutcome.STOPPED,
        DAY + datetime.timedelta(days=40),
        "Stopped after the summer.",
    )


def test_a_referral_in_the_future_or_before_birth_is_refused(child, organisation, programme_staff):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    _refused_on("referred_on", lambda: _refer(child, organisation, programme_staff, referred_on=tomorrow))
    _refused_on(
        "referred_on", lambda: _refer(child, organisation, programme_staff, referred_on=datetime.date(2005, 1, 1))
    )


def test_volunteering_is_refused_below_sixteen_and_accepted_from_sixteen(child, organisation, programme_staff):
    message = _refused_on("kind", lambda: _refer(child, organisation, programme_staff, kind=ReferralKind.VOLUNTEERING))
    assert "16" in message[0]
    sixteen = _refer(
        child, organisation, programme_staff, kind=ReferralKind.VOLUNTEERING, referred_on=datetime.date(2022, 6, 10)
    )
    assert sixteen.kind == ReferralKind.VOLUNTEERING


def test_an_inactive_organisation_takes_no_referral(adult, programme_staff):
    closed = OrganisationFactory(active=False)
    _refused_on("organisation", lambda: _refer(adult, closed, programme_staff))


def test_the_same_referral_twice_on_one_day_is_refused(adult, organisation, programme_staff):
    _refer(adult, organisation, programme_staff)
    _refused_on("activity", lambda: _refer(adult, organisation, programme_staff, activity=" Zwemmen "))
    assert Referral.objects.count() == 1


def test_an_activity_is_required(adult, organisation, programme_staff):
    _refused_on("activity", lambda: _refer(adult, organisation, programme_staff, activity="  "))


def test_organisations_are_kept_in_the_audit_trail(functional_admin):
    organisation = services.organisation_create(
        values={"name": " Bibliotheek De Krook ", "kind": "culture", "contact_email": "not an address"}
        | {"contact_email": "info@example.org"},
        by=functional_admin,
    )
    assert organisation.name == "Bibliotheek De Krook"
    services.organisation_update(
        organisation=organisation, values={"contact_phone": "09 000 00 00"}, by=functional_admin
    )
    assert [(entry.action, entry.fields) for entry in AuditEntry.objects.order_by("id")][-1] == (
        "update",
        ["contact_phone"],
    )
    with pytest.raises(ValidationError) as refused:
        services.organisation_create(values={"name": "Bibliotheek De Krook", "kind": "culture"}, by=functional_admin)
    assert "name" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.organisation_update(organisation=organisation, values={"contact_email": "nope"}, by=functional_admin)
    assert "contact_email" in refused.value.message_dict


def test_tallies_count_per_school_and_a_correction_replaces_the_count(programme_staff):
    event = EventFactory()
    services.event_tally_set(event=event, name="Atheneum Gentbrugge", count=40, by=programme_staff)
    tally = services.event_tally_set(event=event, name="Atheneum Gentbrugge", count=42, by=programme_staff)
    assert (event.tallies.count(), tally.count) == (1, 42)


def test_a_tally_needs_a_name_and_at_least_one_person(programme_staff, organisation):
    event = EventFactory(kind=EventKind.MARKET, name="Participatiemarkt")
    _refused_on("name", lambda: services.event_tally_set(event=event, name=" ", count=4, by=programme_staff))
    _refused_on("count", lambda: services.event_tally_set(event=event, name="Stand", count=0, by=programme_staff))
    stand = services.event_tally_set(event=event, name="", organisation=organisation, count=12, by=programme_staff)
    assert stand.name == organisation.name


def test_people_of_a_future_event_are_not_counted_yet(programme_staff):
    event = EventFactory(held_on=timezone.localdate() + datetime.timedelta(days=3))
    _refused_on("count", lambda: services.event_tally_set(event=event, name="School", count=3, by=programme_staff))


def test_an_event_is_validated_naming_the_field(programme_staff):
    with pytest.raises(ValidationError) as refused:
        services.event_create(values={"name": "Markt", "kind": "nonsense", "held_on": DAY}, by=programme_staff)
    assert "kind" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.event_create(
            values={"name": "Markt", "kind": "market", "held_on": timezone.localdate().replace(year=2100)},
            by=programme_staff,
        )
    assert "held_on" in refused.value.message_dict


def test_the_database_refuses_an_outcome_without_its_date_written_around_the_service(adult, organisation):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReferralFactory(person=adult, organisation=organisation, outcome=LeisureOutcome.STARTED, outcome_on=None)
