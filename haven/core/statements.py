"""Querysets compiled to SQL once per process and run again with one value changed.

Building a large queryset (a dozen correlated subqueries, each a queryset of its own) and
compiling it costs Django more than PostgreSQL takes to run it: the person file spent
three quarters of its time in Python before its statement reached the database. A
statement whose shape is fixed for a key (a reader's panels and relationships, say) is
built once with a stand-in value (``STAND_IN``) where the changing value goes; its SQL,
parameters and Django's reading of the rows (converters, select_related, annotations) are
kept, and each call runs the same SQL with the real value in the stand-in's place.

The stand-in must appear exactly once among the parameters: ``compiled_first`` refuses a
statement where it is missing or repeated rather than guess which one to replace.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from threading import Lock
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators
from django.db.models.sql.compiler import SQLCompiler

STAND_IN = -7_391_042_117  # an id no row has: the place of the value each call gives
KEPT = 512  # statements kept per process (a key per reader: the staff of one agency)


@dataclass(frozen=True)
class _Compiled:
    alias: str
    compiler: SQLCompiler
    sql: str
    params: tuple[Any, ...]
    slot: int

    def first(self, value: Any) -> Model | None:
        """The first row with ``value`` in the stand-in's place, read as the queryset would."""
        params = list(self.params)
        params[self.slot] = value
        compiler = self.compiler
        connection = connections[self.alias]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            row = cursor.fetchone()
        if row is None:
            return None
        (values,) = compiler.results_iter(results=[[row]])
        return _instance(self.alias, compiler, list(values))


def _instance(alias: str, compiler: SQLCompiler, row: list[Any]) -> Model:
    """A model instance from one row, as Django's ModelIterable makes it: the model's
    columns, the select_related rows, the annotations."""
    klass_info, select = compiler.klass_info, compiler.select
    assert klass_info is not None
    start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
    names = [column[0].target.attname for column in select[start:end]]
    instance = klass_info["model"].from_db(alias, names, row[start:end])
    # Django 5.2's signature (klass_info, select, db); the type stubs describe a later one.
    for populator in get_related_populators(klass_info, select, alias):  # type: ignore[call-arg]
        populator.populate(row, instance)
    for name, position in compiler.annotation_col_map.items():
        setattr(instance, name, row[position])
    return instance


def _compile(queryset: QuerySet[Any]) -> _Compiled:
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    slots = [index for index, param in enumerate(params) if param == STAND_IN and not isinstance(param, bool)]
    if len(slots) != 1:
        raise ValueError(f"The stand-in is among the statement's parameters {len(slots)} times; it must be once.")
    return _Compiled(queryset.db, compiler, sql, tuple(params), slots[0])


_kept: OrderedDict[Hashable, _Compiled] = OrderedDict()
_lock = Lock()


def compiled_first(key: Hashable, build: Callable[[Any], QuerySet[Any]], value: Any) -> Model | None:
    """``build(value).first()`` (a model queryset, ordered or filtered to one row), with the
    queryset built and compiled on the first call for ``key`` only: ``build(STAND_IN)``.
    The key must hold everything besides the value that shapes the statement."""
    with _lock:
        compiled = _kept.get(key)
        if compiled is not None:
            _kept.move_to_end(key)
    if compiled is None:
        compiled = _compile(build(STAND_IN)[:1])
        with _lock:
            _kept[key] = compiled
            while len(_kept) > KEPT:
                _kept.popitem(last=False)
    return compiled.first(value)


def compiled_forget() -> None:
    """Forget every compiled statement (tests that change what shapes one)."""
    with _lock:
        _kept.clear()
