"""The buddy programmes: Samen Gentenaar (duos of a newcomer and a Ghentian, matched in
groups, meeting every two weeks) and TANDEM (a buddy who speaks the newcomer's mother
tongue, six months). Newcomers take part as ``Participant``; Ghentian volunteers are
``Buddy`` records on a person of the registry, resting on their consent."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from haven.core.consent import Consent
from haven.core.models import Language
from haven.people.models import Person

from .profile import MatchingProfile

TANDEM_MONTHS = 6
MEETING_EVERY_DAYS = 14
# A buddy is a Ghentian: someone who settled in the city at least this long before the duo.
BUDDY_SETTLED_YEARS = 3
# The version of the consent text a buddy signs now (a constant: a new text is a code change,
# reviewed with the privacy officer; each buddy keeps the version they agreed to).
BUDDY_CONSENT_TEXT_VERSION = "2019-1"


class Programme(models.TextChoices):
    SAMEN_GENTENAAR = "samen_gentenaar", _("Samen Gentenaar")
    TANDEM = "tandem", _("TANDEM")


class Buddy(Consent, MatchingProfile):
    """A Ghentian volunteer who is a buddy: a role record on a person of the registry."""

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="community_buddy", verbose_name=_("person")
    )
    registered_on = models.DateField(_("registered on"))
    samen_gentenaar = models.BooleanField(_("buddy in Samen Gentenaar"), default=True)
    tandem = models.BooleanField(_("buddy in TANDEM"), default=False)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("buddy")
        verbose_name_plural = _("buddies")

    def __str__(self) -> str:
        return f"{_('buddy')} {self.person_id}"


class Group(models.Model):
    """A Samen Gentenaar group: its newcomers and buddies are matched together, and it
    has a start moment, intervision (apart for Belgians and newcomers), a group activity
    and a closing moment."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    starts_on = models.DateField(_("start moment"))
    intervision_buddies_on = models.DateField(_("intervision of the buddies"), null=True, blank=True)
    intervision_newcomers_on = models.DateField(_("intervision of the newcomers"), null=True, blank=True)
    activity_on = models.DateField(_("group activity"), null=True, blank=True)
    closes_on = models.DateField(_("closing moment"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("Samen Gentenaar group")
        verbose_name_plural = _("Samen Gentenaar groups")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__isnull=True) | Q(closes_on__gte=F("starts_on")),
                name="community_group_closes_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name


class WithdrawReason(models.TextChoices):
    COMPLETED = "completed", _("the programme was completed")
    NO_TIME = "no_time", _("no time any more")
    MOVED = "moved", _("moved away")
    WORK = "work", _("found work or a course")
    NO_CONTACT = "no_contact", _("no contact any more")
    NO_CLICK = "no_click", _("the duo did not click")
    HEALTH = "health", _("health")
    # Set only by the service that records a buddy's consent withdrawn (not offered on the forms).
    CONSENT = "consent", _("the buddy withdrew their consent")
    OTHER = "other", _("other")


class Participant(MatchingProfile):
    """A newcomer signed up for a programme (for Samen Gentenaar: for a group)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="community_participations", verbose_name=_("person")
    )
    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="participants", verbose_name=_("group")
    )
    registered_on = models.DateField(_("registered on"))
    mother_tongue = models.ForeignKey(
        Language, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("mother tongue")
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason"), max_length=16, choices=WithdrawReason.choices, blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-registered_on", "-id"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        indexes = [models.Index(fields=["programme", "registered_on"], name="community_participant_on")]
        constraints = [
            models.CheckConstraint(
                condition=Q(programme=Programme.TANDEM, group__isnull=True)
                | Q(programme=Programme.SAMEN_GENTENAAR, group__isnull=False),
                name="community_participant_group_of_programme",
            ),
            models.UniqueConstraint(fields=["person", "group"], name="community_participant_once_per_group"),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.person_id}"


class DuoOrigin(models.TextChoices):
    PROPOSED = "proposed", _("proposed by the matching")
    FIXED = "fixed", _("fixed by the coordinator")
    MANUAL = "manual", _("made by hand")


class Duo(models.Model):
    """A newcomer (participant) and a buddy, from the day they start; the score and the
    reasons are those of the matching that made it."""

    programme = models.CharField(_("programme"), max_length=20, choices=Programme.choices)
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, null=True, blank=True, related_name="duos", verbose_name=_("group")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="duos", verbose_name=_("newcomer")
    )
    buddy = models.ForeignKey(Buddy, on_delete=models.PROTECT, related_name="duos", verbose_name=_("buddy"))
    started_on = models.DateField(_("started on"))
    planned_end_on = models.DateField(_("planned end"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("end reason"), max_length=16, choices=WithdrawReason.choices, blank=True)
    end_note = models.TextField(_("about the end"), blank=True)
    origin = models.CharField(_("made"), max_length=10, choices=DuoOrigin.choices, default=DuoOrigin.MANUAL)
    score = models.IntegerField(_("score"), null=True, blank=True)
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_on", "-id"]
        verbose_name = _("duo")
        verbose_name_plural = _("duos")
        indexes = [models.Index(fields=["programme", "started_on"], name="community_duo_started")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="community_duo_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["participant"], condition=Q(ended_on__isnull=True), name="community_duo_one_active"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.participant_id}–{self.buddy_id}"

    @property
    def dropped(self) -> bool:
        return bool(self.ended_on and self.end_reason and self.end_reason != WithdrawReason.COMPLETED)


class MeetingStatus(models.TextChoices):
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class Meeting(models.Model):
    """A meeting of a duo (every two weeks), held or cancelled."""

    duo = models.ForeignKey(Duo, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("duo"))
    held_on = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.HELD)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [models.UniqueConstraint(fields=["duo", "held_on"], name="community_meeting_once_a_day")]

    def __str__(self) -> str:
        return f"{self.duo_id} {self.held_on}"
