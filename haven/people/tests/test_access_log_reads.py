"""The access log's reads at scale: the start page's recent files, a person's access
history and the privacy officer's lists run a fixed number of queries whatever the size
of the log, and on PostgreSQL each is planned on its own index (core_access_opened,
core_access_person_at_id, core_access_glass; in each monthly partition), never a sequential
scan of a partition that holds entries, and the heavy readers read only the last week's
partitions, with the log filled to 300,000 entries so that the planner has a choice."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from haven.accounts.tests.factories import UserFactory
from haven.core.audit import access_history, access_record
from haven.core.partitions import ensure_access_log_partitions
from haven.people.selectors import person_recently_opened
from haven.people.tests.factories import PersonFactory, caseload_add
from haven.privacy.selectors import glass_openings, heavy_readers

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")

# PostgreSQL takes the chain's writer lock in a query of its own (haven.core.chain).
LOCK = 1 if connection.vendor == "postgresql" else 0
HOME_QUERIES = 12 + LOCK  # the whole start page of a counsellor, every panel, the trace of the files shown
HISTORY_QUERIES = 9  # the access-history page: the count and the page among them


def _queries(client, url: str) -> int:
    client.get(url)  # once before, so one-off work (session, caches) is not counted
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_start_page_runs_as_many_queries_with_one_recent_file_as_with_eight(counsellor, counsellor_client):
    people = PersonFactory.create_batch(9)
    caseload_add(counsellor, *people)
    counsellor_client.get(f"/people/{people[0].pk}/?purpose=counselling")
    with_one = _queries(counsellor_client, "/")
    for person in people[1:]:
        counsellor_client.get(f"/people/{person.pk}/?purpose=counselling")
    assert len(person_recently_opened(user=counsellor)) == 8
    assert (with_one, _queries(counsellor_client, "/")) == (HOME_QUERIES, HOME_QUERIES)


def test_the_access_history_runs_as_many_queries_for_one_entry_as_for_a_full_page(
    privacy_officer_client, counsellor, person
):
    access_record(user=counsellor, person_id=person.pk, action="view", purpose="counselling")
    url = f"/people/{person.pk}/access-history/"
    with_one = _queries(privacy_officer_client, url)
    readers = UserFactory.create_batch(5)
    for index in range(60):
        access_record(user=readers[index % 5], person_id=person.pk, action="view", purpose="counselling")
    assert (with_one, _queries(privacy_officer_client, url)) == (HISTORY_QUERIES, HISTORY_QUERIES)


def test_the_recent_files_skip_repeats_and_other_actions(counsellor):
    access_record(user=counsellor, person_id=1, action="view", purpose="counselling")
    access_record(user=counsellor, person_id=2, action="export", purpose="counselling")
    access_record(user=counsellor, person_id=3, action="update", purpose="counselling")
    access_record(user=counsellor, person_id=1, action="view", purpose="counselling")
    people = {pk: PersonFactory(pk=pk) for pk in (1, 2, 3)}
    assert person_recently_opened(user=counsellor) == [people[1], people[3]]


# 300,000 entries over 100 days (3,000 a day), 100 users and 50,000 people; entry ids
# follow time as in the real log. One entry in ten opens a file, one in 20,000 breaks the glass.
FILL = """
INSERT INTO core_accesslogentry
    (at, user_id, person_id, action, purpose, channel, page, request_id, break_glass, reason,
     fields, previous_hash, hash)
SELECT now() - (300000 - g) * interval '1 day' / 3000,
       %(first_user)s + (g / 20) %% 100,
       1 + (g * 7919) %% 50000,
       CASE WHEN g %% 10 = 0 THEN 'view' ELSE 'list' END,
       'counselling', 'web', '/people/', '', g %% 20000 = 10, '', '[]'::jsonb, '', ''
FROM generate_series(1::bigint, 300000::bigint) AS g
"""


@pytest.fixture
def large_log(transactional_db):
    """Committed (VACUUM runs outside a transaction: it sets the visibility map, as
    autovacuum does in production, which index-only scans rely on); the test database's
    flush empties the log again afterwards (TRUNCATE, which the triggers allow)."""
    users = UserFactory.create_batch(100)
    assert [user.pk for user in users] == list(range(users[0].pk, users[0].pk + 100))
    ensure_access_log_partitions(since=timezone.now() - timedelta(days=101))  # PostgreSQL: the months back
    with connection.cursor() as cursor:
        cursor.execute(FILL, {"first_user": users[0].pk})
        cursor.execute("VACUUM ANALYZE core_accesslogentry")
    return users


def _plans(read) -> list[str]:
    """The plans of the access-log queries ``read`` runs (EXPLAIN of the very SQL sent)."""
    with CaptureQueriesContext(connection) as context:
        read()
    plans = []
    with connection.cursor() as cursor:
        for query in context.captured_queries:
            if "core_accesslogentry" in query["sql"]:
                cursor.execute("EXPLAIN " + query["sql"])
                plans.append("\n".join(row[0] for row in cursor.fetchall()))
    assert plans
    return plans


def _filled(*, since=None, before=None) -> set[str]:
    """The log's partitions (or the log itself) holding entries (from ``since``, before ``before``)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT tableoid::regclass::text FROM core_accesslogentry WHERE at >= %s AND at < %s",
            [since or datetime.min.replace(tzinfo=UTC), before or datetime.max.replace(tzinfo=UTC)],
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.postgres
@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_each_read_of_a_large_log_is_planned_on_its_index(large_log):
    user = large_log[7]

    def history() -> list:
        return list(Paginator(access_history(person_id=4242), 50).get_page(1))

    def glass() -> list:
        return list(Paginator(glass_openings(), 50).get_page(1))

    expected = {
        "recent files": (lambda: person_recently_opened(user=user), ["core_access_opened"]),
        "access history": (history, ["core_access_person_at_id", "core_access_person_at_id"]),
        "break-glass openings": (glass, ["core_access_glass", "core_access_glass"]),
    }
    for read, (function, indexes) in expected.items():
        plans = _plans(function)
        assert len(plans) == len(indexes), read
        for plan, index in zip(plans, indexes, strict=True):
            # A sequential scan of an empty partition (the months ahead) reads nothing.
            assert not _filled() & set(re.findall(r"Seq Scan on (\w+)", plan)), (read, plan)
            assert index in plan, (read, plan)  # an index scan, index-only or bitmap scan on it
    # The heavy readers read the last week only: the partitions before it are pruned, and a
    # partition with older entries is read through the index on ``at`` (one wholly inside the
    # week may be read whole: every row of it counts).
    since = timezone.now() - timedelta(days=7)
    (plan,) = _plans(lambda: heavy_readers(files_limit=30, listed_limit=500, now=since + timedelta(days=7)))
    read = set(re.findall(r" on (core_accesslogentry\w*)", plan))
    assert read and not read & (_filled() - _filled(since=since)), plan
    assert not _filled(before=since) & set(re.findall(r"Seq Scan on (\w+)", plan)), plan
    # The recent files come straight off the index in their order: no sort of the user's entries.
    (recent,) = _plans(lambda: person_recently_opened(user=user))
    assert "Index Only Scan Backward using core_access_opened" in recent or (
        "Index Scan Backward using core_access_opened" in recent
    )
    assert "Sort" not in recent, recent
