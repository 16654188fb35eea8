"""Searching the registry: names without regard to accents, case or order, numbers in
any printed form, birth dates as people type them; paginated; the terms stay out of
every URL. The desk's search: the intake persona, whose role may open anyone's file
(a counsellor's search is narrowed to the caseload: test_policy)."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.people import selectors
from haven.people.tests.factories import PersonFactory


@pytest.fixture
def people(db):
    omer = PersonFactory(
        given_names="Ömer", family_name="Çelik", birth_date=datetime.date(1990, 11, 27), national_number="90112700189"
    )
    ayse = PersonFactory(given_names="Ayşe", family_name="Çelik", birth_date=datetime.date(1992, 1, 1))
    omar = PersonFactory(given_names="Omar", family_name="Haddad", birth_date=datetime.date(1990, 11, 28))
    return {"omer": omer, "ayse": ayse, "omar": omar}


def _found(client, query: str) -> set[str]:
    response = client.post("/people/", {"q": query})
    assert response.status_code == 200
    return {person.given_names for person in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("omer", {"Ömer"}),
        ("ÖMER", {"Ömer"}),
        ("CELIK", {"Ömer", "Ayşe"}),
        ("çelik", {"Ömer", "Ayşe"}),
        ("elik", {"Ömer", "Ayşe"}),
        ("ayse", {"Ayşe"}),
        ("om", {"Ömer", "Omar"}),
    ],
)
def test_name_search_ignores_accents_and_case(intake_client, people, query, expected):
    assert _found(intake_client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("omer celik", {"Ömer"}),
        ("celik omer", {"Ömer"}),
        ("Çelik, Ömer", {"Ömer"}),
        ("om had", {"Omar"}),
        ("omer haddad", set()),
    ],
)
def test_every_name_fragment_must_match(intake_client, people, query, expected):
    assert _found(intake_client, query) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [("ce", {"Ömer", "Ayşe"}), ("el", set()), ("o h", {"Omar"}), ("ha", {"Omar"}), ("ad", set())],
)
def test_a_fragment_of_one_or_two_letters_matches_the_start_of_a_name(intake_client, people, query, expected):
    # Three letters are found anywhere (a trigram index serves them); fewer only at a word's start.
    assert _found(intake_client, query) == expected


def test_a_page_past_the_end_gives_the_first_page(intake_client, twenty_six_mansours):
    response = intake_client.post("/people/", {"q": "mansour", "page": "9"})
    assert (response.context["page"].number, len(response.context["page"].object_list)) == (1, 25)


def exact_counts(captured: list[dict]) -> list[str]:
    """The statements that count matches: every COUNT but the window over the sorted
    sample of ``selectors.person_page``, which reads SORT_MATCHES_BELOW rows at most."""
    bounded = re.compile(rf"COUNT\(\*\) OVER \(\).*\bLIMIT {selectors.SORT_MATCHES_BELOW}\b", re.S)
    return [query["sql"] for query in captured if "COUNT(" in query["sql"].upper() and not bounded.search(query["sql"])]


@pytest.mark.parametrize("query", ["", "mansour", "Child 01 mansour", "02/01/2001"])
def test_searching_never_counts_the_matches(intake_client, twenty_six_mansours, query):
    with CaptureQueriesContext(connection) as context:
        response = intake_client.post("/people/", {"q": query}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.context["page"].object_list
    assert not exact_counts(context.captured_queries)


@pytest.mark.parametrize("query", ["90.11.27-001.89", "90112700189", "901127 001 89", " 90.11.27-00189 "])
def test_search_by_national_number_in_any_printed_form(intake_client, people, query):
    assert _found(intake_client, query) == {"Ömer"}


@pytest.mark.parametrize("query", ["27/11/1990", "1990-11-27", "27-11-1990", "27.11.1990"])
def test_search_by_birth_date(intake_client, people, query):
    assert _found(intake_client, query) == {"Ömer"}


def test_search_for_no_one_says_so(intake_client, people):
    response = intake_client.post("/people/", {"q": "zzzz"})
    assert list(response.context["page"].object_list) == []
    assert response.context["page"].total == 0


def test_api_search_finds_the_same_people(intake_client, people):
    response = intake_client.post("/api/people/search", {"q": "CELIK omer"}, content_type="application/json")
    assert response.status_code == 200
    body = response.json()
    assert (body["count"], [item["id"] for item in body["items"]]) == (1, [people["omer"].pk])
    by_number = intake_client.post(
        "/api/people/search", {"q": "90.11.27-001.89"}, content_type="application/json"
    ).json()
    assert [item["id"] for item in by_number["items"]] == [people["omer"].pk]


@pytest.fixture
def twenty_six_mansours(db):
    # Born in 2001, so that none of them matches the searches for Ömer's birth date.
    return [
        PersonFactory(
            family_name="Mansour",
            given_names=f"Child {number:02d}",
            birth_date=datetime.date(2001, 1, 1) + datetime.timedelta(days=number),
        )
        for number in range(26)
    ]


def test_results_come_in_pages_of_twenty_five(intake_client, twenty_six_mansours):
    first = intake_client.post("/people/", {"q": "mansour"})
    assert (first.context["page"].number, first.context["page"].has_next(), first.context["page"].total) == (
        1,
        True,
        None,  # not counted while more follow: "more than 25 people"
    )
    assert len(first.context["page"].object_list) == 25
    second = intake_client.post("/people/", {"q": "mansour", "page": "2"})
    assert (second.context["page"].number, second.context["page"].has_next(), second.context["page"].total) == (
        2,
        False,
        26,
    )
    assert [person.given_names for person in second.context["page"].object_list] == ["Child 25"]
    assert 'name="page" value="1"' in second.content.decode()


def test_the_unfiltered_list_has_pages_too(intake_client, twenty_six_mansours):
    response = intake_client.get("/people/?page=2")
    assert len(response.context["page"].object_list) == 1


def test_api_list_and_search_are_paginated(intake_client, twenty_six_mansours):
    listed = intake_client.get("/api/people?page=2").json()
    assert (listed["count"], listed["page"], listed["pages"], len(listed["items"])) == (26, 2, 2, 1)
    searched = intake_client.post(
        "/api/people/search", {"q": "mansour", "page": 2}, content_type="application/json"
    ).json()
    assert (searched["count"], searched["page"], len(searched["items"])) == (26, 2, 1)


def test_htmx_search_returns_only_the_results(intake_client, people):
    response = intake_client.post("/people/", {"q": "omer"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert next(template.name for template in response.templates) == "people/_results.html"
    assert "ÇELIK Ömer" in content


def test_plain_search_returns_the_whole_page(intake_client, people):
    response = intake_client.post("/people/", {"q": "omer"})
    content = response.content.decode()
    assert "<html" in content
    assert 'id="person-search"' in content
    assert "ÇELIK Ömer" in content


def _urls(content: str) -> list[str]:
    return re.findall(r'(?:href|action|hx-post|hx-get|src)="([^"]*)"', content)


@pytest.mark.parametrize("query", ["omer celik", "90.11.27-001.89", "27/11/1990"])
@pytest.mark.parametrize("htmx", [False, True])
def test_search_terms_and_names_never_appear_in_a_url(intake_client, people, twenty_six_mansours, query, htmx):
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = intake_client.post("/people/", {"q": query}, **headers)
    assert response.status_code == 200
    assert response.context["page"].total == 1
    urls = _urls(response.content.decode())
    assert any(f"/people/{people['omer'].pk}/" in url for url in urls)
    forbidden = [query, "omer", "Ömer", "%C3%96mer", "celik", "elik", "90112700189", "90.11.27", "1990", "27/11"]
    for url in urls:
        for term in forbidden:
            assert term.lower() not in url.lower(), url


def test_page_links_of_a_search_carry_no_terms(intake_client, twenty_six_mansours):
    response = intake_client.post("/people/", {"q": "mansour"}, HTTP_HX_REQUEST="true")
    urls = _urls(response.content.decode())
    assert urls
    assert not [url for url in urls if "mansour" in url.lower() or "child" in url.lower()]
    # The next page is asked for with a POST that carries the terms in its body.
    assert 'hx-post="/people/"' in response.content.decode()
