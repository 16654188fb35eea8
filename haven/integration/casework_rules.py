"""The civic-integration line's task rule for the counsellors' casework: a running contract
whose civic orientation is not passed nears the 12 months from signing within which the
trajectory is to start; the contract's counsellor gets a task, 60 days ahead."""

from collections.abc import Iterator
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from haven.casework.task_rules import TaskProposal, TaskRule
from haven.integration.models import Contract, ContractState

START_WITHIN_DAYS = 365
AHEAD_DAYS = 60


def contracts_to_start(today: date) -> Iterator[TaskProposal]:
    signed_from = today - timedelta(days=START_WITHIN_DAYS)
    signed_to = today + timedelta(days=AHEAD_DAYS) - timedelta(days=START_WITHIN_DAYS)
    contracts = Contract.objects.filter(
        state=ContractState.OPEN,
        includes_civic_orientation=True,
        civic_orientation_passed_on__isnull=True,
        counsellor__isnull=False,
        signed_on__gte=signed_from,
        signed_on__lte=signed_to,
    ).values_list("pk", "person_id", "counsellor_id", "signed_on")
    for pk, person_id, counsellor_id, signed_on in contracts:
        deadline = signed_on + timedelta(days=START_WITHIN_DAYS)
        yield TaskProposal(
            person_id=person_id,
            assignee_id=counsellor_id,
            due_on=max(today, deadline - timedelta(days=30)),
            key=f"contract-start:{pk}",
            facts={"deadline": deadline.isoformat()},
        )


CONTRACT_START_RULE = TaskRule(
    "contract_start",
    _(
        "The trajectory is to start within 12 months of the contract, by %(deadline)s: civic orientation is not passed yet."
    ),
    contracts_to_start,
)
