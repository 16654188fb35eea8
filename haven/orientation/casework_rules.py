"""The civic-orientation line's task rule for the counsellors' casework: a seat offered from
the waiting list that expires within two days and is still open gets a task for the
counsellor of the contract it was offered for: call the person before it lapses."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from haven.casework.task_rules import TaskProposal, TaskRule
from haven.orientation.models import OfferState, SeatOffer

AHEAD_DAYS = 2


def offers_expiring(today: date) -> Iterator[TaskProposal]:
    offers = SeatOffer.objects.filter(
        state=OfferState.OPEN,
        expires_on__gte=today,
        expires_on__lte=today + timedelta(days=AHEAD_DAYS),
        waiting__contract__counsellor__isnull=False,
    ).values_list("pk", "waiting__person_id", "waiting__contract__counsellor_id", "expires_on", "course__starts_on")
    for pk, person_id, counsellor_id, expires_on, starts_on in offers:
        yield TaskProposal(
            person_id=person_id,
            assignee_id=counsellor_id,
            due_on=today,
            key=f"seat-offer:{pk}",
            facts={"expires": expires_on.isoformat(), "starts": starts_on.isoformat()},
        )


SEAT_OFFER_RULE = TaskRule(
    "seat_offer_expiring",
    _("A seat in a civic-orientation course (from %(starts)s) is offered until %(expires)s: call the person."),
    offers_expiring,
)
