"""Education's writes, one function per act. Each checks what the forms and the API
cannot (ages, dates against each other, the kind of school), raises ValidationError
naming the field, and writes nothing when it refuses. A change to a person's records is
traced in the access log with the field changed (never its value)."""

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import audit_record
from haven.core.dates import age_on
from haven.core.models import AccessChannel, Language
from haven.education.models import (
    ADULT_AGE,
    ContactAnswer,
    FutureDays,
    FutureDaysRegistration,
    FutureDaysSession,
    OkanPlaces,
    ParticipantState,
    PreTrackCohort,
    PreTrackModule,
    PreTrackParticipant,
    ReferralState,
    School,
    SchoolContact,
    SchoolKind,
    SchoolReferral,
    StudyConversation,
    StudyDossier,
    StudyOutcome,
)
from haven.people.access import change_logged
from haven.people.models import Person

# Relations handed in as saved instances: model validation would read each again.
IN_HAND = ["person", "created_by", "by", "referral", "school", "session", "event", "dossier", "cohort", "home_language"]


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date lies in the future.")})


# Schools ------------------------------------------------------------------------------------


@transaction.atomic
def school_create(*, name: str, okan: bool, address: str = "", phone: str = "", by: User) -> School:
    school = School(name=name.strip(), okan=okan, address=address, phone=phone)
    school.full_clean()
    school.save()
    audit_record(actor=by, action="create", target=school, fields=["name", "okan", "address", "phone"])
    return school


@transaction.atomic
def school_update(
    *, school: School, name: str, okan: bool, address: str = "", phone: str = "", active: bool = True, by: User
) -> School:
    """A school's name, address, phone, OKAN classes and whether it is still chosen in the
    forms. A school with OKAN places noted keeps its OKAN classes (the places stay true)."""
    if school.okan and not okan and school.okan_places.exists():
        raise ValidationError({"okan": _("OKAN places are noted for this school: it keeps its OKAN classes.")})
    before = {field: getattr(school, field) for field in ("name", "okan", "address", "phone", "active")}
    school.name, school.okan, school.address, school.phone, school.active = name.strip(), okan, address, phone, active
    school.full_clean()
    changed = [field for field, value in before.items() if getattr(school, field) != value]
    if changed:
        school.save(update_fields=changed)
        audit_record(actor=by, action="update", target=school, fields=changed)
    return school


@transaction.atomic
def okan_places_set(*, school: School, school_year: int, places: int, by: User) -> OkanPlaces:
    """The OKAN places a school notes for a school year (set again: replaced)."""
    if not school.okan:
        raise ValidationError({"school": _("This school has no OKAN reception classes.")})
    row = OkanPlaces.objects.filter(school=school, school_year=school_year).first() or OkanPlaces(
        school=school, school_year=school_year
    )
    row.places = places
    row.full_clean(exclude=["school"], validate_constraints=False)
    row.save()
    audit_record(actor=by, action="update", target=school, fields=["okan_places"])
    return row


# School referral of minors --------------------------------------------------------------------


@transaction.atomic
def school_referral_create(
    *,
    person: Person,
    requested_on: date,
    guardian_name: str,
    guardian_role: str,
    home_language: Language,
    kind: str,
    notes: str = "",
    by: User,
    channel: AccessChannel | None = None,
) -> SchoolReferral:
    """A child brought to the permanence hours. Refused for an adult on that day (schools
    for minors), for a date in the future, and while the child has an open referral."""
    _not_in_future(requested_on, "requested_on")
    age = age_on(person.birth_date, requested_on)
    if age >= ADULT_AGE:
        raise ValidationError(
            {"person": _("This person is an adult on the permanence date: a school referral is for minors.")}
        )
    if age < 0:
        raise ValidationError({"requested_on": _("The permanence date lies before the child's birth.")})
    if SchoolReferral.objects.filter(person=person, state=ReferralState.OPEN).exists():
        raise ValidationError({"person": _("This child already has an open school referral.")})
    referral = SchoolReferral(
        person=person,
        requested_on=requested_on,
        age=age,
        guardian_name=guardian_name.strip(),
        guardian_role=guardian_role,
        home_language=home_language,
        kind=kind,
        notes=notes,
        created_by=by,
    )
    referral.full_clean(exclude=IN_HAND, validate_constraints=False)
    try:
        with transaction.atomic():
            referral.save()
    except IntegrityError:  # the same child registered twice at once
        raise ValidationError({"person": _("This child already has an open school referral.")}) from None
    change_logged(by=by, person_id=person.pk, fields=["school_referrals"], channel=channel)
    return referral


def _open(referral: SchoolReferral) -> None:
    if referral.state != ReferralState.OPEN:
        raise ValidationError(_("This referral is closed."))


@transaction.atomic
def school_contact_add(
    *,
    referral: SchoolReferral,
    school: School,
    contacted_on: date,
    answer: str = ContactAnswer.WAITING,
    by: User,
    channel: AccessChannel | None = None,
) -> SchoolContact:
    """A school contacted for an open referral, with its answer so far."""
    _open(referral)
    _not_in_future(contacted_on, "contacted_on")
    if contacted_on < referral.requested_on:
        raise ValidationError({"contacted_on": _("A school is contacted on or after the permanence date.")})
    if referral.kind == SchoolKind.OKAN and not school.okan:
        raise ValidationError({"school": _("An OKAN reception class is sought: this school has none.")})
    contact = SchoolContact(referral=referral, school=school, contacted_on=contacted_on, answer=answer)
    contact.full_clean(exclude=IN_HAND)
    contact.save()
    change_logged(by=by, person_id=referral.person_id, fields=["school_referrals"], channel=channel)
    return contact


@transaction.atomic
def school_referral_place(
    *,
    referral: SchoolReferral,
    school: School,
    placed_on: date,
    by: User,
    channel: AccessChannel | None = None,
) -> SchoolReferral:
    """The school found: an OKAN school for an OKAN class, on or after the permanence date."""
    _open(referral)
    _not_in_future(placed_on, "placed_on")
    if placed_on < referral.requested_on:
        raise ValidationError({"placed_on": _("A school is found on or after the permanence date.")})
    if referral.kind == SchoolKind.OKAN and not school.okan:
        raise ValidationError({"school": _("An OKAN reception class is sought: this school has none.")})
    referral.school, referral.placed_on, referral.state = school, placed_on, ReferralState.PLACED
    referral.save(update_fields=["school", "placed_on", "state"])
    SchoolContact.objects.filter(referral=referral, school=school, answer=ContactAnswer.WAITING).update(
        answer=ContactAnswer.PLACE
    )
    change_logged(by=by, person_id=referral.person_id, fields=["school_referrals"], channel=channel)
    return referral


@transaction.atomic
def school_referral_withdraw(
    *, referral: SchoolReferral, closed_on: date, by: User, channel: AccessChannel | None = None
) -> SchoolReferral:
    _open(referral)
    _not_in_future(closed_on, "closed_on")
    if closed_on < referral.requested_on:
        raise ValidationError({"closed_on": _("A referral is withdrawn on or after the permanence date.")})
    referral.state, referral.closed_on = ReferralState.WITHDRAWN, closed_on
    referral.save(update_fields=["state", "closed_on"])
    change_logged(by=by, person_id=referral.person_id, fields=["school_referrals"], channel=channel)
    return referral


# Toekomstdagen ------------------------------------------------------------------------------


@transaction.atomic
def future_days_create(*, title: str, year: int, session_days: Iterable[date], place: str = "", by: User) -> FutureDays:
    """The year's Toekomstdagen with a session on each day (of that year)."""
    days = sorted(set(session_days))
    if not days:
        raise ValidationError({"session_days": _("Give at least one day.")})
    if any(day.year != year for day in days):
        raise ValidationError({"session_days": _("The sessions fall in the event's year.")})
    event = FutureDays(title=title.strip(), year=year)
    event.full_clean()
    event.save()
    FutureDaysSession.objects.bulk_create(FutureDaysSession(event=event, held_on=day, place=place) for day in days)
    audit_record(actor=by, action="create", target=event, fields=["title", "year", "sessions"])
    return event


@transaction.atomic
def future_days_register(
    *,
    session: FutureDaysSession,
    school: School,
    pupils_registered: int,
    pupils_present: int | None = None,
    by: User,
) -> FutureDaysRegistration:
    """An OKAN school's pupils at a session (registered again: the numbers replaced).
    Pupils present only once the session is held."""
    if not school.okan:
        raise ValidationError({"school": _("The Toekomstdagen are for OKAN schools: this school has none.")})
    if pupils_present is not None and session.held_on > timezone.localdate():
        raise ValidationError({"pupils_present": _("The session is not held yet.")})
    registration = FutureDaysRegistration.objects.filter(session=session, school=school).first()
    registration = registration or FutureDaysRegistration(session=session, school=school)
    registration.pupils_registered, registration.pupils_present = pupils_registered, pupils_present
    registration.full_clean(exclude=IN_HAND, validate_constraints=False)
    registration.save()
    audit_record(actor=by, action="update", target=session.event, fields=["registrations"])
    return registration


# Study choice of adults ---------------------------------------------------------------------


def _adult(person: Person, day: date) -> None:
    if age_on(person.birth_date, day) < ADULT_AGE:
        raise ValidationError({"person": _("This person is a minor on that date: this is for adults.")})


@transaction.atomic
def study_dossier_create(
    *,
    person: Person,
    opened_on: date,
    question: str,
    partner: str = "",
    by: User,
    channel: AccessChannel | None = None,
) -> StudyDossier:
    _not_in_future(opened_on, "opened_on")
    _adult(person, opened_on)
    dossier = StudyDossier(
        person=person, opened_on=opened_on, question=question.strip(), partner=partner, created_by=by
    )
    dossier.full_clean(exclude=IN_HAND)
    dossier.save()
    change_logged(by=by, person_id=person.pk, fields=["study_dossiers"], channel=channel)
    return dossier


@transaction.atomic
def study_conversation_add(
    *, dossier: StudyDossier, held_on: date, summary: str, by: User, channel: AccessChannel | None = None
) -> StudyConversation:
    if dossier.closed_on is not None:
        raise ValidationError(_("This dossier is closed."))
    _not_in_future(held_on, "held_on")
    if held_on < dossier.opened_on:
        raise ValidationError({"held_on": _("A conversation is held on or after the day the dossier opened.")})
    conversation = StudyConversation(dossier=dossier, held_on=held_on, summary=summary.strip(), by=by)
    conversation.full_clean(exclude=IN_HAND)
    conversation.save()
    change_logged(by=by, person_id=dossier.person_id, fields=["study_dossiers"], channel=channel)
    return conversation


@transaction.atomic
def study_dossier_update(
    *,
    dossier: StudyDossier,
    advice: str,
    partner: str,
    outcome: str,
    closed_on: date | None,
    by: User,
    channel: AccessChannel | None = None,
) -> StudyDossier:
    """The advice, the partner and the outcome; a dossier closes with an outcome."""
    if closed_on is not None:
        _not_in_future(closed_on, "closed_on")
        if closed_on < dossier.opened_on:
            raise ValidationError({"closed_on": _("A dossier closes on or after the day it opened.")})
        if outcome == StudyOutcome.OPEN:
            raise ValidationError({"outcome": _("A closed dossier has an outcome.")})
    elif outcome != StudyOutcome.OPEN:
        raise ValidationError({"closed_on": _("Give the day the dossier closes with this outcome.")})
    dossier.advice, dossier.partner, dossier.outcome, dossier.closed_on = advice.strip(), partner, outcome, closed_on
    dossier.full_clean(exclude=IN_HAND)
    dossier.save(update_fields=["advice", "partner", "outcome", "closed_on"])
    change_logged(by=by, person_id=dossier.person_id, fields=["study_dossiers"], channel=channel)
    return dossier


# Voortraject Hoger Onderwijs ----------------------------------------------------------------


@transaction.atomic
def pre_track_cohort_create(
    *, academic_year: int, starts_on: date, ends_on: date, modules: Iterable[str], partners: str = "", by: User
) -> PreTrackCohort:
    """A cohort: it starts in the autumn of its academic year and ends by the next summer."""
    if starts_on.year != academic_year or starts_on.month < 8:
        raise ValidationError({"starts_on": _("A cohort starts at the beginning of its academic year.")})
    if not starts_on < ends_on <= date(academic_year + 1, 9, 30):
        raise ValidationError({"ends_on": _("A cohort ends after it starts, within its academic year.")})
    names = list(dict.fromkeys(name.strip() for name in modules if name.strip()))
    if not names:
        raise ValidationError({"modules": _("Give at least one module.")})
    cohort = PreTrackCohort(academic_year=academic_year, starts_on=starts_on, ends_on=ends_on, partners=partners)
    cohort.full_clean()
    cohort.save()
    PreTrackModule.objects.bulk_create(PreTrackModule(cohort=cohort, name=name) for name in names)
    audit_record(actor=by, action="create", target=cohort, fields=["academic_year", "modules"])
    return cohort


@transaction.atomic
def pre_track_participant_add(
    *,
    cohort: PreTrackCohort,
    person: Person,
    started_on: date,
    modules: Iterable[PreTrackModule] = (),
    by: User,
    channel: AccessChannel | None = None,
) -> PreTrackParticipant:
    _adult(person, started_on)
    if not cohort.starts_on <= started_on <= cohort.ends_on:
        raise ValidationError({"started_on": _("A participant starts within the cohort's dates.")})
    chosen = list(modules)
    if any(module.cohort_id != cohort.pk for module in chosen):
        raise ValidationError({"modules": _("Choose modules of this cohort.")})
    if PreTrackParticipant.objects.filter(cohort=cohort, person=person).exists():
        raise ValidationError({"person": _("This person is already in this cohort.")})
    participant = PreTrackParticipant(cohort=cohort, person=person, started_on=started_on)
    participant.full_clean(exclude=IN_HAND, validate_constraints=False)
    participant.save()
    participant.modules.set(chosen)
    change_logged(by=by, person_id=person.pk, fields=["pre_track"], channel=channel)
    return participant


@transaction.atomic
def pre_track_participant_end(
    *,
    participant: PreTrackParticipant,
    state: str,
    ended_on: date,
    by: User,
    channel: AccessChannel | None = None,
) -> PreTrackParticipant:
    """Dropped out or graduated, on a day within the cohort."""
    if state not in (ParticipantState.DROPPED, ParticipantState.GRADUATED):
        raise ValidationError({"state": _("Choose dropped out or graduated.")})
    if participant.state != ParticipantState.STARTED:
        raise ValidationError({"state": _("This participation has already ended.")})
    _not_in_future(ended_on, "ended_on")
    if ended_on < participant.started_on:
        raise ValidationError({"ended_on": _("This day lies before the start.")})
    participant.state, participant.ended_on = state, ended_on
    participant.save(update_fields=["state", "ended_on"])
    change_logged(by=by, person_id=participant.person_id, fields=["pre_track"], channel=channel)
    return participant
