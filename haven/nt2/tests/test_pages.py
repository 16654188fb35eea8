"""The NT2 pages: who reaches them, every form's success and refusal, the access log,
the intake file in a fixed number of queries, the PDFs, the desk, providers, funds and
the person-file panel."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.core.models import AccessAction, AccessLogEntry, AccessPurpose, Language
from haven.nt2 import services
from haven.nt2.models import (
    CertificationTest,
    Conversation,
    Enrolment,
    EnrolmentStatus,
    LanguageTest,
    Module,
    ProviderKind,
    Routing,
    Scholarship,
)
from haven.nt2.tests.factories import FAST_LEARNER, ModuleFactory
from haven.people.tests.factories import PersonFactory, caseload_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def today():
    return timezone.localdate()


def _date(day) -> str:
    return day.strftime("%d/%m/%Y")


# Reference data and records ---------------------------------------------------------------


def _module(provider, *, level="A1", pace="regular", places=12, days=14, title="Nederlands"):
    return ModuleFactory(
        provider=provider, title=f"{title} {level}", level=level, pace=pace, places=places, days=days, location="Ghent"
    )


def _conversation(person, by, **values):
    return services.conversation_create(
        person=person,
        by=by,
        languages=Language.objects.filter(code="ara"),
        values={"held_on": today(), **FAST_LEARNER, **values},
    )


def _aptitude(person, by, aptitude="fast"):
    return services.language_test_record(
        person=person, by=by, values={"taken_on": today(), "kind": "aptitude", "aptitude": aptitude}
    )


# Who reaches what -------------------------------------------------------------------------

READ_PAGES = [
    "/nt2/",
    "/nt2/providers/",
    "/nt2/providers/?level=A1&pace=fast",
    "/nt2/funds/",
    "/nt2/people/{person}/",
]
DOCUMENTS = ["/nt2/scholarships/{scholarship}/letter/", "/nt2/certifications/{certification}/certificate/"]
WRITES = [
    ("/nt2/people/{person}/conversations/", {"conversation-held_on": "01/09/2025"}),
    ("/nt2/people/{person}/tests/", {"test-kind": "aptitude"}),
    ("/nt2/people/{person}/routings/", {}),
    ("/nt2/people/{person}/enrolments/", {}),
    ("/nt2/people/{person}/scholarships/", {"action": "check"}),
    ("/nt2/people/{person}/certifications/", {}),
    ("/nt2/routings/{routing}/decide/", {"accept": "1"}),
    ("/nt2/enrolments/{enrolment}/status/", {"status": "confirmed"}),
]


def _counts():
    return tuple(
        model.objects.count()
        for model in (Conversation, LanguageTest, Routing, Enrolment, Scholarship, CertificationTest, AccessLogEntry)
    )


@pytest.mark.parametrize("persona", ["partner_client", "manager_client", "outsider_client"])
@pytest.mark.parametrize("url", READ_PAGES + DOCUMENTS + [url for url, _data in WRITES])
def test_roles_without_nt2_get_403_and_nothing_is_logged(request, persona, url, records):
    client = request.getfixturevalue(persona)
    before = _counts()
    url = url.format(**records)
    response = client.post(url, {}) if any(url == write.format(**records) for write, _ in WRITES) else client.get(url)
    assert response.status_code == 403
    assert _counts() == before


@pytest.mark.parametrize("url", READ_PAGES + DOCUMENTS)
def test_anonymous_visitors_are_sent_to_the_login(client, url, records):
    response = client.get(url.format(**records))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("url", READ_PAGES)
def test_counsellors_and_intake_staff_read_the_pages(
    counsellor_client, counsellor, intake_client, url, records, learner
):
    caseload_add(counsellor, learner)  # the counsellor's client
    assert counsellor_client.get(url.format(**records)).status_code == 200
    assert intake_client.get(url.format(**records)).status_code == 200


@pytest.mark.parametrize(("url", "data"), WRITES)
def test_counsellors_cannot_write(counsellor_client, url, data, records):
    before = _counts()
    assert counsellor_client.post(url.format(**records), data).status_code == 403
    assert _counts() == before


def test_a_counsellor_sees_no_forms(counsellor_client, counsellor, records, learner):
    caseload_add(counsellor, learner)
    page = counsellor_client.get(f"/nt2/people/{records['person']}/").content.decode()
    assert "You can read this file" in page
    assert "Add a conversation" not in page and "Accept the proposal" not in page


def test_the_functional_administrator_sees_providers_and_funds_but_no_files(functional_admin_client, records):
    assert functional_admin_client.get("/nt2/providers/").status_code == 200
    assert functional_admin_client.get("/nt2/funds/").status_code == 200
    assert functional_admin_client.get(f"/nt2/people/{records['person']}/").status_code == 403


def test_the_navigation_shows_dutch_to_the_line_only(intake_client, partner_client):
    assert "Dutch (NT2)" in intake_client.get("/").content.decode()
    assert "Dutch (NT2)" not in partner_client.get("/").content.decode()


# The access log ---------------------------------------------------------------------------


def test_opening_the_intake_file_is_logged_with_the_language_purpose(intake_client, intake_user, records):
    before = AccessLogEntry.objects.count()
    intake_client.get(f"/nt2/people/{records['person']}/")
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    assert (entry.person_id, entry.user, entry.action, entry.purpose) == (
        records["person"],
        intake_user,
        AccessAction.VIEW,
        AccessPurpose.LANGUAGE,
    )


def test_a_write_is_logged_by_the_service_with_the_language_purpose(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/tests/",
        {"test-taken_on": _date(today()), "test-kind": "aptitude", "test-aptitude": "regular"},
    )
    assert response.status_code == 302
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert (entry.person_id, entry.action, entry.purpose, entry.fields) == (
        learner.pk,
        AccessAction.UPDATE,
        AccessPurpose.LANGUAGE,
        ["nt2_tests"],
    )


# Conversations and tests ------------------------------------------------------------------


def _conversation_data(**overrides):
    data = {
        "held_on": _date(today()),
        "kind": "first",
        "learning_goal": "work",
        "years_of_schooling": "8",
        "highest_diploma": "primary",
        "languages": ["ara", "fra"],
        "literate": "true",
        "latin_script": "false",
        "outcome": "test",
        "notes": "",
    }
    data.update(overrides)
    return {f"conversation-{name}": value for name, value in data.items()}


def test_intake_staff_add_a_conversation_with_the_languages_known(intake_client, intake_user, learner):
    response = intake_client.post(f"/nt2/people/{learner.pk}/conversations/", _conversation_data())
    assert response.status_code == 302
    assert response["Location"] == f"/nt2/people/{learner.pk}/?purpose=language#conversations"
    conversation = Conversation.objects.get(person=learner)
    assert conversation.staff == intake_user
    assert (conversation.literate, conversation.latin_script, conversation.years_of_schooling) == (True, False, 8)
    assert sorted(language.code for language in conversation.languages_known.all()) == ["ara", "fra"]
    page = intake_client.get(response["Location"]).content.decode()
    assert "The conversation is saved." in page and "Arabic" in page


def test_a_conversation_the_model_refuses_comes_back_with_its_error(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/conversations/",
        _conversation_data(years_of_schooling="40", literate="false", latin_script="true"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "At most 30 years of schooling." in page
    assert "Someone who reads the Latin script is literate." in page
    assert not Conversation.objects.exists()


def test_a_level_test_sets_the_current_level(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/tests/",
        {"test-taken_on": _date(today()), "test-kind": "level", "test-skill": "reading", "test-level": "A2"},
    )
    assert response.status_code == 302
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert LanguageTest.objects.get(person=learner).level == "A2"
    assert "<dt>Reading</dt><dd>A2</dd>" in page


def test_a_level_test_without_a_skill_is_refused(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/tests/", {"test-taken_on": _date(today()), "test-kind": "level", "test-level": "A2"}
    )
    assert response.status_code == 400
    assert "A level test tests one skill." in response.content.decode()
    assert not LanguageTest.objects.exists()


# Routing ----------------------------------------------------------------------------------


def test_a_proposal_is_shown_with_its_reasons_in_words(intake_client, intake_user, learner, modules):
    _conversation(learner, intake_user)
    _aptitude(learner, intake_user)
    response = intake_client.post(f"/nt2/people/{learner.pk}/routings/")
    routing = Routing.objects.get(person=learner)
    assert response.status_code == 302
    assert routing.proposed_kind == ProviderKind.UCT and routing.proposed_module == modules["uct"]
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert "Row 8 of the routing table: literate in the Latin script; eligible for higher education" in page
    assert "Accept the proposal" in page


def test_a_proposal_with_facts_missing_names_them(intake_client, learner, modules):
    intake_client.post(f"/nt2/people/{learner.pk}/routings/")
    routing = Routing.objects.get(person=learner)
    assert routing.missing and not routing.proposed_kind
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert "To decide the route, find out:" in page
    assert "literacy in the Latin script" in page


def test_accepting_the_proposal_chooses_the_proposed_module(intake_client, intake_user, proposal, modules):
    response = intake_client.post(f"/nt2/routings/{proposal.pk}/decide/", {"accept": "1"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.chosen_module, proposal.chosen_provider, proposal.decided_by) == (
        modules["uct"],
        modules["uct"].provider,
        intake_user,
    )
    assert proposal.override_reason == ""


def test_another_choice_without_a_reason_is_refused_with_the_message(intake_client, proposal, modules):
    response = intake_client.post(
        f"/nt2/routings/{proposal.pk}/decide/", {f"decide-{proposal.pk}-module": modules["cvo"].pk}
    )
    assert response.status_code == 400
    assert "Say why you choose other than the proposal." in response.content.decode()
    proposal.refresh_from_db()
    assert not proposal.decided


def test_another_choice_with_a_reason_is_kept_with_the_reason(intake_client, proposal, modules):
    response = intake_client.post(
        f"/nt2/routings/{proposal.pk}/decide/",
        {
            f"decide-{proposal.pk}-module": modules["cvo"].pk,
            f"decide-{proposal.pk}-reason": "Works during the day; the CVO has evening classes.",
        },
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.chosen_module == modules["cvo"]
    assert proposal.override_reason.startswith("Works during the day")
    page = response.client.get(f"/nt2/people/{proposal.person_id}/").content.decode()
    assert "Reason for another choice" in page and "evening classes" in page


def test_a_decided_routing_cannot_be_decided_again(intake_client, proposal, modules, intake_user):
    services.routing_decide(routing=proposal, by=intake_user, on=today(), module=modules["uct"])
    response = intake_client.post(f"/nt2/routings/{proposal.pk}/decide/", {"accept": "1"})
    assert response.status_code == 400
    assert "This routing has been decided already." in response.content.decode()


# Enrolments -------------------------------------------------------------------------------


def test_intake_staff_enrol_at_a_module_with_places(intake_client, intake_user, learner, modules):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/enrolments/",
        {"enrolment-module": modules["cvo"].pk, "enrolment-requested_on": _date(today())},
    )
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(person=learner)
    assert (enrolment.module, enrolment.status, enrolment.created_by) == (
        modules["cvo"],
        EnrolmentStatus.REQUESTED,
        intake_user,
    )


def test_a_full_module_refuses_the_enrolment_with_a_message(intake_client, intake_user, learner, providers):
    full = _module(providers["cvo"], places=1, level="A2")
    services.enrolment_create(person=PersonFactory(), module=full, by=intake_user, requested_on=today())
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert f'value="{full.pk}"' not in page  # only modules with places are offered
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/enrolments/", {"enrolment-module": full.pk, "enrolment-requested_on": _date(today())}
    )
    assert response.status_code == 400
    assert "This module is full." in response.content.decode()
    assert not Enrolment.objects.filter(person=learner).exists()


def test_the_enrolment_moves_on_with_the_status_buttons(intake_client, intake_user, learner, modules):
    enrolment = services.enrolment_create(person=learner, module=modules["cvo"], by=intake_user, requested_on=today())
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert 'name="status" value="confirmed"' in page and 'name="status" value="finished"' not in page
    response = intake_client.post(f"/nt2/enrolments/{enrolment.pk}/status/", {"status": "confirmed"})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.CONFIRMED


def test_a_move_the_enrolment_cannot_make_is_refused(intake_client, intake_user, learner, modules):
    enrolment = services.enrolment_create(person=learner, module=modules["cvo"], by=intake_user, requested_on=today())
    response = intake_client.post(f"/nt2/enrolments/{enrolment.pk}/status/", {"status": "finished"})
    assert response.status_code == 400
    assert "An enrolment that is requested cannot become finished." in response.content.decode()
    enrolment.refresh_from_db()
    assert enrolment.status == EnrolmentStatus.REQUESTED


# Scholarships -----------------------------------------------------------------------------


def _scholarship_data(fund, module, action):
    return {"scholarship-fund": fund.pk, "scholarship-module": module.pk, "action": action}


def test_checking_a_scholarship_shows_the_unmet_conditions(intake_client, learner, modules, fund):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/scholarships/", _scholarship_data(fund, modules["uct"], "check")
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Not every condition is met:" in page
    assert "The person has not been routed to the university language centre." in page
    assert not Scholarship.objects.exists()


def test_a_grant_that_does_not_meet_the_conditions_is_refused(intake_client, learner, modules, fund):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/scholarships/", _scholarship_data(fund, modules["uct"], "grant")
    )
    assert response.status_code == 400
    assert "The person has not been routed to the university language centre." in response.content.decode()
    assert not Scholarship.objects.exists()


def test_a_scholarship_is_granted_after_routing_to_the_language_centre(
    intake_client, intake_user, proposal, modules, fund
):
    services.routing_decide(routing=proposal, by=intake_user, on=today(), module=modules["uct"])
    person_id = proposal.person_id
    check = intake_client.post(
        f"/nt2/people/{person_id}/scholarships/", _scholarship_data(fund, modules["uct"], "check")
    )
    assert "Every condition is met." in check.content.decode()
    response = intake_client.post(
        f"/nt2/people/{person_id}/scholarships/", _scholarship_data(fund, modules["uct"], "grant")
    )
    assert response.status_code == 302
    scholarship = Scholarship.objects.get(person_id=person_id)
    page = intake_client.get(f"/nt2/people/{person_id}/").content.decode()
    assert scholarship.reference in page and f"/nt2/scholarships/{scholarship.pk}/letter/" in page


# Certification ----------------------------------------------------------------------------


def _certification_data(**overrides):
    data = {"taken_on": _date(today()), "purpose": "nt2_exemption", "level_tested": "A2", "level_reached": "A2"}
    data.update(overrides)
    return {f"certification-{name}": value for name, value in data.items()}


def test_a_certification_test_at_the_target_satisfies_the_contract(intake_client, counsellor_client, learner, contract):
    open_condition = "Dutch as a second language: level A2 is not reached yet."
    contract_page = f"/integration/contracts/{contract.pk}/?purpose=counselling"
    assert open_condition in counsellor_client.get(contract_page).content.decode()
    response = intake_client.post(f"/nt2/people/{learner.pk}/certifications/", _certification_data())
    assert response.status_code == 302
    test = CertificationTest.objects.get(person=learner)
    assert test.contract == contract
    page = intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()
    assert "It satisfies the NT2 condition of the integration contract." in page
    assert f"/nt2/certifications/{test.pk}/certificate/" in page
    # The counsellor's contract page no longer lists the NT2 condition as open.
    assert open_condition not in counsellor_client.get(contract_page).content.decode()


def test_a_certification_test_without_a_contract_says_so_plainly(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/certifications/", _certification_data(level_reached=""), follow=True
    )
    page = response.content.decode()
    assert "the level is not reached" in page and "NT2 condition" not in page
    assert CertificationTest.objects.get(person=learner).contract is None


def test_a_level_reached_above_the_level_tested_is_refused(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/certifications/", _certification_data(level_tested="A1", level_reached="B1")
    )
    assert response.status_code == 400
    assert "The level reached cannot be above the level tested." in response.content.decode()
    assert not CertificationTest.objects.exists()


# The intake file in a fixed number of queries ---------------------------------------------


def _queries(client, person_id) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(f"/nt2/people/{person_id}/").status_code == 200
    return len(context.captured_queries)


def test_the_intake_file_runs_the_same_queries_for_one_record_or_many(
    intake_client, intake_user, providers, modules, fund
):
    few = PersonFactory(birth_date=datetime.date(1990, 1, 1))
    _conversation(few, intake_user)
    _aptitude(few, intake_user)

    many = PersonFactory(birth_date=datetime.date(1985, 1, 1), municipality="Gent")
    for index in range(10):
        _conversation(many, intake_user, kind="follow_up", notes=f"visit {index}")
        services.language_test_record(
            person=many,
            by=intake_user,
            values={
                "taken_on": today(),
                "kind": "level",
                "skill": ["listening", "speaking", "reading", "writing"][index % 4],
                "level": "A1",
            },
        )
    _aptitude(many, intake_user)
    for module in (modules["uct"], modules["cvo"]):
        routing = services.routing_propose(person=many, by=intake_user, on=today())
        services.routing_decide(routing=routing, by=intake_user, on=today(), module=module, reason="Test case.")
        services.enrolment_create(person=many, module=module, by=intake_user, requested_on=today(), routing=routing)
    services.routing_propose(person=many, by=intake_user, on=today())
    services.scholarship_grant(person=many, fund=fund, module=modules["uct"], on=today(), by=intake_user)
    services.certification_record(
        person=many,
        by=intake_user,
        values={"taken_on": today(), "purpose": "nationality", "level_tested": "A2", "level_reached": "A2"},
    )

    _queries(intake_client, few.pk)  # warm the session and the permission cache alike
    assert _queries(intake_client, few.pk) == _queries(intake_client, many.pk)


def test_the_panel_runs_one_query_on_its_own(intake_user, records, django_assert_num_queries):
    # In the person file its columns come with the file's one query (none of its own).
    from haven.nt2.views.panel import person_panel_context
    from haven.people.models import Person

    person = Person.objects.get(pk=records["person"])
    with django_assert_num_queries(1):
        context = person_panel_context(person, intake_user)
    assert context["nt2"]["conversation_count"] == 1 and context["nt2"]["scholarship_count"] == 1
    assert context["nt2"]["undecided_count"] == 1


def test_the_person_file_shows_the_nt2_panel_to_the_line(intake_client, course_coordinator_client, records):
    url = f"/people/{records['person']}/?purpose=language"
    assert "Open the NT2 file" in intake_client.get(url).content.decode()
    assert (
        "Open the NT2 file"
        not in course_coordinator_client.get(f"/people/{records['person']}/?purpose=course").content.decode()
    )


# Documents --------------------------------------------------------------------------------


def test_the_grant_letter_is_a_pdf_named_without_personal_data(counsellor_client, counsellor, records, learner):
    caseload_add(counsellor, learner)
    scholarship = Scholarship.objects.get(pk=records["scholarship"])
    before = AccessLogEntry.objects.count()
    response = counsellor_client.get(f"/nt2/scholarships/{scholarship.pk}/letter/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="beurs-{scholarship.reference}.pdf"'
    assert learner.family_name not in disposition and learner.given_names not in disposition
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert AccessLogEntry.objects.count() == before + 1
    # Logged with a purpose of the counsellor's role (the access policy), not NT2's "language".
    assert (entry.user, entry.person_id, entry.purpose) == (counsellor, learner.pk, AccessPurpose.COUNSELLING)


def test_the_certificate_is_a_pdf_named_without_personal_data(intake_client, records, learner):
    test = CertificationTest.objects.get(pk=records["certification"])
    response = intake_client.get(f"/nt2/certifications/{test.pk}/certificate/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="certificaat-{test.reference}.pdf"'
    assert learner.family_name not in response["Content-Disposition"]


def test_a_failed_certification_test_has_no_certificate(intake_client, intake_user, learner):
    test = services.certification_record(
        person=learner,
        by=intake_user,
        values={"taken_on": today(), "purpose": "nationality", "level_tested": "B1", "level_reached": ""},
    )
    assert intake_client.get(f"/nt2/certifications/{test.pk}/certificate/").status_code == 404


# The desk, providers and funds ------------------------------------------------------------


def test_the_desk_finds_a_person_by_a_posted_search(intake_client, learner):
    response = intake_client.post("/nt2/", {"q": "haddad"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "HADDAD Amina" in page and f'href="/nt2/people/{learner.pk}/"' in page
    assert "haddad" not in response.request["PATH_INFO"].lower()


def test_the_desk_answers_an_htmx_search_with_the_results_only(intake_client, learner):
    response = intake_client.post("/nt2/", {"q": "amina"}, headers={"HX-Request": "true"})
    page = response.content.decode()
    assert "HADDAD Amina" in page and "<html" not in page


def test_the_desk_counts_todays_work(intake_client, records):
    page = intake_client.get("/nt2/").content.decode()
    assert "conversations today" in page
    assert 'href="/nt2/people/{person}/#routing-{routing}"'.format(**records) in page


def test_the_providers_page_filters_modules_by_level_and_pace(intake_client, intake_user, providers, modules):
    _module(providers["cvo"], level="A2", places=2)
    services.enrolment_create(
        person=PersonFactory(), module=Module.objects.get(level="A2"), by=intake_user, requested_on=today()
    )
    page = intake_client.get("/nt2/providers/?level=A2&pace=regular").content.decode()
    assert "1 module" in page and "1 / 2" in page
    assert "Nederlands A2" in page and "Snel A1" not in page
    assert "CVO Gent" in page and "Universitair Centrum" not in page  # the UCT teaches A2 only fast


def test_the_funds_page_shows_budget_granted_and_left(intake_client, records, fund):
    page = intake_client.get("/nt2/funds/").content.decode()
    assert "Beurzen UCT Stad Gent" in page and f"Scholarship funds {today().year}</h1>" in page
    assert '<td class="number">2</td>\n    <td class="number">1</td>\n    <td class="number">1</td>' in page
    assert "No funds for this year." in intake_client.get("/nt2/funds/?year=2001").content.decode()


def test_ids_in_links_are_never_written_with_a_thousands_separator(intake_client, intake_user, learner):
    """Ids pass 999 soon (and at once on PostgreSQL, whose sequences skip rolled-back rows):
    an anchor like #routing-12.345 would break the link."""
    Routing.objects.create(pk=12345, person=learner, proposed_on=today(), created_by=intake_user)
    desk = intake_client.get("/nt2/").content.decode()
    assert f'href="/nt2/people/{learner.pk}/#routing-12345"' in desk
    assert 'id="routing-12345"' in intake_client.get(f"/nt2/people/{learner.pk}/").content.decode()


def test_a_change_keeps_the_purpose_the_file_was_opened_for(intake_client, learner):
    response = intake_client.post(
        f"/nt2/people/{learner.pk}/tests/",
        {
            "purpose": AccessPurpose.REGISTRATION,
            "test-taken_on": _date(today()),
            "test-kind": "aptitude",
            "test-aptitude": "regular",
        },
    )
    assert response["Location"] == f"/nt2/people/{learner.pk}/?purpose={AccessPurpose.REGISTRATION}#tests"
    update = AccessLogEntry.objects.get(person_id=learner.pk, action=AccessAction.UPDATE)
    assert update.purpose == AccessPurpose.REGISTRATION
    page = intake_client.get(response["Location"]).content.decode()
    assert "Opened for: Registration or intake" in page
    read = AccessLogEntry.objects.get(person_id=learner.pk, action=AccessAction.VIEW)
    assert read.purpose == AccessPurpose.REGISTRATION


def test_every_form_of_the_file_posts_the_purpose_it_was_opened_for(intake_client, records):
    page = intake_client.get(f"/nt2/people/{records['person']}/?purpose={AccessPurpose.REGISTRATION}").content.decode()
    forms = page.count('method="post" action="/nt2/')  # the layout's own forms (log out, language) aside
    assert forms > 5
    assert page.count(f'name="purpose" value="{AccessPurpose.REGISTRATION}"') == forms
