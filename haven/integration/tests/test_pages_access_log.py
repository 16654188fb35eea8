"""Every read of a person's civic-integration records writes one access-log entry
with the purpose from the URL; without a purpose the user is asked first and nothing
is shown or logged; lists open no file but trace the people they show (one "list"
entry each); the live preview logs nothing. Each read gives a purpose of the reader's
role (the access policy)."""

import re

import pytest

from haven.core.models import AccessAction, AccessLogEntry
from haven.integration.models import DiplomaDossier
from haven.integration.tests.builders import SIGNED_ON, facts_form_data

pytestmark = pytest.mark.usefixtures("english")

# (url template, purpose, persona). {person}, {registration}, {contract}, {dossier}.
READS = [
    ("/integration/registrations/{registration}/?purpose=counselling", "counselling", "counsellor_client"),
    ("/integration/registrations/{registration}/?purpose=registration", "registration", "intake_client"),
    ("/integration/contracts/{contract}/?purpose=counselling", "counselling", "counsellor_client"),
    ("/integration/contracts/{contract}/?purpose=correction", "correction", "team_coordinator_client"),
    ("/integration/people/{person}/facts/?purpose=correction", "correction", "counsellor_client"),
    ("/integration/people/{person}/register/?purpose=registration", "registration", "intake_client"),
    ("/integration/people/{person}/dossiers/new/?purpose=programme", "programme", "programme_staff_client"),
    ("/integration/dossiers/{dossier}/?purpose=programme", "programme", "programme_staff_client"),
    ("/people/{person}/?purpose=counselling", "counselling", "counsellor_client"),  # the panel adds nothing
]


@pytest.fixture
def ids(contract):
    dossier = DiplomaDossier.objects.create(person=contract.person, kind="client", opened_on=SIGNED_ON)
    return {
        "person": contract.person_id,
        "registration": contract.registration_id,
        "contract": contract.pk,
        "dossier": dossier.pk,
    }


@pytest.mark.parametrize(("url", "purpose", "persona"), READS, ids=[read[0] for read in READS])
def test_each_page_read_writes_one_entry_with_its_purpose(request, ids, url, purpose, persona):
    client = request.getfixturevalue(persona)
    user = client.session["_auth_user_id"]
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    response = client.get(url.format(**ids))
    assert response.status_code == 200
    entries = list(AccessLogEntry.objects.exclude(pk__in=before))
    assert [
        (str(entry.user_id), entry.person_id, entry.action, entry.purpose, entry.channel, entry.fields)
        for entry in entries
    ] == [(user, ids["person"], AccessAction.VIEW, purpose, "web", [])]


@pytest.mark.parametrize(
    "url",
    [
        "/integration/registrations/{registration}/",
        "/integration/contracts/{contract}/",
        "/integration/contracts/{contract}/?purpose=curiosity",
        "/integration/dossiers/{dossier}/",
    ],
)
def test_without_a_purpose_the_user_is_asked_first(counsellor_client, ids, url):
    before = AccessLogEntry.objects.count()
    response = counsellor_client.get(url.format(**ids))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose the purpose" in page
    assert "HADDAD" not in page
    assert AccessLogEntry.objects.count() == before


@pytest.mark.parametrize(
    ("url", "shows_the_person"),
    [
        ("/integration/caseload/", False),  # the coordinator's own caseload is empty
        ("/integration/team/", False),
        ("/integration/pauses/expiring/", False),
        ("/integration/dossiers/", True),
    ],
)
def test_lists_open_no_file_and_trace_the_people_shown(
    team_coordinator, team_coordinator_client, ids, url, shows_the_person
):
    before = set(AccessLogEntry.objects.values_list("pk", flat=True))
    assert team_coordinator_client.get(url).status_code == 200
    entries = list(AccessLogEntry.objects.exclude(pk__in=before).values_list("user", "person_id", "action", "page"))
    assert entries == (
        [(team_coordinator.pk, ids["person"], AccessAction.LIST, "integration:dossiers")] if shows_the_person else []
    )


def test_the_live_preview_logs_nothing(intake_client, newcomer):
    before = AccessLogEntry.objects.count()
    response = intake_client.post(
        f"/integration/people/{newcomer.pk}/register/preview/", facts_form_data(), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert AccessLogEntry.objects.count() == before


def test_a_registration_logs_the_change_not_a_read(intake_client, intake_user, newcomer):
    intake_client.post(f"/integration/people/{newcomer.pk}/register/", facts_form_data())
    entries = list(AccessLogEntry.objects.filter(person_id=newcomer.pk).values_list("action", "purpose", "fields"))
    assert ("view", "registration", []) not in entries
    assert all(action == "update" for action, _purpose, _fields in entries)
    assert any(fields == ["registration"] for _action, _purpose, fields in entries)
    # Field names, never values.
    assert not any("foreigners" in str(fields) for _action, _purpose, fields in entries)


def test_urls_carry_ids_and_purposes_only(counsellor_client, contract):
    page = counsellor_client.get(f"/people/{contract.person_id}/?purpose=counselling").content.decode()
    for href in re.findall(r'href="(/integration/[^"]*)"', page):
        assert re.fullmatch(r"/integration/[a-z/-]*(\d+/)*[a-z/-]*(\?purpose=[a-z_]+)?", href), href
