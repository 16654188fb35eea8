"""Who may reach the registry: every page and every endpoint, for every persona
without the registry's permissions."""

import pytest
from django.test import Client

from haven.core.models import AccessLogEntry
from haven.people.models import HouseholdLink, Person
from haven.people.tests.factories import person_api_payload, person_form_data

# (method, url template, form data). {person}, {child} and {link} are filled in from
# the household fixture. Every page of the registry is here.
PERSON_PAGES = [
    ("get", "/people/", None),
    ("post", "/people/", {"q": "Mansour"}),
    ("get", "/people/{person}/", None),
    ("get", "/people/{person}/?purpose=counselling", None),
    ("get", "/people/new/", None),
    ("post", "/people/new/", "new person"),
    ("get", "/people/{person}/edit/", None),
    ("post", "/people/{person}/edit/", {"family_name": "Changed"}),
    ("post", "/people/{person}/household/", {"relation": "child", "other_reference": "H{child:06d}"}),
    ("post", "/people/{person}/household/{link}/remove/", {"purpose": "correction"}),
    ("get", "/people/{person}/access-history/", None),
]

# (method, url template, JSON body). Every endpoint of the people API is here.
PEOPLE_ENDPOINTS = [
    ("get", "/api/people", None),
    ("post", "/api/people/search", {"q": "Mansour"}),
    ("get", "/api/people/{person}?purpose=counselling", None),
    ("post", "/api/people", "new person"),
    ("patch", "/api/people/{person}", {"notes": "Changed"}),
]


def _ids(household) -> dict:
    mother, son, link = household
    return {"person": mother.pk, "child": son.pk, "link": link.pk}


def _page_request(client: Client, household, method: str, template: str, data):
    ids = _ids(household)
    url = template.format(**ids)
    if data == "new person":
        data = person_form_data()
    elif isinstance(data, dict):
        data = {name: value.format(**ids) if isinstance(value, str) else value for name, value in data.items()}
    return getattr(client, method)(url, data) if method == "post" else client.get(url)


def _api_request(client: Client, household, method: str, template: str, body, **headers):
    url = template.format(**_ids(household))
    if body == "new person":
        body = person_api_payload()
    if method == "get":
        return client.get(url, **headers)
    return getattr(client, method)(url, body, content_type="application/json", **headers)


def _page_label(page) -> str:
    return f"{page[0].upper()} {page[1]}"


@pytest.fixture(params=["outsider", "partner_user", "dispatcher"])
def user_without_registry(request):
    """Personas whose roles give no access to person files."""
    return request.getfixturevalue(request.param)


def _registry_unchanged(household) -> bool:
    mother, _son, link = household
    mother.refresh_from_db()
    return (
        Person.objects.count() == 2
        and mother.family_name == "Mansour"
        and not mother.notes
        and HouseholdLink.objects.filter(pk=link.pk).exists()
        and HouseholdLink.objects.count() == 1
        and not AccessLogEntry.objects.exists()
    )


@pytest.mark.parametrize("page", PERSON_PAGES, ids=_page_label)
def test_outsider_partner_and_dispatcher_get_403_on_every_person_page(user_without_registry, household, page):
    client = Client()
    client.force_login(user_without_registry)
    response = _page_request(client, household, *page)
    assert response.status_code == 403
    assert _registry_unchanged(household)


@pytest.mark.parametrize("endpoint", PEOPLE_ENDPOINTS, ids=_page_label)
def test_outsider_partner_and_dispatcher_get_403_on_every_people_endpoint(user_without_registry, household, endpoint):
    client = Client()
    client.force_login(user_without_registry)
    response = _api_request(client, household, *endpoint)
    assert response.status_code == 403
    assert _registry_unchanged(household)


@pytest.mark.parametrize("page", PERSON_PAGES, ids=_page_label)
def test_manager_gets_403_on_every_person_page(manager_client, household, page):
    response = _page_request(manager_client, household, *page)
    assert response.status_code == 403
    assert _registry_unchanged(household)


@pytest.mark.parametrize("endpoint", PEOPLE_ENDPOINTS, ids=_page_label)
def test_manager_gets_403_on_every_people_endpoint(manager_client, household, endpoint):
    response = _api_request(manager_client, household, *endpoint)
    assert response.status_code == 403
    assert _registry_unchanged(household)


def test_manager_sees_the_annual_report_page_and_endpoint(manager_client):
    assert manager_client.get("/reports/annual/2019/").status_code == 200
    response = manager_client.get("/api/reports/annual/2019")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("page", PERSON_PAGES, ids=_page_label)
def test_anonymous_user_is_sent_to_login_from_every_person_page(client, household, page):
    response = _page_request(client, household, *page)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=")
    assert _registry_unchanged(household)


@pytest.mark.parametrize("endpoint", PEOPLE_ENDPOINTS, ids=_page_label)
def test_anonymous_user_gets_401_on_every_people_endpoint(client, household, endpoint):
    response = _api_request(client, household, *endpoint)
    assert response.status_code == 401
    assert _registry_unchanged(household)


def _registers(request) -> bool:
    return request[1].startswith("/people/new/") or (request[0] == "post" and request[1] == "/api/people")


@pytest.mark.parametrize("page", [page for page in PERSON_PAGES if _registers(page)], ids=_page_label)
def test_only_intake_registers_people(counsellor_client, intake_client, caseload, page):
    # Registering newcomers is the desk's: a counsellor corrects the files of the caseload.
    assert _page_request(counsellor_client, caseload, *page).status_code == 403
    assert _page_request(intake_client, caseload, *page).status_code in (200, 302)


@pytest.mark.parametrize(
    "page", [page for page in PERSON_PAGES if "access-history" not in page[1] and not _registers(page)], ids=_page_label
)
def test_counsellor_reaches_every_person_page(counsellor_client, caseload, page):
    # The other side of the 403s above: the same requests succeed for a counsellor
    # (on the files of their caseload: the access policy).
    household = caseload
    response = _page_request(counsellor_client, household, *page)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert not response["Location"].startswith("/login/")


@pytest.mark.parametrize(
    "endpoint", [endpoint for endpoint in PEOPLE_ENDPOINTS if not _registers(endpoint)], ids=_page_label
)
def test_counsellor_reaches_every_people_endpoint(counsellor_client, caseload, endpoint):
    household = caseload
    response = _api_request(counsellor_client, household, *endpoint)
    assert response.status_code in (200, 201)


def test_privacy_officer_sees_the_access_history(privacy_officer_client, counsellor_client, caseload, person):
    counsellor_client.get(f"/people/{person.pk}/?purpose=counselling")
    response = privacy_officer_client.get(f"/people/{person.pk}/access-history/")
    assert response.status_code == 200
    entries = list(response.context["page"].object_list)
    assert [(entry.user.username, entry.action, entry.purpose) for entry in entries] == [
        ("carla", "view", "counselling")
    ]
    # The history names the file number, not the person.
    assert person.reference in response.content.decode()
    assert person.family_name not in response.content.decode()


def test_counsellor_cannot_see_the_access_history(counsellor_client, person):
    assert counsellor_client.get(f"/people/{person.pk}/access-history/").status_code == 403


def test_functional_admin_reads_a_files_access_history(functional_admin_client, person):
    # The functional administrator answers a GDPR request ("who read my file?") from the
    # access history, which the start page links (issue 13); the file itself stays closed.
    assert functional_admin_client.get(f"/people/{person.pk}/access-history/").status_code == 200


def test_functional_admin_cannot_open_person_files(functional_admin_client, person):
    # Administering users and the log gives no access to the files themselves.
    assert functional_admin_client.get(f"/people/{person.pk}/?purpose=audit").status_code == 403
    assert functional_admin_client.get(f"/api/people/{person.pk}?purpose=audit").status_code == 403
