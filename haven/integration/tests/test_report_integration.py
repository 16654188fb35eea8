"""The civic-integration sections of the annual report, counted from the records for
any year, and following the records when they change."""

import datetime
from decimal import Decimal
from itertools import count

import pytest

from haven.accounts.services import user_create
from haven.core.models import AccessPurpose
from haven.integration import services
from haven.integration.models import Certificate, CounsellorProfile, ExemptionTestResult
from haven.integration.report import round_half_up
from haven.people.tests.factories import PersonFactory
from haven.reports.registry import annual_report, report_sections, report_table

pytestmark = pytest.mark.django_db

OBLIGATED = {
    "register": "foreigners",
    "residence_title": "limited",
    "residence_title_months": 12,
    "first_residence_title": True,
    "eu_family_member": False,
    "serious_illness_certificate": False,
    "belgian_or_dutch_diploma": False,
    "earlier_integration_certificate": False,
}
ENTITLED = {**OBLIGATED, "belgian_or_dutch_diploma": True}
UNDETERMINED = {**OBLIGATED, "belgian_or_dutch_diploma": None}
NOT_ELIGIBLE = {**OBLIGATED, "residence_title": "temporary_purpose"}
PER_COUNSELLOR = "Gemiddeld aantal nieuwe inburgeraars per trajectbegeleider"
CERTIFICATES = "Behaalde inburgeringsattesten"
MONTHS = "Gemiddelde duur contract tot attest (maanden)"
EXEMPTION_REGISTERED = "Vrijstellingstoets MO: ingeschreven Gentse nieuwkomers"
EXEMPTION_PASSED = "Vrijstellingstoets MO: geslaagd"
_usernames = count()


def table(key: str, year: int) -> dict:
    """The section as the report pages and the JSON show it (with other apps' additions)."""
    [section] = [section for section in report_sections() if section.key == key]
    return report_table(section, year).as_json()


def figures(key: str, year: int) -> dict:
    return {row[0]: row[1] for row in table(key, year)["rows"]}


def newcomer(facts: dict, by, *, settled_on: datetime.date, nationality: str = "SY"):
    person = PersonFactory(
        birth_date=datetime.date(1990, 1, 1), nationality=nationality, first_registration_date=settled_on
    )
    services.facts_save(person=person, values=facts, by=by, purpose=AccessPurpose.REGISTRATION)
    return person


def settled(facts: dict, by, *, on: datetime.date, nationality: str = "SY"):
    person = newcomer(facts, by, settled_on=on, nationality=nationality)
    services.settlement_decide(person=person, by=by)
    return person


def registered(facts: dict, by, *, on: datetime.date):
    person = newcomer(facts, by, settled_on=on - datetime.timedelta(days=30))
    return services.registration_create(person=person, registered_on=on, by=by)


def counsellor_with(languages, *, fte: str = "1.00"):
    user = user_create(username=f"report_counsellor{next(_usernames)}", password="x", roles=["counsellor"])
    CounsellorProfile.objects.create(user=user, fte=Decimal(fte)).languages.set(languages)
    return user


def signed(by, *, on: datetime.date, counsellor=None, facts: dict = OBLIGATED, **components):
    registration = registered(facts, by, on=on - datetime.timedelta(days=10))
    if counsellor is None:
        return services.contract_sign(registration=registration, signed_on=on, by=by, components=components)
    return services.contract_sign(
        registration=registration,
        signed_on=on,
        by=by,
        components=components,
        counsellor=counsellor,
        override_reason="Report test.",
    )


def certified(by, *, signed_on: datetime.date, issued_on: datetime.date, counsellor=None):
    # A contract with no components has no open condition: the certificate can be issued at once.
    contract = signed(
        by,
        on=signed_on,
        counsellor=counsellor,
        includes_civic_orientation=False,
        includes_dutch=False,
        includes_career_orientation=False,
    )
    return services.certificate_issue(contract=contract, issued_on=issued_on, by=by)


def test_every_civic_integration_section_is_in_the_annual_report():
    tables = annual_report(2019)["tables"]

    assert {
        "registrations_by_status",
        "contracts_by_status",
        "trajectory_counselling",
        "diploma_recognition_dossiers",
        "civic_orientation_other",
    } <= set(tables)
    assert tables["newcomers_settled_by_status"]["columns"] == ["status", "2019"]


# Newcomers settled, by the status decided on settling ----------------------------------------


def test_newcomers_settled_are_counted_by_their_settlement_decision(intake_user):
    for facts, nationality in (
        (OBLIGATED, "SY"),
        (OBLIGATED, "AF"),
        (ENTITLED, "SY"),
        (UNDETERMINED, "ER"),
        (NOT_ELIGIBLE, "US"),
    ):
        settled(facts, intake_user, on=datetime.date(2019, 5, 1), nationality=nationality)
    settled(OBLIGATED, intake_user, on=datetime.date(2018, 12, 31))

    result = table("newcomers_settled_by_status", 2019)

    assert result["rows"] == [["verplicht", 2], ["rechthebbend", 1], ["onbepaald", 1], ["niet in aanmerking", 1]]
    assert result["total"] == {"2019": 5}  # the registry's own figures are still there
    assert result["countries"] == 4
    assert table("newcomers_settled_by_status", 2018)["rows"] == [
        ["verplicht", 1],
        ["rechthebbend", 0],
        ["onbepaald", 0],
        ["niet in aanmerking", 0],
    ]


def test_a_new_settlement_decision_moves_the_newcomer_to_the_new_status(intake_user):
    person = settled(UNDETERMINED, intake_user, on=datetime.date(2019, 5, 1))
    assert figures("newcomers_settled_by_status", 2019)["onbepaald"] == 1

    services.facts_save(
        person=person, values={"belgian_or_dutch_diploma": False}, by=intake_user, purpose=AccessPurpose.REGISTRATION
    )
    services.settlement_decide(person=person, by=intake_user)

    assert figures("newcomers_settled_by_status", 2019) == {
        "verplicht": 1,
        "rechthebbend": 0,
        "onbepaald": 0,
        "niet in aanmerking": 0,
    }


# Registrations and contracts by status -------------------------------------------------------


def test_registrations_are_counted_by_their_status_at_registration_for_two_years(intake_user):
    for facts in (OBLIGATED, UNDETERMINED):
        registered(facts, intake_user, on=datetime.date(2018, 6, 1))
    for facts in (OBLIGATED, OBLIGATED, ENTITLED, UNDETERMINED, NOT_ELIGIBLE):
        registered(facts, intake_user, on=datetime.date(2019, 6, 1))
    registered(OBLIGATED, intake_user, on=datetime.date(2017, 12, 31))
    registered(OBLIGATED, intake_user, on=datetime.date(2020, 1, 1))

    result = table("registrations_by_status", 2019)

    assert result["columns"] == ["year", "verplicht", "rechthebbend", "onbepaald", "totaal"]
    assert result["rows"] == [[2018, 1, 0, 1, 2], [2019, 2, 1, 1, 4]]  # not eligible: not counted


def test_a_later_change_of_status_leaves_the_registration_in_its_status_at_registration(intake_user):
    registration = registered(UNDETERMINED, intake_user, on=datetime.date(2019, 6, 1))

    services.facts_save(
        person=registration.person,
        values={"belgian_or_dutch_diploma": False},
        by=intake_user,
        purpose=AccessPurpose.REGISTRATION,
    )

    registration.refresh_from_db()
    assert registration.current_status == "verplicht"
    assert table("registrations_by_status", 2019)["rows"][1] == [2019, 0, 0, 1, 1]


def test_registrations_are_counted_for_any_year(intake_user):
    registered(OBLIGATED, intake_user, on=datetime.date(2023, 2, 1))
    registered(ENTITLED, intake_user, on=datetime.date(2024, 3, 1))

    assert table("registrations_by_status", 2024)["rows"] == [[2023, 1, 0, 0, 1], [2024, 0, 1, 0, 1]]
    assert table("registrations_by_status", 2026)["rows"] == [[2025, 0, 0, 0, 0], [2026, 0, 0, 0, 0]]


def test_contracts_are_counted_by_their_status_at_signing_for_two_years(intake_user):
    signed(intake_user, on=datetime.date(2018, 11, 1))
    signed(intake_user, on=datetime.date(2019, 1, 15))
    signed(intake_user, on=datetime.date(2019, 12, 31))
    signed(intake_user, on=datetime.date(2019, 7, 1), facts=ENTITLED)
    signed(intake_user, on=datetime.date(2020, 1, 1))

    result = table("contracts_by_status", 2019)

    assert result["columns"] == ["year", "verplicht", "rechthebbend", "totaal"]
    assert result["rows"] == [[2018, 1, 0, 1], [2019, 2, 1, 3]]


# Trajectory counselling ---------------------------------------------------------------------


def test_new_clients_per_counsellor_rounds_a_half_up(intake_user):
    # 5 contracts over 2 full-time counsellors: 2.5, which the report writes as 3 (not 2).
    first, second = counsellor_with(["ara"]), counsellor_with(["fra"])
    for counsellor in (first, first, first, second, second):
        signed(intake_user, on=datetime.date(2019, 6, 1), counsellor=counsellor)
    # Counsellors who took no contract in the year do not count in the working time.
    last_year_only = counsellor_with(["som"])
    signed(intake_user, on=datetime.date(2018, 6, 1), counsellor=last_year_only)
    counsellor_with(["tur"])

    assert figures("trajectory_counselling", 2019)[PER_COUNSELLOR] == 3


def test_new_clients_per_counsellor_is_per_full_time_equivalent(intake_user):
    part_time, full_time = counsellor_with(["ara"], fte="0.50"), counsellor_with(["fra"], fte="1.00")
    for counsellor in (part_time, part_time, part_time, full_time, full_time, full_time):
        signed(intake_user, on=datetime.date(2019, 6, 1), counsellor=counsellor)

    assert figures("trajectory_counselling", 2019)[PER_COUNSELLOR] == 4  # 6 contracts / 1.5 FTE


def test_the_report_rounds_halves_up():
    assert [round_half_up(Decimal(value)) for value in ("2.5", "3.5", "2.4999", "137.5", "0.5")] == [3, 4, 2, 138, 1]


def test_certificates_of_the_year_and_the_mean_months_from_contract_to_certificate(intake_user):
    # 546 days (17.94 months) and 364 days (11.96 months): a mean of 14.95, written 15.
    certified(intake_user, signed_on=datetime.date(2018, 1, 1), issued_on=datetime.date(2019, 7, 1))
    certified(intake_user, signed_on=datetime.date(2019, 1, 1), issued_on=datetime.date(2019, 12, 31))
    certified(intake_user, signed_on=datetime.date(2019, 1, 1), issued_on=datetime.date(2020, 1, 2))
    signed(intake_user, on=datetime.date(2019, 3, 1))  # no certificate yet

    result = figures("trajectory_counselling", 2019)

    assert result[CERTIFICATES] == 2
    assert result[MONTHS] == 15


def test_moving_a_certificate_to_another_year_moves_its_figures(intake_user):
    certified(intake_user, signed_on=datetime.date(2018, 1, 1), issued_on=datetime.date(2019, 7, 1))
    moved = certified(intake_user, signed_on=datetime.date(2019, 1, 1), issued_on=datetime.date(2019, 12, 31))
    assert figures("trajectory_counselling", 2020)[CERTIFICATES] == 0

    Certificate.objects.filter(pk=moved.pk).update(issued_on=datetime.date(2020, 2, 1))

    assert figures("trajectory_counselling", 2019)[CERTIFICATES] == 1
    assert figures("trajectory_counselling", 2019)[MONTHS] == 18  # 546 days alone
    assert figures("trajectory_counselling", 2020)[CERTIFICATES] == 1
    assert figures("trajectory_counselling", 2020)[MONTHS] == 13  # 396 days


def test_a_year_without_certificates_has_no_mean_duration():
    result = figures("trajectory_counselling", 2019)

    assert (result[PER_COUNSELLOR], result[CERTIFICATES], result[MONTHS]) == (0, 0, 0)


def test_counsellor_languages_are_the_sorted_dutch_names_of_the_year_s_counsellors(intake_user):
    signed(intake_user, on=datetime.date(2019, 6, 1), counsellor=counsellor_with(["pus", "ara", "nld"]))
    signed(intake_user, on=datetime.date(2019, 6, 1), counsellor=counsellor_with(["tur", "fra", "ara"]))
    signed(intake_user, on=datetime.date(2018, 6, 1), counsellor=counsellor_with(["som"]))

    result = table("trajectory_counselling", 2019)

    assert result["counsellor_languages_nl"] == ["Arabisch", "Frans", "Nederlands", "Pashtu", "Turks"]
    assert table("trajectory_counselling", 2018)["counsellor_languages_nl"] == ["Somali"]


# Diploma recognition --------------------------------------------------------------------------


def test_diploma_dossiers_are_counted_per_kind_for_two_years_with_a_total(counsellor):
    for kind, opened_on in (
        ("client", "2018-03-01"),
        ("client", "2018-12-31"),
        ("vdab", "2018-05-01"),
        ("client", "2019-01-01"),
        ("non_client", "2019-04-01"),
        ("non_client", "2019-09-01"),
        ("vdab", "2017-06-01"),
        ("client", "2020-01-01"),
    ):
        services.diploma_dossier_create(
            person=PersonFactory(), kind=kind, opened_on=datetime.date.fromisoformat(opened_on), by=counsellor
        )

    result = table("diploma_recognition_dossiers", 2019)

    assert result["columns"] == ["kind", "2018", "2019"]
    assert result["rows"] == [
        ["Begeleiding inburgeraars", 2, 1],
        ["Begeleiding niet-inburgeraars", 0, 2],
        ["Doorverwijzing via VDAB", 1, 0],
    ]
    assert result["total"] == {"2018": 3, "2019": 3}


# The civic-orientation exemption test --------------------------------------------------------


def exemption_test(by, registered_on: str, result: str = ExemptionTestResult.PENDING, taken_on: str | None = None):
    test = services.exemption_test_register(
        person=PersonFactory(), registered_on=datetime.date.fromisoformat(registered_on), by=by
    )
    if result != ExemptionTestResult.PENDING:
        services.exemption_test_result(
            test=test, result=result, by=by, taken_on=taken_on and datetime.date.fromisoformat(taken_on)
        )
    return test


def test_exemption_tests_registered_in_the_year_and_passed_in_the_year(counsellor):
    exemption_test(counsellor, "2019-02-01", ExemptionTestResult.PASSED, "2019-03-01")
    failed = exemption_test(counsellor, "2019-02-01", ExemptionTestResult.FAILED, "2019-03-01")
    exemption_test(counsellor, "2019-10-01")
    exemption_test(counsellor, "2018-12-01", ExemptionTestResult.PASSED, "2019-01-10")  # passed in 2019
    exemption_test(counsellor, "2019-12-01", ExemptionTestResult.PASSED, "2020-01-05")  # passed in 2020
    exemption_test(counsellor, "2019-05-01", ExemptionTestResult.ABSENT)

    assert {
        label: figures("civic_orientation_other", 2019)[label] for label in (EXEMPTION_REGISTERED, EXEMPTION_PASSED)
    } == {EXEMPTION_REGISTERED: 5, EXEMPTION_PASSED: 2}
    assert {
        label: figures("civic_orientation_other", 2020)[label] for label in (EXEMPTION_REGISTERED, EXEMPTION_PASSED)
    } == {EXEMPTION_REGISTERED: 0, EXEMPTION_PASSED: 1}
    assert figures("civic_orientation_other", 2018)[EXEMPTION_REGISTERED] == 1

    services.exemption_test_result(
        test=failed, taken_on=datetime.date(2019, 9, 1), result=ExemptionTestResult.PASSED, by=counsellor
    )

    assert figures("civic_orientation_other", 2019)[EXEMPTION_PASSED] == 3
