"""The registry's pages and list endpoint run a fixed number of queries, however many
people there are and however many languages and household members each has."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from haven.core.models import Language
from haven.core.tests.factories import DistrictFactory
from haven.people.models import HouseholdLink, Person
from haven.people.tests.factories import PersonFactory, caseload_add

LANGUAGE_CODES = ["ara", "fas", "prs", "pus", "tir", "som", "rus", "ukr", "tur", "fra"]


@pytest.fixture
def registry(db, counsellor):
    """Grows the registry to a given size. The first person (the oldest) speaks ten
    languages and is the parent of everyone else; everyone else speaks three, has a
    preferred language and lives in a district. Everyone is in the counsellor persona's
    caseload, so the pages measured show them all (the access policy narrows to it)."""
    languages = list(Language.objects.filter(code__in=LANGUAGE_CODES))
    assert len(languages) == len(LANGUAGE_CODES)
    districts = [DistrictFactory(name=name, postal_codes="") for name in ("Brugse Poort", "Ledeberg", "Rabot")]
    head = PersonFactory(
        birth_date=datetime.date(1940, 1, 1),
        family_name="Aaberg",
        preferred_language=languages[0],
        district=districts[0],
    )
    head.languages.set(languages)
    caseload_add(counsellor, head)

    def grow(total: int) -> Person:
        missing = total - Person.objects.count()
        for index in range(missing):
            newcomer = PersonFactory(district=districts[index % 3], preferred_language=languages[index % 10])
            newcomer.languages.set(list(itertools.islice(itertools.cycle(languages), index % 10, index % 10 + 3)))
            caseload_add(counsellor, newcomer)
        HouseholdLink.objects.bulk_create(
            [HouseholdLink(parent=head, child=child) for child in Person.objects.exclude(pk=head.pk)],
            ignore_conflicts=True,
        )
        assert Person.objects.count() == total
        return head

    return grow


def _queries(request) -> int:
    request()  # the same request once before, so that one-off work (session, caches) is not counted
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200
    return len(context.captured_queries)


def _youngest_child(head: Person) -> int:
    return head.child_links.order_by("-child__birth_date").first().child_id


# What is measured: each takes the client and the head of the household.
MEASURED = {
    "list page": lambda client, head: client.get("/people/"),
    "second list page": lambda client, head: client.post("/people/", {"q": "", "page": "2"}),
    "htmx search": lambda client, head: client.post("/people/", {"q": "a"}, HTTP_HX_REQUEST="true"),
    "search page": lambda client, head: client.post("/people/", {"q": "a"}),
    "file page": lambda client, head: client.get(f"/people/{head.pk}/?purpose=counselling"),
    "child's file page": lambda client, head: client.get(f"/people/{_youngest_child(head)}/?purpose=counselling"),
    "API list": lambda client, head: client.get("/api/people"),
    "API search": lambda client, head: client.post("/api/people/search", {"q": "a"}, content_type="application/json"),
    "API file": lambda client, head: client.get(f"/api/people/{head.pk}?purpose=counselling"),
}


@pytest.mark.parametrize("measured", MEASURED)
def test_query_count_does_not_grow_with_the_registry(counsellor_client, registry, measured):
    send = MEASURED[measured]
    # The second list page is measured where there is one (at 10 people a page past the end
    # gives the first page, for one more query: the list is not counted to clamp it).
    head = registry(30 if measured == "second list page" else 10)
    with_few = _queries(lambda: send(counsellor_client, head))
    head = registry(200)
    with_two_hundred = _queries(lambda: send(counsellor_client, head))
    assert with_few == with_two_hundred


def test_the_measured_pages_really_grow_with_the_registry(counsellor_client, registry):
    # Guards the test above: the pages it compares show more rows with 200 people.
    head = registry(10)
    assert len(counsellor_client.get("/people/").context["page"].object_list) == 10
    assert (
        len(counsellor_client.get(f"/people/{head.pk}/?purpose=counselling").context["person"].child_links.all()) == 9
    )
    head = registry(200)
    assert len(counsellor_client.get("/people/").context["page"].object_list) == 25
    response = counsellor_client.get(f"/people/{head.pk}/?purpose=counselling")
    assert len(response.context["person"].child_links.all()) == 199
    # The household panel shows 25 of them, like a page of a list.
    assert response.content.decode().count('<li><span class="tag">') == 25
    assert len(counsellor_client.get("/api/people").json()["items"]) == 25
