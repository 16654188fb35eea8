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

from django.db.models import Count, IntegerField, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from haven.organisations.models import Ambassador, SupportContact, TestimonyRequest, TestimonyState, TrainingSession
from haven.reports.registry import Table, count_part, report_section, report_section_counts, section_counts

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


@report_section_counts(KEY)
def organisations_counts(year: int) -> list[QuerySet]:
    end = date(year, 12, 31)
    sessions = TrainingSession.objects.filter(held_on__year=year)
    given = TestimonyRequest.objects.filter(state=TestimonyState.GIVEN, held_on__year=year)
    contacts = SupportContact.objects.filter(held_on__year=year)
    return [
        count_part(sessions, "sessions", Count("*")),
        count_part(sessions, "participants", Sum("participants", output_field=IntegerField())),
        count_part(
            Ambassador.objects.filter(Q(certified_on__lte=end) & (Q(stopped_on__isnull=True) | Q(stopped_on__gt=end))),
            "certified",
            Count("*"),
        ),
        count_part(Ambassador.objects.filter(certified_on__year=year), "new", Count("*")),
        count_part(given, "testified", Count("ambassador", distinct=True)),
        count_part(given, "testimonies", Count("*")),
        count_part(contacts, "contacts", Count("*")),
        count_part(contacts, "associations", Count("association", distinct=True)),
    ]


@report_section(KEY, title=_("Language and diversity, ambassadors, associations"), order=130)
def organisations(year: int) -> Table:
    """The eight figures of the year (see the module's docstring for what each counts)."""
    counts = section_counts(KEY, year)
    table = Table(columns=["label", str(year)], rows=[], column_labels=[str(_("figure")), str(year)])
    table.rows = [[table.labelled(label), counts.get((key, ""), 0) or 0] for key, label in ROW_LABELS.items()]
    return table
