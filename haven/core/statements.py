"""Querysets compiled to SQL once per process and run again as they are, or with one value
changed.

Building a large queryset and compiling it costs Django about as much as, or more than,
PostgreSQL takes to run it: a report statement at Ghent's size (bench/report.py), and the
person file, which spent three quarters of its time in Python before its statement reached
the database. A statement whose shape is fixed for a key is built once; its SQL, parameters
and Django's reading of the rows (converters, select_related, annotations) are kept, and
each call runs the same SQL:

- ``compiled_rows(key, build)``: the rows of a values_list-shaped queryset, as tuples (the
  annual report's statements, each a function of the year);
- ``compiled_first(key, build, value)``: the model instance of a queryset built with a
  stand-in (``STAND_IN``) where the value goes, run with the value in its place (the person
  file: the person). The stand-in must appear exactly once among the parameters: a
  statement where it is missing or repeated is refused rather than guessed at.

At most ``KEPT`` statements are kept per process, the least recently used dropped first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
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
    slot: int | None  # where the stand-in's value goes, if anywhere

    def _fetch(self, value: Any = None) -> list[Sequence[Any]]:
        params = list(self.params)
        if self.slot is not None:
            params[self.slot] = value
        with connections[self.alias].cursor() as cursor:
            cursor.execute(self.sql, params)
            return cursor.fetchall()

    def rows(self) -> list[tuple[Any, ...]]:
        """The rows, through Django's converters."""
        return [tuple(row) for row in self.compiler.results_iter(results=[self._fetch()], tuple_expected=True)]

    def first(self, value: Any) -> Model | None:
        """The first row with ``value`` in the stand-in's place, read as the queryset would."""
        rows = self._fetch(value)[:1]
        if not rows:
            return None
        (values,) = self.compiler.results_iter(results=[rows])
        return _instance(self.alias, self.compiler, list(values))


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


def _compile(queryset: QuerySet[Any], *, stand_in: bool) -> _Compiled:
    compiler = queryset.query.get_compiler(using=queryset.db)
    sql, params = compiler.as_sql()
    slot = None
    if stand_in:
        slots = [index for index, param in enumerate(params) if param == STAND_IN and not isinstance(param, bool)]
        if len(slots) != 1:
            raise ValueError(f"The stand-in is among the statement's parameters {len(slots)} times; it must be once.")
        slot = slots[0]
    return _Compiled(queryset.db, compiler, sql, tuple(params), slot)


_kept: OrderedDict[Hashable, _Compiled] = OrderedDict()
_lock = Lock()


def _kept_or_compiled(key: Hashable, build: Callable[[], QuerySet[Any]], *, stand_in: bool) -> _Compiled:
    with _lock:
        compiled = _kept.get(key)
        if compiled is not None:
            _kept.move_to_end(key)
            return compiled
    compiled = _compile(build(), stand_in=stand_in)
    with _lock:
        _kept[key] = compiled
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return compiled


def compiled_rows(key: Hashable, build: Callable[[], QuerySet[Any]]) -> list[tuple[Any, ...]]:
    """``list(build())`` as tuples (a values_list-shaped queryset), built and compiled on the
    first call for ``key`` only. The key must hold everything that shapes the statement."""
    return _kept_or_compiled(key, build, stand_in=False).rows()


def compiled_first(key: Hashable, build: Callable[[Any], QuerySet[Any]], value: Any) -> Model | None:
    """``build(value).first()`` (a model queryset, ordered or filtered to one row), with the
    queryset built and compiled on the first call for ``key`` only: ``build(STAND_IN)``.
    The key must hold everything besides the value that shapes the statement."""
    return _kept_or_compiled(key, lambda: build(STAND_IN)[:1], stand_in=True).first(value)


def compiled_keys() -> list[Hashable]:
    """The keys of the statements kept now (for tests)."""
    with _lock:
        return list(_kept)


def compiled_forget() -> None:
    """Forget every compiled statement (tests that change what shapes one)."""
    with _lock:
        _kept.clear()
