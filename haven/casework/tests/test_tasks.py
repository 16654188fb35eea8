"""Tasks: by hand on a person's file, done once by the assignee; made by the rules once
(documents to renew, the 12 months to start), told in the reader's language; the day page in
a fixed number of queries."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from haven.casework import services
from haven.casework.models import Appointment, Task, TaskSource
from haven.casework.tests.notes_data import COUNSELLING, client_of
from haven.casework.tests.test_documents import add as add_document
from haven.core.models import AccessAction, AccessLogEntry
from haven.integration.models import Contract

pytestmark = pytest.mark.usefixtures("english")


def task(world, due_on=None, **values):
    return services.task_create(
        person=world["person"],
        title=values.pop("title", "Call about the course"),
        due_on=due_on or timezone.localdate(),
        assignee=world[values.pop("assignee", "counsellor")],
        by=world[values.pop("by", "counsellor")],
        purpose=COUNSELLING,
    )


def test_a_task_by_hand_is_done_once_by_its_assignee_and_both_are_logged(world):
    made = task(world)
    with pytest.raises(PermissionDenied):
        services.task_done(task=made, by=world["coordinator"], purpose=COUNSELLING)
    services.task_done(task=made, by=world["counsellor"], purpose=COUNSELLING)
    with pytest.raises(ValidationError, match="done already"):
        services.task_done(task=made, by=world["counsellor"], purpose=COUNSELLING)
    updates = AccessLogEntry.objects.filter(action=AccessAction.UPDATE, fields=["tasks"])
    assert updates.count() == 2


def test_a_task_for_someone_who_keeps_no_casework_is_refused(world, manager):
    with pytest.raises(ValidationError) as refused:
        services.task_create(
            person=world["person"],
            title="x",
            due_on=timezone.localdate(),
            assignee=manager,
            by=world["counsellor"],
            purpose=COUNSELLING,
        )
    assert "assignee" in refused.value.message_dict


def test_the_rules_make_each_task_once_and_tell_it_in_the_readers_language(world):
    today = timezone.localdate()
    add_document(world, valid_until=today + datetime.timedelta(days=40))
    contract = Contract.objects.get(person=world["person"])
    contract.signed_on = today - datetime.timedelta(days=330)
    contract.save(update_fields=["signed_on"])

    assert services.tasks_from_rules(today=today) == 2
    assert services.tasks_from_rules(today=today + datetime.timedelta(days=1)) == 0  # made once
    tasks = {made.rule: made for made in Task.objects.filter(source=TaskSource.RULE)}
    renew = tasks["document_expiring"]
    assert (renew.assignee, renew.due_on) == (world["counsellor"], today + datetime.timedelta(days=10))
    deadline = contract.signed_on + datetime.timedelta(days=365)
    start = tasks["contract_start"]
    assert start.assignee == contract.counsellor and start.due_on == deadline - datetime.timedelta(days=30)
    assert f"by {deadline:%d/%m/%Y}" in start.text
    with translation.override("nl"):
        assert "12 maanden" in start.text


def test_the_day_page_gathers_overdue_due_and_coming_tasks_and_documents_in_fixed_queries(world):
    today = timezone.localdate()
    client = client_of(world["counsellor"])
    task(world, due_on=today - datetime.timedelta(days=2), title="Late call")
    task(world, due_on=today, title="Today's call")
    add_document(world, valid_until=today + datetime.timedelta(days=3))
    client.get("/casework/day/")  # the session and the user's permissions are cached once
    with CaptureQueriesContext(connection) as few:
        page = client.get("/casework/day/")
    assert [made.title for made in page.context["overdue"]] == ["Late call"]
    assert [made.title for made in page.context["due_today"]] == ["Today's call"]
    assert len(page.context["documents"]) == 1

    for index in range(8):
        task(world, due_on=today + datetime.timedelta(days=index % 5), title=f"Call {index}")
        Appointment.objects.create(
            person=world["person"],
            staff=world["counsellor"],
            service_line="integration",
            starts_at=timezone.now() + datetime.timedelta(minutes=index + 1),
            purpose=f"Meeting {index}",
            created_by=world["counsellor"],
            created_at=timezone.now(),
        )
        add_document(world, valid_until=today + datetime.timedelta(days=index + 1))
    with CaptureQueriesContext(connection) as many:
        client.get("/casework/day/")
    assert len(many) == len(few)

    done = client.post(f"/casework/tasks/{Task.objects.get(title='Late call').pk}/done/", {"purpose": "counselling"})
    assert done.status_code == 302 and Task.objects.get(title="Late call").done_at is not None


def test_a_no_show_with_nothing_planned_since_and_an_expiring_seat_offer_make_tasks_once(world):
    from haven.orientation.models import WaitingEntry
    from haven.orientation.tests.factories import CourseFactory, SeatOfferFactory

    today = timezone.localdate()
    contract = Contract.objects.get(person=world["person"])
    contract.signed_on = today - datetime.timedelta(days=30)  # not near the 12 months: no contract task
    contract.save(update_fields=["signed_on"])
    missed_at = timezone.now() - datetime.timedelta(days=2)
    missed = Appointment.objects.create(
        person=world["person"],
        staff=world["counsellor"],
        service_line="integration",
        starts_at=missed_at,
        purpose="Follow-up",
        state="no_show",
        created_by=world["counsellor"],
        created_at=missed_at,
    )
    waiting = WaitingEntry.objects.create(
        person=world["person"], contract=contract, slots=["evening"], waiting_since=today - datetime.timedelta(days=20)
    )
    offer = SeatOfferFactory(
        course=CourseFactory(starts_on=today + datetime.timedelta(days=10)),
        waiting=waiting,
        offered_on=today,
        expires_on=today + datetime.timedelta(days=1),
    )

    assert services.tasks_from_rules(today=today) == 2
    made = {task.rule: task for task in Task.objects.all()}
    assert made["no_show"].key == f"no-show:{missed.pk}" and made["no_show"].assignee == world["counsellor"]
    assert f"{timezone.localtime(missed_at):%d/%m/%Y}" in made["no_show"].text
    assert made["seat_offer_expiring"].key == f"seat-offer:{offer.pk}"
    assert made["seat_offer_expiring"].assignee == contract.counsellor
    assert services.tasks_from_rules(today=today) == 0

    # A new appointment planned after the missed one: the next missed one is not followed up twice.
    Task.objects.all().delete()
    Appointment.objects.create(
        person=world["person"],
        staff=world["counsellor"],
        service_line="integration",
        starts_at=timezone.now() + datetime.timedelta(days=3),
        purpose="Second try",
        created_by=world["counsellor"],
        created_at=timezone.now(),
    )
    assert {task.rule for task in (services.tasks_from_rules(today=today) and Task.objects.all())} == {
        "seat_offer_expiring"
    }
