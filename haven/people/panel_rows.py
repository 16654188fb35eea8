"""A person's records as one column of the person's own row: the person file in one query.

A panel of the person file (``haven.people.panels``) declares the subqueries it needs
(``json_rows``: a JSON array of objects, one per record of the person; or any other
correlated subquery, such as a count), and the file adds them to the one query that
reads the person. The panel then turns the arrays back into model instances
(``rows_decode``): the templates, the ``get_…_display`` methods and the services that
take records work unchanged, and a field left out of the array is deferred (read on
first use, which the file's query-count test would catch).

Both databases are served: PostgreSQL's ``JSONB_AGG``/``JSONB_BUILD_OBJECT`` and
SQLite's ``JSON_GROUP_ARRAY``/``JSON_OBJECT``. The order of the records is the panel's,
applied in Python (``order``): an aggregate has no order of its own on both.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime


class JSONArrayAgg(models.Aggregate):
    """The aggregated values as a JSON array (PostgreSQL ``JSONB_AGG``, SQLite ``JSON_GROUP_ARRAY``)."""

    function = "JSON_GROUP_ARRAY"
    output_field = models.JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


class _Nested(Func):
    """A JSON column inside a JSON object: SQLite keeps it as text unless told it is JSON."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)", **extra_context)


def _column(model: type[models.Model], path: str) -> Any:
    field: Any = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        model = field.related_model or model
    if isinstance(field, models.JSONField):
        return _Nested(F(path), output_field=field)
    return F(path)


def attnames(model: type[models.Model], *, prefix: str = "", only: Sequence[str] = ()) -> list[str]:
    """The model's columns (``only`` these when given), each behind ``prefix`` (a relation's ``name__``)."""
    return [prefix + field.attname for field in model._meta.concrete_fields if not only or field.attname in only]


def json_rows(
    queryset: QuerySet[Any],
    fields: Sequence[str],
    *,
    person_field: str = "person",
    extra: Mapping[str, Any] | None = None,
) -> Subquery:
    """A correlated subquery for the outer person's rows of ``queryset`` as a JSON array
    of objects: ``fields`` (attnames, or ``relation__attname`` of a related row), plus
    ``extra`` expressions (e.g. a count). NULL when the person has none."""
    model = queryset.model
    columns = {name: _column(model, name) for name in fields}
    columns.update(extra or {})
    rows = (
        queryset.filter(**{person_field: OuterRef("pk")})
        .order_by()
        .values(person_field)
        .annotate(rows=JSONArrayAgg(JSONObject(**columns)))
        .values("rows")
    )
    return Subquery(rows, output_field=models.JSONField())


def rows_of(value: Any) -> list[dict[str, Any]]:
    """The array a ``json_rows`` column holds (a list; PostgreSQL may hand over text)."""
    if value is None:
        return []
    if isinstance(value, str):
        value = json.loads(value)
    return list(value)


def ordered(rows: Iterable[dict[str, Any]], order: Sequence[str]) -> list[dict[str, Any]]:
    """``rows`` sorted by their keys as a model's ``ordering`` reads (``-`` descending);
    ISO dates sort as text, NULLs first."""
    result = list(rows)
    for key in reversed(order):
        name = key.lstrip("-")
        result.sort(key=lambda row: (row.get(name) is not None, row.get(name)), reverse=key.startswith("-"))
    return result


def _decoded(field: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, models.DateTimeField):
        moment = parse_datetime(value) if isinstance(value, str) else value
        if moment is not None and settings.USE_TZ and timezone.is_naive(moment):
            moment = timezone.make_aware(moment, UTC)  # SQLite keeps UTC without an offset
        return moment
    if isinstance(field, models.DateField):
        return parse_date(value[:10]) if isinstance(value, str) else value
    if isinstance(field, models.JSONField):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(field, models.BooleanField):
        return bool(value)
    if isinstance(field, models.DecimalField):
        return Decimal(str(value))
    return field.to_python(value)


def instance_of(model: type[models.Model], row: Mapping[str, Any]) -> models.Model:
    """A model instance from one decoded object: its fields as given, the rest deferred."""
    fields = [field for field in model._meta.concrete_fields if field.attname in row]
    return model.from_db(
        "default", [field.attname for field in fields], [_decoded(field, row[field.attname]) for field in fields]
    )


def rows_decode(model: type[models.Model], rows: Iterable[Mapping[str, Any]], *, related: Sequence[str] = ()) -> list:
    """Instances of ``model`` from a ``json_rows`` array. Each name in ``related`` (a
    foreign key or a reverse one-to-one) becomes the related instance, read from the
    ``name__attname`` keys (None when its primary key is NULL); other keys that are no
    field become attributes (an ``extra`` count)."""
    instances = []
    attnames = {field.attname for field in model._meta.concrete_fields}
    for row in rows:
        instance = instance_of(model, row)
        for name in related:
            prefix = name + "__"
            target = model._meta.get_field(name).related_model
            values = {key[len(prefix) :]: value for key, value in row.items() if key.startswith(prefix)}
            primary_key = target._meta.pk.attname  # type: ignore[union-attr]
            instance._state.fields_cache[name] = (
                instance_of(target, values) if values.get(primary_key) is not None else None  # type: ignore[arg-type]
            )
        for key, value in row.items():
            if key not in attnames and "__" not in key:
                setattr(instance, key, value)
        instances.append(instance)
    return instances


def prefetched(instance: models.Model, name: str, objects: list) -> None:
    """Fill ``instance.<name>.all()`` (a reverse foreign key or many-to-many) with
    ``objects``, as ``prefetch_related`` would: no query when it is read."""
    queryset = getattr(instance, name).all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}  # type: ignore[attr-defined]
    instance._prefetched_objects_cache[name] = queryset  # type: ignore[attr-defined]
