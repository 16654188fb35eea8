"""Erasure and restriction on request (issue 18, item 3): the services, what a restriction
does to every reader (the access policy), and the privacy officer's pages."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import logged_in_client
from haven.accounts.tests.factories import UserFactory
from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose, AuditEntry
from haven.integration.access import contract_for_user
from haven.integration.models import Contract
from haven.integration.tests.factories import ContractFactory
from haven.people import access as people_access
from haven.people import policy
from haven.people import services as people_services
from haven.people.access import FileRestricted
from haven.people.models import Person
from haven.people.tests.factories import PersonFactory
from haven.privacy.anonymise import PSEUDONYM_PREFIX
from haven.privacy.models import SubjectRequest
from haven.privacy.requests import person_erase_on_request, person_restrict, person_restriction_lift

pytestmark = pytest.mark.django_db

REASON = "Art. 18(1)(a): the person contests the accuracy of the address."
YESTERDAY = datetime.date(2024, 5, 2)


@pytest.fixture
def client_person(counsellor):
    """A person in the counsellor persona's caseload (an open contract they follow)."""
    contract = ContractFactory(
        counsellor=counsellor,
        registration__person=PersonFactory(given_names="Zephyrine", family_name="Quaxtonbury"),
    )
    return contract.person


def _restricted(person, officer):
    person_restrict(person=person, by=officer, reason=REASON, received_on=YESTERDAY)
    person.refresh_from_db()
    return person


# The services -------------------------------------------------------------------------------


def test_restricting_records_the_request_and_traces_it(client_person, privacy_officer):
    request = person_restrict(person=client_person, by=privacy_officer, reason=f"  {REASON} ", received_on=YESTERDAY)

    client_person.refresh_from_db()
    assert client_person.restricted_at is not None
    assert (request.kind, request.reason, request.received_on, request.made_by) == (
        SubjectRequest.Kind.RESTRICTION,
        REASON,
        YESTERDAY,
        privacy_officer,
    )
    entry = AccessLogEntry.objects.get(person_id=client_person.pk, action=AccessAction.UPDATE)
    assert (entry.user, entry.purpose, entry.fields) == (
        privacy_officer,
        AccessPurpose.SUBJECT_REQUEST,
        ["restriction"],
    )
    audit = AuditEntry.objects.get(target_type="privacy.subjectrequest", target_id=str(request.pk))
    assert audit.actor == privacy_officer and REASON not in audit.note


def test_lifting_clears_the_restriction(client_person, privacy_officer):
    _restricted(client_person, privacy_officer)

    request = person_restriction_lift(person=client_person, by=privacy_officer, reason=REASON, received_on=YESTERDAY)

    client_person.refresh_from_db()
    assert client_person.restricted_at is None
    assert request.kind == SubjectRequest.Kind.LIFT
    assert AccessLogEntry.objects.filter(person_id=client_person.pk, fields=["restriction"]).count() == 2


@pytest.mark.parametrize(
    ("reason", "received_on", "field"),
    [
        ("   ", YESTERDAY, "reason"),
        (REASON, None, "received_on"),
        (REASON, "tomorrow", "received_on"),
    ],
)
def test_a_request_without_reason_or_with_a_future_date_is_refused_on_its_field(
    client_person, privacy_officer, reason, received_on, field
):
    if received_on == "tomorrow":
        received_on = timezone.localdate() + datetime.timedelta(days=1)
    for service in (person_restrict, person_erase_on_request):
        with pytest.raises(ValidationError) as refused:
            service(person=client_person, by=privacy_officer, reason=reason, received_on=received_on)
        assert list(refused.value.error_dict) == [field]
    assert not SubjectRequest.objects.exists()
    client_person.refresh_from_db()
    assert client_person.restricted_at is None and client_person.anonymised_at is None


def test_a_restricted_file_is_not_restricted_twice_and_an_unrestricted_one_not_lifted(
    english, client_person, privacy_officer
):
    with pytest.raises(ValidationError, match="not restricted"):
        person_restriction_lift(person=client_person, by=privacy_officer, reason=REASON, received_on=YESTERDAY)
    _restricted(client_person, privacy_officer)
    with pytest.raises(ValidationError, match="already restricted"):
        person_restrict(person=client_person, by=privacy_officer, reason=REASON, received_on=YESTERDAY)
    assert SubjectRequest.objects.count() == 1


def test_erasing_on_request_leaves_a_pseudonym_and_an_anonymised_file_is_refused(
    english, client_person, privacy_officer
):
    request = person_erase_on_request(person=client_person, by=privacy_officer, reason=REASON, received_on=YESTERDAY)

    assert request.kind == SubjectRequest.Kind.ERASURE
    assert client_person.family_name == f"{PSEUDONYM_PREFIX}{client_person.pk}"
    assert client_person.anonymised_at is not None
    with pytest.raises(ValidationError, match="anonymised already"):
        person_erase_on_request(person=client_person, by=privacy_officer, reason=REASON, received_on=YESTERDAY)
    with pytest.raises(ValidationError, match="anonymised"):
        person_restrict(person=client_person, by=privacy_officer, reason=REASON, received_on=YESTERDAY)
    assert SubjectRequest.objects.count() == 1


# What a restriction does ----------------------------------------------------------------------


def test_the_counsellor_no_longer_opens_or_finds_a_restricted_file_of_their_caseload(
    client_person, counsellor, privacy_officer, english
):
    client = logged_in_client(counsellor)
    file_url = reverse("people:detail", args=[client_person.pk]) + "?purpose=counselling"
    assert client.get(file_url).status_code == 200
    listed = reverse("people:detail", args=[client_person.pk])
    assert listed in client.post(reverse("people:list"), {"q": "Quaxtonbury"}).content.decode()
    _restricted(client_person, privacy_officer)

    refused = client.get(file_url)
    assert refused.status_code == 403
    assert "only the privacy officer may open it" in refused.content.decode()
    assert "Quaxtonbury" not in refused.content.decode()
    assert AccessLogEntry.objects.filter(
        person_id=client_person.pk, user=counsellor, action=AccessAction.REFUSED
    ).exists()
    found = client.post(reverse("people:list"), {"q": "Quaxtonbury"})
    assert listed not in found.content.decode() and "QUAXTONBURY" not in found.content.decode()
    # Another counsellor cannot break the glass to open it either: it is refused outright.
    other = UserFactory(username="cora2", roles=["counsellor"])
    assert policy.decide(other, client_person.pk, AccessPurpose.COUNSELLING) == policy.Grant(
        False, refusal="restricted"
    )
    assert logged_in_client(other).get(file_url).status_code == 403


def test_intake_who_may_open_anyone_neither_finds_nor_opens_a_restricted_file(
    client_person, intake_user, privacy_officer
):
    _restricted(client_person, privacy_officer)
    client = logged_in_client(intake_user)

    assert client.get(reverse("people:detail", args=[client_person.pk]) + "?purpose=registration").status_code == 403
    listed = reverse("people:detail", args=[client_person.pk])
    assert listed not in client.post(reverse("people:list"), {"q": "Quaxtonbury"}).content.decode()
    assert listed not in client.get(reverse("people:list")).content.decode()
    assert people_access.person_if_openable(intake_user, client_person.pk) is None


def test_every_app_follows_the_restriction_through_the_access_layer(client_person, counsellor, privacy_officer):
    contract = Contract.objects.get(person=client_person)
    assert contract_for_user(counsellor, contract.pk, purpose=AccessPurpose.COUNSELLING) == contract
    _restricted(client_person, privacy_officer)

    with pytest.raises(FileRestricted):
        contract_for_user(counsellor, contract.pk, purpose=AccessPurpose.COUNSELLING)
    listed = people_access.people_visible(Contract.objects.all(), counsellor, person_field="person_id")
    assert contract not in listed
    assert people_access.visible_ids(counsellor, [client_person.pk]) == set()
    assert people_access.visible_ids(privacy_officer, [client_person.pk]) == {client_person.pk}


def test_the_api_refuses_a_restricted_file_and_leaves_it_out_of_its_lists(
    client_person, counsellor, privacy_officer, english
):
    client = logged_in_client(counsellor)
    _restricted(client_person, privacy_officer)

    refused = client.get(f"/api/people/{client_person.pk}?purpose=counselling")
    listed = client.get("/api/people")

    assert refused.status_code == 403
    assert "restricted" in refused.json()["detail"]
    assert client_person.pk not in [row["id"] for row in listed.json()["items"]]
    officer = logged_in_client(privacy_officer).get(f"/api/people/{client_person.pk}?purpose=subject_request")
    assert officer.status_code == 200


def test_the_privacy_officer_reads_a_restricted_file_with_a_banner_and_nobody_changes_it(
    client_person, privacy_officer, intake_user, english
):
    _restricted(client_person, privacy_officer)
    client = logged_in_client(privacy_officer)

    page = client.get(reverse("people:detail", args=[client_person.pk]) + "?purpose=subject_request")

    assert page.status_code == 200
    body = page.content.decode()
    assert "QUAXTONBURY" in body and 'id="restricted-banner"' in body and "Restricted since" in body
    assert 'href="' + reverse("privacy:person", args=[client_person.pk]) in body
    with pytest.raises(ValidationError, match="restricted"):
        people_services.person_update(
            person=client_person, by=intake_user, values={"notes": "moved"}, purpose=AccessPurpose.CORRECTION
        )
    client_person.refresh_from_db()
    assert client_person.notes != "moved"


# The pages ----------------------------------------------------------------------------------


def test_the_person_page_shows_the_requests_and_traces_the_read(client_person, privacy_officer, english):
    _restricted(client_person, privacy_officer)
    client = logged_in_client(privacy_officer)

    page = client.get(reverse("privacy:person", args=[client_person.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert REASON in body and "restriction of processing" in body
    assert "Lift the restriction" in body and 'id="restriction-state"' in body
    assert reverse("privacy:copy_start", args=[client_person.pk]) in body
    entry = AccessLogEntry.objects.filter(person_id=client_person.pk, action=AccessAction.VIEW).get()
    assert (entry.user, entry.purpose) == (privacy_officer, AccessPurpose.SUBJECT_REQUEST)


def test_the_person_page_is_the_privacy_officers_only(client_person, counsellor_client, functional_admin_client):
    url = reverse("privacy:person", args=[client_person.pk])
    assert counsellor_client.get(url).status_code == 403
    assert functional_admin_client.get(url).status_code == 403
    assert counsellor_client.post(reverse("privacy:person_restriction", args=[client_person.pk])).status_code == 403


def test_the_officer_restricts_and_lifts_on_the_page(client_person, privacy_officer, english):
    client = logged_in_client(privacy_officer)
    url = reverse("privacy:person_restriction", args=[client_person.pk])

    done = client.post(url, {"reason": REASON, "received_on": "02/05/2024"})

    assert done.status_code == 302
    client_person.refresh_from_db()
    assert client_person.restricted_at is not None
    client.post(url, {"reason": REASON, "received_on": "02/05/2024"})
    client_person.refresh_from_db()
    assert client_person.restricted_at is None
    assert list(SubjectRequest.objects.values_list("kind", flat=True)) == ["lift", "restriction"]


def test_a_decision_without_reason_or_in_the_future_comes_back_with_the_error_on_its_field(
    client_person, privacy_officer, english
):
    client = logged_in_client(privacy_officer)
    url = reverse("privacy:person_restriction", args=[client_person.pk])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")

    refused = client.post(url, {"reason": "", "received_on": tomorrow})

    assert refused.status_code == 400
    form = refused.context["decision_form"]
    assert set(form.errors) == {"reason", "received_on"}
    assert "cannot be received in the future" in refused.content.decode()
    assert not SubjectRequest.objects.exists()


def test_the_erasure_asks_for_confirmation_then_leaves_the_pseudonym(client_person, privacy_officer, english):
    client = logged_in_client(privacy_officer)
    url = reverse("privacy:person_erasure", args=[client_person.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "This cannot be undone." in confirm.content.decode()
    assert "contracts" in confirm.content.decode().lower()
    unconfirmed = client.post(url, {"reason": REASON, "received_on": "02/05/2024"})
    assert unconfirmed.status_code == 400
    assert "confirm" in unconfirmed.context["form"].errors
    client_person.refresh_from_db()
    assert client_person.anonymised_at is None

    done = client.post(url, {"reason": REASON, "received_on": "02/05/2024", "confirm": "on"})

    assert done.status_code == 302
    client_person.refresh_from_db()
    assert client_person.family_name == f"{PSEUDONYM_PREFIX}{client_person.pk}"
    page = client.get(reverse("privacy:person", args=[client_person.pk]))
    assert "anonymised on" in page.content.decode() and "Quaxtonbury" not in page.content.decode()


def test_the_lookup_leads_to_the_persons_privacy_page(client_person, privacy_officer_client):
    found = privacy_officer_client.get(
        reverse("privacy:history_lookup"), {"reference": f"H{client_person.pk:06d}", "to": "requests"}
    )
    assert found.url == reverse("privacy:person", args=[client_person.pk])


def _requests(officer, count: int) -> None:
    people = PersonFactory.create_batch(count)
    SubjectRequest.objects.bulk_create(
        SubjectRequest(
            person=person,
            kind=SubjectRequest.Kind.RESTRICTION,
            reason=REASON,
            received_on=YESTERDAY,
            made_by=officer,
        )
        for person in people
    )
    Person.objects.filter(pk__in=[person.pk for person in people]).update(restricted_at=timezone.now())


@pytest.mark.parametrize("url_name", ["privacy:requests", "privacy:restrictions"])
def test_the_lists_cost_the_same_queries_for_one_or_ten(privacy_officer, url_name, english):
    client = logged_in_client(privacy_officer)
    url = reverse(url_name)
    _requests(privacy_officer, 1)
    client.get(url)  # the session and the user's roles, read once
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    _requests(privacy_officer, 9)
    with CaptureQueriesContext(connection) as ten:
        second = client.get(url)

    assert first.status_code == second.status_code == 200
    # The session, the user, their two-factor devices (2), permissions (2) and roles; the
    # count and the page.
    assert len(one) == len(ten) == 9
    assert second.content.decode().count(REASON) == 10
    assert not AccessLogEntry.objects.exists()  # file numbers only: nobody shown


def test_the_request_list_filters_by_kind_and_refuses_an_unknown_one(privacy_officer, english):
    client = logged_in_client(privacy_officer)
    _requests(privacy_officer, 2)

    assert client.get(reverse("privacy:requests"), {"kind": "restriction"}).content.decode().count(REASON) == 2
    assert client.get(reverse("privacy:requests"), {"kind": "erasure"}).content.decode().count(REASON) == 0
    bad = client.get(reverse("privacy:requests"), {"kind": "nonsense"})
    assert bad.status_code == 400
    assert "Select a valid choice" in bad.content.decode()
