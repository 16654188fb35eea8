"""What follows the routing: enrolments at modules, scholarships from the funds, and
certification tests."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from haven.integration.models import Contract
from haven.nt2.models.intake import Routing
from haven.nt2.models.providers import CEFR_LEVELS, Module
from haven.people.models import Person


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
