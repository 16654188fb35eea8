"""Status decisions through the services: on settling, on registration, and again
whenever the facts change (kept in the registration's history)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from haven.core.models import AccessLogEntry, AccessPurpose
from haven.integration import services
from haven.integration.models import DecisionKind, IntegrationFacts, Registration, StatusDecision, TargetGroupStatus
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

SETTLED = datetime.date(2019, 3, 1)
REGISTERED = datetime.date(2019, 4, 1)
# A Syrian adult holding a first residence title of a year, with no exemption: obligated.
OBLIGATED_FACTS = {
    "register": "foreigners",
    "residence_title": "limited",
    "residence_title_months": 12,
    "first_residence_title": True,
    "eu_family_member": False,
    "serious_illness_certificate": False,
    "belgian_or_dutch_diploma": False,
    "earlier_integration_certificate": False,
}


def newcomer(**overrides):
    values = {"birth_date": datetime.date(1990, 1, 1), "nationality": "SY", "first_registration_date": SETTLED}
    values.update(overrides)
    return PersonFactory(**values)


def with_facts(person, by, **facts):
    services.facts_save(person=person, values=facts, by=by, purpose=AccessPurpose.REGISTRATION)
    return person


def without(name: str) -> dict:
    return {key: value for key, value in OBLIGATED_FACTS.items() if key != name}


# On settling -------------------------------------------------------------------------


def test_settlement_decision_keeps_status_rule_set_steps_and_facts(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)

    decision = services.settlement_decide(person=person, by=intake_user)

    decision.refresh_from_db()
    assert decision.kind == DecisionKind.SETTLEMENT
    assert decision.status == TargetGroupStatus.OBLIGATED
    assert decision.rule_set == "2016-2022"
    assert decision.asked_on == SETTLED
    assert decision.missing == []
    assert decision.registration is None
    fired = {step["rule"]: step for step in decision.steps if step["outcome"] == "fired"}
    assert "2016.obligated.first_residence_title" in fired
    assert fired["2016.obligated.first_residence_title"]["facts"] == {
        "residence_title": "limited",
        "residence_title_months": 12,
        "first_residence_title": True,
    }
    assert fired["2016.entitled.registered_in_municipality"]["facts"]["first_registration_municipality"] == "2019-03-01"
    assert all(step["description"] for step in decision.steps)


def test_settlement_decision_with_a_missing_fact_is_undetermined_and_names_it(intake_user):
    person = with_facts(newcomer(), intake_user, **without("belgian_or_dutch_diploma"))

    decision = services.settlement_decide(person=person, by=intake_user)

    assert decision.status == TargetGroupStatus.UNDETERMINED
    assert decision.missing == ["belgian_or_dutch_diploma"]
    unknown = [step for step in decision.steps if step["outcome"] == "unknown"]
    assert [step["rule"] for step in unknown] == ["2016.exempt.diploma"]
    assert unknown[0]["facts"] == {"belgian_or_dutch_diploma": None}


def test_settlement_decision_without_any_facts_lists_every_fact_it_needs(intake_user):
    decision = services.settlement_decide(person=newcomer(), by=intake_user)

    assert decision.status == TargetGroupStatus.UNDETERMINED
    assert {"register", "residence_title", "eu_family_member"} <= set(decision.missing)


def test_deciding_the_settlement_again_adds_a_decision_superseding_the_current_one(intake_user):
    person = with_facts(newcomer(), intake_user, **without("belgian_or_dutch_diploma"))
    first = services.settlement_decide(person=person, by=intake_user)
    with_facts(person, intake_user, belgian_or_dutch_diploma=True)  # the facts decide again

    current = services.settlement_decide(person=person, by=intake_user)

    decisions = list(StatusDecision.objects.filter(person=person, kind=DecisionKind.SETTLEMENT).order_by("id"))
    assert [decision.status for decision in decisions] == [TargetGroupStatus.UNDETERMINED, TargetGroupStatus.ENTITLED]
    assert decisions == [first, current]
    assert current.supersedes == first
    assert services.settlement_current(person=person) == current
    first.refresh_from_db()
    assert (first.status, first.missing) == (TargetGroupStatus.UNDETERMINED, ["belgian_or_dutch_diploma"])


def test_deciding_again_on_the_same_facts_adds_nothing(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    first = services.settlement_decide(person=person, by=intake_user)

    assert services.settlement_decide(person=person, by=intake_user) == first
    with_facts(person, intake_user, asylum_procedure_start=None, moved_from_elsewhere_in_belgium=False)
    assert services.settlement_decide(person=person, by=intake_user) == first
    assert StatusDecision.objects.filter(person=person, kind=DecisionKind.SETTLEMENT).count() == 1


def test_a_changed_fact_the_status_rests_on_is_kept_even_when_the_status_stays(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    first = services.settlement_decide(person=person, by=intake_user)

    with_facts(person, intake_user, residence_title_months=24)

    current = services.settlement_current(person=person)
    assert current != first and current.supersedes == first
    assert current.status == first.status == TargetGroupStatus.OBLIGATED


def test_a_person_has_one_line_of_settlement_decisions(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    first = services.settlement_decide(person=person, by=intake_user)

    with pytest.raises(IntegrityError), transaction.atomic():  # a second first decision
        StatusDecision.objects.create(
            person=person, kind=DecisionKind.SETTLEMENT, asked_on=SETTLED, status="onbepaald", created_by=intake_user
        )
    StatusDecision.objects.create(
        person=person,
        kind=DecisionKind.SETTLEMENT,
        asked_on=SETTLED,
        status="onbepaald",
        created_by=intake_user,
        supersedes=first,
    )
    with pytest.raises(IntegrityError), transaction.atomic():  # the same decision superseded twice
        StatusDecision.objects.create(
            person=person,
            kind=DecisionKind.SETTLEMENT,
            asked_on=SETTLED,
            status="onbepaald",
            created_by=intake_user,
            supersedes=first,
        )


def test_a_newcomer_settled_before_the_first_rule_set_is_undetermined_under_none(intake_user):
    person = with_facts(newcomer(first_registration_date=datetime.date(2010, 5, 1)), intake_user, **OBLIGATED_FACTS)

    decision = services.settlement_decide(person=person, by=intake_user)

    assert (decision.status, decision.rule_set, decision.steps, decision.missing) == ("onbepaald", "", [], [])


def test_settlement_decision_needs_the_date_of_first_registration(intake_user):
    person = newcomer(first_registration_date=None)

    with pytest.raises(ValidationError):
        services.settlement_decide(person=person, by=intake_user)
    assert not StatusDecision.objects.filter(person=person).exists()


# On registration ---------------------------------------------------------------------


def test_registration_stores_the_status_at_registration_and_its_decision(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)

    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    registration.refresh_from_db()
    assert registration.status == TargetGroupStatus.OBLIGATED
    assert registration.current_status == TargetGroupStatus.OBLIGATED
    decision = registration.decisions.get()
    assert decision.kind == DecisionKind.REGISTRATION
    assert decision.asked_on == REGISTERED
    assert decision.status == TargetGroupStatus.OBLIGATED
    assert decision.rule_set == "2016-2022"
    assert decision.steps


@pytest.mark.parametrize(
    ("facts", "status"),
    [
        ({**OBLIGATED_FACTS, "belgian_or_dutch_diploma": True}, TargetGroupStatus.ENTITLED),
        ({**OBLIGATED_FACTS, "residence_title": "temporary_purpose"}, TargetGroupStatus.NOT_ELIGIBLE),
        (without("earlier_integration_certificate"), TargetGroupStatus.UNDETERMINED),
    ],
)
def test_registration_status_follows_the_facts(intake_user, facts, status):
    person = with_facts(newcomer(), intake_user, **facts)

    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    assert registration.status == status


def test_registration_with_a_missing_fact_is_undetermined_and_names_it(intake_user):
    person = with_facts(newcomer(), intake_user, **without("earlier_integration_certificate"))

    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    assert registration.status == TargetGroupStatus.UNDETERMINED
    assert registration.decisions.get().missing == ["earlier_integration_certificate"]


def test_the_registration_date_chooses_the_rule_set(intake_user):
    # An asylum seeker past the first 4 months of the procedure is entitled under
    # "2016-2022" but outside the target group under "2022" (from 1 March 2022).
    person = with_facts(
        newcomer(),
        intake_user,
        **{
            **OBLIGATED_FACTS,
            "residence_title": "asylum_seeker",
            "asylum_procedure_start": datetime.date(2018, 1, 1),
            "first_registration_belgium": datetime.date(2018, 1, 1),
            "moved_from_elsewhere_in_belgium": False,
        },
    )

    before = services.registration_create(person=person, registered_on=datetime.date(2022, 2, 28), by=intake_user)
    after = services.registration_create(person=person, registered_on=datetime.date(2022, 3, 1), by=intake_user)

    assert (before.status, before.decisions.get().rule_set) == (TargetGroupStatus.ENTITLED, "2016-2022")
    assert (after.status, after.decisions.get().rule_set) == (TargetGroupStatus.NOT_ELIGIBLE, "2022")


# Facts change: every registration is re-evaluated ----------------------------------------


def test_new_facts_reevaluate_the_registration_and_keep_the_change_in_its_history(intake_user):
    person = with_facts(newcomer(), intake_user, **without("belgian_or_dutch_diploma"))
    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    services.facts_save(
        person=person, values={"belgian_or_dutch_diploma": False}, by=intake_user, purpose=AccessPurpose.REGISTRATION
    )

    registration.refresh_from_db()
    assert registration.status == TargetGroupStatus.UNDETERMINED  # at registration: unchanged
    assert registration.current_status == TargetGroupStatus.OBLIGATED
    history = list(registration.decisions.order_by("id"))
    assert [(decision.kind, decision.status) for decision in history] == [
        (DecisionKind.REGISTRATION, TargetGroupStatus.UNDETERMINED),
        (DecisionKind.REEVALUATION, TargetGroupStatus.OBLIGATED),
    ]
    assert history[0].missing == ["belgian_or_dutch_diploma"]
    assert history[1].missing == []
    assert history[1].asked_on == REGISTERED  # the rules of the registration's date, with today's facts


def test_new_facts_reevaluate_every_registration_of_the_person(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    first = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)
    second = services.registration_create(person=person, registered_on=datetime.date(2019, 9, 1), by=intake_user)
    other = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    elsewhere = services.registration_create(person=other, registered_on=REGISTERED, by=intake_user)

    services.facts_save(
        person=person, values={"belgian_or_dutch_diploma": True}, by=intake_user, purpose=AccessPurpose.REGISTRATION
    )

    for registration in (first, second):
        registration.refresh_from_db()
        assert registration.current_status == TargetGroupStatus.ENTITLED
        assert registration.status == TargetGroupStatus.OBLIGATED
        assert registration.decisions.filter(kind=DecisionKind.REEVALUATION).count() == 1
    elsewhere.refresh_from_db()
    assert elsewhere.current_status == TargetGroupStatus.OBLIGATED
    assert not elsewhere.decisions.filter(kind=DecisionKind.REEVALUATION).exists()


def test_saving_the_same_facts_again_adds_no_decision(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)
    decisions_before = StatusDecision.objects.count()

    _facts, changed = services.facts_save(
        person=person, values=dict(OBLIGATED_FACTS), by=intake_user, purpose=AccessPurpose.REGISTRATION
    )

    assert changed == set()
    assert StatusDecision.objects.count() == decisions_before
    assert list(registration.decisions.values_list("kind", flat=True)) == [DecisionKind.REGISTRATION]


def test_a_fact_change_that_keeps_the_status_adds_no_decision(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    _facts, changed = services.facts_save(
        person=person, values={"residence_title_months": 24}, by=intake_user, purpose=AccessPurpose.REGISTRATION
    )

    assert changed == {"residence_title_months"}
    assert registration.decisions.count() == 1
    registration.refresh_from_db()
    assert registration.current_status == TargetGroupStatus.OBLIGATED


def test_a_second_change_of_status_adds_a_second_reevaluation(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    with_facts(person, intake_user, belgian_or_dutch_diploma=True)
    with_facts(person, intake_user, belgian_or_dutch_diploma=False)

    registration.refresh_from_db()
    assert registration.current_status == TargetGroupStatus.OBLIGATED
    assert list(registration.decisions.order_by("id").values_list("kind", "status")) == [
        (DecisionKind.REGISTRATION, TargetGroupStatus.OBLIGATED),
        (DecisionKind.REEVALUATION, TargetGroupStatus.ENTITLED),
        (DecisionKind.REEVALUATION, TargetGroupStatus.OBLIGATED),
    ]


def test_facts_save_logs_the_names_of_the_changed_facts_never_their_values(intake_user):
    person = newcomer()

    services.facts_save(
        person=person,
        values={"serious_illness_certificate": True, "register": "foreigners"},
        by=intake_user,
        purpose=AccessPurpose.REGISTRATION,
    )

    entry = AccessLogEntry.objects.filter(person_id=person.pk).get()
    assert entry.fields == ["register", "serious_illness_certificate"]
    assert entry.purpose == AccessPurpose.REGISTRATION
    assert entry.user == intake_user


def test_facts_save_refuses_a_field_that_is_not_a_fact(intake_user):
    person = newcomer()

    with pytest.raises(ValueError, match="Not an integration fact"):
        services.facts_save(
            person=person, values={"nationality": "BE"}, by=intake_user, purpose=AccessPurpose.REGISTRATION
        )


def test_facts_that_contradict_the_nationality_are_refused_and_nothing_changes(intake_user):
    person = with_facts(newcomer(), intake_user, **OBLIGATED_FACTS)
    registration = services.registration_create(person=person, registered_on=REGISTERED, by=intake_user)

    # A Syrian cannot hold the "belgian" title: a form error, not a crash.
    with pytest.raises(ValidationError):
        services.facts_save(
            person=person, values={"residence_title": "belgian"}, by=intake_user, purpose=AccessPurpose.REGISTRATION
        )

    assert person.integration_facts.residence_title == "limited"
    assert Registration.objects.get(pk=registration.pk).current_status == TargetGroupStatus.OBLIGATED


def test_preview_decides_without_saving(intake_user):
    person = newcomer()

    decision = services.status_preview(person=person, facts=OBLIGATED_FACTS, asked_on=REGISTERED)

    assert decision.status.value == TargetGroupStatus.OBLIGATED
    assert not StatusDecision.objects.exists()
    assert not IntegrationFacts.objects.filter(person=person).exists()
