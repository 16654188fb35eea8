"""Education's rules: what the services refuse (naming the field, writing nothing) and
what they write and trace."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from haven.core.models import AccessLogEntry
from haven.education import services
from haven.education.models import (
    ContactAnswer,
    ParticipantState,
    ReferralState,
    SchoolContact,
    SchoolKind,
    SchoolReferral,
    StudyConversation,
    StudyDossier,
    StudyOutcome,
)
from haven.education.tests.factories import CohortFactory, StudyDossierFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 3, 4)
LATER = datetime.date(2019, 5, 1)


def _refer(person, arabic, by, **overrides):
    values = {
        "person": person,
        "requested_on": DAY,
        "guardian_name": "Amal Qadri",
        "guardian_role": "parent",
        "home_language": arabic,
        "kind": SchoolKind.REGULAR,
        "by": by,
    }
    values.update(overrides)
    return services.school_referral_create(**values)


def test_a_child_is_referred_with_its_age_on_the_permanence_date_and_the_change_is_traced(
    child, arabic, programme_staff
):
    referral = _refer(child, arabic, programme_staff)
    assert (referral.age, referral.state) == (10, ReferralState.OPEN)
    entry = AccessLogEntry.objects.get(person_id=child.pk, action="update")
    assert entry.fields == ["school_referrals"]


def test_a_referral_of_an_adult_to_a_school_for_minors_is_refused_naming_the_person(adult, arabic, programme_staff):
    with pytest.raises(ValidationError) as refused:
        _refer(adult, arabic, programme_staff)
    assert list(refused.value.message_dict) == ["person"]
    assert not SchoolReferral.objects.exists()


def test_a_child_who_turns_18_before_the_permanence_date_is_an_adult_there(teenager, arabic, programme_staff):
    with pytest.raises(ValidationError) as refused:
        _refer(teenager, arabic, programme_staff, requested_on=datetime.date(2022, 1, 1))
    assert "person" in refused.value.message_dict


def test_a_second_open_referral_of_the_same_child_is_refused(child, arabic, programme_staff):
    _refer(child, arabic, programme_staff)
    with pytest.raises(ValidationError) as refused:
        _refer(child, arabic, programme_staff)
    assert list(refused.value.message_dict) == ["person"]
    assert SchoolReferral.objects.count() == 1


def test_a_permanence_date_in_the_future_is_refused(child, arabic, programme_staff):
    with pytest.raises(ValidationError) as refused:
        _refer(child, arabic, programme_staff, requested_on=timezone.localdate() + datetime.timedelta(days=2))
    assert list(refused.value.message_dict) == ["requested_on"]


def test_an_okan_class_is_found_only_at_an_okan_school(teenager, arabic, programme_staff, regular_school, okan_school):
    referral = _refer(teenager, arabic, programme_staff, kind=SchoolKind.OKAN)
    with pytest.raises(ValidationError) as refused:
        services.school_referral_place(referral=referral, school=regular_school, placed_on=DAY, by=programme_staff)
    assert list(refused.value.message_dict) == ["school"]
    referral.refresh_from_db()
    assert referral.state == ReferralState.OPEN
    services.school_referral_place(referral=referral, school=okan_school, placed_on=DAY, by=programme_staff)
    referral.refresh_from_db()
    assert (referral.state, referral.school) == (ReferralState.PLACED, okan_school)


def test_a_school_found_before_the_permanence_date_is_refused(child, arabic, programme_staff, regular_school):
    referral = _refer(child, arabic, programme_staff)
    with pytest.raises(ValidationError) as refused:
        services.school_referral_place(
            referral=referral, school=regular_school, placed_on=DAY - datetime.timedelta(days=1), by=programme_staff
        )
    assert list(refused.value.message_dict) == ["placed_on"]


def test_the_school_contacted_becomes_the_place_offered_when_it_is_the_school_found(
    child, arabic, programme_staff, regular_school
):
    referral = _refer(child, arabic, programme_staff)
    services.school_contact_add(referral=referral, school=regular_school, contacted_on=DAY, by=programme_staff)
    services.school_referral_place(referral=referral, school=regular_school, placed_on=DAY, by=programme_staff)
    assert SchoolContact.objects.get().answer == ContactAnswer.PLACE
    with pytest.raises(ValidationError):
        services.school_contact_add(referral=referral, school=regular_school, contacted_on=DAY, by=programme_staff)


def test_a_withdrawn_referral_frees_the_child_for_a_new_one(child, arabic, programme_staff):
    referral = _refer(child, arabic, programme_staff)
    services.school_referral_withdraw(referral=referral, closed_on=DAY, by=programme_staff)
    assert _refer(child, arabic, programme_staff).state == ReferralState.OPEN


def test_the_toekomstdagen_take_only_okan_schools_and_pupils_present_once_held(
    programme_staff, okan_school, regular_school
):
    event = services.future_days_create(
        title="Toekomstdagen 2019", year=2019, session_days=[datetime.date(2019, 5, 27)], by=programme_staff
    )
    session = event.sessions.get()
    with pytest.raises(ValidationError) as refused:
        services.future_days_register(session=session, school=regular_school, pupils_registered=10, by=programme_staff)
    assert list(refused.value.message_dict) == ["school"]
    registration = services.future_days_register(
        session=session, school=okan_school, pupils_registered=20, pupils_present=18, by=programme_staff
    )
    assert registration.pupils_present == 18
    with pytest.raises(ValidationError) as refused:
        services.future_days_create(
            title="Toekomstdagen 2020", year=2020, session_days=[datetime.date(2019, 5, 27)], by=programme_staff
        )
    assert list(refused.value.message_dict) == ["session_days"]


def test_a_study_choice_dossier_is_for_adults_only(child, adult, programme_staff):
    with pytest.raises(ValidationError) as refused:
        services.study_dossier_create(person=child, opened_on=DAY, question="Verder studeren", by=programme_staff)
    assert list(refused.value.message_dict) == ["person"]
    dossier = services.study_dossier_create(
        person=adult, opened_on=DAY, question="Verder studeren", partner="de_stap", by=programme_staff
    )
    assert StudyDossier.objects.get() == dossier


def test_a_dossier_closes_with_an_outcome_and_a_day_after_it_opened(programme_staff):
    dossier = StudyDossierFactory()
    services.study_conversation_add(
        dossier=dossier, held_on=dossier.opened_on, summary="Eerste gesprek", by=programme_staff
    )
    with pytest.raises(ValidationError) as refused:
        services.study_dossier_update(
            dossier=dossier, advice="", partner="", outcome=StudyOutcome.OPEN, closed_on=LATER, by=programme_staff
        )
    assert list(refused.value.message_dict) == ["outcome"]
    with pytest.raises(ValidationError) as refused:
        services.study_dossier_update(
            dossier=dossier,
            advice="",
            partner="",
            outcome=StudyOutcome.WORK,
            closed_on=dossier.opened_on - datetime.timedelta(days=1),
            by=programme_staff,
        )
    assert list(refused.value.message_dict) == ["closed_on"]
    services.study_dossier_update(
        dossier=dossier,
        advice="Bachelor",
        partner="de_stap",
        outcome=StudyOutcome.PRE_TRACK,
        closed_on=LATER,
        by=programme_staff,
    )
    dossier.refresh_from_db()
    assert (dossier.outcome, dossier.partner, StudyConversation.objects.count()) == (
        StudyOutcome.PRE_TRACK,
        "de_stap",
        1,
    )


def test_a_pre_track_participant_starts_in_the_cohort_and_ends_once(adult, programme_staff):
    cohort = services.pre_track_cohort_create(
        academic_year=2018,
        starts_on=datetime.date(2018, 9, 24),
        ends_on=datetime.date(2019, 6, 28),
        modules=["Nederlands", "Wiskunde"],
        by=programme_staff,
    )
    with pytest.raises(ValidationError) as refused:
        services.pre_track_participant_add(
            cohort=cohort, person=adult, started_on=datetime.date(2018, 1, 1), by=programme_staff
        )
    assert list(refused.value.message_dict) == ["started_on"]
    participant = services.pre_track_participant_add(
        cohort=cohort, person=adult, started_on=cohort.starts_on, modules=cohort.modules.all(), by=programme_staff
    )
    assert participant.modules.count() == 2
    with pytest.raises(ValidationError) as refused:
        services.pre_track_participant_add(cohort=cohort, person=adult, started_on=cohort.starts_on, by=programme_staff)
    assert list(refused.value.message_dict) == ["person"]
    services.pre_track_participant_end(
        participant=participant, state=ParticipantState.GRADUATED, ended_on=cohort.ends_on, by=programme_staff
    )
    with pytest.raises(ValidationError) as refused:
        services.pre_track_participant_end(
            participant=participant, state=ParticipantState.DROPPED, ended_on=cohort.ends_on, by=programme_staff
        )
    assert list(refused.value.message_dict) == ["state"]


def test_a_cohort_starts_at_the_beginning_of_its_academic_year(programme_staff):
    with pytest.raises(ValidationError) as refused:
        services.pre_track_cohort_create(
            academic_year=2019,
            starts_on=datetime.date(2019, 3, 1),
            ends_on=datetime.date(2019, 6, 28),
            modules=["Nederlands"],
            by=programme_staff,
        )
    assert list(refused.value.message_dict) == ["starts_on"]
    assert CohortFactory(academic_year=2017).academic_year == 2017


def test_a_school_is_updated_and_only_the_fields_changed_are_audited(okan_school, programme_staff):
    from haven.core.models import AuditEntry

    services.school_update(
        school=okan_school, name="Toren van Babel", okan=True, address="Wolterslaan 16, Gent", by=programme_staff
    )
    okan_school.refresh_from_db()
    assert okan_school.address == "Wolterslaan 16, Gent"
    assert AuditEntry.objects.get(target_id=str(okan_school.pk), action="update").fields == ["address"]


def test_a_school_with_okan_places_keeps_its_okan_classes_and_nothing_is_written(okan_school, programme_staff):
    services.okan_places_set(school=okan_school, school_year=2019, places=24, by=programme_staff)
    with pytest.raises(ValidationError) as refused:
        services.school_update(school=okan_school, name="Andere naam", okan=False, by=programme_staff)
    assert list(refused.value.message_dict) == ["okan"]
    okan_school.refresh_from_db()
    assert (okan_school.name, okan_school.okan) == ("Toren van Babel", True)


def test_a_school_cannot_take_the_name_of_another(okan_school, regular_school, programme_staff):
    with pytest.raises(ValidationError) as refused:
        services.school_update(school=regular_school, name=okan_school.name, okan=False, by=programme_staff)
    assert list(refused.value.message_dict) == ["name"]
    regular_school.refresh_from_db()
    assert regular_school.name == "Basisschool De Testwijk"
