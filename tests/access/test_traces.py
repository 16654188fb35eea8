"""Issue 10, item 2: every response of the walk whose body shows one of the world's people
(full name, family or given name, national number formatted or not; PDFs read with pypdf,
JSON parsed) must leave an access-log entry for that person, by that user, with that
request's id (the ``X-Request-Id`` header). Run with ``-s`` for the figures."""

import pytest

from tests.access.test_matrix import _table

# Marked as database tests so that pytest-django runs them with the others, before the
# transactional tests, whose flush at the end would empty the migrations' reference data.
pytestmark = pytest.mark.django_db


def test_every_response_that_shows_a_person_leaves_a_trace(walk, world):
    showing = [cell for cell in walk["cells"] if cell.shown]
    untraced = [cell for cell in showing if cell.untraced]
    without_id = sum(1 for cell in showing if not cell.request_id)
    summary = (
        f"TRACES: {len(showing)} responses showed a person; {len(untraced)} of them without a trace "
        f"({sum(len(cell.untraced) for cell in untraced)} person-responses); {without_id} without X-Request-Id"
    )
    if untraced:
        rows = sorted(
            (
                cell.key,
                cell.role,
                cell.channel,
                cell.status,
                ", ".join(f"{key} {world.people[key].family_name}" for key in cell.untraced),
            )
            for cell in untraced
        )
        table = _table([("url name / operation", "role", "channel", "status", "people without a trace"), *rows])
        pytest.fail(f"{summary}\n{len(untraced)} responses show a person without a trace:\n{table}", pytrace=False)
