"""The intake of a person: conversations, aptitude and level tests, and routing
proposals with the staff's choice."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.nt2.models.providers import Level, Module, Pace, Provider, ProviderKind, Skill
from haven.people.models import Person


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
