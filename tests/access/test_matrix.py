"""Issue 10, item 9: every URL name and API operation is declared in matrix.py, and every
cell — each endpoint × each role of ROLES and anonymous × session (and bearer token for
the API) — answers as declared, on the world's real ids. Run with ``-s`` for the figures."""

from collections import Counter

import pytest

from tests.access import matrix
from tests.access.endpoints import all_endpoints
from tests.access.sweep import SESSION, TOKEN, Clients, probe

# Marked as database tests so that pytest-django runs them with the others, before the
# transactional tests, whose flush at the end would empty the migrations' reference data.
pytestmark = pytest.mark.django_db


def test_every_url_and_api_operation_is_declared():
    undeclared = sorted(endpoint.key for endpoint in all_endpoints() if matrix.declared(endpoint.key) is None)
    assert not undeclared, "Declare these in tests/access/matrix.py:\n  " + "\n  ".join(undeclared)


def test_every_declared_name_still_exists():
    keys = {endpoint.key for endpoint in all_endpoints()}
    stale = sorted(set(matrix.PAGES) - keys) + sorted(set(matrix.API) - keys)
    assert not stale, "Declared but gone (remove from matrix.py):\n  " + "\n  ".join(stale)


def _table(rows) -> str:
    widths = [max(len(str(row[index])) for row in rows) for index in range(len(rows[0]))]
    return "\n".join(
        "  ".join(str(value).ljust(width) for value, width in zip(row, widths, strict=False)) for row in rows
    )


def test_every_cell_answers_as_declared(walk):
    cells = [cell for cell in walk["cells"] if matrix.declared(cell.key) is not None]
    mismatches = []
    kinds = Counter()
    for cell in cells:
        want = matrix.expected(cell.key, cell.role)
        if cell.outcome != want:
            kinds[f"{want}→{cell.outcome}"] += 1
            got = f"{cell.outcome} ({cell.status}{' ' + cell.location.split('?')[0] if cell.location else ''})"
            mismatches.append((cell.key, cell.role, cell.channel, want, got + (f" {cell.error}" if cell.error else "")))
    unexpected_200 = sum(1 for cell in cells if cell.status == 200 and matrix.expected(cell.key, cell.role) != "ok")
    server_errors = sum(1 for cell in cells if cell.status >= 500)
    summary = (
        f"ACCESS MATRIX: {len(cells)} cells checked ({len(walk['endpoints'])} endpoints × "
        f"{len({cell.role for cell in cells})} roles incl. anonymous × channel) in {walk['seconds']:.1f} s; "
        f"{len(mismatches)} mismatches {dict(kinds)}; unexpected 200s: {unexpected_200}; 5xx: {server_errors}"
    )
    if mismatches:
        table = _table([("url name / operation", "role", "channel", "expected", "got"), *sorted(mismatches)])
        pytest.fail(f"{summary}\n{len(mismatches)} cells do not answer as declared:\n{table}", pytrace=False)


# Outside the relationship ---------------------------------------------------------------------
# The main matrix uses in-relationship ids; here each role that opens files reaches for a
# person it is NOT related to: the answer must be 403 or the break-glass form, and the body
# must not show the person.


def _url(world, kind, person_key, purpose):
    person_id = world.people[person_key].pk
    return {
        "page": f"/people/{person_id}/?purpose={purpose}",
        "api": f"/api/people/{person_id}?purpose={purpose}",
        "nt2": f"/nt2/people/{person_id}/?purpose={purpose}",
        "nt2_api": f"/api/nt2/people/{person_id}/intake?purpose={purpose}",
    }[kind]


OUTSIDE = [
    # role, person, purpose, url kinds
    ("counsellor", "B", "counselling", ("page", "api")),
    ("team_coordinator", "B", "counselling", ("page", "api")),
    ("nt2_staff", "B", "language", ("page", "api", "nt2", "nt2_api")),
    ("programme_staff", "B", "programme", ("page", "api")),
    ("course_coordinator", "A", "course", ("page", "api")),
    # purposes the role may not give (the examples)
    ("course_coordinator", "C", "audit", ("page", "api")),
    ("course_coordinator", "C", "subject_request", ("page", "api")),
    ("programme_staff", "F", "counselling", ("page", "api")),
    ("privacy_officer", "A", "counselling", ("page", "api")),
    ("counsellor", "A", "audit", ("page", "api")),
    # no person files at all
    ("dispatcher", "A", "audit", ("page", "api")),
    ("manager", "A", "audit", ("page", "api")),
    ("admin", "A", "audit", ("page", "api")),
]


def test_files_outside_the_relationship_are_refused_or_ask_for_a_reason(db, world):
    clients = Clients(world)
    failures = []
    for role, person, purpose, kinds in OUTSIDE:
        if role not in world.users:
            continue
        for kind in kinds:
            url = _url(world, kind, person, purpose)
            for channel in (SESSION, TOKEN) if "api" in kind else (SESSION,):
                status, shown, _untraced = probe(clients, world, role, channel, url)
                if person in shown or status not in (200, 403):
                    failures.append(
                        (
                            role,
                            channel,
                            url.split("?")[0],
                            purpose,
                            status,
                            "shows the person" if person in shown else "",
                        )
                    )
    assert not failures, "Outside the relationship, these answered with the file:\n" + _table(
        [("role", "channel", "url", "purpose", "status", ""), *failures]
    )


def test_a_colleagues_caseload_is_the_team_coordinators_only(db, world):
    clients = Clients(world)
    colleague = world.extra["colleague"].pk
    failures = []
    for role in world.users:
        for channel, url in (
            (SESSION, f"/integration/caseload/{colleague}/"),
            (TOKEN, f"/api/integration/caseload/{colleague}"),
        ):
            status, _shown, _untraced = probe(clients, world, role, channel, url)
            want = 200 if role == "team_coordinator" else 403
            if status != want:
                failures.append((role, channel, url, want, status))
    assert not failures, _table([("role", "channel", "url", "expected", "got"), *failures])


def test_partners_and_interpreters_get_404_for_others_records(db, world):
    clients = Clients(world)
    other = world.extra["records_b"]
    checks = [
        ("partner", f"/interpreting/requests/{other['request']}/"),
        ("partner", f"/api/interpreting/requests/{other['request']}"),
        ("partner", f"/interpreting/invoices/{other['invoice']}/"),
        ("partner", f"/api/interpreting/invoices/{other['invoice']}"),
        ("partner", f"/api/interpreting/translations/{other['translation']}"),
        ("interpreter", f"/api/interpreting/assignments/{other['assignment']}"),
        ("interpreter", f"/interpreting/sheets/{other['timesheet']}/"),
        ("interpreter", f"/api/interpreting/timesheets/{other['timesheet']}"),
        ("interpreter", f"/api/interpreting/translations/{other['delivered']}"),
    ]
    failures = []
    for role, url in checks:
        for channel in (SESSION, TOKEN) if url.startswith("/api/") else (SESSION,):
            status, _shown, _untraced = probe(clients, world, role, channel, url)
            if status != 404:
                failures.append((role, channel, url, status))
    assert not failures, _table([("role", "channel", "url", "got"), *failures])


def test_the_course_coordinator_sees_no_national_number(db, world):
    """Course fields only: a participant's file shows no national number."""
    from haven.people.identifiers import national_number_format

    clients = Clients(world)
    person = world.people["C"]
    failures = []
    for channel, url in (
        (SESSION, f"/people/{person.pk}/?purpose=course"),
        (TOKEN, f"/api/people/{person.pk}?purpose=course"),
    ):
        client, auth = clients.get("course_coordinator", channel)
        text = client.get(url, **auth).content.decode()
        shown = (person.national_number, national_number_format(person.national_number))
        failures += [(channel, url) for number in shown if number in text]
    assert not failures, failures
