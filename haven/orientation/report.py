"""The civic-orientation sections of the annual report: courses and participants per
teaching language, and the Parkoer certificates."""

from datetime import date

import pycountry
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from haven.core import reference
from haven.orientation.models import ACTIVE_ENROLMENT_STATES, Course, CourseState, Enrolment, EnrolmentState, Project
from haven.reports.registry import (
    Drill,
    Table,
    count_part,
    report_drill,
    report_section,
    report_section_counts,
    report_section_extend,
    report_statement,
    report_words,
    report_years_source,
)

# Its Dutch translation is the annual report's own words (``Table.labelled``).
PARKOER_LABEL = pgettext_lazy("annual report row", "Parkoer (15 to 19 year olds): civic orientation certificates")
BY_LANGUAGE = "civic_orientation_by_language"


def _iso639(code: str) -> str:
    """The report writes two-letter codes where a language has one (ar, bg), else three (prs)."""
    language = reference.language_by_code(code)
    return getattr(language, "alpha_2", None) or code


def _language_code(iso639: str) -> str:
    """The language's code (ISO 639-3, as stored) back from the code the report writes."""
    language = pycountry.languages.get(alpha_2=iso639) if len(iso639) == 2 else None
    return language.alpha_3 if language is not None else iso639


def _regular_courses(first_year: int, last_year: int) -> QuerySet[Course]:
    """The regular courses (no project) starting from ``first_year`` to ``last_year``, not
    cancelled: what the table counts and what its drill-down lists."""
    return Course.objects.filter(
        project="", starts_on__range=(date(first_year, 1, 1), date(last_year, 12, 31))
    ).exclude(state=CourseState.CANCELLED)


@report_statement
def _courses_by_language(year: int) -> QuerySet:
    """Per teaching language: courses and participants of the year before and the year."""
    first = date(year, 1, 1)
    active = Q(enrolments__state__in=ACTIVE_ENROLMENT_STATES)
    return (
        _regular_courses(year - 1, year)
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
    BY_LANGUAGE,
    title=_("Civic-orientation courses and participants by language"),
    order=50,
    definition=_(
        "Regular civic-orientation courses (not projects such as Parkoer), each in the year it starts, "
        "by teaching language (a Dutch course with interpreters counts under Dutch); cancelled courses "
        "are left out. Participants are the enrolments in those courses: a person counts once per "
        "course, and withdrawn enrolments do not count."
    ),
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
        impersonal_columns=set(keys[:2]),  # courses, not people
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


def _parkoer_completed(year: int) -> QuerySet[Enrolment]:
    """Enrolments in Parkoer courses completed in the year: counted, and listed by the drill-down."""
    return Enrolment.objects.filter(
        course__project=Project.PARKOER, state=EnrolmentState.COMPLETED, completed_on__year=year
    )


@report_section_counts("civic_orientation_other")
def parkoer_counts(year: int) -> list[QuerySet]:
    """Parkoer certificates: completions in Parkoer courses in the year, counted in the
    section's statement."""
    return [count_part(_parkoer_completed(year), "parkoer", Count("*"))]


@report_section_extend("civic_orientation_other")
def parkoer_row(year: int, table: Table) -> None:
    """The Parkoer row, in front."""
    table.rows.insert(0, [table.labelled(PARKOER_LABEL), table.counts.get(("parkoer", ""), 0)])


@report_drill(BY_LANGUAGE)
def courses_by_language_records(year: int, row: list | None, column: str) -> Drill | None:
    """A column's courses (no person) or participants' enrolments in its year, of the row's
    teaching language or (the totals row) of every language."""
    kind, _sep, column_year = column.partition("_")
    if kind not in ("courses", "participants") or column_year not in (str(year - 1), str(year)):
        return None
    courses = _regular_courses(int(column_year), int(column_year))
    if row is not None:
        courses = courses.filter(language_id=_language_code(row[1]))
    if kind == "courses":
        return Drill(records=courses, person=None)
    enrolments = Enrolment.objects.filter(course__in=courses, state__in=ACTIVE_ENROLMENT_STATES)
    return Drill(records=enrolments, person="person_id")


@report_drill("civic_orientation_other")
def parkoer_records(year: int, row: list | None, column: str) -> Drill | None:
    """The completed Parkoer enrolments of the year behind the Parkoer row."""
    if row is None or column != str(year) or row[0] != report_words(PARKOER_LABEL):
        return None
    return Drill(records=_parkoer_completed(year), person="person_id")


@report_years_source("starts_on")
def years_courses() -> QuerySet:
    """A main flow of the report: the civic-orientation courses, in the year they start."""
    return Course.objects.all()
