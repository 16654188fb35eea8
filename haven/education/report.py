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
    School,
    SchoolReferral,
    StudyDossier,
    school_year_label,
)
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_words,
    section_counts,
)

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


def education_records(year: int) -> dict[str, QuerySet]:
    """The records behind each figure of the year, by the figure's name: the section counts
    them and its drill-down lists them, so the two cannot drift apart."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    registrations = FutureDaysRegistration.objects.filter(session__held_on__range=(first, last))
    return {
        "placed": SchoolReferral.objects.filter(state=ReferralState.PLACED, placed_on__range=(first, last)),
        "pupils": registrations,
        "schools": registrations.filter(pupils_present__gt=0),
        "dossiers": StudyDossier.objects.filter(
            Q(closed_on__isnull=True) | Q(closed_on__gte=first), opened_on__lte=last
        ),
        "graduated": PreTrackParticipant.objects.filter(
            cohort__academic_year=year - 1, state=ParticipantState.GRADUATED
        ),
        "started": PreTrackParticipant.objects.filter(cohort__academic_year=year),
    }


@report_section_counts("education")
def education_counts(year: int) -> list[QuerySet]:
    records = education_records(year)
    return [
        count_part(records["placed"], "placed", Count("*")),
        count_part(records["pupils"], "pupils", Sum("pupils_present", default=0)),
        count_part(records["schools"], "schools", Count("school", distinct=True)),
        count_part(records["dossiers"], "dossiers", Count("*")),
        count_part(records["graduated"], "graduated", Count("*")),
        count_part(records["started"], "started", Count("*")),
    ]


def education_rows(year: int) -> list[tuple[Any, str]]:
    """Each row's label (lazy, with the year in it) and its figure's name, in the report's order."""
    return [
        (PLACED_LABEL, "placed"),
        (PUPILS_LABEL, "pupils"),
        (SCHOOLS_LABEL, "schools"),
        (DOSSIERS_LABEL, "dossiers"),
        (_filled(GRADUATED_LABEL, year=year), "graduated"),
        (_filled(STARTED_LABEL, years=school_year_label(year)), "started"),
    ]


@report_section(
    "education",
    title=_("Referral to education"),
    order=100,
    definition=_(
        "The minors referred to a school are the referrals of minors that found a school in the year "
        "(the placement date); referrals still open or withdrawn are left out. The Toekomstdagen count the pupils "
        "present, summed over the sessions held in the year, and the distinct OKAN schools with at "
        "least one pupil present. A study-choice dossier counts in every year it was open (opened by "
        "31 December, not closed before 1 January); the pre-track counts the graduates of the cohort "
        "that ended in June of the year and every starter of the cohort that began that autumn, "
        "dropped out or not."
    ),
)
def education(year: int) -> Table:
    """The six figures of the year, in the report's order (see the module for the dates)."""
    counts = section_counts("education", year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)], counts=counts)
    table.rows = [
        [table.labelled(label, people=name != "schools"), int(counts.get((name, ""), 0) or 0)]
        for label, name in education_rows(year)
    ]
    return table


@report_drill("education")
def education_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The records behind a figure: the placed referrals, the study dossiers and the
    pre-track participants (people); the Toekomstdagen registrations, whose pupils present
    are summed; the OKAN schools with a pupil present (not people)."""
    names = {report_words(label): name for label, name in education_rows(year)}
    name = names.get(row[0]) if row and column == str(year) else None
    if name is None:
        return None
    records = education_records(year)[name]
    if name == "pupils":
        # Listed as "school, day": the school and the session in the same query.
        return Drill(records=records.select_related("school", "session"), person=None, total_of="pupils_present")
    if name == "schools":
        return Drill(records=School.objects.filter(pk__in=records.values("school")), person=None)
    return Drill(records=records, person="person")
