"""Casework's own task rule: a document that expires (a residence card, a passport) is to
renew; the task goes to whoever added it, due 30 days before it expires (today at the
earliest), as soon as it is within the reminder horizon."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from haven.casework.models import Document
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
