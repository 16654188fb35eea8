"""Civic integration: the facts the rules need, status decisions, registrations,
contracts with their trajectory, counselling, certificates and diploma dossiers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.core.models import Language
from haven.integration import assignment
from haven.people.models import Person


class TargetGroupStatus(models.TextChoices):
    OBLIGATED = "verplicht", _("obligated")
    ENTITLED = "rechthebbend", _("entitled")
    UNDETERMINED = "onbepaald", _("undetermined")
    NOT_ELIGIBLE = "niet in aanmerking", _("not eligible")


class RegisterKind(models.TextChoices):
    NATIONAL = "national", _("national register")
    FOREIGNERS = "foreigners", _("foreigners' register")
    WAITING = "waiting", _("waiting register (asylum seekers)")
    NONE = "none", _("not in a register")


class ResidenceTitleKind(models.TextChoices):
    BELGIAN = "belgian", _("Belgian (no residence title)")
    UNLIMITED = "unlimited", _("unlimited stay")
    LIMITED = "limited", _("limited stay")
    TEMPORARY_PURPOSE = "temporary_purpose", _("stay for a temporary purpose (at most 1 year)")
    INTRA_CORPORATE = "intra_corporate", _("intra-corporate transferee")
    ASYLUM_SEEKER = "asylum_seeker", _("asylum seeker")
    SPECIAL_ID = "special_id", _("special identity card (C/D)")
    NONE = "none", _("no legal stay")


def _yes_no_unknown(label, **kwargs):
    return models.BooleanField(label, null=True, blank=True, **kwargs)


class IntegrationFacts(models.Model):
    """The facts about a person that the target-group rules use, as the municipality
    passes them on or as intake staff complete them. Unknown is NULL."""

    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="integration_facts", verbose_name=_("person")
    )
    register = models.CharField(_("register"), max_length=12, choices=RegisterKind.choices, blank=True)
    residence_title = models.CharField(
        _("residence title"), max_length=20, choices=ResidenceTitleKind.choices, blank=True
    )
    residence_title_months = models.PositiveSmallIntegerField(
        _("duration of the residence title (months)"), null=True, blank=True
    )
    first_residence_title = _yes_no_unknown(_("first residence title of more than 3 months"))
    asylum_procedure_start = models.DateField(_("start of the asylum procedure"), null=True, blank=True)
    born_abroad = _yes_no_unknown(_("born abroad"))
    parent_born_abroad = _yes_no_unknown(_("at least one parent born abroad"))
    first_registration_belgium = models.DateField(_("first registration in Belgium"), null=True, blank=True)
    moved_from_elsewhere_in_belgium = _yes_no_unknown(_("moved to Flanders from elsewhere in Belgium"))
    eu_family_member = _yes_no_unknown(_("family member of an EU/EEA/Swiss citizen"))
    # Special-category data (health): shown only to the counsellor of the person's contract.
    serious_illness_certificate = _yes_no_unknown(_("serious illness or disability (medical certificate)"))
    belgian_or_dutch_diploma = _yes_no_unknown(_("Belgian or Dutch diploma"))
    earlier_integration_certificate = _yes_no_unknown(_("earlier integration certificate"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("integration facts")
        verbose_name_plural = _("integration facts")

    def __str__(self) -> str:
        return f"facts of {self.person_id}"


class DecisionKind(models.TextChoices):
    SETTLEMENT = "settlement", _("on settling in the municipality")
    REGISTRATION = "registration", _("on registration")
    REEVALUATION = "reevaluation", _("re-evaluated after new facts")


class StatusDecision(models.Model):
    """One application of the rules: the status, the rule set, the rules that fired
    with the facts they used, and the facts that were missing. Never changed: a new
    decision is added when facts change.

    A registration's decisions hang under it (the last one is its current status). A
    person's settlement decisions form one line: the first supersedes nothing, each
    later one supersedes the one before (``supersedes``), and the current one is the one
    no decision supersedes. The constraints keep the line single: one first settlement
    decision per person, and no decision superseded twice."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="status_decisions", verbose_name=_("person")
    )
    registration = models.ForeignKey(
        "Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("registration"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DecisionKind.choices)
    asked_on = models.DateField(_("decided for the date"))
    status = models.CharField(_("status"), max_length=20, choices=TargetGroupStatus.choices)
    # Blank: no rule set covers the date asked (a settlement before 2014), so undetermined.
    rule_set = models.CharField(_("rule set"), max_length=20, blank=True)
    steps = models.JSONField(_("rules applied"), default=list, blank=True)
    missing = models.JSONField(_("missing facts"), default=list, blank=True)
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        ordering = ["asked_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(kind="settlement", supersedes__isnull=True),
                name="one_first_settlement_decision_per_person",
            ),
            models.CheckConstraint(
                condition=Q(supersedes__isnull=True) | Q(kind="settlement"),
                name="only_settlement_decisions_supersede",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.rule_set}, {self.asked_on})"


class Registration(models.Model):
    """A person coming to the agency for civic integration (aanmelding), with the
    status decided at that moment; later decisions (facts completed) hang under it."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("person"))
    registered_on = models.DateField(_("registered on"), db_index=True)
    status = models.CharField(_("status at registration"), max_length=20, choices=TargetGroupStatus.choices)
    current_status = models.CharField(_("current status"), max_length=20, choices=TargetGroupStatus.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registered by")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-registered_on", "-id"]

    def __str__(self) -> str:
        return f"registration {self.pk} of {self.person_id}"


class CounsellorProfile(models.Model):
    """A trajectory counsellor: the languages they counsel in and their working time."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="counsellor_profile", verbose_name=_("user")
    )
    languages = models.ManyToManyField(Language, related_name="counsellors", verbose_name=_("languages"))
    fte = models.DecimalField(
        _("full-time equivalent"),
        max_digits=3,
        decimal_places=2,
        default=1,
        help_text=_("1.00 is full time; used for the average caseload."),
    )
    active = models.BooleanField(_("takes new clients"), default=True)

    class Meta:
        verbose_name = _("counsellor")
        verbose_name_plural = _("counsellors")

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.username


class NT2Level(models.TextChoices):
    A1 = "A1", "A1"
    A2 = "A2", "A2"


class ContractState(models.TextChoices):
    OPEN = "open", _("running")
    CERTIFIED = "certified", _("certificate issued")
    ENDED = "ended", _("ended without certificate")


class ContractEndReason(models.TextChoices):
    """Why a contract ended without a certificate."""

    TERM_PASSED = "term_passed", _("the term passed without the certificate")
    MOVED = "moved", _("moved out of the municipality")
    STOPPED = "stopped", _("stopped the trajectory (not obliged)")
    DECEASED = "deceased", _("deceased")
    OTHER = "other", _("other reason")


class Contract(models.Model):
    """An integration contract (inburgeringscontract) and its trajectory. It ends with the
    certificate (``certificate_issue``) or without it, for a reason (``contract_end``)."""

    # Not a column: the person file's panel sets it, the certificate's conditions still open.
    open_conditions: list[str]

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("person"))
    registration = models.ForeignKey(
        Registration, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("registration")
    )
    signed_on = models.DateField(_("signed on"), db_index=True)
    status = models.CharField(
        _("status at signing"),
        max_length=20,
        choices=[
            (TargetGroupStatus.OBLIGATED, TargetGroupStatus.OBLIGATED.label),
            (TargetGroupStatus.ENTITLED, TargetGroupStatus.ENTITLED.label),
        ],
    )
    state = models.CharField(_("state"), max_length=10, choices=ContractState.choices, default=ContractState.OPEN)
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="caseload",
        verbose_name=_("counsellor"),
    )
    # Why this counsellor: a code and its facts (haven.integration.assignment), told in the
    # reader's language; the note is what a team coordinator wrote when choosing, as written.
    assignment_reason = models.JSONField(_("why this counsellor (code)"), default=dict, blank=True)
    assignment_note = models.CharField(_("why this counsellor"), max_length=300, blank=True)
    includes_civic_orientation = models.BooleanField(_("civic orientation"), default=True)
    includes_dutch = models.BooleanField(_("Dutch as a second language"), default=True)
    dutch_target_level = models.CharField(
        _("NT2 target level"), max_length=2, choices=NT2Level.choices, default=NT2Level.A2
    )
    includes_career_orientation = models.BooleanField(_("career orientation"), default=True)
    includes_counselling = models.BooleanField(_("trajectory counselling"), default=True)
    childcare_needed = models.BooleanField(_("needs childcare during courses"), default=False)
    civic_orientation_passed_on = models.DateField(_("civic orientation passed on"), null=True, blank=True)
    dutch_level_reached = models.CharField(_("NT2 level reached"), max_length=2, choices=NT2Level.choices, blank=True)
    dutch_level_reached_on = models.DateField(_("NT2 level reached on"), null=True, blank=True)
    career_orientation_done_on = models.DateField(_("career orientation done on"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=12, choices=ContractEndReason.choices, blank=True)
    end_note = models.CharField(_("note on the end"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("integration contract")
        verbose_name_plural = _("integration contracts")
        permissions = [("assign_counsellor", _("Can choose the counsellor of a contract (team coordinator)"))]
        ordering = ["-signed_on", "-id"]
        constraints = [
            # An ended contract says why; a running or certified one has no reason.
            models.CheckConstraint(
                condition=Q(state="ended", ended_on__isnull=False) & ~Q(end_reason="")
                | ~Q(state="ended") & Q(end_reason=""),
                name="integration_contract_end_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["counsellor", "state"]),
            # A counsellor's contracts of a period (the report's trajectory counselling: the
            # working time and languages of the year's counsellors).
            models.Index(fields=["counsellor", "signed_on"], name="contract_counsellor_signed"),
        ]

    def __str__(self) -> str:
        return f"contract {self.pk} of {self.person_id}"

    @property
    def assignment_explained(self) -> str:
        """Why this counsellor, in the reader's language."""
        return assignment.explained(self.assignment_reason or {}, self.assignment_note)

    def clean(self):
        if self.registration_id and self.registration.person_id != self.person_id:
            raise ValidationError(_("The registration belongs to another person."))
        if self.registration_id and self.signed_on and self.signed_on < self.registration.registered_on:
            raise ValidationError({"signed_on": _("A contract cannot be signed before the registration.")})


class PauseKind(models.TextChoices):
    POSTPONEMENT = "postponement", _("postponement")
    SUSPENSION = "suspension", _("suspension")


class ContractPause(models.Model):
    """A postponement (uitstel) or suspension (opschorting) of a contract, until a date."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("contract"))
    kind = models.CharField(_("kind"), max_length=12, choices=PauseKind.choices)
    reason = models.CharField(_("reason"), max_length=300)
    starts_on = models.DateField(_("from"))
    expires_on = models.DateField(_("until"), db_index=True)

    class Meta:
        verbose_name = _("postponement or suspension")
        verbose_name_plural = _("postponements and suspensions")
        ordering = ["expires_on"]

    def __str__(self) -> str:
        return f"{self.kind} until {self.expires_on}"

    def clean(self):
        if self.starts_on and self.expires_on and self.expires_on < self.starts_on:
            raise ValidationError({"expires_on": _("The end date is before the start date.")})


class ExemptionTestResult(models.TextChoices):
    PENDING = "pending", _("registered, not yet taken")
    PASSED = "passed", _("passed")
    FAILED = "failed", _("failed")
    ABSENT = "absent", _("absent")


class ExemptionTest(models.Model):
    """The civic-orientation exemption test (vrijstellingstoets MO)."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="exemption_tests", verbose_name=_("person")
    )
    registered_on = models.DateField(_("registered for the test on"), db_index=True)
    taken_on = models.DateField(_("taken on"), null=True, blank=True)
    result = models.CharField(
        _("result"), max_length=10, choices=ExemptionTestResult.choices, default=ExemptionTestResult.PENDING
    )

    class Meta:
        verbose_name = _("exemption test")
        verbose_name_plural = _("exemption tests")
        ordering = ["-registered_on"]

    def __str__(self) -> str:
        return f"exemption test {self.pk}"


class ReferralService(models.TextChoices):
    VDAB = "vdab", _("VDAB (employment)")
    SCHOOL = "school", _("school")
    ASSOCIATION = "association", _("association")
    LEISURE = "leisure", _("leisure")
    OCMW = "ocmw", _("OCMW (social services)")
    CAW = "caw", _("CAW (general welfare)")
    OTHER = "other", _("other")


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", _("waiting for the outcome")
    STARTED = "started", _("started")
    NOT_STARTED = "not_started", _("did not start")
    NOT_REACHED = "not_reached", _("could not be reached")


class Referral(models.Model):
    """A referral to a partner service, with its outcome recorded later."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="referrals", verbose_name=_("contract")
    )
    service = models.CharField(_("service"), max_length=12, choices=ReferralService.choices)
    referred_on = models.DateField(_("referred on"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    outcome_on = models.DateField(_("outcome recorded on"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on"]

    def __str__(self) -> str:
        return f"referral {self.pk} to {self.service}"


class Certificate(models.Model):
    """The integration certificate (inburgeringsattest). The time from contract to
    certificate is derived from the two dates, never stored."""

    contract = models.OneToOneField(
        Contract, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("contract")
    )
    issued_on = models.DateField(_("issued on"), db_index=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )

    class Meta:
        verbose_name = _("integration certificate")
        verbose_name_plural = _("integration certificates")

    def __str__(self) -> str:
        return f"certificate {self.pk}"


class DossierKind(models.TextChoices):
    CLIENT = "client", _("client in a trajectory")
    NON_CLIENT = "non_client", _("not in a trajectory")
    VDAB = "vdab", _("referred by VDAB")


class DossierState(models.TextChoices):
    COLLECTING = "collecting", _("collecting documents")
    SUBMITTED = "submitted", _("submitted to NARIC")
    RECOGNISED = "recognised", _("recognised")
    PARTLY = "partly", _("partly recognised")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class DiplomaDossier(models.Model):
    """A diploma recognition dossier (diplomagelijkschakeling)."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="diploma_dossiers", verbose_name=_("person")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=DossierKind.choices)
    opened_on = models.DateField(_("opened on"), db_index=True)
    state = models.CharField(_("state"), max_length=12, choices=DossierState.choices, default=DossierState.COLLECTING)
    diploma = models.CharField(_("diploma"), max_length=200, blank=True)
    missing_documents = models.JSONField(_("documents still missing"), default=list, blank=True)

    class Meta:
        verbose_name = _("diploma recognition dossier")
        verbose_name_plural = _("diploma recognition dossiers")
        ordering = ["-opened_on"]

    def __str__(self) -> str:
        return f"dossier {self.pk}"
