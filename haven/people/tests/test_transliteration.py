"""Search finds people as staff type them: the folded search name holds each name's Latin
transliteration too (anyascii), and the search folds and transliterates what is typed the
same way, so Latin input finds a name stored in another script and the other way round.
The native spelling is kept beside the register's Latin one, and shown on the file."""

import datetime
import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.people.models import Person, fold_latin, search_name_of
from haven.people.services import PossibleDuplicate, person_create
from haven.people.tests.factories import PersonFactory, person_edit_data, person_form_data


@pytest.mark.parametrize(
    ("native", "latin"),
    [
        ("Каракашев", "karakashev"),  # Cyrillic (Bulgarian)
        ("Щербакова", "shcherbakova"),  # Cyrillic (Russian)
        ("Καρακάσης", "karakasis"),  # Greek
        ("Ղազարյան", "ghazaryan"),  # Armenian
        ("ბერიძე", "beridze"),  # Georgian
        ("ተስፋይ", "tesfay"),  # Ge'ez (Tigrinya)
        ("عبد", "bd"),  # Arabic: the consonants, without the mark for ʿayn
        ("Łukasz", "lukasz"),  # a Latin letter that does not decompose
        ("d'Hondt", "dhondt"),
    ],
)
def test_fold_latin_transliterates_each_script(native, latin):
    assert fold_latin(native) == latin


def test_the_search_name_holds_the_folded_names_and_their_transliteration_once():
    assert search_name_of("Ivan Karakashev", "Иван Каракашев") == "ivan karakashev иван каракашев"
    assert search_name_of("Ömer Çelik", "") == "omer celik"
    assert search_name_of("Иван Каракашев") == "иван каракашев ivan karakashev"


@pytest.fixture
def scripts(db):
    """People stored as the demo of old stored them (native script only), one stored in
    Latin only, and one with the register's Latin name and the native spelling."""
    return {
        "cyrillic": PersonFactory(given_names="Иван", family_name="Каракашев", nationality="BG"),
        "greek": PersonFactory(given_names="Γιώργος", family_name="Καρακάσης", nationality="GR"),
        "armenian": PersonFactory(given_names="Արամ", family_name="Ղազարյան", nationality="AM"),
        "georgian": PersonFactory(given_names="გიორგი", family_name="ბერიძე", nationality="GE"),
        "tigrinya": PersonFactory(given_names="ተስፋይ", family_name="ገብረመድህን", nationality="ER"),
        "arabic": PersonFactory(given_names="محمد", family_name="الخطيب", nationality="SY"),
        "latin": PersonFactory(given_names="Olena", family_name="Kovalenko", nationality="UA"),
        "both": PersonFactory(
            given_names="Maria",
            family_name="Shtereva",
            native_given_names="Мария",
            native_family_name="Щерева",
            nationality="BG",
        ),
    }


def _found(client, query: str) -> set[str]:
    response = client.post("/people/", {"q": query})
    assert response.status_code == 200
    return {person.family_name for person in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("karakashev", {"Каракашев"}),
        ("Ivan Karakashev", {"Каракашев"}),
        ("KARAKASHEV", {"Каракашев"}),
        ("karakasis", {"Καρακάσης"}),
        ("giorgos", {"Καρακάσης"}),
        ("ghazaryan", {"Ղազարյան"}),
        ("beridze", {"ბერიძე"}),
        ("tesfay", {"ገብረመድህን"}),
        ("mhmd", {"الخطيب"}),
    ],
)
def test_latin_input_finds_names_stored_in_another_script(intake_client, scripts, query, expected):
    assert _found(intake_client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Коваленко", {"Kovalenko"}),  # typed in Cyrillic, stored in Latin
        ("Олена", {"Kovalenko"}),
        ("Каракашев", {"Каракашев"}),
        ("каракаш", {"Каракашев"}),
        ("ка", {"Каракашев", "Καρακάσης"}),  # two letters: the start of a word ("ka…" once transliterated)
        ("محمد", {"الخطيب"}),
        ("Ղազարյան", {"Ղազարյան"}),
    ],
)
def test_input_in_another_script_finds_names_stored_in_latin_and_as_typed(intake_client, scripts, query, expected):
    assert _found(intake_client, query) == expected


@pytest.mark.parametrize("query", ["shtereva", "Maria Shtereva", "Щерева", "Мария", "shchereva", "Мария Shtereva"])
def test_a_register_name_and_its_native_spelling_are_both_found(intake_client, scripts, query):
    assert _found(intake_client, query) == {"Shtereva"}


def test_a_search_in_either_script_runs_as_many_queries(intake_client, scripts):
    counts = []
    for query in ("kovalenko", "Коваленко"):
        with CaptureQueriesContext(connection) as queries:
            intake_client.post("/people/", {"q": query})
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_form_saves_the_native_spelling_and_the_file_shows_it(intake_client, db):
    response = intake_client.post(
        "/people/new/",
        person_form_data(
            given_names="Ivan",
            family_name="Karakashev",
            native_given_names="  Иван ",
            native_family_name="Каракашев",
            nationality="BG",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get()
    assert (person.native_given_names, person.native_family_name) == ("Иван", "Каракашев")
    assert person.search_name == "ivan karakashev иван каракашев"
    page = intake_client.get(f"/people/{person.pk}/?purpose=registration").content.decode()
    assert "КАРАКАШЕВ Иван" in page
    form = intake_client.get(f"/people/{person.pk}/edit/?purpose=correction").content.decode()
    assert 'name="native_given_names"' in form and 'value="Иван"' in form


def test_editing_the_native_spelling_recomputes_the_search_name(intake_client, scripts):
    person = scripts["latin"]
    response = intake_client.post(
        f"/people/{person.pk}/edit/?purpose=correction",
        person_edit_data(person, native_given_names="Олена", native_family_name="Коваленко"),
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.search_name == "olena kovalenko олена коваленко"


def test_the_api_reads_and_writes_the_native_spelling(intake_client, scripts):
    person = scripts["both"]
    body = intake_client.get(f"/api/people/{person.pk}?purpose=registration").json()
    assert (body["native_given_names"], body["native_family_name"]) == ("Мария", "Щерева")
    patched = intake_client.patch(
        f"/api/people/{person.pk}?purpose=correction",
        {"native_given_names": "Мариа"},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    person.refresh_from_db()
    assert "мариа" in person.search_name.split() and "maria" in person.search_name.split()


def test_a_similar_name_in_another_script_is_a_possible_duplicate(intake_user):
    values = {"given_names": "Ivan", "family_name": "Petrov", "birth_date": datetime.date(1980, 5, 4), "sex": "M"}
    person_create(by=intake_user, values=values)
    with pytest.raises(PossibleDuplicate):
        person_create(by=intake_user, values={**values, "given_names": "Иван", "family_name": "Петров"})


def test_the_migration_recomputes_the_search_names_in_batches(db, monkeypatch):
    people = [PersonFactory(given_names="Иван", family_name=f"Каракашев{n}") for n in range(5)]
    Person.objects.update(search_name="stale")
    migration = importlib.import_module("haven.people.migrations.0006_search_name_latin")
    monkeypatch.setattr(migration, "BATCH", 2)

    class Editor:  # what the function reads of a schema editor
        pass

    editor = Editor()
    editor.connection = connection  # type: ignore[attr-defined]
    migration.search_names_recompute(django_apps, editor)
    for person in people:
        person.refresh_from_db()
        assert person.search_name == search_name_of(f"{person.given_names} {person.family_name}")
        assert "karakashev" in person.search_name


@pytest.mark.postgres
def test_a_fragment_and_its_transliteration_are_both_found_through_the_trigram_index(scripts):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    from haven.people.selectors import person_list

    with connection.cursor() as cursor:
        # The table is small: make the planner show the index it would use on a large one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = person_list(query="Каракашев").order_by().explain()
    assert "people_person_search_name_trgm" in plan
    assert "Seq Scan" not in plan
    assert {person.family_name for person in person_list(query="Каракашев")} == {"Каракашев"}
