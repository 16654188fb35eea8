"""Caseload, team, expiring pauses and diploma dossiers: what they list, their filters,
and a number of queries that does not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.services import user_create
from haven.core.models import AccessLogEntry
from haven.integration.models import (
    Certificate,
    ContractPause,
    ContractState,
    CounsellorProfile,
    DiplomaDossier,
    ExemptionTest,
    StatusDecision,
)
from haven.integration.tests.builders import SIGNED_ON, contracts_build
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.usefixtures("english")


def _queries(request) -> int:
    request()  # once before, so that one-off work (session, caches) is not counted
    with CaptureQueriesContext(connection) as context:
        response = request()
    assert response.status_code == 200
    return len(context.captured_queries)


def _pause(contract, days_from_today: int, kind="suspension"):
    today = timezone.localdate()
    return ContractPause.objects.create(
        contract=contract,
        kind=kind,
        reason="Work",
        starts_on=today - datetime.timedelta(days=10),
        expires_on=today + datetime.timedelta(days=days_from_today),
    )


# Caseload --------------------------------------------------------------------------------------


def _grow_caseload(counsellor, total: int):
    """Open contracts up to ``total``; every third has two pauses, every fifth passed the
    exemption test, every seventh is certified (not in the open caseload)."""
    from haven.integration.models import Contract

    existing = Contract.objects.filter(counsellor=counsellor).count()
    for index, built in enumerate(contracts_build(counsellor, total - existing, start=existing), start=existing):
        if index % 3 == 0:
            _pause(built, 12)
            _pause(built, 90, kind="postponement")
        if index % 5 == 0:
            ExemptionTest.objects.create(
                person=built.person, registered_on=SIGNED_ON, taken_on=SIGNED_ON, result="passed"
            )
        if index % 7 == 0:
            Certificate.objects.create(
                contract=built, issued_on=SIGNED_ON + datetime.timedelta(days=500), issued_by=counsellor
            )
            Contract.objects.filter(pk=built.pk).update(state=ContractState.CERTIFIED)


@pytest.mark.parametrize(
    "url",
    [
        "/integration/caseload/",
        "/integration/caseload/?outstanding=civic_orientation",
        "/integration/caseload/?pause_expiring=on&page=2",
        "/integration/caseload/?state=all",
    ],
)
def test_caseload_query_count_does_not_grow_with_the_caseload(counsellor_client, counsellor, counsellor_profile, url):
    _grow_caseload(counsellor, 5)
    with_five = _queries(lambda: counsellor_client.get(url))
    _grow_caseload(counsellor, 60)
    with_sixty = _queries(lambda: counsellor_client.get(url))
    assert with_five == with_sixty


def test_a_colleagues_caseload_runs_as_many_queries(
    counsellor_client, team_coordinator_client, counsellor, counsellor_profile
):
    _grow_caseload(counsellor, 5)
    with_five = _queries(lambda: team_coordinator_client.get(f"/integration/caseload/{counsellor.pk}/"))
    _grow_caseload(counsellor, 60)
    assert _queries(lambda: team_coordinator_client.get(f"/integration/caseload/{counsellor.pk}/")) == with_five


def test_caseload_lists_open_contracts_25_a_page(counsellor_client, counsellor, counsellor_profile):
    _grow_caseload(counsellor, 60)  # 9 of them certified: 51 open
    first = counsellor_client.get("/integration/caseload/")
    assert first.context["page"].paginator.count == 51
    assert len(first.context["rows"]) == 25
    third = counsellor_client.get("/integration/caseload/?page=3")
    assert len(third.context["rows"]) == 1
    assert counsellor_client.get("/integration/caseload/?state=certified").context["page"].paginator.count == 9
    assert counsellor_client.get("/integration/caseload/?state=all").context["page"].paginator.count == 60


def test_caseload_columns(counsellor_client, contract):
    _pause(contract, 20)
    _pause(contract, 5, kind="postponement")
    response = counsellor_client.get("/integration/caseload/")
    [(row, outstanding)] = response.context["rows"]
    assert outstanding == ["MO", "NT2 A2", "career orientation"]
    assert row.next_pause_expiry == timezone.localdate() + datetime.timedelta(days=5)
    page = response.content.decode()
    for text in (
        contract.person.reference,
        "HADDAD Amina",
        "03/06/2019",
        "obligated",
        f"/integration/contracts/{contract.pk}/?purpose=counselling",
    ):
        assert text in page


def test_caseload_filters_by_component_outstanding_and_expiring_pause(
    counsellor_client, counsellor, counsellor_profile
):
    done_mo, exempt, nothing_done, done_all = contracts_build(counsellor, 4)
    done_mo.civic_orientation_passed_on = SIGNED_ON
    done_mo.save()
    ExemptionTest.objects.create(person=exempt.person, registered_on=SIGNED_ON, taken_on=SIGNED_ON, result="passed")
    done_all.civic_orientation_passed_on = done_all.career_orientation_done_on = SIGNED_ON
    done_all.dutch_level_reached, done_all.dutch_level_reached_on = "A2", SIGNED_ON
    done_all.save()
    nothing_done.civic_orientation_passed_on = None
    nothing_done.save()
    _pause(nothing_done, 29)
    _pause(done_mo, 31)

    def listed(query):
        rows = counsellor_client.get("/integration/caseload/?" + query).context["rows"]
        return {row.pk for row, _outstanding in rows}

    assert listed("outstanding=civic_orientation") == {nothing_done.pk}
    assert listed("outstanding=dutch") == {done_mo.pk, exempt.pk, nothing_done.pk}
    assert listed("outstanding=career_orientation") == {done_mo.pk, exempt.pk, nothing_done.pk}
    assert listed("pause_expiring=on") == {nothing_done.pk}
    assert listed("") == {done_mo.pk, exempt.pk, nothing_done.pk, done_all.pk}


def test_a_colleagues_caseload_is_the_team_coordinators_and_read_only(
    counsellor_client, team_coordinator, team_coordinator_client, colleague
):
    built = contracts_build(colleague, 2)
    assert counsellor_client.get(f"/integration/caseload/{colleague.pk}/").status_code == 403
    response = team_coordinator_client.get(f"/integration/caseload/{colleague.pk}/")
    assert response.status_code == 200
    shown = AccessLogEntry.objects.filter(user=team_coordinator, action="list").values_list("person_id", flat=True)
    assert sorted(shown) == sorted(contract.person_id for contract in built)
    assert response.context["own"] is False
    assert "you can read it" in response.content.decode()
    assert len(response.context["rows"]) == 2


# Team ------------------------------------------------------------------------------------------


def _grow_team(total: int):
    languages = ["ara", "fas", "prs", "pus", "tir", "som", "rus", "ukr", "tur", "fra"]
    existing = CounsellorProfile.objects.count()
    for index in range(existing, total):
        user = user_create(
            username=f"counsellor{index}",
            password="correct-horse-battery-staple",
            first_name=f"Counsellor{index}",
            last_name="Persona",
            roles=["counsellor"],
        )
        profile = CounsellorProfile.objects.create(user=user, fte="0.80" if index % 2 else "1.00")
        profile.languages.set(languages[index % 10 : index % 10 + 2] or languages[:2])
        contracts_build(user, 2, start=index)


def test_team_query_count_does_not_grow_with_the_team(counsellor_client):
    _grow_team(3)
    with_three = _queries(lambda: counsellor_client.get("/integration/team/"))
    _grow_team(15)
    with_fifteen = _queries(lambda: counsellor_client.get("/integration/team/"))
    assert with_three == with_fifteen


def test_team_page_per_counsellor_and_per_language(counsellor_client, counsellor, counsellor_profile, colleague):
    contracts_build(counsellor, 3)
    certified = contracts_build(counsellor, 1)[0]
    certified.state = ContractState.CERTIFIED
    certified.save()
    this_year = contracts_build(colleague, 1)[0]
    this_year.signed_on = timezone.localdate()
    this_year.save()
    response = counsellor_client.get("/integration/team/")
    rows = {profile.user_id: profile for profile in response.context["profiles"]}
    assert (rows[counsellor.pk].open_caseload, rows[counsellor.pk].new_contracts) == (3, 0)
    assert (rows[colleague.pk].open_caseload, rows[colleague.pk].new_contracts) == (1, 1)
    languages = {row.code: row for row in response.context["languages"]}
    assert [profile.user_id for profile in languages["ara"].counsellors] == [counsellor.pk]
    assert languages["ara"].open_caseload == 4  # every built client prefers Arabic
    assert languages["fas"].open_caseload == 0
    page = response.content.decode()
    assert f"/integration/caseload/{colleague.pk}/" in page
    assert "0.80" in page or "0,80" in page


# Expiring pauses -------------------------------------------------------------------------------


def test_expiring_pauses_of_ones_own_caseload_or_all_for_a_coordinator(
    counsellor_client, team_coordinator_client, counsellor, counsellor_profile, colleague
):
    mine = contracts_build(counsellor, 2)
    theirs = contracts_build(colleague, 1)
    soon, later, past = _pause(mine[0], 3), _pause(mine[1], 45), _pause(mine[1], -2)
    colleagues = _pause(theirs[0], 30)
    own = counsellor_client.get("/integration/pauses/expiring/")
    assert [pause.pk for pause in own.context["page"].object_list] == [soon.pk]
    everyone = team_coordinator_client.get("/integration/pauses/expiring/")
    assert [pause.pk for pause in everyone.context["page"].object_list] == [soon.pk, colleagues.pk]
    assert later.pk and past.pk
    page = everyone.content.decode()
    assert "Work" not in page  # the reason stays on the contract page
    assert f"/integration/contracts/{theirs[0].pk}/?purpose=counselling" in page


def test_expiring_pauses_are_paginated_with_a_fixed_query_count(
    team_coordinator_client, counsellor, counsellor_profile
):
    for built in contracts_build(counsellor, 5):
        _pause(built, 7)
    with_five = _queries(lambda: team_coordinator_client.get("/integration/pauses/expiring/"))
    for built in contracts_build(counsellor, 30, start=5):
        _pause(built, 7)
    assert _queries(lambda: team_coordinator_client.get("/integration/pauses/expiring/")) == with_five
    response = team_coordinator_client.get("/integration/pauses/expiring/?page=2")
    assert len(response.context["page"].object_list) == 10


# Diploma dossiers ------------------------------------------------------------------------------


def test_dossiers_are_created_listed_filtered_and_updated(programme_staff_client, newcomer):
    url = f"/integration/people/{newcomer.pk}/dossiers/new/"
    assert programme_staff_client.get(url + "?purpose=programme").status_code == 200
    response = programme_staff_client.post(
        url,
        {
            "purpose": "programme",
            "kind": "non_client",
            "opened_on": "12/09/2019",
            "diploma": "Bachelor nursing",
            "missing_documents_text": "Transcript\n\nSworn translation\n",
        },
    )
    dossier = DiplomaDossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/integration/dossiers/{dossier.pk}/?purpose=programme"
    assert (dossier.kind, dossier.diploma, dossier.missing_documents) == (
        "non_client",
        "Bachelor nursing",
        ["Transcript", "Sworn translation"],
    )
    DiplomaDossier.objects.create(person=PersonFactory(), kind="vdab", opened_on=SIGNED_ON, state="recognised")

    def listed(query=""):
        return [
            row.pk for row in programme_staff_client.get("/integration/dossiers/?" + query).context["page"].object_list
        ]

    assert len(listed()) == 2
    assert listed("kind=non_client") == [dossier.pk]
    assert listed("state=recognised&kind=non_client") == []

    response = programme_staff_client.post(
        f"/integration/dossiers/{dossier.pk}/",
        {"purpose": "programme", "state": "submitted", "missing_documents_text": "Sworn translation"},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert (dossier.state, dossier.missing_documents) == ("submitted", ["Sworn translation"])


def test_a_dossier_is_started_by_file_number(programme_staff_client, newcomer):
    response = programme_staff_client.post("/integration/dossiers/", {"reference": newcomer.reference.lower()})
    assert response.status_code == 302
    assert response["Location"] == f"/integration/people/{newcomer.pk}/dossiers/new/?purpose=programme"
    response = programme_staff_client.post("/integration/dossiers/", {"reference": "H999999"})
    assert response.status_code == 200
    assert "There is no person with this file number." in response.content.decode()


def test_dossier_list_query_count_is_fixed(programme_staff_client):
    for _ in range(3):
        DiplomaDossier.objects.create(person=PersonFactory(), kind="client", opened_on=SIGNED_ON)
    with_three = _queries(lambda: programme_staff_client.get("/integration/dossiers/"))
    for _ in range(30):
        DiplomaDossier.objects.create(person=PersonFactory(), kind="client", opened_on=SIGNED_ON)
    assert _queries(lambda: programme_staff_client.get("/integration/dossiers/")) == with_three


# The person-file panel -------------------------------------------------------------------------


def test_the_person_file_panel_lists_registrations_contracts_tests_and_dossiers(counsellor_client, contract):
    ExemptionTest.objects.create(person=contract.person, registered_on=SIGNED_ON)
    DiplomaDossier.objects.create(person=contract.person, kind="client", opened_on=SIGNED_ON)
    response = counsellor_client.get(f"/people/{contract.person_id}/?purpose=counselling")
    panel = [panel for panel in response.context["panels"] if panel.key == "integration"]
    assert len(panel) == 1
    html = str(panel[0].html)
    for text in (
        "Registered on 06/05/2019",
        'class="badge status-obligated"',
        "Why this status",
        "Signed on 03/06/2019",
        "Carla Persona",
        "NT2 A2",
        "Career orientation is not done yet.",
        "registered, not yet taken",
        "client in a trajectory",
        f"/integration/registrations/{contract.registration_id}/?purpose=counselling",
        f"/integration/contracts/{contract.pk}/?purpose=counselling",
    ):
        assert text in html, text


def test_the_panel_is_not_shown_without_the_permission(programme_staff_client, newcomer):
    # A participant of the programme (a diploma dossier), whose file programme staff may open.
    DiplomaDossier.objects.create(person=newcomer, kind="client", opened_on=SIGNED_ON)
    response = programme_staff_client.get(f"/people/{newcomer.pk}/?purpose=programme")
    keys = [panel.key for panel in response.context["panels"]]
    assert keys[:2] == ["identity", "household"]
    # The programme lines' own panels, not civic integration's.
    programme_lines = {"education", "leisure", "transit_site", "organisations", "community", "dutch_practice"}
    assert "integration" not in keys and set(keys[2:]) <= programme_lines


def test_the_person_file_panel_runs_a_fixed_number_of_queries(counsellor_client, counsellor, contract):
    from haven.integration import services

    url = f"/people/{contract.person_id}/?purpose=counselling"
    one = _queries(lambda: counsellor_client.get(url))
    person = contract.person
    for _index in range(4):
        registration = services.registration_create(person=person, registered_on=SIGNED_ON, by=counsellor)
        services.contract_sign(registration=registration, signed_on=SIGNED_ON, by=counsellor)
        ExemptionTest.objects.create(person=person, registered_on=SIGNED_ON)
        DiplomaDossier.objects.create(person=person, kind="client", opened_on=SIGNED_ON)
    assert StatusDecision.objects.filter(person=person, registration__isnull=False).count() == 5
    assert _queries(lambda: counsellor_client.get(url)) == one
