"""Who may see and change NT2 records. Pages and API use these.

Intake staff record conversations, tests, routing, enrolments, scholarships and
certification tests; counsellors read them for their clients' trajectories; the
functional administrator keeps providers, modules and funds; roles without the
permissions (partners, interpreters, managers) see nothing of it. Every read of a
person's NT2 records is logged with the purpose "Dutch intake and routing".
"""

from collections.abc import Iterable
from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from haven.core.access import require_permission as _require
from haven.core.models import AccessChannel, AccessPurpose
from haven.people.access import person_access, person_for_user, purpose_or_default
from haven.people.models import Person

READ = "nt2.view_conversation"
# The changes of a person's intake file, by the model permission each needs.
CHANGES = (
    "add_conversation",
    "add_languagetest",
    "add_routing",
    "change_routing",
    "add_enrolment",
    "change_enrolment",
    "add_scholarship",
    "add_certificationtest",
)

Record = TypeVar("Record", bound=models.Model)


def nt2_for_user(user: Any, permission: str = READ) -> None:
    """For lists and pages that show no single person's records."""
    _require(user, permission)


def intake_changes(user: Any) -> dict[str, bool]:
    """Which changes of a person's intake file the user may make (the forms the page shows;
    each write checks its permission again through ``intake_person_for_user``)."""
    return {name: user.has_perm(f"nt2.{name}") for name in CHANGES}


def intake_person_for_user(
    user: Any,
    person_id: int,
    *,
    permission: str = READ,
    write: bool = False,
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Person:
    """The person whose NT2 records are read (logged here, with the purpose given, else
    "Dutch intake and routing" where the user may give it) or written (logged by the service)."""
    _require(user, permission)
    purpose = purpose_or_default(user, purpose, AccessPurpose.LANGUAGE)
    if write:
        person = Person.objects.filter(pk=person_id).first()
        person_access(user, person_id, purpose=purpose, channel=channel, log_read=False, permission=permission)
        if person is None:
            raise Http404
        return person
    return person_for_user(user, person_id, purpose=purpose, channel=channel)


def record_for_user(
    user: Any,
    model: type[Record],
    record_id: int,
    *,
    write: bool = False,
    related: Iterable[str] = (),
    channel: AccessChannel | None = None,
    purpose: str | None = None,
) -> Record:
    """One NT2 record of a person (a routing, an enrolment, a scholarship, a certification
    test): the model's view or change permission; a read is logged."""
    action = "change" if write else "view"
    _require(user, f"nt2.{action}_{model._meta.model_name}")
    record = model._default_manager.select_related("person", *related).filter(pk=record_id).first()
    if record is None:
        raise Http404
    person_access(
        user,
        record.person_id,  # type: ignore[attr-defined]  # every NT2 record names its person
        purpose=purpose_or_default(user, purpose, AccessPurpose.LANGUAGE),
        channel=channel,
        log_read=not write,
        permission=f"nt2.{action}_{model._meta.model_name}",
    )
    return record
