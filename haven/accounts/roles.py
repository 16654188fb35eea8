"""The roles of domain.md, as Django groups with permissions.

Each app adds the permissions its role needs here as it grows; ``roles_sync`` makes
the groups match this table after every migrate (idempotent).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class Role:
    code: str
    label: StrOrPromise  # a lazy translation
    permissions: tuple[str, ...]
    staff_site: bool = False  # may use the Django admin for reference data


PEOPLE_READ = ("people.view_person",)
PEOPLE_WRITE = ("people.view_person", "people.add_person", "people.change_person")
# Counsellors correct their clients' files; registering newcomers is the desk's (intake).
PEOPLE_CORRECT = ("people.view_person", "people.change_person")
INTEGRATION_READ = (
    "integration.view_integrationfacts",
    "integration.view_registration",
    "integration.view_contract",
    "integration.view_statusdecision",
    "integration.view_contractpause",
    "integration.view_referral",
    "integration.view_exemptiontest",
    "integration.view_certificate",
    "integration.view_diplomadossier",
    "integration.view_counsellorprofile",
)
INTAKE_INTEGRATION = (
    *INTEGRATION_READ,
    "integration.add_integrationfacts",
    "integration.change_integrationfacts",
    "integration.add_registration",
    "integration.add_contract",
    "integration.add_exemptiontest",
    "integration.change_exemptiontest",
)
COUNSELLOR_INTEGRATION = (
    *INTAKE_INTEGRATION,
    "integration.change_contract",
    "integration.add_contractpause",
    "integration.add_referral",
    "integration.change_referral",
    "integration.add_certificate",
    "integration.add_diplomadossier",
    "integration.change_diplomadossier",
)
ORIENTATION = (
    "orientation.view_course",
    "orientation.add_course",
    "orientation.change_course",
    "orientation.view_session",
    "orientation.add_session",
    "orientation.change_session",
    "orientation.view_waitingentry",
    "orientation.add_waitingentry",
    "orientation.change_waitingentry",
    "orientation.view_enrolment",
    "orientation.add_enrolment",
    "orientation.change_enrolment",
    "orientation.view_attendance",
    "orientation.add_attendance",
    "orientation.change_attendance",
    "orientation.view_seatoffer",
    "orientation.change_seatoffer",
    "orientation.view_teacher",
    "orientation.add_teacher",
    "orientation.change_teacher",
)
# Counsellors read the courses and put their clients on the waiting list.
ORIENTATION_READ = (*tuple(name for name in ORIENTATION if ".view_" in name), "orientation.add_waitingentry")
NT2_RECORDS = ("conversation", "languagetest", "routing", "enrolment", "scholarship", "certificationtest")
NT2_REFERENCE = ("provider", "module", "scholarshipfund")
NT2_READ = tuple(f"nt2.view_{model}" for model in NT2_RECORDS + NT2_REFERENCE)
# Intake staff hold the NT2 intakes, tests, routing, enrolments, scholarships and certification.
NT2 = NT2_READ + tuple(f"nt2.{action}_{model}" for model in NT2_RECORDS for action in ("add", "change"))


def _perms(app: str, models: tuple[str, ...], actions=("view", "add", "change")) -> tuple[str, ...]:
    return tuple(f"{app}.{action}_{model}" for model in models for action in actions)


INTERPRETING_REFERENCE = (
    "zone",
    "traveltime",
    "organisation",
    "site",
    "partnercontact",
    "agreement",
    "interpreter",
    "interpreterlanguage",
    "availability",
    "absence",
    "tariff",
    "librarydocument",
)
# The dispatcher: every organisation's requests, dispatch, sheets, invoices, translations.
DISPATCHER = (
    "interpreting.dispatch",
    *_perms(
        "interpreting",
        (
            "interpretingrequest",
            "assignment",
            "dispatchrun",
            "timesheet",
            "invoice",
            "translationorder",
            "organisation",
            "site",
            "agreement",
            "interpreter",
            "interpreterlanguage",
            "availability",
            "absence",
            "librarydocument",
        ),
    ),
    "interpreting.view_tariff",
    "interpreting.view_zone",
    "interpreting.view_invoiceline",
)
# A partner user: their organisation's requests (cancel = change), sheets to confirm,
# invoices, translation orders, the library.
PARTNER = (
    *_perms("interpreting", ("interpretingrequest", "translationorder"), ("view", "add", "change")),
    "interpreting.view_assignment",
    "interpreting.view_timesheet",
    "interpreting.change_timesheet",
    "interpreting.view_invoice",
    "interpreting.view_librarydocument",
)
# An interpreter or translator: their own assignments, sheets, translations.
INTERPRETER = (
    "interpreting.view_assignment",
    "interpreting.view_timesheet",
    "interpreting.add_timesheet",
    "interpreting.change_timesheet",
    "interpreting.view_translationorder",
    "interpreting.change_translationorder",
    "interpreting.view_librarydocument",
)
PRIVACY_OFFICER = (
    "core.view_accesslogentry",
    "core.view_auditentry",
    "privacy.view_glassreview",
    "privacy.add_glassreview",
    # The life cycle of personal data: anonymisation runs, the person's own copy, erasure
    # and restriction on request.
    "privacy.view_anonymisationrun",
    "privacy.add_anonymisationrun",
    "privacy.view_subjectrequest",
    "privacy.add_subjectrequest",
)
# Notes on the files they follow (which notes each reads: casework.access).
CASEWORK = ("casework.view_note", "casework.add_note", "casework.view_document", "casework.add_document")
DIPLOMA = ("integration.view_diplomadossier", "integration.add_diplomadossier", "integration.change_diplomadossier")
# Education: school referrals, schools and their OKAN places, Toekomstdagen, study choice, pre-track.
EDUCATION = _perms(
    "education",
    (
        "school",
        "okanplaces",
        "schoolreferral",
        "schoolcontact",
        "futuredays",
        "futuredaysregistration",
        "studydossier",
        "studyconversation",
        "pretrackcohort",
        "pretrackparticipant",
    ),
)
# The transit site: stays, children, lesson days and attendance, the arrivals list.
TRANSIT_SITE = (
    "transit_site.view_site",
    "transit_site.change_site",
    "transit_site.view_stay",
    "transit_site.add_stay",
    "transit_site.change_stay",
    "transit_site.view_child",
    "transit_site.add_child",
    "transit_site.view_attendance",
    "transit_site.add_attendance",
    "transit_site.view_lessondays",
    "transit_site.add_lessondays",
    "transit_site.view_arrivalnotice",
    "transit_site.add_arrivalnotice",
    "transit_site.change_arrivalnotice",
)
# Leisure: referrals to leisure and volunteering, the organisations, the events and their tallies.
LEISURE = _perms("leisure", ("referral", "organisation", "event", "eventtally"))
# Community: the buddy programmes (groups, newcomers, buddies, duos, meetings, matching),
# Samen naar cultuur and the community events.
COMMUNITY = _perms(
    "community",
    (
        "group",
        "participant",
        "buddy",
        "duo",
        "meeting",
        "matchproposal",
        "pairrule",
        "culturehouse",
        "cultureedition",
        "infoevening",
        "communityevent",
        "eventphoto",
        "photoconsent",
    ),
)
# Dutch practice: conversation moments, volunteers, the directory, the newsletter, the Trefdag.
DUTCH_PRACTICE = _perms(
    "dutch_practice",
    ("conversationseries", "conversationsession", "volunteer", "opportunity", "subscriber", "practiceday", "workshop"),
)
# Organisations: trainings and coaching, ambassadors and their testimonies, associations.
ORGANISATIONS = _perms(
    "organisations",
    (
        "partnerorganisation",
        "trainingsession",
        "coachingtrajectory",
        "coachingcontact",
        "ambassador",
        "testimonyrequest",
        "association",
        "supportcontact",
        "networkevent",
    ),
)

ROLES: dict[str, Role] = {
    role.code: role
    for role in (
        Role("intake", _("Intake"), PEOPLE_WRITE + INTAKE_INTEGRATION + NT2),
        Role(
            "counsellor",
            _("Counsellor"),
            PEOPLE_CORRECT + COUNSELLOR_INTEGRATION + ORIENTATION_READ + NT2_READ + CASEWORK,
        ),
        Role(
            "team_coordinator",
            _("Team coordinator counselling"),
            PEOPLE_CORRECT
            + COUNSELLOR_INTEGRATION
            + ("integration.assign_counsellor",)
            + ORIENTATION_READ
            + NT2_READ
            + CASEWORK,
        ),
        Role("course_coordinator", _("Course coordinator"), PEOPLE_READ + ORIENTATION + CASEWORK),
        Role("dispatcher", _("Dispatcher interpreting and translation"), DISPATCHER),
        Role("partner", _("Partner organisation"), PARTNER),
        Role("interpreter", _("Interpreter or translator"), INTERPRETER),
        Role(
            "programme_staff",
            _("Programme staff"),
            PEOPLE_READ + DIPLOMA + DUTCH_PRACTICE + TRANSIT_SITE + EDUCATION + LEISURE + ORGANISATIONS + COMMUNITY,
        ),
        # NT2 staff of the Huis van het Nederlands: the NT2 intakes of the people they see.
        Role("nt2_staff", _("NT2 staff"), PEOPLE_READ + NT2 + CASEWORK),
        # Aggregates, the report's texts and its frozen editions; no person's file, so no
        # list of the records behind a figure either.
        Role(
            "manager",
            _("Manager"),
            (
                "reports.view_annual_report",
                "reports.view_sectionnarrative",
                "reports.add_sectionnarrative",
                "reports.view_reportedition",
                "reports.add_reportedition",
            ),
        ),
        # The agency's data-protection officer: the access log, the break-glass reviews,
        # files opened for an audit or a person's own request (GDPR).
        Role(
            "privacy_officer",
            _("Privacy officer"),
            PEOPLE_READ
            + PRIVACY_OFFICER
            + ("casework.view_note", "casework.view_document")
            # An audit of the report: every figure followed to its records, each traced.
            + ("reports.view_annual_report", "reports.view_report_records", "reports.view_reportedition"),
        ),
        Role(
            "admin",
            _("Functional administrator"),
            (
                "accounts.view_user",
                "accounts.add_user",
                "accounts.change_user",
                "accounts.view_apitoken",
                "accounts.add_apitoken",
                "accounts.revoke_apitoken",
                "otp_totp.view_totpdevice",
                "otp_totp.delete_totpdevice",  # a lost phone: delete, the user re-enrols
                "otp_static.view_staticdevice",
                "otp_static.delete_staticdevice",
                "auth.view_group",
                # The trails of what they keep and of who read a file (a GDPR request), on
                # Haven's own pages (/audit/, a file's access history), not in the Django admin.
                "core.view_auditentry",
                "core.view_accesslogentry",
                "core.view_language",
                "core.add_language",
                "core.change_language",
                "core.view_district",
                "core.add_district",
                "core.change_district",
                "core.delete_district",
                "casework.view_remindertext",
                "casework.add_remindertext",
                "casework.change_remindertext",
                "integration.view_counsellorprofile",
                "integration.add_counsellorprofile",
                "integration.change_counsellorprofile",
                "orientation.view_teacher",
                "orientation.add_teacher",
                "orientation.change_teacher",
                "orientation.view_room",
                "orientation.add_room",
                "orientation.change_room",
                "orientation.view_closingperiod",
                "orientation.add_closingperiod",
                "orientation.change_closingperiod",
                "orientation.delete_closingperiod",
                *(f"nt2.{action}_{model}" for model in NT2_REFERENCE for action in ("view", "add", "change")),
                *_perms("interpreting", INTERPRETING_REFERENCE),
            ),
            staff_site=True,
        ),
    )
}


def role_label(code: str) -> str:
    role = ROLES.get(code)
    return str(role.label) if role else code


def roles_sync(**_kwargs) -> None:
    """Create or update one group per role with exactly the role's permissions."""
    from django.contrib.auth.models import Group, Permission

    for role in ROLES.values():
        group, _created = Group.objects.get_or_create(name=role.code)
        wanted = []
        for name in role.permissions:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission is None:
                raise LookupError(f"Role {role.code} names an unknown permission {name}.")
            wanted.append(permission)
        group.permissions.set(wanted)
