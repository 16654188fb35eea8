"""The bulk copies behind ``haven demo --scale N``: each copy of a table's demo rows
gets the ids of the originals plus copy × the table's highest demo id, so a foreign
key to a copied table is remapped by the same arithmetic, in SQL or in Python.

Rows whose values are only remapped are copied by one ``INSERT … SELECT`` per table
and copy, inside the database; rows that need new values (names, numbers, tokens) are
read once and written with ``bulk_create`` in batches. Neither runs a query per row.
"""

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 2000


@dataclass(frozen=True)
class Span:
    """Where a table's copies go: copy k of row id is id + k × top. ``ids`` limits the
    copies to those rows (None: every row up to ``top``)."""

    top: int
    ids: frozenset[int] | None = None

    def remap(self, value: int | None, copy: int) -> int | None:
        if value is None or (self.ids is not None and value not in self.ids):
            return value
        return value + copy * self.top

    def remap_id(self, value: int, copy: int) -> int:
        """``remap`` of a column that is never empty."""
        return value if self.ids is not None and value not in self.ids else value + copy * self.top


Spans = dict[type[models.Model], Span]
Fresh = Callable[[dict[str, Any], int], dict[str, Any]]  # (a base row, the copy) → new values


def _target(field: models.Field) -> type[models.Model] | None:
    model = field.related_model if field.is_relation else None
    return model if isinstance(model, type) else None


def copy_order(copied: Iterable[type[models.Model]]) -> list[type[models.Model]]:
    """The copied models, every one after the copied models its foreign keys point to."""
    pending = list(copied)
    ordered: list[type[models.Model]] = []
    while pending:
        ready = [
            model
            for model in pending
            if all(
                (target := _target(field)) is None or target is model or target not in pending
                for field in model._meta.concrete_fields
            )
        ]
        if not ready:
            raise ValueError(f"The copied tables refer to each other in a circle: {pending}")
        ordered.extend(ready)
        pending = [model for model in pending if model not in ready]
    return ordered


def base_span(model: type[models.Model], ids: Iterable[int] | None = None) -> Span:
    top = model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0
    return Span(top, frozenset(ids) if ids is not None else None)


def copy_in_sql(model: type[models.Model], spans: Spans, copy: int, overrides: dict[str, Any] | None = None) -> int:
    """INSERT … SELECT of the table's demo rows as copy ``copy``; returns the rows written."""
    overrides = overrides or {}
    quote = connection.ops.quote_name
    span = spans[model]
    if span.top == 0 or span.ids == frozenset():
        return 0
    columns, selected, params = [], [], []
    for field in model._meta.concrete_fields:
        column = quote(str(field.column))
        columns.append(column)
        target = _target(field)
        if field.attname in overrides:
            selected.append("%s")
            params.append(field.get_db_prep_save(overrides[field.attname], connection))
        elif field.primary_key:
            selected.append(f"{column} + %s")
            params.append(copy * span.top)
        elif target is not None and target in spans:
            expression, values = _remapped(column, spans[target], copy)
            selected.append(expression)
            params.extend(values)
        else:
            selected.append(column)
    table, pk = quote(model._meta.db_table), quote(str(model._meta.pk.column))
    where, where_params = f"{pk} <= %s", [span.top]
    if span.ids is not None:
        where += f" AND {pk} IN ({', '.join(['%s'] * len(span.ids))})"
        where_params.extend(sorted(span.ids))
    sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selected)} FROM {table} WHERE {where}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params + where_params)
        return cursor.rowcount


def _remapped(column: str, span: Span, copy: int) -> tuple[str, list[int]]:
    if span.ids is None:
        return f"{column} + %s", [copy * span.top]
    if not span.ids:
        return column, []
    listed = ", ".join(["%s"] * len(span.ids))
    return f"CASE WHEN {column} IN ({listed}) THEN {column} + %s ELSE {column} END", [
        *sorted(span.ids),
        copy * span.top,
    ]


def base_rows(model: type[models.Model], span: Span) -> list[dict[str, Any]]:
    """The demo rows of a table, every concrete column by attribute name, in id order."""
    rows = model._base_manager.filter(pk__lte=span.top)
    if span.ids is not None:
        rows = rows.filter(pk__in=span.ids)
    return list(rows.order_by("pk").values(*[field.attname for field in model._meta.concrete_fields]))


def remapped_rows(model: type[models.Model], rows: list[dict], spans: Spans, copy: int) -> Iterator[dict[str, Any]]:
    """Copies of ``rows`` (a copy each) with the copy's id and foreign keys."""
    keys = [
        (field.attname, spans[target])
        for field in model._meta.concrete_fields
        if (target := _target(field)) is not None and target in spans
    ]
    span, pk = spans[model], model._meta.pk.attname
    for row in rows:
        new = dict(row)
        new[pk] = span.remap(row[pk], copy)
        for attname, target_span in keys:
            new[attname] = target_span.remap(row[attname], copy)
        yield new


def copy_in_python(model: type[models.Model], rows: list[dict], spans: Spans, copy: int, fresh: Fresh) -> int:
    """bulk_create of copies of ``rows``, each with its copy's ids and ``fresh`` values."""
    objects = []
    for row in remapped_rows(model, rows, spans, copy):
        row.update(fresh(row, copy))
        objects.append(model(**row))
    model._base_manager.bulk_create(objects, batch_size=BATCH)
    return len(objects)


def sequences_reset(copied: Iterable[type[models.Model]]) -> None:
    """After rows with explicit ids: the id sequences continue above them (PostgreSQL;
    SQLite's AUTOINCREMENT follows by itself)."""
    statements = connection.ops.sequence_reset_sql(no_style(), list(copied))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
