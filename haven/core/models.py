"""Reference data shared by every service line, and the access log."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from haven.core import reference


def validate_iso639_3(code: str) -> None:
    if reference.language_by_code(code) is None:
        raise ValidationError(_("“%(code)s” is not an ISO 639-3 language code."), params={"code": code})


class Language(models.Model):
    """A language, identified by its ISO 639-3 code (``ara``, ``prs``).

    The table holds every living language with an ISO 639-1 two-letter code and the
    languages without one that integration work meets (``reference.EXTRA_LANGUAGES``; an
    administrator may add more). Its names come from CLDR (``reference.language_name``), so
    the table records only which languages the agency works in: ``active`` ones come first
    in every list and are the only ones offered for interpreting (``core.languages``).
    """

    code = models.CharField(_("ISO 639-3 code"), max_length=3, primary_key=True, validators=[validate_iso639_3])
    active = models.BooleanField(
        _("the agency works in it"),
        default=True,
        help_text=_(
            "Offered first in every list of languages, and the only languages offered for "
            "interpreting, translation and courses. Dutch is never offered for interpreting."
        ),
    )

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["code"]

    def __str__(self) -> str:
        return reference.language_name(self.code)

    @property
    def name(self) -> str:
        return reference.language_name(self.code)

    def clean(self) -> None:
        # Avestan, Latin or Volapük are ISO codes, not languages anyone asks an interpreter for.
        if not self.code or reference.language_by_code(self.code) is None or reference.is_living(self.code):
            return
        if self._state.adding:
            raise ValidationError(
                {"code": _("Only a living language can be added: this one is ancient, extinct or constructed.")}
            )
        if self.active:
            raise ValidationError({"active": _("An ancient, extinct or constructed language is never offered.")})


class District(models.Model):
    """A district (wijk) of the municipality, for addresses and local figures."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    postal_codes = models.CharField(_("postal codes"), max_length=100, blank=True, help_text=_("Separated by commas."))

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
    LIST = "list", _("saw the person in a list or search result")
    REFUSED = "refused", _("was refused the file")


# The actions that open a file: the start page's recent files are these entries, read
# through the partial index core_access_opened (a query must name exactly this list).
OPENED_ACTIONS = ["view", "create", "update"]


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


GENESIS_HASH = "0" * 64  # the previous hash of the first entry of a chain


class AppendOnlyQuerySet(models.QuerySet):
    """A log is append-only: bulk updates and deletes are refused here, and by
    database triggers (and, on PostgreSQL, the application role's privileges) for
    anything that bypasses the ORM."""

    def update(self, **kwargs):
        raise PermissionError(f"The {self.model._meta.verbose_name_plural} is append-only.")

    def delete(self):
        raise PermissionError(f"The {self.model._meta.verbose_name_plural} is append-only.")

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        if any(not obj.hash for obj in objs):
            raise PermissionError("Entries are appended through haven.core.audit only.")
        return super().bulk_create(objs, *args, **kwargs)


AccessLogQuerySet = AppendOnlyQuerySet  # the old name, kept for imports


class ChainedEntry(models.Model):
    """An entry of a hash chain: ``hash`` is SHA-256 over the entry's canonical fields
    and ``previous_hash`` (the hash of the entry before it in id order; 64 zeros for the
    first). Written only through haven.core.audit, checked by ``haven audit verify``."""

    previous_hash = models.CharField(_("previous hash"), max_length=64, default="", editable=False)
    hash = models.CharField(_("hash"), max_length=64, default="", editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None or not self.hash:
            raise PermissionError("Entries are appended through haven.core.audit only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(f"The {self._meta.verbose_name_plural} is append-only.")


class AccessLogEntry(ChainedEntry):
    """One person shown to, opened, changed or refused to a user: who, whose file, when,
    what, why, through which page and request.

    A list or search response writes one ``list`` entry per person it shows (in one
    bulk insert); opening a file writes one ``view`` entry. It holds the person's id and
    nothing else about the person, and the names of changed fields, never their values.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    person_id = models.BigIntegerField(_("person id"))
    action = models.CharField(_("action"), max_length=10, choices=AccessAction.choices)
    purpose = models.CharField(_("purpose"), max_length=20, choices=AccessPurpose.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=AccessChannel.choices)
    page = models.CharField(_("page"), max_length=200, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    break_glass = models.BooleanField(_("outside the relationship"), default=False)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        default_permissions = ("add", "view")
        # Each read walks one index backward in exactly its order (-at, -id), no sort, no
        # filter: "who has seen this person" (the access history), "what did this user read
        # lately", the files a user opened last (the start page; a partial index over the
        # opened entries only, a tenth of the log) and the break-glass openings (rare).
        indexes = [
            models.Index(fields=["person_id", "at", "id"], name="core_access_person_at_id"),
            models.Index(fields=["user", "at"], name="core_access_user_at"),
            models.Index(  # covering on PostgreSQL: an index-only scan (SQLite ignores include)
                fields=["user", "at", "id"],
                include=["person_id"],
                condition=models.Q(action__in=OPENED_ACTIONS),
                name="core_access_opened",
            ),
            models.Index(
                fields=["at", "id"], condition=models.Q(break_glass=True, action="view"), name="core_access_glass"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} #{self.person_id}"


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    GRANT = "grant", _("granted")
    REVOKE = "revoke", _("revoked")
    ISSUE = "issue", _("issued")
    OTHER = "other", _("other")


class AuditEntry(ChainedEntry):
    """One change to users, roles, tokens or reference data: who did what to which
    record, and the names of the fields changed (never their values; role changes as
    ``groups:+intake`` / ``groups:-intake``). A chain of its own beside the access log."""

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("actor"),
        help_text=_("Empty for the command line."),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    target_type = models.CharField(_("target type"), max_length=100)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    request_id = models.CharField(_("request id"), max_length=32, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=AccessChannel.choices)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["-id"]
        default_permissions = ("add", "view")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="core_audit_target"),
            models.Index(fields=["actor", "at"], name="core_audit_actor_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_type} {self.target_id}"
