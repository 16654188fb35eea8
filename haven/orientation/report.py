"""The civic-orientation sections of the annual report: courses and participants per
teaching language, and the Parkoer certificates."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.core import reference
from haven.orientation.models import ACTIVE_ENROLMENT_STATES, Course, CourseState, Enrolment, EnrolmentState, Project
from haven.reports.registry import (
    Table,
    count_part,
    report_section,
    report_section_counts,
    report_section_extend,
    report_statement,
)

# Its Dutch translation is the annual report's own words (``Table.labelled``).
PARKOER_LABEL = pgettext_lazy("annual report row", "Parkoer (15 to 19 year olds): civic orientation certificates")


def _iso639(code: str) -> str:
    """The report writes two-letter codes where a language has one (ar, bg), else three (prs)."""
    language = reference.language_by_code(code)
    return getattr(language, "alpha_2", None) or code


@report_statement
def _courses_by_language(year: int) -> QuerySet:
    """Per teaching language: courses and participants of the year before and the year."""
    first = date(year, 1, 1)
    active = Q(enrolments__state__in=ACTIVE_ENROLMENT_STATES)
    return (
        Course.objects.filter(project="", starts_on__range=(date(year - 1, 1, 1), date(year, 12, 31)))
        .exclude(state=CourseState.CANCELLED)
        .values_list("language_id")
        .annotate(
            courses_prev=Count("id", distinct=True, filter=Q(starts_on__lt=first)),
            courses_year=Count("id", distinct=True, filter=Q(starts_on__gte=first)),
            participants_prev=Count("enrolments", filter=active & Q(starts_on__lt=first)),
            participants_year=Count("enrolments", filter=active & Q(starts_on__gte=first)),
        )
        .order_by()
    )


@report_section(
    "civic_orientation_by_language", title=_("Civic-orientation courses and participants by language"), order=65
)
def civic_orientation_by_language(year: int) -> Table:
    """Regular courses (projects such as Parkoer apart) counted in the year they start;
    a participant counts once per course (withdrawn ones not). Languages offered both
    years come first by name, then those no longer offered, then the new ones."""
    figures = {
        code: {
            "courses_prev": courses_prev,
            "courses_year": courses_year,
            "participants_prev": participants_prev,
            "participants_year": participants_year,
        }
        for code, courses_prev, courses_year, participants_prev, participants_year in _courses_by_language(year)
    }
    names = {code: reference.language_name(code, "nl") for code in figures}
    order = sorted(
        figures,
        key=lambda code: (
            figures[code]["courses_prev"] == 0,
            figures[code]["courses_year"] == 0,
            names[code].casefold(),
        ),
    )
    rows = [
        [
            names[code],
            _iso639(code),
            figures[code]["courses_prev"],
            figures[code]["courses_year"],
            figures[code]["participants_prev"],
            figures[code]["participants_year"],
        ]
        for code in order
    ]
    keys = [f"courses_{year - 1}", f"courses_{year}", f"participants_{year - 1}", f"participants_{year}"]
    return Table(
        columns=["language_nl", "iso639", *keys],
        rows=rows,
        row_labels={names[code]: reference.language_name(code) for code in order},
        total={key: sum(row[index + 2] for row in rows) for index, key in enumerate(keys)},
        column_labels=[
            str(_("language")),
            str(_("code")),
            str(_("courses")) + f" {year - 1}",
            str(_("courses")) + f" {year}",
            str(_("participants")) + f" {year - 1}",
            str(_("participants")) + f" {year}",
        ],
    )


@report_section_counts("civic_orientation_other")
def parkoer_counts(year: int) -> list[QuerySet]:
    """Parkoer certificates: completions in Parkoer courses in the year, counted in the
    section's statement."""
    completed = Enrolment.objects.filter(
        course__project=Project.PARKOER, state=EnrolmentState.COMPLETED, completed_on__year=year
    )
    return [count_part(completed, "parkoer", Count("*"))]


@report_section_extend("civic_orientation_other")
def parkoer_row(year: int, table: Table) -> None:
    """The Parkoer row, in front."""
    table.rows.insert(0, [table.labelled(PARKOER_LABEL), table.counts.get(("parkoer", ""), 0)])
