"""Writing the access log and the audit trail. Every person shown, opened, changed or
refused goes through ``access_trace`` (or its one-person wrapper ``access_record``);
every change to users, roles, tokens and reference data through ``audit_record``.

Both logs are hash chains (haven.core.chain): a writer takes the chain's lock inside a
transaction, reads the last hash, links its new entries and inserts them in one bulk
insert — a fixed number of queries whatever the number of people.
"""

from collections.abc import Iterable

from django.db import router, transaction
from django.db.models import QuerySet
from django.utils import timezone

from haven.core.chain import ACCESS_CHAIN, AUDIT_CHAIN, link, lock_and_last_hash
from haven.core.models import (
    AccessAction,
    AccessChannel,
    AccessLogEntry,
    AccessPurpose,
    AuditAction,
    AuditEntry,
)
from haven.core.retention import retention_for
from haven.core.tracing import current_request_trace

REASON_MAX_LENGTH = 2000


def _context(channel, page, request_id) -> tuple[str, str, str]:
    """Channel, page and request id: as given, else from the current request; outside a
    request the channel is the command line."""
    trace = current_request_trace()
    if channel is None:
        channel = trace.channel if trace is not None else AccessChannel.COMMAND
    if page is None:
        page = trace.page if trace is not None else ""
    if request_id is None:
        request_id = trace.request_id if trace is not None else ""
    return str(AccessChannel(channel)), str(page)[:200], str(request_id)[:32]


def _append(chain, entries: list) -> list:
    using = router.db_for_write(chain.model)
    # A transaction of its own when called outside one; inside the caller's, no savepoint: an
    # entry that cannot be written fails the caller's whole change, which is what a log
    # demands (a savepoint per entry was 3 % of the demo's build, measured by sampling).
    with transaction.atomic(using=using, savepoint=False):
        previous = lock_and_last_hash(chain, using)
        now = timezone.now()  # taken under the lock: time order follows id order
        for entry in entries:
            entry.at = now
        link(chain, entries, previous)
        return chain.model.objects.using(using).bulk_create(entries)


def access_trace(
    *,
    user,
    person_ids: Iterable[int],
    action: AccessAction | str = AccessAction.LIST,
    purpose: AccessPurpose | str,
    channel: AccessChannel | str | None = None,
    page: str | None = None,
    request_id: str | None = None,
    break_glass: bool = False,
    reason: str = "",
    fields: Iterable[str] = (),
) -> int:
    """Append one entry per distinct person id (in id order), in one bulk insert, and
    return the number of entries. ``fields`` are names of changed fields, never values.

    ``purpose`` may be empty only for a refusal (the user gave none the role may give).
    """
    ids = sorted({int(person_id) for person_id in person_ids})
    if not ids:
        return 0
    action = AccessAction(action)
    purpose = "" if (action == AccessAction.REFUSED and not purpose) else str(AccessPurpose(purpose))
    if len(reason) > REASON_MAX_LENGTH:
        raise ValueError(f"The reason is longer than {REASON_MAX_LENGTH} characters.")
    channel, page, request_id = _context(channel, page, request_id)
    names = sorted(set(fields))
    entries = [
        AccessLogEntry(
            user=user,
            person_id=person_id,
            action=str(action),
            purpose=purpose,
            channel=channel,
            page=page,
            request_id=request_id,
            break_glass=bool(break_glass),
            reason=reason,
            fields=names,
        )
        for person_id in ids
    ]
    _append(ACCESS_CHAIN, entries)
    return len(entries)


def access_record(
    *,
    user,
    person_id: int,
    action: AccessAction | str,
    purpose: AccessPurpose | str,
    channel: AccessChannel | str | None = None,
    fields: Iterable[str] = (),
    page: str | None = None,
    request_id: str | None = None,
    break_glass: bool = False,
    reason: str = "",
    listed: Iterable[int] = (),
) -> AccessLogEntry:
    """Append one entry for one person (a file opened, created, changed, exported).
    ``listed``: other people the same response shows (a file's household), traced as
    listed, with the same purpose, in the same insert."""
    action = AccessAction(action)
    purpose = "" if (action == AccessAction.REFUSED and not purpose) else str(AccessPurpose(purpose))
    if len(reason) > REASON_MAX_LENGTH:
        raise ValueError(f"The reason is longer than {REASON_MAX_LENGTH} characters.")
    channel, page, request_id = _context(channel, page, request_id)
    entry = AccessLogEntry(
        user=user,
        person_id=int(person_id),
        action=str(action),
        purpose=purpose,
        channel=channel,
        page=page,
        request_id=request_id,
        break_glass=bool(break_glass),
        reason=reason,
        fields=sorted(set(fields)),
    )
    others = [
        AccessLogEntry(
            user=user,
            person_id=other,
            action=str(AccessAction.LIST),
            purpose=purpose,
            channel=channel,
            page=page,
            request_id=request_id,
            fields=[],
        )
        for other in sorted({int(other) for other in listed} - {int(person_id)})
    ]
    _append(ACCESS_CHAIN, [entry, *others])
    return entry


def access_history(*, person_id: int) -> QuerySet[AccessLogEntry]:
    """Who has seen this person, newest first: a backward walk of the index
    core_access_person_at_id (person_id, at, id), in exactly this order."""
    return AccessLogEntry.objects.filter(person_id=person_id).select_related("user")


def _target(target) -> tuple[str, str, str]:
    """Type, id and label of an audited record. The label is a username, code or
    name of reference data, never anything about a person: a model the retention registry
    declares (it holds personal data) is audited by type and id alone, since the trail's
    chain keeps every entry for good."""
    if target is None:
        return "", "", ""
    meta = target._meta
    target_type = f"{meta.app_label}.{meta.model_name}"
    label = ""
    if hasattr(target, "get_username"):
        label = target.get_username()
    elif retention_for(type(target)) is None:  # a record holding personal data gets no label
        for attribute in ("code", "name"):
            value = getattr(target, attribute, None)
            if isinstance(value, str) and value:
                label = value
                break
    return target_type, str(target.pk if target.pk is not None else "")[:64], label[:200]


def audit_record(*, actor, action: AuditAction | str, target, fields: Iterable[str] = (), note: str = "") -> AuditEntry:
    """Append one entry to the audit trail: ``actor`` (a user, or None for the command
    line) did ``action`` to ``target`` (a model instance). ``fields`` are the names of
    the fields changed, never values; role changes may be named ``groups:+intake``."""
    channel, _page, request_id = _context(None, None, None)
    target_type, target_id, target_label = _target(target)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    entry = AuditEntry(
        actor=actor,
        action=str(AuditAction(action)),
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        fields=sorted(set(fields)),
        note=note[:500],
        request_id=request_id,
        channel=channel,
    )
    _append(AUDIT_CHAIN, [entry])
    return entry
