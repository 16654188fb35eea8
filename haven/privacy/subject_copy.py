"""A person's own copy (GDPR art. 15 and 20): everything Haven holds about them, collected
through the retention registry, as a plain JSON-able document.

The document has, in the language asked:

- per record type declared in the registry with at least one record about the person (their
  own registry entry first): the type's name, how long it is kept and why, and every record
  with every field (its label, the stored value as JSON and the value as text: choices by
  their label, dates as ISO dates, files by name and size);
- the files of those records (listed; ``subject_copy_files`` puts them in the zip);
- the access history: every entry of the access log about the person (when, who, what,
  why, through which channel and page).

Nothing in it names anyone else: a relation to another person reads "another person" (no
name, no id); a relation to a record that holds personal data (of this person or another)
is "#<id>"; a relation to anything else (reference data, a course, a district) is its name;
staff are named by their username.

Queries: one per declaration (its records, with the relations named in the same query),
one per many-to-many field of a declared model, and one for the access history; never one
per record (the files' sizes are read from storage).
"""

from __future__ import annotations

import datetime
import decimal
import json
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from haven.core.audit import access_history
from haven.core.retention import Retention, retention_for
from haven.people.models import Person
from haven.privacy.anonymise import records_about

COPY_FORMAT = "haven-subject-copy/1"
FILES_FOLDER = "files"


def holds_personal_data(model: type[models.Model]) -> bool:
    """Whether a record of ``model`` is about someone: a person itself, a declaration that
    names people or erases fields, or a direct relation to a person. Such a record is
    named in a copy by its number only."""
    if model is Person:
        return True
    declaration = retention_for(model)
    if declaration is not None and (declaration.persons or declaration.erase):
        return True
    return any(field.is_relation and field.related_model is Person for field in model._meta.concrete_fields)


@dataclass(frozen=True)
class _Column:
    """How one field of a declared model is read and shown."""

    field: models.Field
    kind: str  # person, user, reference, named, file, choice, many, plain


def _columns(model: type[models.Model]) -> list[_Column]:
    user_model = get_user_model()
    columns = []
    for model_field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        related = model_field.related_model if model_field.is_relation else None
        if model_field.many_to_many:
            kind = "many"
        elif related is Person:
            kind = "person"
        elif related is user_model:
            kind = "user"
        elif related is not None:
            kind = "reference" if holds_personal_data(related) else "named"
        elif isinstance(model_field, models.FileField):
            kind = "file"
        elif model_field.choices:
            kind = "choice"
        else:
            kind = "plain"
        columns.append(_Column(model_field, kind))
    return columns


def _plain(value: Any) -> tuple[Any, str]:
    """A stored value as JSON and as text."""
    if value is None:
        return None, ""
    if isinstance(value, bool):
        return value, _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.isoformat(), moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat(), value.isoformat()
    if isinstance(value, int | float):
        return value, str(value)
    if isinstance(value, decimal.Decimal | uuid.UUID | datetime.timedelta):
        return str(value), str(value)
    if isinstance(value, bytes | memoryview):
        size = len(bytes(value))
        return None, _("(binary data, %(size)s bytes)") % {"size": size}
    if isinstance(value, dict | list):
        return value, json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value), str(value)


def _person_text(person_id: int | None, subject_id: int) -> tuple[Any, str]:
    if person_id is None:
        return None, ""
    if person_id == subject_id:
        return person_id, _("this person")
    return None, _("another person")  # neither their name nor their id


def _file(value: models.fields.files.FieldFile, archive_name: str) -> tuple[Any, str, dict[str, Any] | None]:
    if not value or not value.name:
        return None, "", None
    name = value.name.rsplit("/", 1)[-1]
    try:
        size: int | None = value.storage.size(value.name)
    except OSError:
        size = None  # the record names a file storage no longer has
    listed = {"name": name, "size": size, "archive": archive_name if size is not None else None}
    text = name if size is None else _("%(name)s (%(size)s bytes)") % {"name": name, "size": size}
    return listed, text, {"storage_name": value.name, **listed} if size is not None else None


def _value(
    record: models.Model, column: _Column, subject_id: int, section_key: str
) -> tuple[Any, str, dict[str, Any] | None]:
    """A field of a record: (JSON value, text, the file to include or None)."""
    model_field, kind = column.field, column.kind
    if kind == "many":
        related = list(getattr(record, model_field.name).all())
        target = model_field.related_model
        if target is Person:
            shown = [_person_text(item.pk, subject_id) for item in related]
            return [value for value, _text in shown if value is not None], ", ".join(t for _v, t in shown), None
        if target is None or holds_personal_data(target):
            return [item.pk for item in related], ", ".join(f"#{item.pk}" for item in related), None
        return [str(item) for item in related], ", ".join(str(item) for item in related), None
    if kind == "person":
        return (*_person_text(getattr(record, model_field.attname), subject_id), None)
    if kind == "user":
        user = getattr(record, model_field.name)
        username = user.get_username() if user is not None else None
        return username, username or "", None
    if kind == "reference":
        related_id = getattr(record, model_field.attname)
        return related_id, "" if related_id is None else f"#{related_id}", None
    if kind == "named":
        related_record = getattr(record, model_field.name)
        if related_record is None:
            return None, "", None
        return getattr(record, model_field.attname), str(related_record), None
    if kind == "file":
        stored = getattr(record, model_field.name)
        name = (stored.name or "").rsplit("/", 1)[-1] if stored else ""
        return _file(stored, f"{FILES_FOLDER}/{section_key}/{record.pk}-{model_field.name}-{name}")
    raw = getattr(record, model_field.attname)
    if kind == "choice" and raw not in (None, ""):
        labels = {str(key): label for key, label in model_field.flatchoices}
        value, _text = _plain(raw)
        return value, str(labels.get(str(raw), raw)), None
    return (*_plain(raw), None)


def _section(declaration: Retention, queryset: models.QuerySet, subject_id: int) -> dict[str, Any] | None:
    """One record type: its records about the person, or None when there are none."""
    model = declaration.model_class
    columns = _columns(model)
    joined = [column.field.name for column in columns if column.kind in ("user", "named")]
    many = [column.field.name for column in columns if column.kind == "many"]
    rows = queryset.select_related(*joined).prefetch_related(*many).order_by("pk")
    records, files, seen = [], [], set()
    for record in rows:
        if record.pk in seen:  # a lookup through a relation may find a record twice
            continue
        seen.add(record.pk)
        fields = []
        for column in columns:
            value, text, found = _value(record, column, subject_id, declaration.key)
            fields.append(
                {
                    "field": column.field.name,
                    "label": capfirst(str(column.field.verbose_name)),
                    "value": value,
                    "text": text,
                }
            )
            if found is not None:
                files.append({"section": declaration.key, "record": record.pk, "field": column.field.name, **found})
        records.append({"id": record.pk, "fields": fields})
    if not records:
        return None
    meta = model._meta
    return {
        "key": declaration.key,
        "app": str(meta.app_config.verbose_name),
        "title": capfirst(str(meta.verbose_name_plural)),
        "retention": {"years": declaration.period_years, "legal": str(declaration.legal)},
        "records": records,
        "files": files,
    }


def access_entries(person_id: int) -> list[dict[str, Any]]:
    """Who read the person's file and why, newest first: every entry (one query)."""
    entries = []
    for entry in access_history(person_id=person_id).order_by("-at", "-id"):
        moment = timezone.localtime(entry.at)
        entries.append(
            {
                "at": moment.isoformat(),
                "at_text": moment.strftime("%Y-%m-%d %H:%M"),
                "user": entry.user.get_username(),
                "action": entry.action,
                "action_text": capfirst(str(entry.get_action_display())),
                "purpose": entry.purpose,
                "purpose_text": str(entry.get_purpose_display()) if entry.purpose else "",
                "channel": entry.channel,
                "channel_text": str(entry.get_channel_display()),
                "page": entry.page,
                "outside_relationship": entry.break_glass,
                "reason": entry.reason,
            }
        )
    return entries


def subject_copy_document(person: Person, *, language: str, now: datetime.datetime | None = None) -> dict[str, Any]:
    """Everything held about ``person`` (see the module), in ``language`` ("nl" or "en")."""
    now = now or timezone.now()
    with translation.override(language):
        found = []
        for declaration, queryset in records_about(person):
            section = _section(declaration, queryset, person.pk)
            if section is not None:
                found.append(section)
        # The person's own registry entry first, then the record types in the registry's order.
        found.sort(key=lambda section: section["key"] != Person._meta.label_lower)
        return {
            "format": COPY_FORMAT,
            "language": language,
            "produced_at": timezone.localtime(now).isoformat(),
            "controller": str(settings.HAVEN_AGENCY.get("name", "")),
            "person": {"reference": person.reference, "name": person.full_name},
            "sections": found,
            "access_history": access_entries(person.pk),
        }


def copy_files(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The files the document lists, each with its name in storage and in the archive."""
    return [file for section in document["sections"] for file in section["files"]]
