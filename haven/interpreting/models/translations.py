"""Translation orders and the translation library."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.interpreting.models.interpreters import Interpreter
from haven.interpreting.models.organisations import Organisation


class TranslationKind(models.TextChoices):
    INFORMATIVE = "informative", _("informative")
    OFFICIAL = "official", _("official")


class TranslationStatus(models.TextChoices):
    REQUESTED = "requested", _("requested")
    ASSIGNED = "assigned", _("assigned")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", _("cancelled")


class TranslationOrder(models.Model):
    """A translation a partner orders, counted in pages."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="translations", verbose_name=_("organisation")
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    title = models.CharField(_("document"), max_length=200)
    kind = models.CharField(_("kind"), max_length=12, choices=TranslationKind.choices)
    source_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("from"))
    target_language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("into"))
    pages = models.PositiveSmallIntegerField(_("pages"), validators=[MinValueValidator(1)])
    deadline = models.DateField(_("deadline"))
    translator = models.ForeignKey(
        Interpreter,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("translator"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=TranslationStatus.choices, default=TranslationStatus.REQUESTED
    )
    created_at = models.DateTimeField(_("ordered at"))
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True, db_index=True)
    delivered_file = models.FileField(_("translation"), upload_to="translations/%Y/", blank=True)

    class Meta:
        verbose_name = _("translation order")
        verbose_name_plural = _("translation orders")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"translation {self.pk}"

    def clean(self):
        if self.source_language_id and self.source_language_id == self.target_language_id:
            raise ValidationError({"target_language": _("Translate into another language.")})


class LibraryDocument(models.Model):
    """A standard document of the translation library (vertaalbibliotheek) in one language;
    its translations point to the original."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=100, db_index=True)
    language = models.ForeignKey(Language, on_delete=models.PROTECT, related_name="+", verbose_name=_("language"))
    original = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="translations", verbose_name=_("original")
    )
    file = models.FileField(_("file"), upload_to="library/")
    added_on = models.DateField(_("added on"))

    class Meta:
        verbose_name = _("library document")
        verbose_name_plural = _("translation library")
        ordering = ["topic", "title"]
        constraints = [
            models.UniqueConstraint(fields=["original", "language"], name="interpreting_one_translation_per_language")
        ]

    def __str__(self) -> str:
        return self.title
