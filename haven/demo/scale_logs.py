"""The access log and the audit trail of the copies, appended to their hash chains in
bulk: the chain's lock is taken once, each batch of entries is linked to the last
hash (haven.core.chain.link) and written with one ORM bulk insert, so the entries get
their ids from the table's own sequence and ``haven audit verify`` walks them like any
other. Times are now, never behind the last entry's, as the services write them."""

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from haven.core.chain import ACCESS_CHAIN, AUDIT_CHAIN, Chain, link, lock_and_last_hash
from haven.core.models import AccessLogEntry, AuditEntry
from haven.demo.scale_copy import BATCH, Span
from haven.people.models import Person

CHAIN_COLUMNS = {"id", "previous_hash", "hash", "at"}  # set by the chain, not copied


def _copied_columns(chain: Chain) -> list[str]:
    return [field.attname for field in chain.model._meta.concrete_fields if field.attname not in CHAIN_COLUMNS]


def _append(chain: Chain, entries: list, state: dict) -> None:
    """Link ``entries`` after the last one written and insert them in one bulk insert."""
    now = timezone.now()
    state["at"] = at = max(now, state["at"]) if state["at"] else now
    for entry in entries:
        entry.at = at
    state["hash"] = link(chain, entries, state["hash"])
    chain.model.objects.bulk_create(entries)


def _chain_state(chain: Chain) -> dict:
    model: Any = chain.model  # both chains' models have ``at``; their abstract base has not
    last_at: datetime | None = model.objects.order_by("-id").values_list("at", flat=True).first()
    return {"hash": lock_and_last_hash(chain), "at": last_at}


def access_log_copy(spans: dict, copies: Iterable[int]) -> int:
    """Every demo entry again for each copy, with the copy's person and user."""
    top = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    columns = _copied_columns(ACCESS_CHAIN)
    base = list(AccessLogEntry.objects.filter(id__lte=top).order_by("id").values(*columns))
    people: Span = spans[Person]
    users: Span = spans[get_user_model()]
    state = _chain_state(ACCESS_CHAIN)
    written = 0
    for copy in copies:
        for start in range(0, len(base), BATCH):
            entries = []
            for row in base[start : start + BATCH]:
                entry = AccessLogEntry(**row)
                entry.person_id = people.remap_id(row["person_id"], copy)
                entry.user_id = users.remap_id(row["user_id"], copy)
                entries.append(entry)
            _append(ACCESS_CHAIN, entries, state)
            written += len(entries)
    return written


def audit_copy(spans: dict, copies: Iterable[int]) -> int:
    """The audit entries of the copied logins' creation, for each copy's logins."""
    users: Span = spans[get_user_model()]
    copied = {str(user_id) for user_id in users.ids or ()}
    columns = _copied_columns(AUDIT_CHAIN)
    base = list(
        AuditEntry.objects.filter(target_type="accounts.user", target_id__in=copied).order_by("id").values(*columns)
    )
    state = _chain_state(AUDIT_CHAIN)
    written = 0
    for copy in copies:
        targets = {int(row["target_id"]) + copy * users.top for row in base}
        usernames = dict(get_user_model().objects.filter(pk__in=targets).values_list("pk", "username"))
        entries = []
        for row in base:
            entry = AuditEntry(**row)
            target = int(row["target_id"]) + copy * users.top
            entry.target_id, entry.target_label = str(target), usernames.get(target, "")
            entry.actor_id = users.remap(row["actor_id"], copy)
            entries.append(entry)
        if entries:
            _append(AUDIT_CHAIN, entries, state)
            written += len(entries)
    return written
