"""Anonymisation: the retention registry (``haven.core.retention``) applied.

Two passes, in one transaction:

1. **Records past their period.** For every declaration, the records whose start event lies
   more than the period before ``as_of`` have their declared fields emptied (files deleted
   from storage once the transaction commits), or are deleted when so declared. This holds
   whether or not the person they are about is still a client: a 2015 note goes in 2020 even
   if its person signed a new contract since.
2. **People past their period.** A person every one of whose records is past its period
   (and whose own registry entry is) is anonymised: their ``people.Person`` row keeps its id
   (the access log and every counted record point to it) and becomes a pseudonym: the
   family name ``ANON-<id>``, every other name, number, address, contact and note emptied.
   What the report counts (birth date, sex, nationality, languages, district, first
   registration) stays.

Every statement is a bulk UPDATE or DELETE per declaration: the number of queries grows with
the number of declarations, never with the number of people or records.

``person_erase`` is the early erasure the privacy officer decides on a request (art. 17):
every record about the person emptied now, whatever its period.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from haven.core.audit import audit_record
from haven.core.models import AuditAction
from haven.core.retention import Retention, erased_value, field_at, retentions
from haven.people.models import Person
from haven.privacy.models import AnonymisationRun, SubjectRequest

logger = logging.getLogger(__name__)

PSEUDONYM_PREFIX = "ANON-"
SLICE = 5000  # ids a statement: SQLite takes at most 32,766 parameters


@dataclass(frozen=True)
class Due:
    """What an anonymisation as of ``as_of`` would do."""

    as_of: datetime.date
    persons: list[int]  # ids of the people to anonymise, ascending
    records: dict[str, int]  # declaration key -> records past their period with something left to erase

    @property
    def total_records(self) -> int:
        return sum(self.records.values())


@dataclass
class Outcome:
    due: Due
    run: AnonymisationRun | None = None
    files_deleted: int = 0
    records: dict[str, int] = field(default_factory=dict)


def _not_yet_erased(declaration: Retention) -> models.Q:
    """Records that still hold something the declaration erases (a second run finds none)."""
    if declaration.delete:
        return models.Q()
    condition = models.Q()
    model = declaration.model_class
    for name in declaration.erase:
        model_field = field_at(model, name)
        if name == declaration.pseudonym:
            condition |= ~models.Q(**{f"{name}__startswith": PSEUDONYM_PREFIX})
            continue
        empty = erased_value(model_field)
        if empty is None:
            condition |= models.Q(**{f"{name}__isnull": False})
        else:
            condition |= ~models.Q(**{name: empty})
    return condition


def _erasable(declaration: Retention) -> bool:
    return declaration.delete or bool(declaration.erase)


def _past_records(declaration: Retention, as_of: datetime.date) -> models.QuerySet:
    return declaration.model_class._default_manager.filter(declaration.past(as_of)).filter(_not_yet_erased(declaration))


def persons_in_use(as_of: datetime.date) -> set[int]:
    """Ids of the people some record (or their own registry entry) still needs on ``as_of``:
    one query per person lookup of every declaration."""
    in_use: set[int] = set()
    for declaration in retentions():
        if not declaration.persons or not declaration.keeps_in_use:
            continue
        records = declaration.model_class._default_manager.filter(declaration.in_use(as_of))
        for lookup in declaration.persons:
            in_use.update(
                person_id
                for person_id in records.filter(**{f"{lookup}__isnull": False})
                .values_list(lookup, flat=True)
                .distinct()
                .iterator()
            )
    return in_use


def anonymisation_due(as_of: datetime.date) -> Due:
    """The people and records an anonymisation as of ``as_of`` would change."""
    in_use = persons_in_use(as_of)
    persons = [
        person_id
        for person_id in Person.objects.filter(anonymised_at__isnull=True).order_by("pk").values_list("pk", flat=True)
        if person_id not in in_use
    ]
    records = {}
    for declaration in retentions():
        # The registry's own entries are counted as people (above), not as records.
        if not _erasable(declaration) or declaration.model_class is Person:
            continue
        count = _past_records(declaration, as_of).count()
        if count:
            records[declaration.key] = count
    return Due(as_of, persons, records)


def _file_names(queryset: models.QuerySet, declaration: Retention) -> list[tuple[models.FileField, str]]:
    model = declaration.model_class
    names: list[str] = (
        list(declaration.erase)
        if not declaration.delete
        else [f.name for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    )
    file_fields = [field for field in (field_at(model, name) for name in names) if isinstance(field, models.FileField)]
    found: list[tuple[models.FileField, str]] = []
    for file_field in file_fields:
        names_found = queryset.exclude(**{file_field.name: ""}).values_list(file_field.name, flat=True)
        found.extend((file_field, name) for name in names_found.iterator() if name)
    return found


def _erased_values(declaration: Retention) -> dict[str, object]:
    """The UPDATE that empties a declaration's fields (the pseudonym field gets ``ANON-<id>``)."""
    pseudonym = Concat(models.Value(PSEUDONYM_PREFIX), Cast("pk", models.CharField()))
    return {
        name: pseudonym if name == declaration.pseudonym else erased_value(field_at(declaration.model_class, name))
        for name in declaration.erase
    }


def _slices(ids: list[int]) -> Iterator[list[int]]:
    """Ids in slices of ``SLICE``, one statement each."""
    for start in range(0, len(ids), SLICE):
        yield ids[start : start + SLICE]


def _erase(declaration: Retention, queryset: models.QuerySet) -> tuple[int, list[tuple[models.FileField, str]]]:
    """Empty (or delete) the records of ``queryset``; the files to delete after commit."""
    files = _file_names(queryset, declaration)
    if declaration.delete:
        count, _ = queryset.delete()
        return count, files
    return queryset.update(**_erased_values(declaration)), files


def _delete_files(files: Iterable[tuple[models.FileField, str]]) -> int:
    deleted = 0
    for file_field, name in files:
        storage = file_field.storage
        if storage.exists(name):
            storage.delete(name)
            deleted += 1
    return deleted


def _copies_remove(person_ids: list[int]) -> None:
    """The people's own copies still kept for download go with them: a copy must not
    outlive what it copies."""
    from haven.privacy.subject_copy_files import copies_remove

    copies_remove(person_ids)


def _person_declaration() -> Retention | None:
    for declaration in retentions():
        if declaration.model_class is Person:
            return declaration
    return None


def _anonymise_persons(person_ids: list[int], now: datetime.datetime) -> tuple[int, list]:
    """The people's rows become pseudonyms: the registry's own declaration applied, and
    the day it was done."""
    declaration = _person_declaration()
    if declaration is None:
        return 0, []
    count, files = 0, []
    for part in _slices(person_ids):
        people = Person.objects.filter(pk__in=part, anonymised_at__isnull=True)
        files += _file_names(people, declaration)
        count += people.update(anonymised_at=now, **_erased_values(declaration))
    return count, files


def anonymise(
    as_of: datetime.date,
    *,
    by=None,
    channel: str = AnonymisationRun.Channel.JOB,
    dry_run: bool = False,
) -> Outcome:
    """Anonymise every person and record past retention on ``as_of`` (see the module)."""
    due = anonymisation_due(as_of)
    if dry_run:
        return Outcome(due)
    now = timezone.now()
    files: list = []
    counts: dict[str, int] = {}
    with transaction.atomic():
        for declaration in retentions():
            if not _erasable(declaration) or declaration.model_class is Person:
                continue
            count, found = _erase(declaration, _past_records(declaration, as_of))
            files += found
            if count:
                counts[declaration.key] = count
        # Records that only follow their people (a household link, the facts of a file) go
        # with them, whatever their own dates.
        for declaration in retentions():
            if declaration.keeps_in_use or not due.persons or not _erasable(declaration):
                continue
            for part in _slices(due.persons):
                about = models.Q()
                for lookup in declaration.persons:
                    about |= models.Q(**{f"{lookup}__in": part})
                queryset = declaration.model_class._default_manager.filter(about).filter(_not_yet_erased(declaration))
                count, found = _erase(declaration, queryset)
                files += found
                if count:
                    counts[declaration.key] = counts.get(declaration.key, 0) + count
        person_declaration = _person_declaration()
        if person_declaration is not None:
            # The registry entries past their own period whose person stays (still a client
            # elsewhere) keep their row; only people wholly past are anonymised below.
            persons, found = _anonymise_persons(due.persons, now)
            files += found
            if persons:
                counts[person_declaration.key] = persons
        else:
            persons = 0
        run = AnonymisationRun.objects.create(
            as_of=as_of,
            by=by if getattr(by, "is_authenticated", False) else None,
            channel=channel,
            persons=persons,
            records=counts,
        )
        audit_record(
            actor=by,
            action=AuditAction.OTHER,
            target=run,
            fields=sorted(counts),
            note=f"anonymisation as of {as_of.isoformat()}: {persons} people",
        )
        outcome = Outcome(due, run, records=counts)
        transaction.on_commit(lambda: setattr(outcome, "files_deleted", _delete_files(files)))
        transaction.on_commit(lambda: _copies_remove(due.persons))
    logger.info("anonymisation as of %s: %s people, %s records", as_of, persons, sum(counts.values()))
    return outcome


def records_about(person: Person) -> list[tuple[Retention, models.QuerySet]]:
    """Every declared record about ``person``: (declaration, queryset), one per declaration
    that has person lookups (the queries are not run)."""
    found = []
    for declaration in retentions():
        if not declaration.persons:
            continue
        condition = models.Q()
        for lookup in declaration.persons:
            condition |= models.Q(**{lookup: person.pk})
        found.append((declaration, declaration.model_class._default_manager.filter(condition)))
    return found


def person_erase(person: Person, *, by, reason: str, received_on: datetime.date) -> SubjectRequest:
    """Erase everything about ``person`` now, whatever the periods (the privacy officer's
    decision on a request the law allows): every declared record about them emptied or
    deleted, their row a pseudonym. Recorded as a subject request, traced."""
    from haven.core.audit import access_record
    from haven.core.models import AccessAction, AccessPurpose

    now = timezone.now()
    with transaction.atomic():
        request = SubjectRequest.objects.create(
            person=person,
            kind=SubjectRequest.Kind.ERASURE,
            reason=reason,
            received_on=received_on,
            made_by=by,
        )
        files: list = []
        counts: dict[str, int] = {}
        for declaration, queryset in records_about(person):
            if declaration.model_class is Person or not _erasable(declaration):
                continue
            count, found = _erase(declaration, queryset.filter(_not_yet_erased(declaration)))
            files += found
            if count:
                counts[declaration.key] = count
        _persons, found = _anonymise_persons([person.pk], now)
        files += found
        access_record(
            user=by,
            person_id=person.pk,
            action=AccessAction.UPDATE,
            purpose=AccessPurpose.SUBJECT_REQUEST,
            fields=["erasure"],
        )
        audit_record(actor=by, action=AuditAction.DELETE, target=request, fields=sorted(counts), note="erasure")
        transaction.on_commit(lambda: _delete_files(files))
        transaction.on_commit(lambda: _copies_remove([person.pk]))
    return request
