"""The demo command builds, through the services, a population whose report reproduces the
seed's figures exactly; ``--scale 2`` then doubles it, anonymising keeps every report, and the
richest person's own copy holds every record about them and nobody else's data.

The demo is built once for the module (it takes minutes), inside a transaction that is rolled
back when the module ends; each test runs in a savepoint of it, so each sees the build as made,
whatever the tests before it changed."""

import io
import json
import re
import zipfile
from collections import Counter
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from pypdf import PdfReader
from stdnum.be import bis, nn

from conftest import IMMEDIATE_TASKS, built_once
from haven.accounts.roles import ROLES
from haven.accounts.tests.factories import UserFactory
from haven.core.chain import ACCESS_CHAIN, AUDIT_CHAIN, verify
from haven.core.models import AccessAction, AccessLogEntry
from haven.core.retention import retentions
from haven.demo.figures import seed_report
from haven.demo.scale import scale_up
from haven.demo.staff import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, demo_logins
from haven.integration.models import DecisionKind, StatusDecision
from haven.people.models import Person
from haven.privacy.anonymise import records_about
from haven.privacy.subject_copy_tasks import subject_copy_start

# The whole demo: left out by make test-fast; built once, so pytest-xdist sends this file whole
# to one process (conftest.ONE_PROCESS).
pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo-media")


@pytest.fixture(scope="module", autouse=True)
def _demo(django_db_setup, django_db_blocker, demo_media):
    """The demo, built once for the module (conftest.built_once)."""
    with built_once(django_db_blocker, demo_media, TASKS=IMMEDIATE_TASKS):  # tasks in-process, as in a test
        call_command("demo", seed=2019, stdout=StringIO())
        yield


@pytest.fixture(autouse=True)
def _own_folders(settings, tmp_path, demo_media):
    """The build's files stay where the build put them; what a test sends goes to its own folders."""
    settings.MEDIA_ROOT = demo_media
    settings.HAVEN_PEPPOL_DROP_DIR = tmp_path / "peppol-outbox"
    settings.HAVEN_REMINDER_DIR = tmp_path / "reminders"


def _report(year: int) -> dict:
    out = StringIO()
    call_command("report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_report_of_2019_is_the_seeds_table_by_table():
    seed = seed_report()["tables"]

    report_2019 = _report(2019)["tables"]
    top20 = report_2019["newcomers_top20_nationalities"]
    assert top20["columns"] == seed["newcomers_top20_nationalities"]["columns"]
    assert top20["rows"] == seed["newcomers_top20_nationalities"]["rows"]
    settled = report_2019["newcomers_settled_by_status"]
    assert settled["total"] == {"2019": 4742} == seed["newcomers_settled_by_status"]["total"]
    assert settled["countries"] == 138 == seed["newcomers_settled_by_status"]["countries"]

    # The civic-integration tables, every row and figure.
    assert settled["rows"] == seed["newcomers_settled_by_status"]["rows"]
    for key in ("registrations_by_status", "contracts_by_status", "diploma_recognition_dossiers"):
        assert report_2019[key]["rows"] == seed[key]["rows"], key
    assert report_2019["diploma_recognition_dossiers"]["total"] == seed["diploma_recognition_dossiers"]["total"]
    counselling = report_2019["trajectory_counselling"]
    assert counselling["rows"] == seed["trajectory_counselling"]["rows"]
    # The report prints the counsellors' 15 languages in no particular order; Haven sorts them.
    assert sorted(counselling["counsellor_languages_nl"]) == sorted(
        seed["trajectory_counselling"]["counsellor_languages_nl"]
    )
    # Civic orientation: courses and participants per language, Parkoer and the exemption test.
    assert report_2019["civic_orientation_by_language"]["rows"] == seed["civic_orientation_by_language"]["rows"]
    assert report_2019["civic_orientation_by_language"]["total"] == seed["civic_orientation_by_language"]["total"]
    assert report_2019["civic_orientation_other"]["rows"] == seed["civic_orientation_other"]["rows"]

    # Dutch as a second language: every row, the providers and the certification purposes.
    dutch = report_2019["dutch_second_language"]
    assert dutch["rows"] == seed["dutch_second_language"]["rows"]
    assert dutch["providers"] == seed["dutch_second_language"]["providers"]
    assert dutch["certification_purposes_nl"] == seed["dutch_second_language"]["certification_purposes_nl"]
    # The routing engine proposed every demo routing; the staff chose otherwise only with a reason.
    from haven.nt2.models import Routing

    assert not Routing.objects.filter(proposed_kind="").exists()
    assert not Routing.objects.exclude(chosen_provider__kind=F("proposed_kind")).filter(override_reason="").exists()

    # Education, leisure, the transit site, organisations, community and Dutch practice: every row.
    for key in ("education", "leisure", "transit_site", "organisations", "community", "dutch_practice"):
        assert report_2019[key]["rows"] == seed[key]["rows"], key
    # Every one of the report's 18 tables is counted, and each matches the seed whole: its rows,
    # total and further figures (a list of names in any order); the seed's titles and prose
    # notes are words, not figures.
    assert len(seed) == 18 and set(seed) <= set(report_2019)
    for key, table in seed.items():
        for field, value in table.items():
            if field in ("title_nl", "note"):
                continue
            counted = report_2019[key].get(field)
            if field.endswith("_nl") and isinstance(value, list):
                counted, value = sorted(counted or ()), sorted(value)
            assert counted == value, (key, field)
    # Interpreting and translation: users per sector (534 agreements, 33 languages), hours, pages.
    for key in ("interpreting_users_by_sector", "interpreting_hours", "translation_pages"):
        assert report_2019[key]["rows"] == seed[key]["rows"], key
        assert report_2019[key]["total"] == seed[key]["total"], key
    users = report_2019["interpreting_users_by_sector"]
    assert (users["cooperation_agreements"], users["languages_offered"]) == (534, 33)


def test_todays_agency_is_dated_from_the_build_day():
    # An open week waits for dispatch.
    from haven.interpreting.models import InterpretingRequest

    assert InterpretingRequest.objects.filter(status="open").count() >= 100
    # Today's agency, dated from the build day: waits of weeks, courses to come with their
    # sessions, seat offers that expire before the course starts, recent open contracts.
    from haven.integration.models import Contract
    from haven.orientation.models import Course, SeatOffer, WaitingEntry

    today = timezone.localdate()
    waiting = WaitingEntry.objects.filter(state__in=["waiting", "offered"])
    waits = [(today - since).days for since in waiting.values_list("waiting_since", flat=True)]
    assert waits and min(waits) >= 0 and max(waits) <= 160
    upcoming = Course.objects.filter(starts_on__gt=today).prefetch_related("sessions")
    assert upcoming and all(course.sessions.all() for course in upcoming)
    offers = list(SeatOffer.objects.select_related("course"))
    assert offers
    for offer in offers:
        first_day = timezone.localtime(min(session.starts_at for session in offer.course.sessions.all())).date()
        assert offer.offered_on <= today <= offer.expires_on < first_day
    assert Contract.objects.filter(state="open", signed_on__gte=today - timedelta(days=160)).count() >= 50
    # Those who signed a year ago followed a course since: civic orientation passed.
    year_ago = Contract.objects.filter(state="open", signed_on__lte=today - timedelta(days=330))
    assert year_ago.exists() and year_ago.filter(civic_orientation_passed_on__isnull=False).exists()
    _casework_of_a_year(today)

    # Addresses name whole places ("Sint-Amandsberg", "Gentbrugge"), as the post knows them.
    from haven.demo.interpreting_plan import POSTAL_PLACES
    from haven.interpreting.models import Organisation, Site

    for model in (Site, Organisation):
        places = set(model.objects.exclude(postal_code="").values_list("postal_code", "municipality"))
        assert places and places <= set(POSTAL_PLACES.items()), model
        assert {"Sint", "Gent centrum"}.isdisjoint(municipality for _code, municipality in places)

    codes_2018 = {row[2] for row in _report(2018)["tables"]["newcomers_top20_nationalities"]["rows"]}
    assert {"SY", "AF"} <= codes_2018


def test_every_figure_of_2019_is_the_count_of_its_records():
    _every_figure_has_its_records()


def test_everyone_came_through_the_services_and_there_is_a_login_per_role():
    # Every person came through the registration service, which logs the creation.
    people = Person.objects.count()
    assert people > 4742
    assert AccessLogEntry.objects.filter(action=AccessAction.CREATE).count() == people
    # Every newcomer has a status decided by the rules on settling: one current decision
    # each (the first, on registration without facts, is superseded once the facts came).
    # The transit site's travelling families and the children at the school permanence
    # who never settled in the municipality have none.
    newcomers = Person.objects.exclude(first_registration_date=None).count()
    assert 4742 < newcomers < people
    settlement = StatusDecision.objects.filter(kind=DecisionKind.SETTLEMENT)
    assert settlement.filter(superseded_by__isnull=True).count() == newcomers
    assert settlement.filter(supersedes__isnull=True).count() == newcomers

    # Every national register or BIS number is valid in form (python-stdnum).
    numbers = list(Person.objects.exclude(national_number=None).values_list("national_number", flat=True))
    assert len(numbers) == people
    invalid = [number for number in numbers if not (nn.is_valid(number) or bis.is_valid(number))]
    assert invalid == []
    assert any(bis.is_valid(number) for number in numbers)

    # One demo login per role, with the printed password and that role only.
    assert sorted(username for username, _role in demo_logins()) == sorted(ROLES)
    for code in ROLES:
        user = get_user_model().objects.get(username=code)
        assert user.email == f"{code}@{DEMO_EMAIL_DOMAIN}"
        assert user.check_password(DEMO_PASSWORD)
        assert user.role_codes == [code]


def test_scale_two_doubles_every_count():
    before = _report(2019)["tables"]
    _scaled_by_two(before, Person.objects.count(), AccessLogEntry.objects.count())


def test_anonymising_a_century_later_keeps_every_report():
    _anonymised_keeps_every_report(timezone.localdate())


def _casework_of_a_year(today) -> None:
    """A year of casework for today's caseloads: notes, appointments (kept, missed and
    cancelled, some with an interpreter, past and coming), documents and tasks, all of them
    after 2019 and on the files of running contracts."""
    from django.utils import timezone

    from haven.casework.models import Appointment, Document, Note, Task
    from haven.integration.models import Contract

    appointments = Appointment.objects.order_by("starts_at")
    first, last = (
        timezone.localtime(moment).date() for moment in (appointments[0].starts_at, appointments.last().starts_at)
    )
    assert (today - first).days >= 330 and last > today
    assert {"came", "no_show", "cancelled", "planned"} <= set(appointments.values_list("state", flat=True))
    interpreted = appointments.filter(interpreting_request__isnull=False)
    assert interpreted.filter(interpreting_request__status="done", state="came").exists()
    assert interpreted.filter(starts_at__gt=timezone.now()).exists()
    assert interpreted.filter(starts_at__lt=timezone.now() - timedelta(days=300)).exists()
    notes = Note.objects.order_by("happened_on")
    assert (today - notes[0].happened_on).days >= 330
    assert notes.filter(confidentiality="counsellor").exists()
    tasks = Task.objects.all()
    assert tasks.filter(source="hand", done_at__isnull=False).exists()
    assert tasks.filter(source="hand", done_at__isnull=True).exists()
    assert tasks.filter(source="rule").exists()
    assert Document.objects.filter(kind="residence_card", valid_until__lte=today + timedelta(days=60)).exists()
    running = set(Contract.objects.filter(state="open", counsellor__isnull=False).values_list("person_id", flat=True))
    for model in (Appointment, Note, Document, Task):
        assert set(model.objects.values_list("person_id", flat=True)) <= running, model
    assert not Appointment.objects.filter(starts_at__year__lte=2019).exists()
    assert not Note.objects.filter(happened_on__year__lte=2019).exists()


def _scaled_by_two(before: dict, people: int, entries: int) -> None:
    """What ``--scale 2`` adds to the build: every count doubles, averages and distinct
    counts (countries, languages, caseload, months) stay, and both chains stay whole."""
    scale_up(scale=2, seed=2019)
    after = _report(2019)["tables"]
    assert Person.objects.count() == 2 * people
    assert AccessLogEntry.objects.count() == 2 * entries
    for chain in (ACCESS_CHAIN, AUDIT_CHAIN):
        assert verify(chain).broken is None, chain.name

    settled = after["newcomers_settled_by_status"]
    assert settled["total"] == {"2019": 2 * 4742} and settled["countries"] == 138
    assert [row[1] for row in settled["rows"]] == [2 * row[1] for row in before["newcomers_settled_by_status"]["rows"]]
    top20 = after["newcomers_top20_nationalities"]["rows"]
    assert [[*row[:3], row[3] / 2, row[4] / 2, *row[5:]] for row in top20] == before["newcomers_top20_nationalities"][
        "rows"
    ]
    for key in ("registrations_by_status", "contracts_by_status", "dutch_second_language"):
        assert [row[:1] + [cell / 2 for cell in row[1:]] for row in after[key]["rows"]] == before[key]["rows"], key
    counselling = [row[1] for row in after["trajectory_counselling"]["rows"]]
    assert counselling == [137, 2 * 1347, 19]  # the caseload per counsellor and the months stay
    orientation = after["civic_orientation_by_language"]["total"]
    assert orientation == {key: 2 * value for key, value in before["civic_orientation_by_language"]["total"].items()}
    for key in ("interpreting_hours", "translation_pages"):
        assert after[key]["total"] == {name: 2 * value for name, value in before[key]["total"].items()}, key
    users = after["interpreting_users_by_sector"]
    assert (users["cooperation_agreements"], users["languages_offered"]) == (2 * 534, 33)


# The figures that count no records: averages, a capacity, a setting, a number of countries.
NOT_COUNTS = {
    "trajectory_counselling": {
        ("Gemiddeld aantal nieuwe inburgeraars per trajectbegeleider", "2019"),
        ("Gemiddelde duur contract tot attest (maanden)", "2019"),
    },
    "transit_site": {
        ("Capaciteit (woonwagens)", "2019"),
        ("Gemiddeld aantal kinderen per lesdag", "2019"),
        ("Gemiddelde leeftijd kinderen", "2019"),
        ("Lesdagen per week", "2019"),
    },
    "community": {("Samen Gentenaar: landen van herkomst nieuwkomers", "2019")},
}


def _every_figure_has_its_records() -> None:
    """Issue 17, item 5 on the whole demo: every figure of every table of 2019 is the number
    (or the sum) of the records its drill-down lists, cell by cell."""
    from haven.reports.registry import report_sections
    from haven.reports.testing import cells_without_records

    for section in report_sections():
        assert cells_without_records(section.key, 2019, not_counts=NOT_COUNTS.get(section.key, set())) == [], (
            section.key
        )


def _anonymised_keeps_every_report(today) -> None:
    """Issue 18, item 2, on the whole demo: the privacy officer's page lists the 2018-2019
    files past their period; anonymising everything whose period has ended a century from now
    leaves the annual report of every past year identical, no trace of the people anonymised
    (names, numbers, e-mail, street, in the database and the files), and the logs' chains
    whole."""
    from haven.core.chain import CHAINS, verify
    from haven.privacy.anonymise import anonymisation_due, anonymise
    from haven.privacy.testing import identifying_values_found, report_tables

    assert len(anonymisation_due(today).persons) > 1000  # the history's newcomers, on the page today
    years = range(2018, today.year)
    before = report_tables(years)
    later = today.replace(year=today.year + 100)
    due = anonymisation_due(later)
    # Three people with a phone, anonymised now: the search must find them before.
    # (Their names are looked for together: a demo surname alone is shared by others.)
    chosen = list(Person.objects.filter(pk__in=due.persons[:2000]).exclude(phone="").order_by("pk")[:3])
    values = [value for person in chosen for value in (person.national_number, person.phone)]
    names = [(person.given_names, person.family_name) for person in chosen]
    assert len(chosen) == 3 and identifying_values_found(values)

    outcome = anonymise(later)

    assert outcome.run is not None and outcome.run.persons == len(due.persons)
    assert report_tables(years) == before
    assert identifying_values_found(values) == []
    for given, family in names:
        assert not Person.objects.filter(given_names=given, family_name=family).exists()
    assert all(verify(chain).broken is None for chain in CHAINS)
    assert anonymisation_due(later).persons == []


def _richest_person() -> Person:
    """The person with records in the most declared record types (the lowest id on a tie):
    one query per person lookup of every declaration."""
    types: Counter[int] = Counter()
    for declaration in (declaration for declaration in retentions() if declaration.persons):
        if declaration.model_class is Person:
            continue
        found: set[int] = set()
        for lookup in declaration.persons:
            found.update(
                declaration.model_class._default_manager.filter(**{f"{lookup}__isnull": False})
                .values_list(lookup, flat=True)
                .distinct()
            )
        types.update(found)
    best = max(types.values())
    return Person.objects.get(pk=min(person_id for person_id, count in types.items() if count == best))


def _sharing(person: Person) -> set[int]:
    """The other people named by the records about ``person``."""
    others: set[int] = set()
    for declaration, queryset in records_about(person):
        for lookup in declaration.persons:
            others.update(queryset.filter(**{f"{lookup}__isnull": False}).values_list(lookup, flat=True))
    return others - {person.pk}


def test_the_richest_person_gets_a_copy_of_every_record_and_nobody_elses_data():
    """Issue 18, item 4: the demo person with records in the most declared record types gets a
    copy holding every one of those records, and nobody else's name or number (the people who
    share a record with them: household, buddies, duos)."""
    person = _richest_person()
    expected = {}
    for declaration, queryset in records_about(person):
        count = queryset.values("pk").distinct().count()
        if count:
            expected[declaration.key] = count
    assert len(expected) >= 3, expected  # a rich person: records in several apps

    officer = UserFactory(username="copy-officer", roles=["privacy_officer"])
    request = subject_copy_start(
        person=person, by=officer, reason="Letter asking for all data", received_on=timezone.localdate(), language="nl"
    )
    assert request.job is not None and request.job.state == "done", request.job and request.job.message
    with default_storage.open(request.job.result["file"], "rb") as kept:
        archive = zipfile.ZipFile(io.BytesIO(kept.read()))
    names = archive.namelist()
    document = json.loads(archive.read(next(name for name in names if name.endswith(".json"))))
    pdf = PdfReader(io.BytesIO(archive.read(next(name for name in names if name.endswith(".pdf")))))
    pdf_text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)

    found = {section["key"]: len(section["records"]) for section in document["sections"]}
    # The request for this copy is itself a record about the person, made after the count.
    assert found.pop("privacy.subjectrequest") == expected.pop("privacy.subjectrequest", 0) + 1
    assert found == expected
    for section in document["sections"]:
        for file in section["files"]:
            assert file["archive"] in names
    assert person.full_name in pdf_text

    json_text = json.dumps(document, ensure_ascii=False)
    others = Person.objects.filter(pk__in=_sharing(person))
    assert others.exists(), "the richest demo person shares no record with anyone"
    for other in others:
        values = [f"{other.given_names} {other.family_name}", other.reference]
        if other.national_number:
            values.append(other.national_number)
        if other.family_name not in person.full_name:
            values.append(other.family_name)
        for value in values:
            pattern = re.compile(rf"(?<!\w){re.escape(value)}(?!\w)")
            assert not pattern.search(json_text), (other.pk, value)
            assert not pattern.search(pdf_text), (other.pk, value)
