"""Education's section of the annual report ("Toeleiding naar onderwijs").

Which date puts a record in a year:

- a minor referred to a school counts in the year the school was found (``placed_on``):
  the report counts the children who were led to a school, not the visits to the
  permanence hours (an open or withdrawn referral is not counted);
- the Toekomstdagen count in the year of their sessions (``held_on``): the pupils present
  (summed over the sessions) and the distinct OKAN schools with at least one pupil present;
- a study-choice dossier counts in every year it was open in: opened on or before
  31 December and not closed before 1 January (the report's "dossiers in 2019");
- the pre-track's graduates are those of the cohort that ended in June of the year (the
  academic year that began the autumn before: June 2019 is cohort 2018-2019), and its
  starters are the participants of the cohort that began in the autumn of the year
  (2019-2020), dropped out or not.

One statement counts them all (``section_counts``).
"""

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from haven.education.models import (
    FutureDaysRegistration,
    ParticipantState,
    PreTrackParticipant,
    ReferralState,
    SchoolReferral,
    StudyDossier,
    school_year_label,
)
from haven.reports.registry import Table, count_part, report_section, report_section_counts, section_counts

PLACED_LABEL = _("Minors referred to a school")
PUPILS_LABEL = _("Toekomstdagen: pupils")
SCHOOLS_LABEL = _("Toekomstdagen: OKAN schools")
DOSSIERS_LABEL = _("Study choice of adults: dossiers")
GRADUATED_LABEL = _("Pre-track for higher education: graduated (June %(year)s)")
STARTED_LABEL = _("Pre-track for higher education: started (%(years)s)")


def _filled(message, **values) -> str:
    """A label with the year in it, translated when it is read (the report's Dutch words
    and the reader's both come from it)."""
    return lazy(lambda: str(message) % values, str)()


@report_section_counts("education")
def education_counts(year: int) -> list[QuerySet]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    registrations = FutureDaysRegistration.objects.filter(session__held_on__range=(first, last))
    return [
        count_part(
            SchoolReferral.objects.filter(state=ReferralState.PLACED, placed_on__range=(first, last)),
            "placed",
            Count("*"),
        ),
        count_part(registrations, "pupils", Sum("pupils_present", default=0)),
        count_part(registrations.filter(pupils_present__gt=0), "schools", Count("school", distinct=True)),
        count_part(
            StudyDossier.objects.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=first), opened_on__lte=last),
            "dossiers",
            Count("*"),
        ),
        count_part(
            PreTrackParticipant.objects.filter(cohort__academic_year=year - 1, state=ParticipantState.GRADUATED),
            "graduated",
            Count("*"),
        ),
        count_part(PreTrackParticipant.objects.filter(cohort__academic_year=year), "started", Count("*")),
    ]


@report_section("education", title=_("Referral to education"), order=100)
def education(year: int) -> Table:
    """The six figures of the year, in the report's order (see the module for the dates)."""
    counts = section_counts("education", year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)], counts=counts)
    labels: list[tuple[Any, str]] = [
        (PLACED_LABEL, "placed"),
        (PUPILS_LABEL, "pupils"),
        (SCHOOLS_LABEL, "schools"),
        (DOSSIERS_LABEL, "dossiers"),
        (_filled(GRADUATED_LABEL, year=year), "graduated"),
        (_filled(STARTED_LABEL, years=school_year_label(year)), "started"),
    ]
    table.rows = [[table.labelled(label), int(counts.get((name, ""), 0) or 0)] for label, name in labels]
    return table
