"""Ambassadors: the role record of a person of the registry, resting on their consent.
Making, changing or ending it is a change of the person's records, in the access log
(field ``ambassador``); a person new to the registry is registered through the people
service first, in the same transaction."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record
from haven.core.changes import fields_set
from haven.core.dates import age_on
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, Language
from haven.organisations.models import WEEKDAYS, Ambassador, AmbassadorTheme
from haven.organisations.services.common import not_after_today
from haven.people.access import purpose_or_default
from haven.people.models import Person

AMBASSADOR_FIELDS = (
    "themes",
    "weekdays",
    "trained_on",
    "certified_on",
    "travels_outside_ghent",
    "stopped_on",
    "consent_given_on",
    "consent_text_version",
    "consent_withdrawn_on",
    "note",
)
MIN_AGE = 18
LOG_FIELD = "ambassador"


def _normalised(values: Mapping[str, Any]) -> dict[str, Any]:
    values = dict(values)
    if "themes" in values:
        themes = list(dict.fromkeys(values["themes"] or []))
        unknown = [theme for theme in themes if theme not in AmbassadorTheme.values]
        if unknown:
            raise ValidationError({"themes": _("Choose themes from the list.")})
        values["themes"] = sorted(themes, key=AmbassadorTheme.values.index)
    if "weekdays" in values:
        days = sorted({int(day) for day in values["weekdays"] or []})
        if any(day not in dict(WEEKDAYS) for day in days):
            raise ValidationError({"weekdays": _("Weekdays are 0 (Monday) to 6 (Sunday).")})
        values["weekdays"] = days
    return values


def _check(ambassador: Ambassador, person: Person) -> None:
    """The ambassador's dates in order, each refusal naming its field."""
    not_after_today(ambassador.consent_given_on, "consent_given_on", _("Consent is given today at the latest."))
    not_after_today(ambassador.trained_on, "trained_on", _("The training date is today at the latest."))
    not_after_today(ambassador.certified_on, "certified_on", _("The certification date is today at the latest."))
    if age_on(person.birth_date, ambassador.consent_given_on) < MIN_AGE:
        raise ValidationError({"person": _("Ambassadors are adults.")})
    if ambassador.certified_on and not ambassador.trained_on:
        raise ValidationError({"trained_on": _("An ambassador is trained before being certified.")})
    if ambassador.certified_on and ambassador.trained_on and ambassador.certified_on < ambassador.trained_on:
        raise ValidationError({"certified_on": _("The certification comes on or after the training.")})
    if ambassador.consent_withdrawn_on and ambassador.consent_withdrawn_on < ambassador.consent_given_on:
        raise ValidationError({"consent_withdrawn_on": _("Consent cannot be withdrawn before it was given.")})
    if ambassador.stopped_on:
        start = ambassador.trained_on or ambassador.consent_given_on
        if ambassador.stopped_on < start:
            raise ValidationError({"stopped_on": _("An ambassador stops after starting.")})


def _logged(by: User | None, person_id: int, purpose: str | None, channel: AccessChannel | None) -> None:
    access_record(
        user=by,
        person_id=person_id,
        action=AccessAction.UPDATE,
        purpose=purpose_or_default(by, purpose, AccessPurpose.PROGRAMME) if by else AccessPurpose.PROGRAMME,
        channel=channel,
        fields=[LOG_FIELD],
    )


@transaction.atomic
def ambassador_create(
    *,
    person: Person,
    values: Mapping[str, Any],
    by: User | None,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Ambassador:
    """A person of the registry becomes an ambassador (once)."""
    if Ambassador.objects.filter(person=person).exists():
        raise ValidationError({"person": _("This person is an ambassador already.")})
    ambassador = Ambassador(person=person, created_by=by)
    fields_set(ambassador, _normalised(values), AMBASSADOR_FIELDS)
    ambassador.note = (ambassador.note or "").strip()
    ambassador.full_clean(exclude=["person", "created_by"], validate_constraints=False)
    _check(ambassador, person)
    ambassador.save()
    _logged(by, person.pk, purpose, channel)
    return ambassador


@transaction.atomic
def ambassador_register(
    *,
    person_values: Mapping[str, Any],
    languages: Iterable[Language],
    values: Mapping[str, Any],
    by: User | None,
    allow_similar: bool = False,
    channel: AccessChannel | None = None,
) -> Ambassador:
    """Someone new to the registry becomes an ambassador: registered through the people
    service (traced, the national number checked), then the role record. A refused role
    takes the registration back with it."""
    from haven.people.services import person_create

    person = person_create(
        by=by,
        values=person_values,
        languages=languages,
        purpose=AccessPurpose.PROGRAMME,
        channel=channel,
        allow_similar=allow_similar,
    )
    return ambassador_create(person=person, values=values, by=by, channel=channel)


@transaction.atomic
def ambassador_update(
    *,
    ambassador: Ambassador,
    values: Mapping[str, Any],
    by: User | None,
    purpose: str | None = None,
    channel: AccessChannel | None = None,
) -> Ambassador:
    """Themes, weekdays, dates, consent or stopping changed."""
    ambassador = Ambassador.objects.select_for_update().select_related("person").get(pk=ambassador.pk)
    names = fields_set(ambassador, _normalised(values), AMBASSADOR_FIELDS)
    ambassador.note = (ambassador.note or "").strip()
    ambassador.full_clean(exclude=["person", "created_by"], validate_constraints=False)
    _check(ambassador, ambassador.person)
    if names:
        ambassador.save(update_fields=names)
        if "consent_withdrawn_on" in names and ambassador.consent_withdrawn_on is not None:
            from haven.organisations.services.consent import testimonies_release

            testimonies_release(ambassador, ambassador.consent_withdrawn_on, by=by)
        _logged(by, ambassador.person_id, purpose, channel)
    return ambassador
