"""Search at scale: the people list is never counted, a search's page is read the same way
whether its matches are sorted or the list is walked in order, and on PostgreSQL the
folded name has its trigram index (bench/people_search.py times it at a million people)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.people import selectors
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.people.tests.test_search import exact_counts


@pytest.fixture
def mansours(db):
    return [
        PersonFactory(
            family_name=f"Mansour {'ABC'[number % 3]}",
            given_names=f"Child {number:02d}",
            birth_date=datetime.date(2001, 1, 1) + datetime.timedelta(days=number),
        )
        for number in range(30)
    ]


def _page(query: str, number: int = 1) -> list[str]:
    page = selectors.person_page(selectors.person_list(query=query), number, 25)
    return [person.full_name for person in page.object_list]


@pytest.mark.parametrize("number", [1, 2])
def test_a_search_page_is_the_same_whether_matches_are_sorted_or_the_list_walked(mansours, monkeypatch, number):
    expected = [person.full_name for person in Person.objects.filter(search_name__contains="mansour")][
        (number - 1) * 25 : number * 25
    ]
    sorted_matches = _page("mansour", number)  # 30 matches: fewer than SORT_MATCHES_BELOW, sorted
    monkeypatch.setattr(selectors, "SORT_MATCHES_BELOW", 5)
    walked = _page("mansour", number)  # more than 5: read in the list's order (unbounded past the sample)
    monkeypatch.setattr(selectors, "SORT_MATCHES_BELOW", 28)
    bounded = _page("mansour", number)  # the page ends inside the 28 sorted: the walk stops there
    assert sorted_matches == walked == bounded == expected


def test_the_walk_stops_where_the_sorted_matches_say_the_page_ends(mansours, monkeypatch):
    monkeypatch.setattr(selectors, "SORT_MATCHES_BELOW", 28)
    with CaptureQueriesContext(connection) as context:
        page = selectors.person_page(selectors.person_list(query="mansour"), 1, 25)
    sample, walk, rows = (query["sql"] for query in context.captured_queries)
    assert "OVER ()" in sample
    assert walk.startswith('SELECT "people_person"."id" AS "pk" FROM') and '"family_name" <= ' in walk
    assert " IN (" in rows and len(page.object_list) == 25


@pytest.mark.parametrize("limit", [5, 100])
def test_a_page_past_the_end_gives_the_first_page(mansours, monkeypatch, limit):
    monkeypatch.setattr(selectors, "SORT_MATCHES_BELOW", limit)
    page = selectors.person_page(selectors.person_list(query="mansour"), 9, 25)
    assert (page.number, len(page.object_list)) == (1, 25)


def test_a_search_page_runs_two_queries_and_the_unfiltered_list_one(mansours, django_assert_num_queries):
    with django_assert_num_queries(2):  # the matches sorted (a page's ids), then the page's rows
        selectors.person_page(selectors.person_list(query="child"), 1, 25)
    with django_assert_num_queries(1):
        selectors.person_page(selectors.person_list(), 1, 25)


def test_the_bounded_page_knows_the_total_only_on_the_last_page(mansours):
    first = selectors.person_page(selectors.person_list(query="mansour"), 1, 25)
    last = selectors.person_page(selectors.person_list(query="mansour"), 2, 25)
    assert (first.total, first.shown, first.has_next(), first.has_previous()) == (None, 25, True, False)
    assert (last.total, last.shown, last.has_next(), last.has_previous()) == (30, 30, False, True)


def test_the_page_shows_more_than_what_it_has_seen_and_never_a_count(intake_client, mansours):
    with CaptureQueriesContext(connection) as context:
        response = intake_client.post("/people/", {"q": "mansour"}, HTTP_HX_REQUEST="true")
    assert response.context["page"].total is None
    assert not exact_counts(context.captured_queries)
    second = intake_client.post("/people/", {"q": "mansour", "page": "2"}, HTTP_HX_REQUEST="true")
    assert second.context["page"].total == 30


@pytest.mark.postgres
def test_fragments_are_found_through_the_trigram_index_on_postgresql(mansours):
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'people_person_search_name_trgm'")
        assert "gin_trgm_ops" in cursor.fetchone()[0]
        # The table is small: make the planner show the index it would use on a large one.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = selectors.person_list(query="ansou").order_by()[: selectors.SORT_MATCHES_BELOW].explain()
    assert "people_person_search_name_trgm" in plan
