"""Education: school referral of minors at the permanence hours, schools with their OKAN
places per school year, the Toekomstdagen, study-choice counselling of adults and the
pre-track for higher education (Voortraject Hoger Onderwijs)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.people.models import Person

ADULT_AGE = 18


def school_year_label(start: int) -> str:
    """A school or academic year by the year of its autumn: 2019 → "2019-2020"."""
    return f"{start}-{start + 1}"


class School(models.Model):
    """A school (reference data: schools are public institutions). ``okan``: it has
    reception classes for newcomers (onthaalklas voor anderstalige nieuwkomers)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    okan = models.BooleanField(_("OKAN reception classes"), default=False)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OkanPlaces(models.Model):
    """The OKAN places a school notes for a school year (``school_year``: the autumn's year)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="okan_places", verbose_name=_("school"))
    school_year = models.PositiveSmallIntegerField(
        _("school year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    places = models.PositiveSmallIntegerField(_("OKAN places"), validators=[MaxValueValidator(999)])

    class Meta:
        verbose_name = _("OKAN places")
        verbose_name_plural = _("OKAN places")
        ordering = ["-school_year", "school__name"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="education_places_once")]

    def __str__(self) -> str:
        return f"{self.school} {school_year_label(self.school_year)}"

    @property
    def year_label(self) -> str:
        return school_year_label(self.school_year)


class SchoolKind(models.TextChoices):
    OKAN = "okan", _("OKAN reception class")
    REGULAR = "regular", _("regular education")


class ReferralState(models.TextChoices):
    OPEN = "open", _("looking for a school")
    PLACED = "placed", _("school found")
    WITHDRAWN = "withdrawn", _("withdrawn")


class GuardianRole(models.TextChoices):
    PARENT = "parent", _("parent")
    GUARDIAN = "guardian", _("guardian")
    FAMILY = "family", _("other family member")
    CARER = "carer", _("carer or social worker")


class SchoolReferral(models.Model):
    """A minor brought to the permanence hours to find a school: who came with them, the
    kind of school sought, the schools contacted and the school found."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="school_referrals", verbose_name=_("child")
    )
    requested_on = models.DateField(_("permanence date"), db_index=True)
    age = models.PositiveSmallIntegerField(_("age"))
    guardian_name = models.CharField(_("parent or guardian present"), max_length=150)
    guardian_role = models.CharField(_("relation to the child"), max_length=10, choices=GuardianRole.choices)
    home_language = models.ForeignKey(
        Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("home language")
    )
    kind = models.CharField(_("kind of school sought"), max_length=10, choices=SchoolKind.choices)
    state = models.CharField(_("state"), max_length=10, choices=ReferralState.choices, default=ReferralState.OPEN)
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("school found"),
    )
    placed_on = models.DateField(_("school found on"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )

    class Meta:
        verbose_name = _("school referral")
        verbose_name_plural = _("school referrals")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(state="open"), name="education_one_open_referral"),
            models.CheckConstraint(
                condition=Q(state="placed", school__isnull=False, placed_on__isnull=False) | ~Q(state="placed"),
                name="education_placed_has_school",
            ),
        ]

    def __str__(self) -> str:
        return f"school referral {self.pk}"


class ContactAnswer(models.TextChoices):
    WAITING = "waiting", _("waiting for an answer")
    NO_PLACE = "no_place", _("no place")
    PLACE = "place", _("place offered")
    REFUSED = "refused", _("refused by the family")


class SchoolContact(models.Model):
    """A school contacted for a referral, and its answer."""

    referral = models.ForeignKey(
        SchoolReferral, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("school referral")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    contacted_on = models.DateField(_("contacted on"))
    answer = models.CharField(_("answer"), max_length=10, choices=ContactAnswer.choices, default=ContactAnswer.WAITING)

    class Meta:
        verbose_name = _("school contacted")
        verbose_name_plural = _("schools contacted")
        ordering = ["contacted_on", "id"]

    def __str__(self) -> str:
        return f"{self.school} {self.contacted_on}"


# Toekomstdagen ------------------------------------------------------------------------------


class FutureDays(models.Model):
    """The Toekomstdagen: days for OKAN pupils about to turn 18, one event a year."""

    title = models.CharField(_("title"), max_length=150)
    year = models.PositiveSmallIntegerField(
        _("year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )

    class Meta:
        verbose_name = _("Toekomstdagen")
        verbose_name_plural = _("Toekomstdagen")
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class FutureDaysSession(models.Model):
    event = models.ForeignKey(FutureDays, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("event"))
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.event} {self.held_on}"


class FutureDaysRegistration(models.Model):
    """An OKAN school's class at one session: pupils registered, and present once held."""

    session = models.ForeignKey(
        FutureDaysSession, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", verbose_name=_("school"))
    pupils_registered = models.PositiveSmallIntegerField(_("pupils registered"), validators=[MaxValueValidator(200)])
    pupils_present = models.PositiveSmallIntegerField(
        _("pupils present"), null=True, blank=True, validators=[MaxValueValidator(200)]
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["session__held_on", "school__name"]
        constraints = [models.UniqueConstraint(fields=["session", "school"], name="education_school_once_a_session")]

    def __str__(self) -> str:
        return f"{self.school} {self.session.held_on}"


# Study choice of adults ---------------------------------------------------------------------


class StudyPartner(models.TextChoices):
    NONE = "", _("none")
    DE_STAP = "de_stap", "De Stap"
    UGENT = "ugent", _("Ghent University")
    HOGENT = "hogent", "HOGENT"
    ARTEVELDE = "artevelde", _("Artevelde University of Applied Sciences")
    CVO = "cvo", _("adult-education centre (CVO)")
    VDAB = "vdab", "VDAB"


class StudyOutcome(models.TextChoices):
    OPEN = "open", _("still open")
    HIGHER_EDUCATION = "higher", _("started higher education")
    PRE_TRACK = "pre_track", _("started the pre-track")
    TRAINING = "training", _("started another training")
    WORK = "work", _("chose work")
    STOPPED = "stopped", _("stopped")


class StudyDossier(models.Model):
    """Study-choice counselling of an adult: conversations, the advice, the partner and the outcome."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="study_dossiers", verbose_name=_("person")
    )
    opened_on = models.DateField(_("opened on"), db_index=True)
    question = models.CharField(_("question"), max_length=300)
    advice = models.TextField(_("advice"), blank=True, max_length=4000)
    partner = models.CharField(_("partner involved"), max_length=10, choices=StudyPartner.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=StudyOutcome.choices, default=StudyOutcome.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )

    class Meta:
        verbose_name = _("study-choice dossier")
        verbose_name_plural = _("study-choice dossiers")
        ordering = ["-opened_on", "-id"]

    def __str__(self) -> str:
        return f"study dossier {self.pk}"


class StudyConversation(models.Model):
    dossier = models.ForeignKey(
        StudyDossier, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("dossier")
    )
    held_on = models.DateField(_("date"))
    summary = models.TextField(_("summary"), max_length=4000)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.dossier} {self.held_on}"


# Voortraject Hoger Onderwijs -----------------------------------------------------------------


class PreTrackCohort(models.Model):
    """A cohort of the pre-track for higher education: it starts at the beginning of the
    academic year (``academic_year``: the autumn's year) and ends in June."""

    academic_year = models.PositiveSmallIntegerField(
        _("academic year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    partners = models.CharField(_("partners"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("pre-track cohort")
        verbose_name_plural = _("pre-track cohorts")
        ordering = ["-academic_year"]

    def __str__(self) -> str:
        return school_year_label(self.academic_year)


class PreTrackModule(models.Model):
    cohort = models.ForeignKey(
        PreTrackCohort, on_delete=models.CASCADE, related_name="modules", verbose_name=_("cohort")
    )
    name = models.CharField(_("module"), max_length=150)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "name"], name="education_module_once")]

    def __str__(self) -> str:
        return self.name


class ParticipantState(models.TextChoices):
    STARTED = "started", _("started")
    DROPPED = "dropped", _("dropped out")
    GRADUATED = "graduated", _("graduated")


class PreTrackParticipant(models.Model):
    cohort = models.ForeignKey(
        PreTrackCohort, on_delete=models.PROTECT, related_name="participants", verbose_name=_("cohort")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="pre_track_participations", verbose_name=_("person")
    )
    started_on = models.DateField(_("started on"))
    state = models.CharField(
        _("state"), max_length=10, choices=ParticipantState.choices, default=ParticipantState.STARTED
    )
    ended_on = models.DateField(_("dropped out or graduated on"), null=True, blank=True)
    modules = models.ManyToManyField(PreTrackModule, blank=True, related_name="participants", verbose_name=_("modules"))

    class Meta:
        verbose_name = _("pre-track participant")
        verbose_name_plural = _("pre-track participants")
        ordering = ["cohort", "id"]
        constraints = [models.UniqueConstraint(fields=["cohort", "person"], name="education_participant_once")]

    def __str__(self) -> str:
        return f"participant {self.pk}"
