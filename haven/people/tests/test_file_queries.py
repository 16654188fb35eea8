"""The person file at its richest runs at most twelve queries, whoever opens it, and the
same number however many records the person has: the identity and household panels, the
civic-integration panel (a contract in the counsellor's caseload, an exemption test, a
diploma dossier), civic orientation (an enrolment with attendance, a place on the waiting
list) and Dutch (a conversation, tests, a routing, an enrolment, a grant, a certification
test). Counted are the session and user, the access decision, the read's one access-log
entry (with its chain's lock) and the household members' trace."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from haven.core.models import AccessAction, AccessLogEntry, Language
from haven.integration import services as integration_services
from haven.integration.models import DiplomaDossier, DossierKind
from haven.nt2 import services as nt2_services
from haven.nt2.tests.factories import FAST_LEARNER, ModuleFactory, ProviderFactory, ScholarshipFundFactory
from haven.orientation import services as orientation_services
from haven.orientation.models import Attendance, Presence, Slot
from haven.orientation.tests.factories import CourseFactory
from haven.people.tests.factories import HouseholdLinkFactory, PersonFactory

FILE_QUERY_LIMIT = 12


def _nt2_records(person, by, module, fund) -> None:
    """A conversation, an aptitude and a level test, a routing decided, an enrolment, a
    grant and a certification test: the NT2 panel's every count."""
    today = timezone.localdate()
    nt2_services.conversation_create(
        person=person, by=by, languages=Language.objects.filter(code="ara"), values={"held_on": today, **FAST_LEARNER}
    )
    nt2_services.language_test_record(
        person=person, by=by, values={"taken_on": today, "kind": "aptitude", "aptitude": "fast"}
    )
    routing = nt2_services.routing_propose(person=person, by=by, on=today)
    nt2_services.routing_decide(routing=routing, by=by, on=today, module=module)
    nt2_services.enrolment_create(person=person, module=module, by=by, requested_on=today, routing=routing)
    if fund is not None:
        nt2_services.scholarship_grant(person=person, fund=fund, module=module, on=today, by=by)
    nt2_services.certification_record(
        person=person,
        by=by,
        values={"taken_on": today, "purpose": "nationality", "level_tested": "A2", "level_reached": "A2"},
    )


def _orientation_records(person, by) -> None:
    """An enrolment in a course with a session attended, and a place on a waiting list."""
    course = CourseFactory(capacity=5)
    enrolment = orientation_services.enrolment_create(course=course, person=person, by=by, enrolled_on=course.starts_on)
    starts = timezone.make_aware(datetime.datetime.combine(course.starts_on, datetime.time(18)))
    session = orientation_services.session_create(
        course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3)
    )
    Attendance.objects.create(session=session, enrolment=enrolment, presence=Presence.PRESENT)
    orientation_services.waiting_entry_create(
        person=person,
        languages=Language.objects.filter(code="rus"),
        slots=[Slot.DAY],
        waiting_since=course.starts_on,
        by=by,
    )


def _integration_records(person, by) -> None:
    integration_services.exemption_test_register(person=person, registered_on=datetime.date(2019, 6, 3), by=by)
    DiplomaDossier.objects.create(person=person, kind=DossierKind.CLIENT, opened_on=datetime.date(2019, 6, 3))


@pytest.fixture
def rich_file(contract, newcomer, intake_user):
    """Amina with a contract in the counsellor's caseload, her NT2, orientation and
    integration records, two languages and two children. ``grow()`` adds as much again."""
    university = ProviderFactory(name="Universitair Centrum voor Talenonderwijs", kind="uct", paces=["fast"])
    ProviderFactory(name="CVO Gent", kind="cvo", paces=["regular", "slow"])
    fund = ScholarshipFundFactory(name="Beurzen UCT", year=timezone.localdate().year, budget=5)
    newcomer.languages.set(["ara", "nld"])

    def grow(first: bool) -> None:
        module = ModuleFactory(provider=university, pace="fast", title="Snel A1", location="Ghent")
        _nt2_records(newcomer, intake_user, module, fund if first else None)
        _orientation_records(newcomer, intake_user)
        _integration_records(newcomer, intake_user)
        for _ in range(2):
            HouseholdLinkFactory(parent=newcomer, child=PersonFactory(birth_date=datetime.date(2012, 5, 1)))

    grow(True)
    return newcomer, grow


def _file_queries(client, person_id: int, purpose: str) -> tuple[int, list[str]]:
    url = f"/people/{person_id}/?purpose={purpose}"
    client.get(url)  # once before: the session's first write and the caches are not counted
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


def _production_client(user) -> Client:
    """Logged in as production logs in: a second factor required, and this session
    verified by the user's authenticator (django-otp reads the device on each request)."""
    device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


# The roles that see the most panels: the counsellor (integration, orientation, NT2; the
# file through their caseload) and intake (integration and NT2; anyone's file).
ROLES = {"counsellor": "counselling", "intake_user": "registration"}


@pytest.fixture
def two_factor(settings):
    settings.HAVEN_REQUIRE_TWO_FACTOR = True


@pytest.mark.usefixtures("two_factor")
@pytest.mark.parametrize("role", ROLES)
def test_the_richest_file_runs_at_most_twelve_queries(request, role, rich_file):
    client = _production_client(request.getfixturevalue(role))
    person, _grow = rich_file
    count, queries = _file_queries(client, person.pk, ROLES[role])
    savepoints = sum(query.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for query in queries)
    print(f"{role}: {count} queries ({savepoints} of them savepoints)")  # noqa: T201 - the report quotes it
    assert count <= FILE_QUERY_LIMIT, "\n".join(queries)


@pytest.mark.usefixtures("two_factor")
@pytest.mark.parametrize("role", ROLES)
def test_the_file_runs_as_many_queries_with_twice_the_records(request, role, rich_file):
    client = _production_client(request.getfixturevalue(role))
    person, grow = rich_file
    before, _queries = _file_queries(client, person.pk, ROLES[role])
    grow(False)
    after, queries = _file_queries(client, person.pk, ROLES[role])
    assert after == before, "\n".join(queries)


def test_the_read_still_leaves_one_entry_and_the_household_its_trace(counsellor_client, rich_file):
    person, _grow = rich_file
    since = AccessLogEntry.objects.order_by("-id").values_list("id", flat=True).first()
    response = counsellor_client.get(f"/people/{person.pk}/?purpose=counselling")
    assert response.status_code == 200
    entries = list(AccessLogEntry.objects.filter(id__gt=since).order_by("id"))
    assert [(entry.action, entry.person_id) for entry in entries if entry.action == AccessAction.VIEW] == [
        (AccessAction.VIEW, person.pk)
    ]
    children = set(person.child_links.values_list("child_id", flat=True))
    assert {entry.person_id for entry in entries if entry.action == AccessAction.LIST} == children
