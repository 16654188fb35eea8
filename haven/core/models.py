"""Reference data shared by every service line, and the access log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from haven.core import reference


def validate_iso639_3(code: str) -> None:
    if reference.language_by_code(code) is None:
        raise ValidationError(
            _("“%(code)s” is not an ISO 639-3 language code."), params={"code": code}
        )


class Language(models.Model):
    """A language the agency works in, identified by its ISO 639-3 code.

    The names come from pycountry's ISO 639-3 data (with its Dutch translation),
    so the table only records which languages are in use and in which order.
    """

    code = models.CharField(
        _("ISO 639-3 code"), max_length=3, primary_key=True, validators=[validate_iso639_3]
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return reference.language_name(self.code)

    @property
    def name(self) -> str:
        return reference.language_name(self.code)


class District(models.Model):
    """A district (wijk) of the municipality, for addresses and local figures."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    postal_codes = models.CharField(
        _("postal codes"), max_length=100, blank=True, help_text=_("Separated by commas.")
    )

    class Meta:
        verbose_name = _("district")
        verbose_name_plural = _("districts")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AccessAction(models.TextChoices):
    VIEW = "view", _("viewed the file")
    CREATE = "create", _("created the file")
    UPDATE = "update", _("changed the file")
    EXPORT = "export", _("exported the file")


class AccessPurpose(models.TextChoices):
    """Why a user opens a person's file: a short list, as GDPR asks."""

    REGISTRATION = "registration", _("Registration or intake")
    COUNSELLING = "counselling", _("Trajectory counselling")
    COURSE = "course", _("Course administration")
    LANGUAGE = "language", _("Dutch intake and routing")
    PROGRAMME = "programme", _("Programme or referral")
    CORRECTION = "correction", _("Correcting data")
    SUBJECT_REQUEST = "subject_request", _("Request of the person (GDPR)")
    AUDIT = "audit", _("Audit or quality control")


class AccessChannel(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    COMMAND = "command", _("command line")


class AccessLogQuerySet(models.QuerySet):
    """The access log is append-only: bulk updates and deletes are refused here,
    and by database triggers for anything that bypasses the ORM."""

    def update(self, **kwargs):
        raise PermissionError("The access log is append-only.")

    def delete(self):
        raise PermissionError("The access log is append-only.")


class AccessLogEntry(models.Model):
    """One read or change of a person's file: who, whose file, when, what and why.

    It holds the person's id and nothing else about the person, and the names of
    the changed fields, never their values.
    """

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    person_id = models.BigIntegerField(_("person id"), db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessPurpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=AccessChannel.choices)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        default_permissions = ("add", "view")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} #{self.person_id}"

    def delete(self, *args, **kwargs):
        raise PermissionError("The access log is append-only.")

