"""Writes of the transit site, one function per act. Each runs in one transaction and
refuses bad input with a ValidationError naming the field; nothing is half-written.

Occupancy: the caravans on the site never exceed its places on any day. Every write that
adds caravans or days to a stay locks the site's row first (``select_for_update``: on
PostgreSQL a row lock that makes parallel arrivals wait their turn; SQLite's transactions
start IMMEDIATE and so already run one at a time) and counts the stays overlapping it
after the lock, as ``orientation.services.enrolment_create`` does for a course's seats.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from haven.accounts.models import User
from haven.core.audit import access_record, audit_record
from haven.core.models import AccessAction, AccessChannel, AccessPurpose, AuditAction
from haven.people.access import purpose_or_default
from haven.people.models import Person
from haven.transit_site.models import (
    ArrivalNotice,
    Attendance,
    Child,
    LanguageGroup,
    LessonDays,
    NoticeState,
    Site,
    Stay,
)

STAY_FIELDS = (
    "household_size",
    "nationality",
    "caravans",
    "arrival",
    "planned_departure",
    "departure",
    "deposit_paid",
    "fees_paid",
    "rules_signed",
    "notes",
)
NOTICE_FIELDS = ("family_name", "phone", "caravans", "announced_on", "expected_arrival")


@dataclass(frozen=True)
class ChildValues:
    first_name: str
    birth_date: date
    language_group: str = LanguageGroup.FRENCH


def _logged(by: User | None, person_id: int, action: str, purpose: str | None, channel: AccessChannel | None) -> None:
    """Log a change to a family's stay on the head of family's record."""
    if by is None:
        return
    access_record(
        user=by,
        person_id=person_id,
        action=action,
        purpose=purpose_or_default(by, purpose, AccessPurpose.PROGRAMME),
        channel=channel,
        fields=["transit_stays"],
    )


def occupancy(site: Site, first: date, last: date, *, exclude: int | None = None) -> dict[date, int]:
    """The caravans on the site on each day from ``first`` to ``last`` (both included):
    one query."""
    stays = Stay.objects.filter(site=site, arrival__lte=last).exclude(departure__isnull=False, departure__lte=first)
    stays = stays.exclude(departure__isnull=True, planned_departure__lte=first)
    if exclude is not None:
        stays = stays.exclude(pk=exclude)
    days = {first + timedelta(days=offset): 0 for offset in range((last - first).days + 1)}
    for arrival, planned, departure, caravans in stays.values_list(
        "arrival", "planned_departure", "departure", "caravans"
    ):
        day = max(arrival, first)
        ends = departure or planned
        while day < ends and day <= last:
            days[day] += caravans
            day += timedelta(days=1)
    return days


def _check_dates(stay: Stay) -> None:
    errors: dict[str, str] = {}
    if stay.arrival and stay.planned_departure and stay.planned_departure <= stay.arrival:
        errors["planned_departure"] = _("The planned departure must be after the arrival.")
    if stay.arrival and stay.departure and stay.departure <= stay.arrival:
        errors["departure"] = _("The departure must be after the arrival.")
    if errors:
        raise ValidationError(errors)


def _check_family_free(stay: Stay) -> None:
    """A family is on one stay at a time."""
    others = Stay.objects.filter(head_id=stay.head_id, arrival__lt=stay.ends).exclude(pk=stay.pk)
    for arrival, planned, departure in others.values_list("arrival", "planned_departure", "departure"):
        if (departure or planned) > stay.arrival:
            raise ValidationError(
                {
                    "arrival": _("This family already has a stay on the site during these days (from %(day)s).")
                    % {"day": date_format(arrival, "SHORT_DATE_FORMAT")}
                }
            )


def _check_places(stay: Stay, site: Site) -> None:
    """The site's row is locked by the caller: the count cannot change under it."""
    days = occupancy(site, stay.arrival, stay.ends - timedelta(days=1), exclude=stay.pk)
    for day, taken in sorted(days.items()):
        if taken + stay.caravans > site.places:
            free = max(site.places - taken, 0)
            raise ValidationError(
                {
                    "caravans": _("The site has %(free)s free places on %(day)s.")
                    % {"free": free, "day": date_format(day, "SHORT_DATE_FORMAT")}
                }
            )


def _locked(site: Site) -> Site:
    return Site.objects.select_for_update().get(pk=site.pk)


def _children_create(stay: Stay, children: Iterable[ChildValues]) -> list[Child]:
    rows = []
    for index, values in enumerate(children):
        child = Child(
            stay=stay, first_name=values.first_name, birth_date=values.birth_date, language_group=values.language_group
        )
        try:
            child.full_clean(exclude=["stay"])
        except ValidationError as error:
            raise ValidationError(
                {f"children-{index}-{field}": messages for field, messages in error.message_dict.items()}
            ) from None
        if values.birth_date > stay.arrival:
            raise ValidationError({f"children-{index}-birth_date": _("The date of birth is after the arrival.")})
        rows.append(child)
    return Child.objects.bulk_create(rows)


@transaction.atomic
def stay_create(
    *,
    site: Site,
    head: Person,
    values: Mapping[str, Any],
    children: Iterable[ChildValues] = (),
    by: User | None,
    notice: ArrivalNotice | None = None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Stay:
    """A family arrives (or is booked): the stay and its children, if the places allow
    on every day of it and the family has no other stay then."""
    site = _locked(site)
    stay = Stay(site=site, head=head, created_by=by)
    for field in STAY_FIELDS:
        if field in values:
            setattr(stay, field, values[field])
    if not stay.nationality:
        stay.nationality = head.nationality
    stay.full_clean(exclude=["site", "head", "created_by"], validate_constraints=False)
    _check_dates(stay)
    _check_family_free(stay)
    _check_places(stay, site)
    stay.save()
    _children_create(stay, children)
    if notice is not None:
        # The stay names the family now: the notice's name and phone are erased (see ArrivalNotice).
        ArrivalNotice.objects.filter(pk=notice.pk).update(
            state=NoticeState.ARRIVED, stay=stay, family_name="", phone=""
        )
        audit_record(actor=by, action=AuditAction.UPDATE, target=notice, fields=["state", "family_name", "phone"])
    _logged(by, head.pk, AccessAction.UPDATE, purpose, channel)
    return stay


@transaction.atomic
def stay_register_family(
    *,
    site: Site,
    head_values: Mapping[str, Any],
    values: Mapping[str, Any],
    children: Iterable[ChildValues] = (),
    by: User | None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
    allow_similar: bool = False,
) -> Stay:
    """A family new to the registry: the head of family registered through the people
    service, then the stay. A stay refused takes the registration back with it."""
    from haven.people.services import person_create

    head = person_create(
        by=by,
        values=head_values,
        purpose=purpose_or_default(by, purpose, AccessPurpose.PROGRAMME) if by else AccessPurpose.PROGRAMME,
        channel=channel,
        allow_similar=allow_similar,
    )
    return stay_create(site=site, head=head, values=values, children=children, by=by, channel=channel, purpose=purpose)


@transaction.atomic
def stay_update(
    *,
    stay: Stay,
    values: Mapping[str, Any],
    by: User | None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Stay:
    """Change a stay (the departure, the payments, the caravans...): the places are counted
    again for its days."""
    site = _locked(stay.site)
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    for field in STAY_FIELDS:
        if field in values:
            setattr(stay, field, values[field])
    stay.full_clean(exclude=["site", "head", "created_by"], validate_constraints=False)
    _check_dates(stay)
    _check_family_free(stay)
    _check_places(stay, site)
    if stay.children.filter(birth_date__gt=stay.arrival).exists():
        raise ValidationError({"arrival": _("A child of the family is born after this arrival.")})
    stay.save()
    _logged(by, stay.head_id, AccessAction.UPDATE, purpose, channel)
    return stay


@transaction.atomic
def child_add(
    *,
    stay: Stay,
    values: ChildValues,
    by: User | None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Child:
    try:
        (child,) = _children_create(stay, [values])
    except ValidationError as error:
        raise ValidationError(
            {field.removeprefix("children-0-"): messages for field, messages in error.message_dict.items()}
        ) from None
    _logged(by, stay.head_id, AccessAction.UPDATE, purpose, channel)
    return child


@transaction.atomic
def site_places_set(*, site: Site, places: int, today: date, by: User | None) -> Site:
    """Change the site's places; never below the caravans booked on any day from today on."""
    site = _locked(site)
    site.places = places
    site.full_clean(validate_unique=False)
    last = (
        Stay.objects.filter(site=site, arrival__gte=today)
        .order_by("-planned_departure")
        .values_list("planned_departure", flat=True)
        .first()
    )
    ends = max(filter(None, [last, today + timedelta(days=366)]))
    busiest = max(occupancy(site, today, ends).values(), default=0)
    if busiest > places:
        raise ValidationError(
            {"places": _("%(caravans)s caravans are booked on one of the coming days.") % {"caravans": busiest}}
        )
    site.save(update_fields=["places"])
    return site


def lesson_days_on(site: Site, day: date) -> LessonDays | None:
    """The setting in force on the day (one query)."""
    return LessonDays.objects.filter(site=site, valid_from__lte=day).order_by("-valid_from").first()


@transaction.atomic
def lesson_days_set(*, site: Site, valid_from: date, weekdays: Iterable[int], by: User | None) -> LessonDays:
    """From ``valid_from`` on, lessons on these weekdays (Monday is 0)."""
    codes = "".join(str(day) for day in sorted(set(weekdays)))
    setting = LessonDays.objects.filter(site=site, valid_from=valid_from).first() or LessonDays(
        site=site, valid_from=valid_from
    )
    setting.weekdays = codes
    setting.full_clean(exclude=["site"], validate_unique=False)
    setting.save()
    return setting


@transaction.atomic
def attendance_record(
    *,
    site: Site,
    day: date,
    present: Iterable[int],
    by: User | None,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> int:
    """The children present at the lessons of a lesson day (``present``: child ids); the
    day's sheet is replaced. Only a lesson day, and only children on the site that day."""
    setting = lesson_days_on(site, day)
    if setting is None or not setting.is_lesson_day(day):
        raise ValidationError({"day": _("This day is not a lesson day.")})
    ids = set(present)
    children = {child.pk: child for child in Child.objects.filter(pk__in=ids, stay__site=site).select_related("stay")}
    if set(children) != ids or any(not child.stay.on_site(day) for child in children.values()):
        raise ValidationError({"present": _("A child marked present is not on the site that day.")})
    Attendance.objects.filter(day=day, child__stay__site=site).delete()
    Attendance.objects.bulk_create([Attendance(child_id=pk, day=day) for pk in sorted(ids)])
    for head in sorted({child.stay.head_id for child in children.values()}):
        _logged(by, head, AccessAction.UPDATE, purpose, channel)
    return len(ids)


@transaction.atomic
def notice_create(*, site: Site, values: Mapping[str, Any], by: User | None) -> ArrivalNotice:
    """A family announces its arrival while the site is full: on the arrivals list."""
    notice = ArrivalNotice(site=site, created_by=by)
    for field in NOTICE_FIELDS:
        if field in values:
            setattr(notice, field, values[field])
    notice.family_name, notice.phone = notice.family_name.strip(), notice.phone.strip()
    notice.full_clean(exclude=["site", "created_by", "stay"])
    if not notice.family_name:
        raise ValidationError({"family_name": _("Give the family name, to call the family when a place is free.")})
    if notice.expected_arrival < notice.announced_on:
        raise ValidationError({"expected_arrival": _("The expected arrival is before the announcement.")})
    notice.save()
    audit_record(actor=by, action=AuditAction.CREATE, target=notice, fields=list(NOTICE_FIELDS))
    return notice


@transaction.atomic
def notice_cancel(*, notice: ArrivalNotice, by: User | None) -> ArrivalNotice:
    notice = ArrivalNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != NoticeState.WAITING:
        raise ValidationError({"state": _("This family is no longer waiting.")})
    # Off the list: nothing calls the family back any more (see ArrivalNotice).
    notice.state, notice.family_name, notice.phone = NoticeState.CANCELLED, "", ""
    notice.save(update_fields=["state", "family_name", "phone"])
    audit_record(actor=by, action=AuditAction.UPDATE, target=notice, fields=["state", "family_name", "phone"])
    return notice
