"""``haven demo --scale N``: N × Ghent's volumes with the same shape.

The demo of scale 1 is built first, through the services, exactly as without
``--scale``. Then N − 1 copies of its records are added in bulk (haven.demo.scale_copy):
every newcomer, registration, contract, course, NT2 record, partner organisation,
interpreter, interpreting job and translation again, with new names and national
numbers, so every distribution (nationality, status, language, sector, month) is the
demo's and every count in the report is N × the demo's. What the agency has once stays
once: reference data, the logins per role, zones and tariffs, the six NT2 providers
and their funds (whose budgets grow N-fold), the rooms. The counsellors are copied with
their caseloads, so the average caseload stays the report's. The access log and the
audit trail get the copies' entries through their hash chains (haven.demo.scale_logs).
"""

import time
from collections import Counter
from typing import TextIO

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from haven.core.models import AccessLogEntry, AuditEntry, District, Language
from haven.demo.scale_copy import (
    Fresh,
    Span,
    base_rows,
    base_span,
    copy_in_python,
    copy_in_sql,
    copy_order,
    sequences_reset,
)
from haven.demo.scale_fresh import FreshValues
from haven.demo.scale_logs import access_log_copy, audit_copy
from haven.integration.models import CounsellorProfile
from haven.interpreting.models import (
    Interpreter,
    InterpretingRequest,
    Invoice,
    InvoiceLine,
    Organisation,
    PartnerContact,
    Tariff,
    TravelTime,
    Zone,
)
from haven.nt2.models import Provider, ScholarshipFund
from haven.orientation.models import Room, Teacher
from haven.people.models import HouseholdLink, Person

# Held once by the agency whatever the scale (foreign keys to them are kept).
SHARED: set[type[models.Model]] = {
    Language,
    District,
    Zone,
    TravelTime,
    Tariff,
    PartnerContact,  # the demo's partner logins book for the first copy's organisations
    Provider,
    ScholarshipFund,
    Room,
}


# Numbered documents of the agency (a number and a payment reference are unique): not
# copied. The copies' performance sheets and translations stay to invoice.
NOT_COPIED: set[type[models.Model]] = {Invoice, InvoiceLine}

# The service lines whose records are copied; of the logins, the counsellors' with
# their roles (other apps hold the agency's own operations: jobs, reviews, reports).
# Not yet the programme lines (education, leisure, the transit site) nor casework: a copy
# of the stays would overfill the one transit site, the schools' names are unique, and
# casework points at logins that are not copied.
COPIED_APPS = ("people", "integration", "orientation", "nt2", "interpreting")


def copied_models() -> list[type[models.Model]]:
    """The tables the copies go into, referenced tables first (not the invoices). Tables
    the demo leaves empty (dispatch runs) are copied all the same: empty."""
    user = get_user_model()
    chosen: list[type[models.Model]] = [user, user.groups.through]
    for label in COPIED_APPS:
        chosen.extend(
            model
            for model in apps.get_app_config(label).get_models(include_auto_created=True)
            if model not in SHARED and model not in NOT_COPIED and model._meta.managed
        )
    return copy_order(chosen)


def _spans(copied: list[type[models.Model]]) -> dict[type[models.Model], Span]:
    user = get_user_model()
    counsellors = set(CounsellorProfile.objects.values_list("user_id", flat=True))
    spans = {model: base_span(model) for model in copied}
    spans[user] = base_span(user, counsellors)
    roles = user.groups.through._base_manager.filter(user_id__in=counsellors).values_list("pk", flat=True)
    spans[user.groups.through] = base_span(user.groups.through, roles)
    return spans


def _sql_overrides() -> dict[type[models.Model], dict]:
    """Constant values of the copies: the dispatcher made the copies' requests."""
    dispatcher = get_user_model().objects.filter(username="dispatcher").values_list("pk", flat=True).first()
    return {InterpretingRequest: {"requested_by_id": dispatcher}} if dispatcher else {}


def scale_up(*, scale: int, seed: int, stdout: TextIO | None = None) -> Counter:
    """Add copies 2..``scale`` of the demo's records; returns the rows written per table."""
    started = time.monotonic()
    copies = range(1, scale)
    copied = copied_models()
    spans = _spans(copied)
    fresh = FreshValues(
        seed=seed, spans=spans, household=dict(HouseholdLink.objects.values_list("child_id", "parent_id"))
    )
    functions: dict[type[models.Model], Fresh] = {
        Person: fresh.person,
        get_user_model(): fresh.user,
        Interpreter: fresh.interpreter,
        Organisation: fresh.organisation,
        Teacher: fresh.teacher,
    }
    base = {model: base_rows(model, spans[model]) for model in functions}
    overrides = _sql_overrides()
    written: Counter = Counter()
    for copy in copies:
        for model in copied:
            if model in functions:
                written[model._meta.label] += copy_in_python(model, base[model], spans, copy, functions[model])
            else:
                written[model._meta.label] += copy_in_sql(model, spans, copy, overrides.get(model))
        if stdout:
            stdout.write(f"  scale: copy {copy + 1} of {scale} ({time.monotonic() - started:.0f} s)")
    sequences_reset(copied)
    written[AccessLogEntry._meta.label] = access_log_copy(spans, copies)
    written[AuditEntry._meta.label] = audit_copy(spans, copies)
    ScholarshipFund.objects.update(budget=models.F("budget") * scale)
    if stdout:
        stdout.write(
            f"  scale: {written[Person._meta.label]} more people, "
            f"{written[AccessLogEntry._meta.label]} more access log entries ({time.monotonic() - started:.0f} s)"
        )
    return written
