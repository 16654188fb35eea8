"""Civic-orientation courses (maatschappelijke oriëntatie, MO): courses and their
sessions, teachers, the waiting list, enrolments with attendance, and seat offers."""

from dataclasses import dataclass
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core import reference
from haven.core.models import Language
from haven.integration.models import Contract
from haven.people.models import Person


class Slot(models.TextChoices):
    DAY = "day", _("day")
    EVENING = "evening", _("evening")
    WEEKEND = "weekend", _("weekend")


@dataclass(frozen=True)
class SlotSchedule:
    """When a course of a slot meets: the weekdays of its sessions (Monday is 0), the
    hours of a session, and the weekdays a session may be moved to."""

    weekdays: tuple[int, ...]
    starts: time
    ends: time
    allowed_weekdays: frozenset[int]

    @property
    def hours(self) -> int:
        return self.ends.hour - self.starts.hour


WORKING_WEEK = frozenset(range(5))
WEEKEND_DAYS = frozenset({5, 6})
# The agency's fixed pattern: a 60-hour course in sessions of three hours, twice a week
# (ten weeks). A "weekend" course meets on Saturday and Sunday only, never on a weekday;
# day and evening courses never at the weekend.
SLOT_SCHEDULE: dict[str, SlotSchedule] = {
    Slot.DAY: SlotSchedule((1, 3), time(9), time(12), WORKING_WEEK),
    Slot.EVENING: SlotSchedule((0, 2), time(18), time(21), WORKING_WEEK),
    Slot.WEEKEND: SlotSchedule((5, 6), time(9), time(12), WEEKEND_DAYS),
}


class Project(models.TextChoices):
    NONE = "", _("regular course")
    PARKOER = "parkoer", _("Parkoer (15–19 year olds)")


def validate_slots(value) -> None:
    wrong = set(value or []) - set(Slot.values)
    if wrong:
        raise ValidationError(_("Unknown slot: %(slots)s") % {"slots": ", ".join(sorted(map(str, wrong)))})


class Teacher(models.Model):
    """A teacher of civic orientation: the languages they teach in and the slots they
    are free for (used by course formation)."""

    name = models.CharField(_("name"), max_length=150)
    languages = models.ManyToManyField(Language, related_name="mo_teachers", verbose_name=_("languages"))
    slots = models.JSONField(_("free slots"), default=list, blank=True, validators=[validate_slots])
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    """A classroom: how many people it seats and the slots it is free in (course formation)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    capacity = models.PositiveSmallIntegerField(_("seats"))
    slots = models.JSONField(_("free slots"), default=list, blank=True, validators=[validate_slots])
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CourseState(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")


class Course(models.Model):
    """A civic-orientation course of about 60 hours in one teaching language (a Dutch
    course may have interpreters for other languages)."""

    language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="mo_courses", verbose_name=_("teaching language")
    )
    interpreter_languages = models.ManyToManyField(
        Language, blank=True, related_name="+", verbose_name=_("interpreters' languages")
    )
    location = models.CharField(_("location"), max_length=150)
    slot = models.CharField(_("slot"), max_length=8, choices=Slot.choices)
    starts_on = models.DateField(_("starts on"), db_index=True)
    hours = models.PositiveSmallIntegerField(_("hours"), default=60)
    capacity = models.PositiveSmallIntegerField(_("places"))
    teacher = models.ForeignKey(
        Teacher, on_delete=models.PROTECT, null=True, blank=True, related_name="courses", verbose_name=_("teacher")
    )
    room = models.ForeignKey(
        Room, on_delete=models.PROTECT, null=True, blank=True, related_name="courses", verbose_name=_("room")
    )
    childcare = models.BooleanField(_("childcare available"), default=False)
    project = models.CharField(_("project"), max_length=12, choices=Project.choices, blank=True, default="")
    state = models.CharField(_("state"), max_length=10, choices=CourseState.choices, default=CourseState.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("civic-orientation course")
        verbose_name_plural = _("civic-orientation courses")
        ordering = ["-starts_on", "id"]

    def __str__(self) -> str:
        return _("Civic orientation in %(language)s from %(date)s (%(slot)s)") % {
            "language": reference.language_name(self.language_id),
            "date": self.starts_on.strftime("%d/%m/%Y"),
            "slot": self.get_slot_display(),
        }

    def clean(self):
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": _("A course has at least one place.")})


class SessionState(models.TextChoices):
    PLANNED = "planned", _("planned")
    CANCELLED = "cancelled", _("cancelled")


class Session(models.Model):
    """One meeting of a course: when, where (the course's location when left empty), and
    whether it is still planned. A cancelled session stays, so that the course's history
    and the offers sent before it remain true."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("course"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=150, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=SessionState.choices, default=SessionState.PLANNED, db_index=True
    )

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"session {self.pk} of course {self.course_id}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session ends after it starts.")})

    @property
    def where(self) -> str:
        return self.place or self.course.location

    @property
    def hours(self) -> float:
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class ClosingPeriod(models.Model):
    """Days the agency is closed (say, between Christmas and New Year): no session is
    planned on them. Reference data, kept by the administrator in the admin site; the
    Belgian public holidays come from the ``holidays`` package and need no row."""

    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    reason = models.CharField(_("reason"), max_length=150)

    class Meta:
        verbose_name = _("closing period")
        verbose_name_plural = _("closing periods")
        ordering = ["first_day"]

    def __str__(self) -> str:
        return f"{self.reason} ({self.first_day:%d/%m/%Y}–{self.last_day:%d/%m/%Y})"

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day comes on or after the first.")})


class WaitingState(models.TextChoices):
    WAITING = "waiting", _("waiting")
    OFFERED = "offered", _("offered a seat")
    ENROLLED = "enrolled", _("enrolled")
    WITHDRAWN = "withdrawn", _("no longer waiting")


class WaitingEntry(models.Model):
    """A person waiting for a civic-orientation course, in one or more acceptable
    languages and slots, since a date."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="mo_waiting", verbose_name=_("person"))
    contract = models.ForeignKey(
        Contract, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("contract")
    )
    languages = models.ManyToManyField(Language, related_name="+", verbose_name=_("acceptable languages"))
    slots = models.JSONField(_("acceptable slots"), default=list, validators=[validate_slots])
    waiting_since = models.DateField(_("waiting since"), db_index=True)
    state = models.CharField(
        _("state"), max_length=10, choices=WaitingState.choices, default=WaitingState.WAITING, db_index=True
    )
    childcare_needed = models.BooleanField(_("needs childcare"), default=False)

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting list")
        ordering = ["waiting_since", "id"]

    def __str__(self) -> str:
        return f"waiting {self.person_id} since {self.waiting_since}"

    def clean(self):
        if not self.slots:
            raise ValidationError({"slots": _("Choose at least one slot.")})


class EnrolmentState(models.TextChoices):
    ENROLLED = "enrolled", _("enrolled")
    WITHDRAWN = "withdrawn", _("withdrawn")
    COMPLETED = "completed", _("completed")
    NOT_COMPLETED = "not_completed", _("did not complete")


ACTIVE_ENROLMENT_STATES = (EnrolmentState.ENROLLED, EnrolmentState.COMPLETED, EnrolmentState.NOT_COMPLETED)


class Enrolment(models.Model):
    """A participant of a course; completion records the evaluation of the personal
    action plan and feeds the certificate condition of the contract."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("course"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="mo_enrolments", verbose_name=_("person"))
    state = models.CharField(_("state"), max_length=14, choices=EnrolmentState.choices, default=EnrolmentState.ENROLLED)
    enrolled_on = models.DateField(_("enrolled on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    actions_completed = models.PositiveSmallIntegerField(_("actions of the personal action plan done"), default=0)
    evaluation = models.TextField(_("evaluation of the personal action plan"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["person__family_name", "person__given_names", "id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="one_enrolment_per_course")]

    def __str__(self) -> str:
        return f"enrolment {self.pk}"


class OfferState(models.TextChoices):
    OPEN = "open", _("open")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("expired")


class SeatOffer(models.Model):
    """A freed seat offered to the longest-waiting matching person, until a date."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="offers", verbose_name=_("course"))
    waiting = models.ForeignKey(
        WaitingEntry, on_delete=models.CASCADE, related_name="offers", verbose_name=_("waiting-list entry")
    )
    offered_on = models.DateField(_("offered on"))
    expires_on = models.DateField(_("expires on"))
    state = models.CharField(
        _("state"), max_length=10, choices=OfferState.choices, default=OfferState.OPEN, db_index=True
    )

    class Meta:
        verbose_name = _("seat offer")
        verbose_name_plural = _("seat offers")
        ordering = ["-offered_on", "-id"]

    def __str__(self) -> str:
        return f"offer {self.pk}"


class Presence(models.TextChoices):
    PRESENT = "present", _("present")
    EXCUSED = "excused", _("excused")
    ABSENT = "absent", _("absent")


class Attendance(models.Model):
    """Whether a participant was at a session."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session"))
    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("enrolment")
    )
    presence = models.CharField(_("presence"), max_length=8, choices=Presence.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance_per_session")]

    def __str__(self) -> str:
        return f"{self.enrolment_id} at {self.session_id}: {self.presence}"
