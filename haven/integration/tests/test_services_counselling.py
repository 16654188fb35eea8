"""Which counsellor a new contract goes to: language first, then the smallest open
caseload relative to working time, ties to the lowest id, never an inactive counsellor;
a team coordinator may choose, with a reason."""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal
from itertools import count

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from haven.accounts.services import user_create
from haven.integration import services
from haven.integration.models import (
    Contract,
    ContractEndReason,
    ContractState,
    CounsellorProfile,
    Registration,
    TargetGroupStatus,
)
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

REGISTERED = datetime.date(2019, 4, 1)
SIGNED = datetime.date(2019, 5, 1)
_usernames = count()


def registrations_for(people, *, by) -> list[Registration]:
    """Obligated registrations, written directly (setup, not the behaviour under test)."""
    return Registration.objects.bulk_create(
        [
            Registration(
                person=person,
                registered_on=REGISTERED,
                status=TargetGroupStatus.OBLIGATED,
                current_status=TargetGroupStatus.OBLIGATED,
                created_by=by,
            )
            for person in people
        ]
    )


def caseload(user, number: int, state: str = ContractState.OPEN) -> None:
    """``number`` contracts of other clients in ``user``'s caseload, in the given state."""
    if not number:
        return
    people = Person.objects.bulk_create(PersonFactory.build_batch(number, birth_date=datetime.date(1990, 1, 1)))
    Contract.objects.bulk_create(
        [
            Contract(
                person=registration.person,
                registration=registration,
                signed_on=SIGNED,
                status=TargetGroupStatus.OBLIGATED,
                state=state,
                counsellor=user,
                **({"ended_on": SIGNED, "end_reason": ContractEndReason.MOVED} if state == ContractState.ENDED else {}),
            )
            for registration in registrations_for(people, by=user)
        ]
    )


def counsellor_with(languages, *, open_cases: int = 0, fte: str = "1.00", active: bool = True, name: str = ""):
    user = user_create(username=name or f"counsellor{next(_usernames)}", password="x", roles=["counsellor"])
    profile = CounsellorProfile.objects.create(user=user, fte=Decimal(fte), active=active)
    profile.languages.set(languages)
    caseload(user, open_cases)
    return user


def client(preferred: str | None, spoken=()):
    person = PersonFactory(preferred_language_id=preferred, birth_date=datetime.date(1990, 1, 1))
    person.languages.set(spoken or ([preferred] if preferred else []))
    return person


def open_cases(user) -> int:
    return Contract.objects.filter(counsellor=user, state=ContractState.OPEN).count()


def sign(person, *, by, **kwargs) -> Contract:
    [registration] = registrations_for([person], by=by)
    return services.contract_sign(registration=registration, signed_on=SIGNED, by=by, **kwargs)


# The automatic choice ----------------------------------------------------------------------


def test_a_speaker_of_the_preferred_language_wins_over_a_smaller_caseload():
    arabic = counsellor_with(["ara"], open_cases=3)
    counsellor_with(["nld"], open_cases=0)

    chosen, why = services.counsellor_choose(person=client("ara"))

    assert chosen == arabic
    assert why


def test_among_speakers_of_the_preferred_language_the_smallest_open_caseload_wins():
    counsellor_with(["ara"], open_cases=3)
    smallest = counsellor_with(["ara", "fra"], open_cases=1)
    counsellor_with(["ara"], open_cases=2)
    counsellor_with(["nld"], open_cases=0)

    chosen, _why = services.counsellor_choose(person=client("ara"))

    assert chosen == smallest


@pytest.mark.parametrize(("part_time_cases", "expected"), [(2, "full_time"), (1, "part_time")])
def test_the_caseload_counts_relative_to_working_time(part_time_cases, expected):
    # 3 cases full time against 2 cases half time (4 per FTE): the full-timer has room;
    # 1 case half time (2 per FTE) is less than 3.
    counsellors = {
        "full_time": counsellor_with(["ara"], open_cases=3, fte="1.00"),
        "part_time": counsellor_with(["ara"], open_cases=part_time_cases, fte="0.50"),
    }

    chosen, _why = services.counsellor_choose(person=client("ara"))

    assert chosen == counsellors[expected]


def test_certified_and_ended_contracts_do_not_count_in_the_caseload():
    busy_in_the_past = counsellor_with(["ara"], open_cases=1)
    caseload(busy_in_the_past, 3, ContractState.CERTIFIED)
    caseload(busy_in_the_past, 3, ContractState.ENDED)
    counsellor_with(["ara"], open_cases=2)

    chosen, _why = services.counsellor_choose(person=client("ara"))

    assert chosen == busy_in_the_past


def test_without_a_speaker_of_the_preferred_language_one_sharing_a_spoken_language_wins():
    counsellor_with(["ara"], open_cases=0)
    french = counsellor_with(["fra"], open_cases=4)
    counsellor_with(["fra"], open_cases=5)

    chosen, _why = services.counsellor_choose(person=client("prs", spoken=["prs", "fra"]))

    assert chosen == french


def test_a_person_without_a_preferred_language_gets_a_counsellor_sharing_a_spoken_language():
    counsellor_with(["ara"], open_cases=0)
    turkish = counsellor_with(["tur"], open_cases=6)

    chosen, _why = services.counsellor_choose(person=client(None, spoken=["tur"]))

    assert chosen == turkish


def test_without_any_shared_language_the_smallest_caseload_wins():
    counsellor_with(["ara"], open_cases=2)
    smallest = counsellor_with(["tur"], open_cases=1)
    counsellor_with(["fra"], open_cases=3)

    chosen, _why = services.counsellor_choose(person=client("som"))

    assert chosen == smallest


def test_a_tie_goes_to_the_counsellor_with_the_lowest_id():
    first = counsellor_with(["ara"], open_cases=1)
    second = counsellor_with(["ara"], open_cases=1)
    counsellor_with(["ara"], open_cases=2)

    chosen, _why = services.counsellor_choose(person=client("ara"))

    assert first.pk < second.pk
    assert chosen == first


def test_an_inactive_counsellor_is_never_chosen_even_as_the_only_speaker():
    counsellor_with(["ara"], open_cases=0, active=False)
    turkish = counsellor_with(["tur"], open_cases=5)

    chosen, _why = services.counsellor_choose(person=client("ara"))

    assert chosen == turkish


def test_a_counsellor_whose_account_is_deactivated_is_never_chosen():
    gone = counsellor_with(["ara"], open_cases=0)
    gone.is_active = False
    gone.save()
    staying = counsellor_with(["ara"], open_cases=4)

    chosen, _why = services.counsellor_choose(person=client("ara"))

    assert chosen == staying


def test_without_active_counsellors_the_contract_is_signed_without_one(intake_user):
    counsellor_with(["ara"], active=False)

    contract = sign(client("ara"), by=intake_user)

    assert contract.counsellor is None
    assert contract.assignment_reason == {"code": "nobody"}
    with translation.override("en"):
        assert contract.assignment_explained == "No counsellor takes new clients."


def test_signing_assigns_the_chosen_counsellor_and_says_why(intake_user):
    counsellor_with(["ara"], open_cases=2)
    arabic = counsellor_with(["ara"], open_cases=1)

    contract = sign(client("ara"), by=intake_user)

    contract.refresh_from_db()
    assert contract.counsellor == arabic
    assert contract.assignment_reason == {"code": "preferred_language", "language": "ara", "open": 1}
    assert open_cases(arabic) == 2


def test_why_this_counsellor_is_told_in_the_readers_language_whoever_signed(intake_user):
    counsellor_with(["ara"], open_cases=1)
    with translation.override("nl"):
        contract = sign(client("ara"), by=intake_user)
    contract.refresh_from_db()

    with translation.override("en"):
        english = contract.assignment_explained
    with translation.override("nl"):
        dutch = contract.assignment_explained
    assert english == "Speaks the preferred language (Arabic); smallest caseload (1 open)."
    assert dutch.startswith("Spreekt de voorkeurtaal (Arabisch)") and "1" in dutch
    assert contract.assignment_note == ""  # nothing written by a person


def test_a_chosen_counsellor_keeps_the_coordinators_words_as_written(team_coordinator):
    counsellor_with(["ara"], open_cases=0)
    busy = counsellor_with(["tur"], open_cases=9)
    with translation.override("en"):
        contract = sign(client("ara"), by=team_coordinator, counsellor=busy, override_reason="Kent de familie.")
    contract.refresh_from_db()

    assert contract.assignment_reason["code"] == "chosen" and contract.assignment_note == "Kent de familie."
    with translation.override("nl"):
        assert contract.assignment_explained.startswith("Gekozen door ")
        assert contract.assignment_explained.endswith(": Kent de familie.")


def test_a_contract_from_before_the_codes_shows_its_note_as_written(intake_user):
    counsellor_with(["ara"])
    contract = sign(client("ara"), by=intake_user)
    Contract.objects.filter(pk=contract.pk).update(assignment_reason={}, assignment_note="Spreekt Arabisch.")
    contract.refresh_from_db()
    with translation.override("en"):
        assert contract.assignment_explained == "Spreekt Arabisch."


# Chosen by a person -----------------------------------------------------------------------


def test_a_team_coordinator_may_choose_the_counsellor_with_a_reason(team_coordinator, intake_user):
    counsellor_with(["ara"], open_cases=0)
    busy = counsellor_with(["tur"], open_cases=9)

    contract = sign(client("ara"), by=team_coordinator, counsellor=busy, override_reason="Knows the family.")

    contract.refresh_from_db()
    assert contract.counsellor == busy
    assert "Knows the family." in contract.assignment_note


@pytest.mark.parametrize("reason", ["", "   "])
def test_choosing_the_counsellor_without_a_reason_is_refused(team_coordinator, reason):
    chosen = counsellor_with(["tur"])
    person = client("ara")

    with pytest.raises(ValidationError):
        sign(person, by=team_coordinator, counsellor=chosen, override_reason=reason)

    assert not Contract.objects.filter(person=person).exists()


def test_reassigning_needs_a_reason_and_then_changes_the_counsellor(team_coordinator, intake_user):
    first = counsellor_with(["ara"])
    second = counsellor_with(["ara"], open_cases=3)
    contract = sign(client("ara"), by=intake_user)
    assert contract.counsellor == first

    with pytest.raises(ValidationError):
        services.contract_reassign(contract=contract, counsellor=second, reason=" ", by=team_coordinator)
    assert Contract.objects.get(pk=contract.pk).counsellor == first

    services.contract_reassign(
        contract=contract, counsellor=second, reason="Leave of the counsellor.", by=team_coordinator
    )
    contract.refresh_from_db()
    assert contract.counsellor == second
    assert "Leave of the counsellor." in contract.assignment_note


# A thousand assignments -------------------------------------------------------------------


def test_a_thousand_assignments_keep_counsellors_of_one_language_set_within_one_case(intake_user):
    groups = {
        "arabic": [counsellor_with(["ara", "nld"], open_cases=cases) for cases in (0, 5, 2)],
        "dari_pashto": [counsellor_with(["prs", "pus"], open_cases=cases) for cases in (3, 0)],
        "french_english": [counsellor_with(["fra", "eng"], open_cases=cases) for cases in (0, 0)],
        "turkish": [counsellor_with(["tur"], open_cases=4)],
    }
    inactive = counsellor_with(["ara", "nld", "prs", "pus", "fra", "eng", "tur", "som", "rus"], active=False)
    # (preferred language, languages spoken): speakers of the preferred language, a shared
    # contact language only (Somali with French), no shared language at all (Russian).
    profiles = [
        ("ara", ["ara"]),
        ("prs", ["prs"]),
        ("pus", ["pus", "prs"]),
        ("fra", ["fra"]),
        ("eng", ["eng"]),
        ("tur", ["tur"]),
        ("som", ["som", "fra"]),
        ("rus", ["rus"]),
        (None, ["nld"]),
        ("ara", ["ara", "fra"]),
        ("prs", ["prs"]),
    ]
    plan = [profiles[index % len(profiles)] for index in range(1000)]
    people = Person.objects.bulk_create(
        [
            PersonFactory.build(preferred_language_id=preferred, birth_date=datetime.date(1990, 1, 1))
            for preferred, _spoken in plan
        ]
    )
    Person.languages.through.objects.bulk_create(
        [
            Person.languages.through(person_id=person.pk, language_id=code)
            for person, (_preferred, spoken) in zip(people, plan, strict=False)
            for code in spoken
        ]
    )
    registrations_for(people, by=intake_user)
    registrations = Registration.objects.filter(person__in=people).select_related("person").order_by("id")

    for registration in registrations:
        services.contract_sign(registration=registration, signed_on=SIGNED, by=intake_user)

    signed = Contract.objects.filter(person__in=people)
    assert signed.count() == 1000
    assert not signed.filter(counsellor=inactive).exists()
    loads = {user.pk: open_cases(user) for members in groups.values() for user in members}
    for name, members in groups.items():
        group_loads = [loads[user.pk] for user in members]
        assert max(group_loads) - min(group_loads) <= 1, (name, group_loads)
    assert sum(loads.values()) == 1000 + 5 + 2 + 3 + 4
    # The language came first: everyone with a preferred language some counsellor speaks got such a counsellor.
    group_of = {user.pk: name for name, members in groups.items() for user in members}
    served = defaultdict(Counter)
    for preferred, counsellor_id in signed.values_list("person__preferred_language_id", "counsellor_id"):
        served[preferred][group_of[counsellor_id]] += 1
    assert set(served["ara"]) == {"arabic"}
    assert set(served["prs"]) == set(served["pus"]) == {"dari_pashto"}
    assert set(served["fra"]) == set(served["eng"]) == set(served["som"]) == {"french_english"}
    assert set(served["tur"]) == {"turkish"}
    assert set(served[None]) == {"arabic"}  # Dutch speakers: the only counsellors speaking Dutch
