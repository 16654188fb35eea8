"""Reads of the interpreting pages: each returns its rows in a fixed number of queries,
however many requests, assignments or interpreters there are. Scoping (who sees which
organisation's records) is ``access``'s job: these take an already scoped queryset. The
translation orders and the library (which every reader sees whole) are at the end."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncWeek

from haven.core.models import Language
from haven.interpreting import invoice_lines
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    DispatchRun,
    Interpreter,
    InterpretingRequest,
    Invoice,
    LibraryDocument,
    Organisation,
    RequestStatus,
    TranslationOrder,
)
from haven.interpreting.workdays import BRUSSELS

UNMET_REASONS = (
    "no_language",
    "no_dialect",
    "no_qualified",
    "not_available",
    "all_at_cap",
    "all_busy",
    "suggest_video",
)
LIVE_ASSIGNMENT = (AssignmentStatus.PROPOSED, AssignmentStatus.CONFIRMED)


def day_start(day: date) -> datetime:
    """Midnight in Brussels at the start of ``day``."""
    return datetime.combine(day, time(0), tzinfo=BRUSSELS)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _with_live_assignment(requests: QuerySet) -> QuerySet:
    """Each request with its live (proposed or confirmed) assignment and interpreter in
    ``live_assignments`` (a list of at most one)."""
    return requests.select_related("organisation", "language", "site").prefetch_related(
        Prefetch(
            "assignments",
            to_attr="live_assignments",
            queryset=Assignment.objects.filter(status__in=LIVE_ASSIGNMENT).select_related("interpreter"),
        )
    )


def requests_filtered(
    requests: QuerySet[InterpretingRequest],
    *,
    status: str = "",
    month: date | None = None,
    week: date | None = None,
    organisation: Organisation | None = None,
    organisation_search: str = "",
    language: Language | None = None,
) -> QuerySet[InterpretingRequest]:
    """The given (already scoped) requests, filtered, with their live assignment: three
    queries with the count, however many rows. ``organisation_search`` is part of an
    organisation's name or its enterprise number (dots and spaces allowed)."""
    if status:
        requests = requests.filter(status=status)
    if (month and month.year >= 9999) or (week and week.year >= 9999):  # past the calendar's end: nothing
        return _with_live_assignment(requests.none())
    if month:
        first = month.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        requests = requests.filter(starts_at__gte=day_start(first), starts_at__lt=day_start(following))
    if week:
        monday = monday_of(week)
        requests = requests.filter(
            starts_at__gte=day_start(monday), starts_at__lt=day_start(monday + timedelta(days=7))
        )
    if organisation is not None:
        requests = requests.filter(organisation=organisation)
    if language is not None:
        requests = requests.filter(language=language)
    if organisation_search.strip():
        requests = requests.filter(organisation__in=_organisations_matching(organisation_search))
    return _with_live_assignment(requests)


def _organisations_matching(text: str) -> QuerySet:
    text = text.strip()
    digits = "".join(char for char in text if char.isdigit())
    if digits and len(digits) == len(text.replace(".", "").replace(" ", "")):
        return Organisation.objects.filter(enterprise_number=digits.zfill(10)).values("pk")
    return Organisation.objects.filter(name__icontains=text).values("pk")


def request_detail(request: InterpretingRequest) -> InterpretingRequest:
    """The request with its live assignment (interpreter included) in ``live_assignments``."""
    return _with_live_assignment(InterpretingRequest.objects.filter(pk=request.pk)).get()


def jobs_of(interpreter: Interpreter, *, upcoming: bool, now: datetime) -> QuerySet:
    """An interpreter's proposed and confirmed jobs: upcoming ones soonest first, past
    ones latest first."""
    jobs = Assignment.objects.filter(interpreter=interpreter, status__in=LIVE_ASSIGNMENT).select_related(
        "request__organisation", "request__language", "request__site"
    )
    if upcoming:
        return jobs.filter(ends_at__gte=now).order_by("starts_at", "id")
    return jobs.filter(ends_at__lt=now).order_by("-starts_at", "-id")


def week_counts(*, first_monday: date, weeks: int) -> list[dict[str, date | int]]:
    """Per week from ``first_monday``: how many requests are open, proposed, unfilled and
    confirmed. One grouped query."""
    start = day_start(first_monday)
    end = day_start(first_monday + timedelta(weeks=weeks))
    rows = (
        InterpretingRequest.objects.filter(starts_at__gte=start, starts_at__lt=end)
        .annotate(week=TruncWeek("starts_at", tzinfo=BRUSSELS))
        .values("week", "status")
        .annotate(total=Count("id"))
        .order_by()
    )
    counts: dict[date, dict[str, int]] = defaultdict(dict)
    for row in rows:
        week = row["week"]
        week = week.date() if isinstance(week, datetime) else week
        counts[week][row["status"]] = row["total"]
    table: list[dict[str, date | int]] = []
    for index in range(weeks):
        monday = first_monday + timedelta(weeks=index)
        found = counts.get(monday, {})
        week_row: dict[str, date | int] = {"monday": monday, "sunday": monday + timedelta(days=6)}
        for status in (RequestStatus.OPEN, RequestStatus.PROPOSED, RequestStatus.UNFILLED, RequestStatus.CONFIRMED):
            week_row[status] = found.get(status, 0)
        table.append(week_row)
    return table


def recent_runs(limit: int = 10) -> QuerySet:
    return DispatchRun.objects.select_related("created_by").order_by("-created_at")[:limit]


def run_assignments(run: DispatchRun) -> QuerySet:
    """The run's live assignments with their request, organisation and interpreter."""
    return (
        run.assignments.filter(status__in=LIVE_ASSIGNMENT)
        .select_related("request__organisation", "request__language", "request__site__zone", "interpreter")
        .order_by("starts_at", "id")
    )


def run_unfilled(run: DispatchRun) -> QuerySet:
    """The requests of the run's period that are unfilled now."""
    return (
        InterpretingRequest.objects.filter(
            status=RequestStatus.UNFILLED,
            starts_at__gte=day_start(run.period_start),
            starts_at__lt=day_start(run.period_end + timedelta(days=1)),
        )
        .select_related("organisation", "language", "site")
        .order_by("starts_at", "id")
    )


def organisations_to_invoice(month: date, *, limit: int) -> tuple[list[Organisation], bool]:
    """The first ``limit`` organisations (by name) the run of ``month`` would invoice (rows
    of the month and no month invoice, or rows of earlier months and no catch-up invoice of
    this run; see ``invoice_lines.organisations_to_invoice``), and whether more follow: one
    query that walks the organisations by name (index) and stops after ``limit + 1``, however
    many sheets wait. Each check is a scalar subquery with LIMIT 1, run per organisation:
    PostgreSQL would turn an EXISTS into a hash of every billable row."""
    month = invoice_lines.first_of_month(month)

    def first(rows: QuerySet, path: str) -> Subquery:
        return Subquery(rows.filter(**{path: OuterRef("pk")}).order_by().values("pk")[:1])

    def part_waits(part: str) -> tuple[Q, dict[str, Subquery]]:
        aliases = {
            f"{part}_sheet": first(invoice_lines.billable_timesheets(month, part), "assignment__request__organisation"),
            f"{part}_cancellation": first(invoice_lines.billable_cancellations(month, part), "organisation"),
            f"{part}_translation": first(invoice_lines.billable_translations(month, part), "organisation"),
        }
        has_rows = Q(**{f"{part}_sheet__isnull": False})
        has_rows |= Q(**{f"{part}_cancellation__isnull": False})
        has_rows |= Q(**{f"{part}_translation__isnull": False})
        made = Exists(Invoice.objects.filter(organisation=OuterRef("pk"), month=month, kind=part))
        return has_rows & ~Q(made), aliases

    month_waits, month_aliases = part_waits(invoice_lines.MONTH_PART)
    catch_up_waits, catch_up_aliases = part_waits(invoice_lines.CATCH_UP_PART)
    found: list[Organisation] = list(
        Organisation.objects.alias(**month_aliases, **catch_up_aliases)
        .filter(month_waits | catch_up_waits)
        .order_by("name", "id")[: limit + 1]
    )
    return found[:limit], len(found) > limit


def video_interpreters(jobs: Iterable[InterpretingRequest]) -> dict[int, list[Interpreter]]:
    """Per request, the interpreters dispatch found could do it by video (the request's
    ``video_interpreter_ids``, by name): one query for all the requests of a page, none
    when no request has any."""
    jobs = list(jobs)
    ids = {pk for job in jobs for pk in (job.video_interpreter_ids or [])}
    found: dict[int, Interpreter] = (
        Interpreter.objects.only("id", "given_names", "family_name").in_bulk(ids) if ids else {}
    )
    return {
        job.pk: sorted(
            (found[pk] for pk in job.video_interpreter_ids or [] if pk in found),
            key=lambda interpreter: (interpreter.family_name, interpreter.given_names),
        )
        for job in jobs
    }


def interpreters_for_language(language_id: str) -> QuerySet:
    return Interpreter.objects.filter(active=True, interprets=True, languages__language_id=language_id).distinct()


def unmet_demand(*, start: date, end: date) -> QuerySet:
    """Requests dispatch could not fill, per language, between two days (inclusive): the
    shortage languages recruitment needs. One grouped query, most unmet first; a column
    per reason, the hours asked and how many are still unfilled."""
    return (
        InterpretingRequest.objects.filter(
            starts_at__gte=day_start(start), starts_at__lt=day_start(end + timedelta(days=1))
        )
        .exclude(unmet_reason="")
        .values("language")
        .annotate(
            total=Count("id"),
            minutes=Sum("duration_minutes"),
            still_unfilled=Count("id", filter=Q(status=RequestStatus.UNFILLED)),
            video_possible=Count("id", filter=Q(video_suggested=True)),
            **{f"reason_{reason}": Count("id", filter=Q(unmet_reason=reason)) for reason in UNMET_REASONS},
        )
        .order_by("-total", "language")
    )


# Translations and the library ----------------------------------------------------------


def translations_list(queryset: QuerySet[TranslationOrder]) -> QuerySet[TranslationOrder]:
    """Orders for a list: with what a row shows, in one query."""
    return queryset.select_related("organisation", "source_language", "target_language", "translator").order_by(
        "-created_at", "-id"
    )


def library_search(*, text: str = "", topic: str = "", language: str = "") -> QuerySet[LibraryDocument]:
    """Originals matching the text (in the title or topic of the original or of a
    translation), the topic, and the language (the original's or a translation's), with
    their translations prefetched: two queries for any page."""
    originals = LibraryDocument.objects.filter(original__isnull=True)
    text = (text or "").strip()
    if text:
        originals = originals.filter(
            Q(title__icontains=text) | Q(topic__icontains=text) | Q(translations__title__icontains=text)
        )
    if topic:
        originals = originals.filter(topic__iexact=topic.strip())
    if language:
        originals = originals.filter(Q(language_id=language) | Q(translations__language_id=language))
    ids = originals.values("pk")
    return (
        LibraryDocument.objects.filter(pk__in=ids)
        .select_related("language")
        .prefetch_related(
            Prefetch(
                "translations", queryset=LibraryDocument.objects.select_related("language").order_by("language_id")
            )
        )
        .order_by("topic", "title", "id")
    )


def library_topics() -> list[str]:
    return list(LibraryDocument.objects.order_by("topic").values_list("topic", flat=True).distinct())
