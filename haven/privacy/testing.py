"""What the life-cycle tests of every app share: the whole report for some years (to compare
before and after an anonymisation), and a search of the whole database and every stored
file for a person's identifying values."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models.functions import Cast, Lower

from haven.reports.registry import annual_report

TEXT_FIELDS = (models.CharField, models.TextField, models.FileField, models.JSONField)


def report_tables(years: Iterable[int]) -> dict[int, dict[str, Any]]:
    """Every section's table for each year, counted now."""
    return {year: annual_report(year)["tables"] for year in years}


def _text_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.concrete_fields if isinstance(field, TEXT_FIELDS)]


def database_hits(values: Iterable[str]) -> list[str]:
    """``table.column: value`` for every text column (JSON included) holding one of the values
    (case-insensitive). One query per table that has text columns."""
    wanted = sorted({value.strip().lower() for value in values if value and len(value.strip()) >= 3})
    if not wanted:
        return []
    hits: list[str] = []
    for model in apps.get_models(include_auto_created=True):
        fields = _text_fields(model)
        if not fields:
            continue
        annotations = {f"_t_{field.attname}": Lower(Cast(field.attname, models.TextField())) for field in fields}
        condition = models.Q()
        for name in annotations:
            for value in wanted:
                condition |= models.Q(**{f"{name}__contains": value})
        rows = model._base_manager.annotate(**annotations).filter(condition).values(*annotations)
        for row in rows.iterator():
            for name, text in row.items():
                if text:
                    hits.extend(f"{model._meta.db_table}.{name[3:]}: {value}" for value in wanted if value in text)
    return sorted(set(hits))


def _file_texts(path: Path) -> Iterable[str]:
    data = path.read_bytes()
    yield data.decode("utf-8", errors="ignore")
    if data[:4] == b"%PDF":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            yield "\n".join(page.extract_text() or "" for page in reader.pages)
        except PdfReadError:  # not a whole PDF (the demo's stand-in scans): its bytes were read above
            return
    elif data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.namelist():
                yield archive.read(member).decode("utf-8", errors="ignore")


def file_hits(values: Iterable[str], root: Path | None = None) -> list[str]:
    """``path: value`` for every file under MEDIA_ROOT holding one of the values (text, PDF
    text, and the members of zip files such as spreadsheets)."""
    wanted = sorted({value.strip().lower() for value in values if value and len(value.strip()) >= 3})
    base = Path(root or settings.MEDIA_ROOT)
    hits: list[str] = []
    if not base.exists():
        return hits
    for path in sorted(base.rglob("*")):
        if not path.is_file():
            continue
        for text in _file_texts(path):
            lowered = text.lower()
            hits.extend(f"{path.relative_to(base)}: {value}" for value in wanted if value in lowered)
    return sorted(set(hits))


def identifying_values_found(values: Iterable[str]) -> list[str]:
    """Where any of ``values`` is still found: the database's text columns and every file."""
    values = list(values)
    return database_hits(values) + file_hits(values)


def person_identifiers(person) -> list[str]:
    """The values that identify a person in the registry: names (native spellings too),
    national number, e-mail, phone, street."""
    candidates = [
        person.given_names,
        person.family_name,
        getattr(person, "native_given_names", ""),
        getattr(person, "native_family_name", ""),
        person.national_number or "",
        person.email,
        person.phone,
        person.street,
    ]
    return [value for value in candidates if value and len(value) >= 3]
