"""The report spine: registered sections, the JSON shapes of the newcomer tables,
and that the figures follow the records."""

import datetime

import pytest
from django.utils import translation

from haven.core.models import AccessPurpose
from haven.people import services
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.reports import registry
from haven.reports.registry import Table, annual_report, report_section, report_sections, trend

TOP20 = "newcomers_top20_nationalities"
SETTLED = "newcomers_settled_by_status"


BORN = datetime.date(1985, 5, 5)  # well before any registration date used here


def settle(code: str, year: int, count: int, *, month: int = 6) -> list[Person]:
    return PersonFactory.create_batch(
        count, nationality=code, birth_date=BORN, first_registration_date=datetime.date(year, month, 15)
    )


def _rows_by_code(report: dict) -> dict[str, list]:
    return {row[2]: row for row in report["tables"][TOP20]["rows"]}


# The registry itself ---------------------------------------------------------------


@pytest.mark.django_db
def test_annual_report_has_the_year_and_a_table_for_every_registered_section():
    report = annual_report(2019)
    assert set(report) == {"year", "tables"}
    assert report["year"] == 2019
    assert list(report["tables"]) == [section.key for section in report_sections()]
    assert {TOP20, SETTLED} <= set(report["tables"])


@pytest.mark.django_db
def test_a_newly_registered_section_appears_in_the_report(monkeypatch):
    monkeypatch.setattr(registry, "_sections", dict(registry._sections))

    @report_section("test_constant", title="Test", order=1)
    def constant(year: int) -> Table:
        return Table(columns=["year"], rows=[[year]], total={"all": 1}, extra={"note": "x"})

    report = annual_report(2019)
    assert next(iter(report["tables"])) == "test_constant"
    assert report["tables"]["test_constant"] == {
        "columns": ["year"],
        "rows": [[2019]],
        "total": {"all": 1},
        "note": "x",
    }


def test_registering_two_sections_under_one_key_is_refused(monkeypatch):
    monkeypatch.setattr(registry, "_sections", dict(registry._sections))
    report_section("test_twice", title="Test")(lambda year: Table(columns=[], rows=[]))
    with pytest.raises(ValueError, match="registered twice"):
        report_section("test_twice", title="Test")(lambda year: Table(columns=[], rows=[]))


def test_sections_are_ordered_by_order_then_key():
    sections = report_sections()
    assert sections == sorted(sections, key=lambda section: (section.order, section.key))
    keys = [section.key for section in sections]
    assert keys.index(SETTLED) < keys.index(TOP20)


def test_table_without_total_has_no_total_key():
    assert Table(columns=["a"], rows=[[1]]).as_json() == {"columns": ["a"], "rows": [[1]]}


@pytest.mark.parametrize(
    ("previous", "current", "expected"),
    [(1, 2, "up"), (0, 1, "up"), (3, 1, "down"), (1, 0, "down"), (2, 2, "equal"), (0, 0, "equal")],
)
def test_trend_compares_the_year_with_the_previous_one(previous, current, expected):
    assert trend(previous, current) == expected


# The newcomer tables -----------------------------------------------------------------


@pytest.mark.django_db
def test_top20_table_has_the_seed_columns_and_row_shape():
    settle("SY", 2018, 1)
    settle("SY", 2019, 2)

    table = annual_report(2019)["tables"][TOP20]

    assert table["columns"] == ["rank", "nationality_nl", "iso3166", "2018", "2019", "trend"]
    assert table["rows"] == [[1, "Syrië", "SY", 1, 2, "up"]]
    assert "total" not in table


@pytest.mark.django_db
def test_top20_columns_follow_the_year_asked():
    assert annual_report(2016)["tables"][TOP20]["columns"] == [
        "rank",
        "nationality_nl",
        "iso3166",
        "2015",
        "2016",
        "trend",
    ]


@pytest.mark.django_db
def test_top20_ranks_by_count_and_gives_the_trend_against_the_previous_year():
    settle("BG", 2018, 2)
    settle("BG", 2019, 4)  # up
    settle("NL", 2018, 5)
    settle("NL", 2019, 3)  # down
    settle("RO", 2018, 2)
    settle("RO", 2019, 2)  # equal
    settle("CN", 2019, 1)  # new: up from 0
    settle("AF", 2018, 9)  # only last year: not listed

    rows = annual_report(2019)["tables"][TOP20]["rows"]

    assert rows == [
        [1, "Bulgarije", "BG", 2, 4, "up"],
        [2, "Nederland", "NL", 5, 3, "down"],
        [3, "Roemenië", "RO", 2, 2, "equal"],
        [4, "China", "CN", 0, 1, "up"],
    ]


@pytest.mark.django_db
def test_top20_breaks_ties_by_country_code_not_by_insertion_order():
    for code in ("TR", "ES", "IT"):
        settle(code, 2019, 2)
    settle("PL", 2019, 3)

    rows = annual_report(2019)["tables"][TOP20]["rows"]

    assert [(row[0], row[2]) for row in rows] == [(1, "PL"), (2, "ES"), (3, "IT"), (4, "TR")]


@pytest.mark.django_db
def test_top20_lists_no_more_than_twenty_nationalities():
    codes = [
        "AF",
        "AL",
        "BG",
        "BR",
        "CN",
        "DE",
        "ES",
        "FR",
        "GB",
        "GH",
        "GR",
        "IN",
        "IR",
        "IT",
        "MA",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "TR",
        "US",
    ]
    counts = {code: 1 + (index % 3) for index, code in enumerate(codes)}
    for code, count in counts.items():
        settle(code, 2019, count)

    rows = annual_report(2019)["tables"][TOP20]["rows"]

    expected = sorted(counts, key=lambda code: (-counts[code], code))[:20]
    assert [row[2] for row in rows] == expected
    assert [row[0] for row in rows] == list(range(1, 21))
    # The two left out are the smallest, last by code among equals.
    assert sorted(set(codes) - set(expected)) == ["RO", "US"]


@pytest.mark.django_db
def test_top20_names_nationalities_in_belgian_dutch_whatever_the_interface_language():
    settle("IN", 2019, 2)
    settle("SY", 2019, 1)
    with translation.override("en"):
        rows = annual_report(2019)["tables"][TOP20]["rows"]
    assert [row[1] for row in rows] == ["Indië", "Syrië"]


@pytest.mark.django_db
def test_settled_table_counts_the_total_and_the_countries():
    settle("BG", 2019, 3)
    settle("SY", 2019, 2)
    settle("SY", 2018, 4)  # another year
    settle("AF", 2020, 1)  # another year

    table = annual_report(2019)["tables"][SETTLED]

    assert table["columns"] == ["status", "2019"]
    assert table["total"] == {"2019": 5}
    assert table["countries"] == 2
    assert isinstance(table["rows"], list)


@pytest.mark.django_db
def test_people_without_nationality_count_in_the_total_but_not_as_a_country():
    settle("BG", 2019, 2)
    settle("", 2019, 3)

    tables = annual_report(2019)["tables"]

    assert tables[SETTLED]["total"] == {"2019": 5}
    assert tables[SETTLED]["countries"] == 1
    assert [row[2] for row in tables[TOP20]["rows"]] == ["BG"]


@pytest.mark.django_db
def test_people_without_a_registration_date_are_not_newcomers_of_any_year():
    PersonFactory(nationality="BG", birth_date=BORN, first_registration_date=None)
    assert annual_report(2019)["tables"][SETTLED]["total"] == {"2019": 0}


@pytest.mark.django_db
def test_the_year_runs_from_the_first_of_january_to_the_thirty_first_of_december():
    PersonFactory(nationality="BG", birth_date=BORN, first_registration_date=datetime.date(2018, 12, 31))
    PersonFactory(nationality="BG", birth_date=BORN, first_registration_date=datetime.date(2019, 1, 1))
    PersonFactory(nationality="BG", birth_date=BORN, first_registration_date=datetime.date(2019, 12, 31))
    PersonFactory(nationality="BG", birth_date=BORN, first_registration_date=datetime.date(2020, 1, 1))

    assert annual_report(2019)["tables"][SETTLED]["total"] == {"2019": 2}
    assert _rows_by_code(annual_report(2019))["BG"][3:5] == [1, 2]


@pytest.mark.django_db
def test_empty_year_gives_empty_tables():
    tables = annual_report(2019)["tables"]
    assert tables[TOP20]["rows"] == []
    assert tables[SETTLED]["total"] == {"2019": 0}
    assert tables[SETTLED]["countries"] == 0


@pytest.mark.django_db
def test_changing_the_first_registration_date_moves_the_person_to_the_other_year(intake_user):
    settle("SY", 2019, 3)
    settle("SY", 2018, 1)
    settle("IR", 2019, 1)
    moved = settle("IR", 2019, 1)[0]
    before_2019, before_2018 = annual_report(2019), annual_report(2018)
    assert _rows_by_code(before_2019)["IR"][3:] == [0, 2, "up"]
    assert before_2019["tables"][SETTLED]["total"] == {"2019": 5}
    assert before_2018["tables"][SETTLED]["total"] == {"2018": 1}
    assert before_2018["tables"][SETTLED]["countries"] == 1

    changed = services.person_update(
        person=moved,
        by=intake_user,
        values={"first_registration_date": datetime.date(2018, 11, 20)},
        purpose=AccessPurpose.CORRECTION,
    )

    assert changed == {"first_registration_date"}
    after_2019, after_2018 = annual_report(2019), annual_report(2018)
    assert after_2019["tables"][SETTLED]["total"] == {"2019": 4}
    assert after_2018["tables"][SETTLED]["total"] == {"2018": 2}
    assert after_2018["tables"][SETTLED]["countries"] == 2
    assert _rows_by_code(after_2019)["IR"][3:] == [1, 1, "equal"]
    assert _rows_by_code(after_2018)["IR"][3:] == [0, 1, "up"]
