"""Dutch as a second language (NT2), the "Huis van het Nederlands": course providers and
their modules, intake conversations, aptitude and level tests, routing proposals and
the staff's choice, enrolments made on a person's behalf, scholarships for the
university language centre, and certification tests.

The choices that the pure routing engine (``haven.nt2.routing``) also knows share their
values with it; the labels live here because they are shown to users.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.integration.models import Contract
from haven.people.models import Person


class ProviderKind(models.TextChoices):
    CBE = "cbe", _("basic education (CBE)")
    CVO = "cvo", _("adult education centre (CVO)")
    UCT = "uct", _("university language centre")
    VDAB = "vdab", _("public employment service (VDAB)")
    OTHER = "other", _("other provider")


class Pace(models.TextChoices):
    ALPHA = "alpha", _("literacy track (600 h per level)")
    SLOW = "slow", _("slow (240 h per level)")
    REGULAR = "regular", _("regular (120 h per level)")
    FAST = "fast", _("fast (at most 90 h per level)")


class Level(models.TextChoices):
    """CEFR levels; a level test may also find no Dutch at all yet."""

    BELOW_A1 = "0", _("below A1")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


CEFR_LEVELS = [level for level in Level.values if level != Level.BELOW_A1]


class Skill(models.TextChoices):
    LISTENING = "listening", _("listening")
    SPEAKING = "speaking", _("speaking")
    READING = "reading", _("reading")
    WRITING = "writing", _("writing")


def _unknown(value, choices, label) -> None:
    if not isinstance(value, list):
        raise ValidationError(_("Choose from the list."))
    wrong = set(value) - set(choices)
    if wrong:
        raise ValidationError(
            _("Unknown %(what)s: %(values)s") % {"what": label, "values": ", ".join(sorted(map(str, wrong)))}
        )


def validate_paces(value) -> None:
    _unknown(value, Pace.values, _("pace"))


def validate_levels(value) -> None:
    _unknown(value, CEFR_LEVELS, _("level"))


class Provider(models.Model):
    """A course provider of Dutch lessons (aanbodverstrekker): reference data an
    administrator keeps. ``paces`` are the learner profiles it serves."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=8, choices=ProviderKind.choices)
    paces = models.JSONField(_("learner profiles (paces)"), default=list, validators=[validate_paces])
    levels = models.JSONField(_("levels taught"), default=list, validators=[validate_levels])
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("course provider")
        verbose_name_plural = _("course providers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if not self.paces:
            raise ValidationError({"paces": _("Choose at least one learner profile.")})
        if not self.levels:
            raise ValidationError({"levels": _("Choose at least one level.")})


class Module(models.Model):
    """One run of a provider's course module: a CEFR level at a pace, from a start date,
    with a number of places."""

    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="modules", verbose_name=_("provider"))
    title = models.CharField(_("title"), max_length=150)
    level = models.CharField(_("level"), max_length=2, choices=[(v, v) for v in CEFR_LEVELS])
    pace = models.CharField(_("pace"), max_length=8, choices=Pace.choices)
    hours = models.PositiveSmallIntegerField(_("hours"))
    starts_on = models.DateField(_("starts on"), db_index=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    places = models.PositiveSmallIntegerField(_("places"))
    location = models.CharField(_("location"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        ordering = ["starts_on", "provider__name", "level", "id"]
        indexes = [models.Index(fields=["level", "pace", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.provider} {self.level} ({self.starts_on:%d/%m/%Y})"

    def clean(self):
        errors = {}
        if self.places is not None and self.places < 1:
            errors["places"] = _("A module has at least one place.")
        if self.hours is not None and self.hours < 1:
            errors["hours"] = _("A module has at least one hour.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A module ends on or after its start.")
        if self.provider_id:
            provider = self.provider
            if self.pace and self.pace not in provider.paces:
                errors["pace"] = _("This provider does not teach at this pace.")
            if self.level and self.level not in provider.levels:
                errors["level"] = _("This provider does not teach this level.")
        if errors:
            raise ValidationError(errors)


class ConversationKind(models.TextChoices):
    FIRST = "first", _("first intake")
    FOLLOW_UP = "follow_up", _("follow-up")
    EXTRA_TEST = "extra_test", _("extra test")
    NEXT_MODULE = "next_module", _("next module")


class LearningGoal(models.TextChoices):
    WORK = "work", _("work")
    STUDY = "study", _("study")
    DAILY_LIFE = "daily_life", _("daily life")
    CHILDREN = "children", _("the children's school")
    NATIONALITY = "nationality", _("nationality")
    INTEGRATION = "integration", _("civic integration")
    OTHER = "other", _("other")


class Diploma(models.TextChoices):
    NONE = "none", _("none")
    PRIMARY = "primary", _("primary school")
    LOWER_SECONDARY = "lower_secondary", _("lower secondary")
    UPPER_SECONDARY = "upper_secondary", _("upper secondary")
    HIGHER = "higher", _("higher education")


class Outcome(models.TextChoices):
    ROUTED = "routed", _("routed to a provider")
    ENROLLED = "enrolled", _("enrolled at a provider")
    TEST = "test", _("test planned")
    WAITING = "waiting", _("waiting for a module")
    NO_FOLLOW_UP = "no_follow_up", _("no follow-up")


class Aptitude(models.TextChoices):
    """The learning pace an aptitude test finds."""

    SLOW = "slow", _("slow learner")
    REGULAR = "regular", _("regular learner")
    FAST = "fast", _("fast learner")


class Conversation(models.Model):
    """An intake conversation (intakegesprek). A person may come several times: for the
    first intake, a follow-up, an extra test, or the next module."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nt2_conversations", verbose_name=_("person")
    )
    held_on = models.DateField(_("date"), db_index=True)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ConversationKind.choices)
    learning_goal = models.CharField(_("learning goal"), max_length=12, choices=LearningGoal.choices)
    years_of_schooling = models.PositiveSmallIntegerField(_("years of schooling"), null=True, blank=True)
    highest_diploma = models.CharField(_("highest diploma"), max_length=16, choices=Diploma.choices, blank=True)
    languages_known = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("languages known"))
    literate = models.BooleanField(_("reads and writes in some script"), null=True, blank=True)
    latin_script = models.BooleanField(_("reads and writes in the Latin script"), null=True, blank=True)
    learning_pace = models.CharField(
        _("learning aptitude (staff's estimate)"), max_length=8, choices=Aptitude.choices, blank=True
    )
    work_follow_up = models.BooleanField(_("wants a job-oriented course (VDAB)"), default=False)
    outcome = models.CharField(_("outcome"), max_length=14, choices=Outcome.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("intake conversation")
        verbose_name_plural = _("intake conversations")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"conversation {self.pk}"

    def clean(self):
        errors = {}
        if self.years_of_schooling is not None and self.years_of_schooling > 30:
            errors["years_of_schooling"] = _("At most 30 years of schooling.")
        if self.latin_script and self.literate is False:
            errors["literate"] = _("Someone who reads the Latin script is literate.")
        if errors:
            raise ValidationError(errors)


class TestKind(models.TextChoices):
    APTITUDE = "aptitude", _("aptitude test")
    LEVEL = "level", _("level test")


class LanguageTest(models.Model):
    """An aptitude test (the learning pace) or a level test of one skill (CEFR)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nt2_tests", verbose_name=_("person"))
    taken_on = models.DateField(_("date"), db_index=True)
    kind = models.CharField(_("kind"), max_length=8, choices=TestKind.choices)
    skill = models.CharField(_("skill"), max_length=10, choices=Skill.choices, blank=True)
    level = models.CharField(_("level"), max_length=2, choices=Level.choices, blank=True)
    aptitude = models.CharField(_("learning pace"), max_length=8, choices=Aptitude.choices, blank=True)
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tests",
        verbose_name=_("intake conversation"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )

    class Meta:
        verbose_name = _("test")
        verbose_name_plural = _("tests")
        ordering = ["-taken_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="aptitude", skill="", level="") & ~Q(aptitude=""))
                | (Q(kind="level", aptitude="") & ~Q(skill="") & ~Q(level="")),
                name="nt2_test_result_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"test {self.pk}"

    def clean(self):
        if self.kind == TestKind.APTITUDE:
            errors = {}
            if not self.aptitude:
                errors["aptitude"] = _("An aptitude test finds a learning pace.")
            if self.skill or self.level:
                errors["skill"] = _("An aptitude test has no skill or level.")
            if errors:
                raise ValidationError(errors)
        elif self.kind == TestKind.LEVEL:
            errors = {}
            if not self.skill:
                errors["skill"] = _("A level test tests one skill.")
            if not self.level:
                errors["level"] = _("A level test finds a level.")
            if self.aptitude:
                errors["aptitude"] = _("A level test finds no learning pace.")
            if errors:
                raise ValidationError(errors)


class Routing(models.Model):
    """A routing proposal of the engine and the staff's choice, both kept. A choice
    other than the proposal needs a reason."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="nt2_routings", verbose_name=_("person"))
    conversation = models.ForeignKey(
        Conversation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="routings",
        verbose_name=_("intake conversation"),
    )
    proposed_on = models.DateField(_("proposed on"))
    proposed_kind = models.CharField(
        _("proposed provider kind"), max_length=8, choices=ProviderKind.choices, blank=True
    )
    proposed_pace = models.CharField(_("proposed pace"), max_length=8, choices=Pace.choices, blank=True)
    proposed_hours = models.PositiveSmallIntegerField(_("proposed hours per level"), null=True, blank=True)
    proposed_level = models.CharField(_("start level"), max_length=2, blank=True)
    proposed_module = models.ForeignKey(
        Module, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("proposed module")
    )
    reasons = models.JSONField(_("reasons"), default=list)
    missing = models.JSONField(_("missing facts"), default=list)
    chosen_provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chosen provider")
    )
    chosen_module = models.ForeignKey(
        Module, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("chosen module")
    )
    override_reason = models.TextField(_("reason for another choice"), blank=True)
    superseded = models.BooleanField(_("replaced by a newer proposal"), default=False)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return f"routing {self.pk}"

    @property
    def decided(self) -> bool:
        return self.decided_on is not None

    def follows_proposal(self, provider: Provider | None, module: Module | None) -> bool:
        """Whether a choice is the proposal: the proposed module if there was one, else a
        provider of the proposed kind."""
        if not self.proposed_kind or provider is None:
            return False
        if self.proposed_module_id:
            return module is not None and module.pk == self.proposed_module_id
        return provider.kind == self.proposed_kind and (
            module is None or not self.proposed_pace or module.pace == self.proposed_pace
        )


class EnrolmentStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    CONFIRMED = "confirmed", _("confirmed")
    STARTED = "started", _("started")
    FINISHED = "finished", _("finished")
    DROPPED = "dropped", _("dropped out")


# The moves an enrolment may make; a finished or dropped enrolment stays so.
ENROLMENT_MOVES = {
    EnrolmentStatus.REQUESTED: {EnrolmentStatus.CONFIRMED, EnrolmentStatus.DROPPED},
    EnrolmentStatus.CONFIRMED: {EnrolmentStatus.STARTED, EnrolmentStatus.DROPPED},
    EnrolmentStatus.STARTED: {EnrolmentStatus.FINISHED, EnrolmentStatus.DROPPED},
    EnrolmentStatus.FINISHED: set(),
    EnrolmentStatus.DROPPED: set(),
}


class Enrolment(models.Model):
    """An enrolment the agency makes at a provider's module on the person's behalf. A
    dropped enrolment frees its place."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nt2_enrolments", verbose_name=_("person")
    )
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("module"))
    routing = models.ForeignKey(
        Routing, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments", verbose_name=_("routing")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, default=EnrolmentStatus.REQUESTED
    )
    requested_on = models.DateField(_("requested on"), db_index=True)
    status_on = models.DateField(_("status since"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("NT2 enrolment")
        verbose_name_plural = _("NT2 enrolments")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "person"], condition=~Q(status="dropped"), name="nt2_one_active_enrolment_per_module"
            ),
        ]

    def __str__(self) -> str:
        return f"enrolment {self.pk}"


class Funder(models.TextChoices):
    CITY = "city", _("City of Ghent")
    FLANDERS = "flanders", _("Flemish government")


class ScholarshipFund(models.Model):
    """A fund that pays scholarships for the university language centre: a yearly
    budget of grants, and the conditions it sets on top of the common ones."""

    name = models.CharField(_("name"), max_length=150)
    funder = models.CharField(_("funder"), max_length=10, choices=Funder.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    budget = models.PositiveIntegerField(_("grants in the budget"))
    requires_city_address = models.BooleanField(_("only for residents of Ghent"), default=False)
    requires_integration_contract = models.BooleanField(
        _("only for people with an integration contract"), default=False
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("scholarship fund")
        verbose_name_plural = _("scholarship funds")
        ordering = ["-year", "funder", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "year"], name="nt2_one_fund_name_per_year")]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Scholarship(models.Model):
    """A scholarship granted from a fund: the person enrols at a module of the
    university language centre at a reduced fee with the grant letter."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nt2_scholarships", verbose_name=_("person")
    )
    fund = models.ForeignKey(ScholarshipFund, on_delete=models.PROTECT, related_name="grants", verbose_name=_("fund"))
    module = models.ForeignKey(Module, on_delete=models.PROTECT, related_name="scholarships", verbose_name=_("module"))
    granted_on = models.DateField(_("granted on"), db_index=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )

    class Meta:
        verbose_name = _("scholarship")
        verbose_name_plural = _("scholarships")
        ordering = ["-granted_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["person", "module"], name="nt2_one_scholarship_per_module")]

    def __str__(self) -> str:
        return f"scholarship {self.pk}"

    @property
    def reference(self) -> str:
        return f"BEURS-{self.granted_on:%Y}-{self.pk:05d}"


class CertificationPurpose(models.TextChoices):
    NATIONALITY = "nationality", _("acquiring Belgian nationality")
    SOCIAL_HOUSING = "social_housing", _("candidate tenant of social housing")
    PUBLIC_EMPLOYMENT = "public_employment", _("candidate employee in public administration")
    KIND_EN_GEZIN = "kind_en_gezin", _("candidate employee at Kind & Gezin")
    NT2_EXEMPTION = "nt2_exemption", _("exemption of the NT2 course (civic integration)")


class CertificationTest(models.Model):
    """A certification test (certificerende test): proof of a level of Dutch for a
    purpose. No ``level_reached`` means the level tested was not reached."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nt2_certifications", verbose_name=_("person")
    )
    taken_on = models.DateField(_("date"), db_index=True)
    purpose = models.CharField(_("purpose"), max_length=18, choices=CertificationPurpose.choices)
    level_tested = models.CharField(_("level tested"), max_length=2, choices=[(v, v) for v in CEFR_LEVELS])
    level_reached = models.CharField(
        _("level reached"), max_length=2, choices=[(v, v) for v in CEFR_LEVELS], blank=True
    )
    contract = models.ForeignKey(
        Contract,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("integration contract satisfied"),
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("staff member")
    )

    class Meta:
        verbose_name = _("certification test")
        verbose_name_plural = _("certification tests")
        ordering = ["-taken_on", "-id"]

    def __str__(self) -> str:
        return f"certification test {self.pk}"

    @property
    def passed(self) -> bool:
        return bool(self.level_reached)

    @property
    def reference(self) -> str:
        return f"NT2-{self.taken_on:%Y}-{self.pk:05d}"

    def clean(self):
        if (
            self.level_reached in CEFR_LEVELS
            and self.level_tested in CEFR_LEVELS
            and CEFR_LEVELS.index(self.level_reached) > CEFR_LEVELS.index(self.level_tested)
        ):
            raise ValidationError({"level_reached": _("The level reached cannot be above the level tested.")})
