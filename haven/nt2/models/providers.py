"""Course providers and their modules, and the levels, paces and skills of Dutch
lessons (values shared with the routing engine, labels here because users see them)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
    # A module, not a pace: learners literate in another script learn the Latin script
    # before the course of their pace (routing table, haven.nt2.routing.table).
    LATIN = "latin", _("Latin-script module (for learners literate in another script)")


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
