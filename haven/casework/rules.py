"""Casework's own task rules: a document that expires (a residence card, a passport) is to
renew (the task goes to whoever added it, due 30 days before it expires, today at the
earliest, as soon as it is within the reminder horizon); a person who did not come to an
appointment is to follow up when nothing is planned since."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.casework.models import Appointment, AppointmentState, Document
from haven.casework.selectors import EXPIRY_HORIZON_DAYS
from haven.casework.task_rules import TaskProposal, TaskRule

RENEW_AHEAD_DAYS = 30


def documents_to_renew(today: date) -> Iterator[TaskProposal]:
    expiring = Document.objects.filter(
        valid_until__gte=today, valid_until__lte=today + timedelta(days=EXPIRY_HORIZON_DAYS)
    ).values_list("pk", "person_id", "uploaded_by_id", "kind", "valid_until")
    for pk, person_id, uploaded_by_id, kind, valid_until in expiring:
        if valid_until is None:  # never: the filter is on the date
            continue
        yield TaskProposal(
            person_id=person_id,
            assignee_id=uploaded_by_id,
            due_on=max(today, valid_until - timedelta(days=RENEW_AHEAD_DAYS)),
            key=f"document:{pk}:{valid_until.isoformat()}",
            facts={"kind": kind, "until": valid_until.isoformat()},
        )


DOCUMENT_RULE = TaskRule(
    "document_expiring",
    _("Have the document renewed: it is valid until %(until)s."),
    documents_to_renew,
)


NO_SHOW_LOOKBACK_DAYS = 7


def no_shows_to_follow_up(today: date) -> Iterator[TaskProposal]:
    """A person who did not come in the last week, with nothing planned since: the staff
    member follows it up (a task due today, made once per missed appointment)."""
    since = timezone.make_aware(datetime.combine(today - timedelta(days=NO_SHOW_LOOKBACK_DAYS), datetime.min.time()))
    planned_later = Appointment.objects.filter(
        person=OuterRef("person"), staff=OuterRef("staff"), starts_at__gt=OuterRef("starts_at")
    ).exclude(state=AppointmentState.CANCELLED)
    missed = (
        Appointment.objects.filter(state=AppointmentState.NO_SHOW, starts_at__gte=since)
        .exclude(Exists(planned_later))
        .values_list("pk", "person_id", "staff_id", "starts_at")
    )
    for pk, person_id, staff_id, starts_at in missed:
        yield TaskProposal(
            person_id=person_id,
            assignee_id=staff_id,
            due_on=today,
            key=f"no-show:{pk}",
            facts={"day": timezone.localtime(starts_at).date().isoformat()},
        )


NO_SHOW_RULE = TaskRule(
    "no_show",
    _("Follow up: the person did not come to the appointment of %(day)s, and nothing is planned since."),
    no_shows_to_follow_up,
)
