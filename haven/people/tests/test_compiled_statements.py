"""A statement compiled once (haven.core.statements) reads what the ORM reads: the model's
columns, its select_related rows and its annotations, with the value of each call; it
refuses a statement where the stand-in is not exactly one parameter; it keeps a bounded
number of statements, and compiles a key's statement once."""

from unittest import mock

import pytest
from django.db import connection
from django.db.models import Count, F, Q, Value
from django.test.utils import CaptureQueriesContext

from haven.core import statements
from haven.core.statements import STAND_IN, compiled_first, compiled_forget
from haven.core.tests.factories import DistrictFactory, LanguageFactory
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _forget():
    compiled_forget()
    yield
    compiled_forget()


def _rows(person_id):
    return (
        Person.objects.select_related("district", "preferred_language")
        .annotate(spoken=Count("languages"), label=Value("x"), born=F("birth_date"))
        .filter(pk=person_id)
        .order_by()
    )


def test_a_compiled_statement_reads_what_the_orm_reads():
    district = DistrictFactory(name="Sint-Amandsberg")
    dutch = LanguageFactory(code="nld")
    first = PersonFactory(given_names="Amal", family_name="Haddad", district=district, preferred_language=dutch)
    first.languages.add(dutch, LanguageFactory(code="ara"))
    second = PersonFactory(given_names="Jan", family_name="Peeters", district=None, preferred_language=None)

    for person in (first, second):
        expected = _rows(person.pk).first()
        read = compiled_first("test.rows", _rows, person.pk)
        assert read is not None and read.pk == person.pk and not read._state.adding
        assert read.given_names == expected.given_names and read.birth_date == expected.birth_date
        assert (read.spoken, read.label, read.born) == (expected.spoken, expected.label, expected.born)
        assert read.district == expected.district and read.preferred_language == expected.preferred_language
    assert compiled_first("test.rows", _rows, first.pk).district.name == "Sint-Amandsberg"
    assert compiled_first("test.rows", _rows, first.pk).spoken == 2


def test_the_related_rows_come_with_the_statement_and_a_missing_row_is_none():
    person = PersonFactory(district=DistrictFactory(name="Ledeberg"))
    compiled_first("test.rows", _rows, person.pk)  # compiled
    with CaptureQueriesContext(connection) as queries:
        read = compiled_first("test.rows", _rows, person.pk)
        assert read.district.name == "Ledeberg"
        assert compiled_first("test.rows", _rows, person.pk + 1000) is None
    assert len(queries) == 2


def test_a_key_is_compiled_once_and_sees_the_rows_as_they_are_now():
    person = PersonFactory(given_names="Amal")
    build = mock.Mock(side_effect=_rows)
    assert compiled_first("test.once", build, person.pk).given_names == "Amal"
    Person.objects.filter(pk=person.pk).update(given_names="Noor")
    assert compiled_first("test.once", build, person.pk).given_names == "Noor"
    build.assert_called_once_with(STAND_IN)


def test_the_stand_in_must_be_one_parameter_exactly():
    def missing(value):
        return Person.objects.filter(pk=1)

    def twice(value):
        return Person.objects.filter(Q(pk=value) | Q(pk=value))

    with pytest.raises(ValueError, match="0 times"):
        compiled_first("test.missing", missing, 5)
    with pytest.raises(ValueError, match="2 times"):
        compiled_first("test.twice", twice, 5)


def test_the_kept_statements_are_bounded(monkeypatch):
    monkeypatch.setattr(statements, "KEPT", 2)
    person = PersonFactory()
    for key in ("a", "b", "c"):
        compiled_first(key, _rows, person.pk)
    assert list(statements._kept) == ["b", "c"]
