"""The organisations section of the annual report ("Taal en diversiteit, ambassadeurs,
verenigingen").

What is counted, for a calendar year:

- *Training sessions on interculturalisation and language policy*: the training
  sessions held in the year (``TrainingSession.held_on``), whatever their topic;
- *Participants in trainings*: the sum of those sessions' participant counts (the
  organisations' staff are counted, not registered);
- *Certified ambassadors*: ambassadors certified on or before 31 December of the year
  and not stopped by then (``stopped_on`` empty or after 31 December);
- *New ambassadors*: ambassadors certified within the year (``certified_on``), also if
  they stopped later;
- *Ambassadors who testified*: distinct ambassadors with a testimony given (state
  "given") on a day of the year;
- *Testimonies*: the testimonies given on a day of the year (``TestimonyRequest.held_on``;
  requested, proposed, confirmed or cancelled ones are not counted);
- *Support contacts with associations*: support contacts dated in the year
  (``SupportContact.held_on``);
- *Associations supported*: distinct associations with a support contact in the year.

The eight figures are counted in one statement (``section_counts``)."""

from datetime import date
from typing import Any

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from haven.organisations.models import (
    Ambassador,
    Association,
    SupportContact,
    TestimonyRequest,
    TestimonyState,
    TrainingSession,
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

KEY = "organisations"
# The rows' labels: their Dutch translations are the annual report's own words (``Table.labelled``).
ROW_LABELS = {
    "sessions": _("Training sessions on interculturalisation and language policy"),
    "participants": _("Participants in trainings"),
    "certified": _("Certified ambassadors"),
    "new": _("New ambassadors"),
    "testified": _("Ambassadors who testified"),
    "testimonies": _("Testimonies"),
    "contacts": _("Support contacts with associations"),
    "associations": _("Associations supported"),
}


def organisations_records(year: int) -> dict[str, QuerySet]:
    """The records each figure of the year is counted from, by the figure's name (several
    figures share one): the section counts them and its drill-down lists them."""
    end = date(year, 12, 31)
    sessions = TrainingSession.objects.filter(held_on__year=year)
    given = TestimonyRequest.objects.filter(state=TestimonyState.GIVEN, held_on__year=year)
    contacts = SupportContact.objects.filter(held_on__year=year)
    return {
        "sessions": sessions,
        "participants": sessions,
        "certified": Ambassador.objects.filter(
            Q(certified_on__lte=end) & (Q(stopped_on__isnull=True) | Q(stopped_on__gt=end))
        ),
        "new": Ambassador.objects.filter(certified_on__year=year),
        "testified": given,
        "testimonies": given,
        "contacts": contacts,
        "associations": contacts,
    }


@report_section_counts(KEY)
def organisations_counts(year: int) -> list[QuerySet]:
    records = organisations_records(year)
    return [
        count_part(records["sessions"], "sessions", Count("*")),
        count_part(records["participants"], "participants", Sum("participants", output_field=IntegerField())),
        count_part(records["certified"], "certified", Count("*")),
        count_part(records["new"], "new", Count("*")),
        count_part(records["testified"], "testified", Count("ambassador", distinct=True)),
        count_part(records["testimonies"], "testimonies", Count("*")),
        count_part(records["contacts"], "contacts", Count("*")),
        count_part(records["associations"], "associations", Count("association", distinct=True)),
    ]


# The rows that count sessions, testimonies, contacts and associations, not people.
IMPERSONAL = {"sessions", "testimonies", "contacts", "associations"}


@report_section(
    KEY,
    title=_("Language and diversity, ambassadors, associations"),
    order=160,
    definition=_(
        "The training sessions are those held in the year (the session's date), whatever their topic; "
        "the participants are the sum of their participant counts (staff of the organisations, not "
        "registered by name). Certified ambassadors are those certified by 31 "
        "December and not stopped by then; new ones were certified in the year; the testimonies are "
        "those given on a day of the year (requested, proposed, confirmed or cancelled ones are left out), with "
        "the distinct ambassadors who gave them. The support contacts are those with associations "
        "dated in the year, with the distinct associations they reached."
    ),
)
def organisations(year: int) -> Table:
    """The eight figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [
        [table.labelled(label, people=key not in IMPERSONAL), counts.get((key, ""), 0) or 0]
        for key, label in ROW_LABELS.items()
    ]
    return table


@report_drill(KEY)
def organisations_drill(year: int, row: list[Any] | None, column: str) -> Drill | None:
    """The records behind a figure: the sessions (their participants summed), the
    ambassadors (people), the testimonies given, the support contacts and the associations."""
    names = {report_words(label): key for key, label in ROW_LABELS.items()}
    name = names.get(row[0]) if row and column == str(year) else None
    if name is None:
        return None
    records = organisations_records(year)[name]
    if name == "participants":
        return Drill(records=records, person=None, total_of="participants")
    if name == "testified":
        return Drill(records=Ambassador.objects.filter(pk__in=records.values("ambassador")), person="person")
    if name == "associations":
        return Drill(records=Association.objects.filter(pk__in=records.values("association")), person=None)
    if name == "testimonies":
        return Drill(records=records, person="ambassador__person")
    return Drill(records=records, person="person" if name in ("certified", "new") else None)
