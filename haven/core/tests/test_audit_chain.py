"""The access log and the audit trail as hash chains: one row per person in one bulk
insert, a fixed number of queries, each entry chained to the one before it, and
``haven audit verify`` naming the first entry that was changed, removed or slipped in."""

import io
import itertools
import threading
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Permission
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, connections, transaction
from django.test import RequestFactory
from django.urls import resolve

from conftest import logged_in_client
from haven.core.audit import access_record, access_trace, audit_record
from haven.core.chain import ACCESS_CHAIN, AUDIT_CHAIN, entry_hash, link, verify
from haven.core.models import GENESIS_HASH, AccessAction, AccessLogEntry, AuditEntry, Language
from haven.core.tracing import REQUEST_ID_HEADER, RequestTraceMiddleware, current_request_trace

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


def _verify_output() -> tuple[str, int]:
    out = io.StringIO()
    try:
        call_command("audit", "verify", stdout=out)
    except CommandError as error:
        return out.getvalue(), error.returncode
    return out.getvalue(), 0


@contextmanager
def _triggers_off():
    """What a database owner can do: set the append-only triggers aside (until the
    test's transaction is rolled back)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS core_accesslogentry_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS core_auditentry_no_update")
        else:  # as superuser: ordinary triggers do not fire for a replica
            cursor.execute("SET LOCAL session_replication_role = replica")
    yield


def _raw(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# Writing ------------------------------------------------------------------------------------------


def test_a_trace_writes_one_row_per_distinct_person_in_id_order(counsellor):
    count = access_trace(user=counsellor, person_ids=[7, 3, 7, 5], purpose="counselling", page="people:list")
    assert count == 3
    rows = list(AccessLogEntry.objects.order_by("id").values_list("person_id", "action", "purpose", "page"))
    assert rows == [
        (3, "list", "counselling", "people:list"),
        (5, "list", "counselling", "people:list"),
        (7, "list", "counselling", "people:list"),
    ]


def test_an_empty_trace_writes_nothing(counsellor, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert access_trace(user=counsellor, person_ids=[], purpose="counselling") == 0


def test_a_trace_takes_the_same_number_of_queries_for_one_person_and_for_fifty(counsellor):
    from django.test.utils import CaptureQueriesContext

    counts = []
    for ids in ([1], list(range(100, 150))):
        with CaptureQueriesContext(connection) as queries:
            access_trace(user=counsellor, person_ids=ids, purpose="counselling")
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 3  # the lock on PostgreSQL, the last hash, one insert (no savepoint of its own)
    assert AccessLogEntry.objects.count() == 51


def test_each_entry_chains_to_the_one_before(counsellor):
    access_trace(user=counsellor, person_ids=[1, 2], purpose="counselling")
    access_record(user=counsellor, person_id=3, action="view", purpose="counselling")
    entries = list(AccessLogEntry.objects.order_by("id"))
    assert entries[0].previous_hash == GENESIS_HASH
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.hash
    for entry in entries:
        values = {name: getattr(entry, name) for name in ACCESS_CHAIN.fields}
        assert entry.hash == entry_hash(ACCESS_CHAIN, values, entry.previous_hash)
        assert len(entry.hash) == 64


def test_the_hash_covers_every_field(counsellor):
    entry = access_record(
        user=counsellor,
        person_id=3,
        action="view",
        purpose="counselling",
        page="people:detail",
        request_id="a" * 32,
        break_glass=True,
        reason="Asked by the person at the desk today.",
    )
    values = {name: getattr(entry, name) for name in ACCESS_CHAIN.fields}
    for name, other in [
        ("person_id", 4),
        ("purpose", "audit"),
        ("page", "people:list"),
        ("request_id", "b" * 32),
        ("break_glass", False),
        ("reason", ""),
        ("fields", ["phone"]),
        ("channel", "api"),
        ("user_id", counsellor.pk + 1),
        ("at", entry.at.replace(microsecond=1)),
    ]:
        assert entry_hash(ACCESS_CHAIN, {**values, name: other}, entry.previous_hash) != entry.hash, name
    assert entry_hash(ACCESS_CHAIN, values, "1" * 64) != entry.hash


def test_a_record_outside_a_request_is_from_the_command_line(counsellor):
    entry = access_record(user=counsellor, person_id=3, action="view", purpose="counselling")
    assert (entry.channel, entry.page, entry.request_id) == ("command", "", "")


def test_a_refusal_may_have_no_purpose(counsellor):
    entry = access_record(user=counsellor, person_id=3, action=AccessAction.REFUSED, purpose="")
    assert (entry.action, entry.purpose) == ("refused", "")
    with pytest.raises(ValueError, match="is not a valid AccessPurpose"):
        access_record(user=counsellor, person_id=3, action="view", purpose="")


def test_entries_cannot_be_written_past_the_chain(counsellor):
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.create(user=counsellor, person_id=1, action="view", purpose="audit", channel="web")
    with pytest.raises(PermissionError):
        AccessLogEntry.objects.bulk_create(
            [AccessLogEntry(user=counsellor, person_id=1, action="view", purpose="audit", channel="web")]
        )
    entry = access_record(user=counsellor, person_id=3, action="view", purpose="counselling")
    entry.purpose = "audit"
    with pytest.raises(PermissionError):
        entry.save()


# The request ------------------------------------------------------------------------------------------


def test_the_middleware_gives_the_request_an_id_a_channel_and_the_url_name(counsellor):
    seen = {}

    def view(request):
        seen["trace"] = current_request_trace()
        access_trace(user=counsellor, person_ids=[1, 2], purpose="counselling")
        from django.http import HttpResponse

        return HttpResponse("ok")

    for path, channel in (("/health/", "web"), ("/api/people", "api")):
        request = RequestFactory().get(path)
        request.resolver_match = resolve(path)
        middleware = RequestTraceMiddleware(view)

        def respond(request, middleware=middleware):
            middleware.process_view(request, view, (), {})
            return view(request)

        middleware.get_response = respond
        response = middleware(request)
        request_id = response[REQUEST_ID_HEADER]
        assert len(request_id) == 32 and request_id == seen["trace"].request_id
        assert current_request_trace() is None
        rows = set(AccessLogEntry.objects.filter(request_id=request_id).values_list("channel", "page"))
        assert rows == {(channel, request.resolver_match.view_name)}
    assert resolve("/api/people").view_name.startswith("api:")


def test_every_response_carries_a_request_id(client):
    first, second = client.get("/health/"), client.get("/health/")
    assert len(first[REQUEST_ID_HEADER]) == 32
    assert first[REQUEST_ID_HEADER] != second[REQUEST_ID_HEADER]


# The audit trail ----------------------------------------------------------------------------------------


def test_an_audit_entry_names_the_actor_target_and_fields_only(functional_admin, counsellor):
    entry = audit_record(actor=functional_admin, action="update", target=counsellor, fields=["groups:+intake", "email"])
    assert (entry.actor, entry.action, entry.target_type, entry.target_id, entry.target_label) == (
        functional_admin,
        "update",
        "accounts.user",
        str(counsellor.pk),
        counsellor.username,
    )
    assert entry.fields == ["email", "groups:+intake"]
    assert entry.channel == "command"
    language = audit_record(actor=None, action="create", target=Language.objects.get(code="ara"))
    assert (language.actor, language.target_type, language.target_id) == (None, "core.language", "ara")
    assert language.previous_hash == entry.hash


def test_the_audit_trail_is_append_only(functional_admin, counsellor):
    entry = audit_record(actor=functional_admin, action="grant", target=counsellor, fields=["groups:+intake"])
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="revoke")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        _raw("UPDATE core_auditentry SET action = %s WHERE id = %s", ["revoke", entry.pk])


# Verify --------------------------------------------------------------------------------------------------


@pytest.fixture
def chained(counsellor, functional_admin):
    """Five access-log entries, and two audit entries after those of the users' creation."""
    access_trace(user=counsellor, person_ids=[11, 12, 13, 14, 15], purpose="counselling")
    audit_record(actor=functional_admin, action="update", target=counsellor, fields=["email"])
    audit_record(actor=functional_admin, action="grant", target=counsellor, fields=["groups:+intake"])
    return list(AccessLogEntry.objects.order_by("id").values_list("id", flat=True))


def test_verify_finds_both_chains_whole(chained):
    output, code = _verify_output()
    assert code == 0
    assert "access log: 5 entries, chain whole" in output
    assert f"audit trail: {AuditEntry.objects.count()} entries, chain whole" in output


def test_verify_finds_empty_chains_whole(db):
    output, code = _verify_output()
    assert (code, output.splitlines()) == (
        0,
        ["access log: 0 entries, chain whole", "audit trail: 0 entries, chain whole"],
    )


def test_verify_names_an_entry_changed_in_place(chained):
    with _triggers_off():
        _raw("UPDATE core_accesslogentry SET purpose = 'audit' WHERE id = %s", [chained[2]])
    output, code = _verify_output()
    assert code == 1
    assert f"access log: BROKEN at core_accesslogentry entry #{chained[2]}: hash mismatch" in output
    assert f"audit trail: {AuditEntry.objects.count()} entries, chain whole" in output


def test_verify_names_the_next_entry_when_a_change_comes_with_a_new_hash(chained):
    entry = AccessLogEntry.objects.get(pk=chained[1])
    entry.purpose = "audit"
    new_hash = entry_hash(
        ACCESS_CHAIN, {name: getattr(entry, name) for name in ACCESS_CHAIN.fields}, entry.previous_hash
    )
    with _triggers_off():
        _raw("UPDATE core_accesslogentry SET purpose = 'audit', hash = %s WHERE id = %s", [new_hash, chained[1]])
    output, code = _verify_output()
    assert code == 1
    assert (
        f"entry #{chained[2]}: previous_hash does not match entry #{chained[1]}: an entry was inserted or removed here"
    ) in output


def test_verify_names_the_gap_a_deleted_entry_leaves(chained):
    with _triggers_off():
        _raw("DELETE FROM core_accesslogentry WHERE id = %s", [chained[2]])
    output, code = _verify_output()
    assert code == 1
    assert (
        f"BROKEN at core_accesslogentry entry #{chained[3]}: previous_hash does not match entry "
        f"#{chained[1]}: entry #{chained[2]} is missing (gap)"
    ) in output


def test_verify_finds_the_first_entries_deleted(chained):
    with _triggers_off():
        _raw("DELETE FROM core_accesslogentry WHERE id IN (%s, %s)", [chained[0], chained[1]])
    output, code = _verify_output()
    assert code == 1
    assert f"entry #{chained[2]}: previous_hash is not the start of the chain" in output


def test_verify_names_an_audit_entry_changed(chained):
    last = AuditEntry.objects.order_by("id").last()
    with _triggers_off():
        _raw("UPDATE core_auditentry SET fields = %s WHERE id = %s", ['["email"]', last.pk])
    output, code = _verify_output()
    assert code == 1
    assert "access log: 5 entries, chain whole" in output
    assert f"audit trail: BROKEN at core_auditentry entry #{last.pk}: hash mismatch" in output


def _forged(counsellor, entry_id: int, previous_hash: str) -> AccessLogEntry:
    entry = AccessLogEntry(id=entry_id, user=counsellor, person_id=99, action="view", purpose="audit", channel="web")
    from django.utils import timezone

    entry.at = timezone.now()
    link(ACCESS_CHAIN, [entry], previous_hash)
    return entry


def test_verify_names_an_entry_slipped_into_a_gap(counsellor):
    """Ids have gaps (a rolled-back transaction used them): that alone is no break. An
    entry forged into the gap, correctly hashed on the entry before it, breaks the link
    to the entry after it; a carelessly forged one fails its own hash."""
    entries = [_forged(counsellor, entry_id, "") for entry_id in (1001, 1002, 1004, 1005)]
    link(ACCESS_CHAIN, entries, GENESIS_HASH)
    AccessLogEntry.objects.bulk_create(entries)
    assert verify(ACCESS_CHAIN).broken is None

    forged = _forged(counsellor, 1003, entries[1].hash)
    AccessLogEntry.objects.bulk_create([forged])
    output, code = _verify_output()
    assert code == 1
    assert (
        "BROKEN at core_accesslogentry entry #1004: previous_hash does not match entry #1003: "
        "an entry was inserted or removed here"
    ) in output

    with _triggers_off():
        _raw("DELETE FROM core_accesslogentry WHERE id = 1003")
    _raw(
        "INSERT INTO core_accesslogentry (id, at, user_id, person_id, action, purpose, channel, page, request_id,"
        " break_glass, reason, fields, previous_hash, hash) VALUES (1003, %s, %s, 99, 'view', 'audit', 'web', '',"
        " '', %s, '', '[]', %s, %s)",
        [forged.at, counsellor.pk, False, entries[1].hash, "f" * 64],
    )
    output, code = _verify_output()
    assert code == 1
    assert "BROKEN at core_accesslogentry entry #1003: hash mismatch" in output


def test_verify_reads_in_chunks(chained):
    assert verify(ACCESS_CHAIN, chunk_size=2).count == 5
    assert verify(AUDIT_CHAIN, chunk_size=1).broken is None


# The page ------------------------------------------------------------------------------------------------


@pytest.fixture
def auditor(db):
    from haven.accounts.tests.factories import UserFactory

    user = UserFactory(username="audrey")
    user.user_permissions.add(Permission.objects.get(codename="view_auditentry", content_type__app_label="core"))
    return user


def test_the_audit_page_needs_its_permission(chained, client, counsellor_client, manager_client, auditor):
    assert client.get("/audit/").status_code == 302  # to the login
    assert counsellor_client.get("/audit/").status_code == 403
    assert manager_client.get("/audit/").status_code == 403
    assert logged_in_client(auditor).get("/audit/").status_code == 200


def test_the_audit_page_lists_the_trail_newest_first_and_filters(
    chained, auditor, counsellor, functional_admin, english
):
    client = logged_in_client(auditor)
    audit_record(actor=None, action="update", target=Language.objects.get(code="ara"), fields=["active"])
    response = client.get("/audit/")
    assert response.status_code == 200
    page = response.content.decode()
    shown = list(response.context["page"].object_list)
    assert shown == list(AuditEntry.objects.order_by("-id"))
    assert shown[0].target_type == "core.language" and shown[0].actor is None
    assert "groups:+intake" in page and "command line" in page
    response = client.get("/audit/", {"target_type": "accounts.user", "actor": functional_admin.pk})
    assert [(entry.target_type, entry.actor) for entry in response.context["page"].object_list] == [
        ("accounts.user", functional_admin)
    ] * AuditEntry.objects.filter(actor=functional_admin, target_type="accounts.user").count()
    assert len(response.context["page"].object_list) >= 2
    response = client.get("/audit/", {"actor": "not-a-number", "page": "x"})
    assert response.status_code == 200 and len(response.context["page"].object_list) == AuditEntry.objects.count()


def test_the_audit_page_pages_by_fifty(auditor, counsellor):
    while AuditEntry.objects.count() < 51:
        audit_record(actor=auditor, action="update", target=counsellor, fields=["email"])
    client = logged_in_client(auditor)
    assert len(client.get("/audit/").context["page"].object_list) == 50
    assert len(client.get("/audit/", {"page": 2}).context["page"].object_list) == 1


def test_the_audit_pages_links_keep_the_filter(auditor, counsellor):
    while AuditEntry.objects.filter(actor=auditor).count() < 51:
        audit_record(actor=auditor, action="update", target=counsellor, fields=["email"])
    page = (
        logged_in_client(auditor).get("/audit/", {"actor": auditor.pk, "target_type": "accounts.user"}).content.decode()
    )
    assert f'href="?actor={auditor.pk}&amp;target_type=accounts.user&amp;page=2"' in page


# PostgreSQL: parallel writers and the application role ----------------------------------------------------------


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_chain_stays_whole_under_parallel_writers(counsellor, functional_admin):
    threads_count, rounds = 10, 5
    audit_before = AuditEntry.objects.count()  # the users' creation
    barrier = threading.Barrier(threads_count)
    errors = []

    def write(number):
        try:
            barrier.wait()
            for round_ in range(rounds):
                first = number * 100 + round_ * 10
                access_trace(user=counsellor, person_ids=range(first, first + 7), purpose="counselling")
                audit_record(actor=functional_admin, action="update", target=counsellor, fields=[f"f{number}"])
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(number,)) for number in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    access, audit = verify(ACCESS_CHAIN), verify(AUDIT_CHAIN)
    assert (access.count, access.broken) == (threads_count * rounds * 7, None)
    assert (audit.count, audit.broken) == (audit_before + threads_count * rounds, None)
    output, code = _verify_output()
    assert code == 0 and "chain whole" in output


@pytest.fixture
def app_role(db):
    """The application role, created by ``haven db_roles`` inside the test's transaction
    (so it vanishes with it); the test then acts as that role with SET ROLE."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        role = f"haven_app_{cursor.fetchone()[0]}"[:63]
    call_command("db_roles", "--app-role", role, "--password", "not-used-in-the-test", stdout=io.StringIO())
    return role


@contextmanager
def _as_role(role):
    with connection.cursor() as cursor:
        cursor.execute(f'SET ROLE "{role}"')
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


REFUSED = [
    "UPDATE core_accesslogentry SET purpose = 'audit'",
    "DELETE FROM core_accesslogentry",
    "TRUNCATE core_accesslogentry",
    "ALTER TABLE core_accesslogentry ADD COLUMN forged text",
    "ALTER TABLE core_accesslogentry DISABLE TRIGGER core_accesslogentry_append_only",
    "ALTER TABLE core_accesslogentry DISABLE TRIGGER ALL",
    "DROP TRIGGER core_accesslogentry_append_only ON core_accesslogentry",
    "DROP TABLE core_accesslogentry",
    "UPDATE core_auditentry SET action = 'other'",
    "DELETE FROM core_auditentry",
    "TRUNCATE core_auditentry",
    "ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only",
    "ALTER TABLE core_auditentry RENAME TO core_auditentry_old",
    "SET session_replication_role = replica",
]


@pytest.mark.postgres
@on_postgresql
@pytest.mark.parametrize("statement", REFUSED)
def test_the_application_role_cannot_change_or_erase_the_logs(app_role, chained, statement):
    with (
        _as_role(app_role),
        pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
        transaction.atomic(),
    ):
        _raw(statement)
    assert AccessLogEntry.objects.count() == 5 and verify(AUDIT_CHAIN).broken is None


@pytest.mark.postgres
@on_postgresql
def test_the_application_role_reads_and_appends_to_the_logs_and_works_on_other_tables(app_role, chained, counsellor):
    with _as_role(app_role):
        assert access_trace(user=counsellor, person_ids=[21, 22], purpose="counselling") == 2
        audit_record(actor=None, action="update", target=Language.objects.get(code="ara"), fields=["active"])
        assert AccessLogEntry.objects.count() == 7
        Language.objects.filter(code="ara").update(active=False)  # ordinary tables: full DML
        assert verify(ACCESS_CHAIN).broken is None and verify(AUDIT_CHAIN).broken is None
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            assert cursor.fetchone()[0] == app_role


def test_db_roles_is_for_postgresql_only(db):
    if connection.vendor == "postgresql":
        pytest.skip("the SQLite answer")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("db_roles", "--app-role", "haven_app")
