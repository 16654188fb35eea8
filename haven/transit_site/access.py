"""Who may see and change the transit site's records. Pages and API use these.

The programme staff run the site: they register stays (for a family new to the registry,
or a person already in it: a stay starts the "programme" relationship), record the
lessons' attendance, keep the arrivals list and the lesson days. Other roles see nothing
of it; the manager sees the report only. Every read of a stay names its head of family:
it is logged with the purpose given, else "programme" where the user's roles may give it.
"""

from collections.abc import Iterable
from typing import Any

from django.http import Http404

from haven.core.access import may as may  # the pages ask it through this module
from haven.core.access import require_permission as _require
from haven.core.models import AccessChannel, AccessPurpose
from haven.people import access as people_access
from haven.people.access import person_access, purpose_or_default
from haven.people.models import Person
from haven.transit_site.models import ArrivalNotice, Site, Stay

READ = "transit_site.view_stay"
DEFAULT_SITE = "Doortrekkersterrein Drongensesteenweg"


def programme_purpose(user: Any, purpose: str | None) -> str:
    """The purpose given, else "programme" where the user's roles may give it."""
    return purpose_or_default(user, purpose, AccessPurpose.PROGRAMME)


def site_for_user(user: Any, permission: str = READ) -> Site:
    """The site, for pages and lists that show no single person's records (the agency has
    one; it is made with its 25 places on first use)."""
    _require(user, permission)
    site = Site.objects.order_by("id").first()
    if site is None:
        site, _created = Site.objects.get_or_create(name=DEFAULT_SITE)
    return site


def stay_for_user(
    user: Any,
    stay_id: int,
    *,
    write: bool = False,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Stay:
    """A stay: its read is logged on the head of family (a write is logged by the service)."""
    permission = "transit_site.change_stay" if write else READ
    _require(user, permission)
    stay = Stay.objects.select_related("head", "site").filter(pk=stay_id).first()
    if stay is None:
        raise Http404
    person_access(
        user,
        stay.head_id,
        purpose=programme_purpose(user, purpose),
        channel=channel,
        log_read=not write,
        permission=permission,
    )
    return stay


def person_for_stay(
    user: Any, person_id: int, *, write: bool = False, purpose: str | None = None, channel: AccessChannel | None = None
) -> Person:
    """A person already in the registry who arrives as head of family: the stay starts
    the "programme" relationship; the service logs the change."""
    return people_access.person_for_record(
        user,
        person_id,
        purpose=programme_purpose(user, purpose),
        permission="transit_site.add_stay",
        starts="programme",
        write=write,
        channel=channel,
    )


def family_for_registration(user: Any) -> None:
    """Registering a family new to the registry with its stay (the head of family is
    registered through the people service, for the stay)."""
    _require(user, "transit_site.add_stay")


def attendance_for_user(user: Any, *, write: bool = False) -> Site:
    """The day's attendance sheet: reading it, or recording it."""
    _require(user, "transit_site.view_attendance")
    return site_for_user(user, "transit_site.add_attendance" if write else READ)


def notice_for_user(user: Any, notice_id: int, *, write: bool = False) -> ArrivalNotice:
    _require(user, "transit_site.change_arrivalnotice" if write else "transit_site.view_arrivalnotice")
    notice = ArrivalNotice.objects.filter(pk=notice_id).first()
    if notice is None:
        raise Http404
    return notice


def people_shown(
    user: Any, person_ids: Iterable[int], *, channel: AccessChannel | None = None, purpose: str | None = None
) -> None:
    """A list of stays or an attendance sheet shows heads of family: one entry per person
    shown, in one insert."""
    people_access.people_shown(user, person_ids, purpose=programme_purpose(user, purpose), channel=channel)
