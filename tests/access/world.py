"""The fixed world the access matrix walks: one user per role of ``ROLES`` (read at run
time, so a new role is in the walk at once), each with a session and an API token, and
one real record of every kind a URL or API operation takes an id of.

People have fixed, distinctive names (no word of them occurs anywhere else in Haven) and
valid national numbers, so that a search of a response body for them cannot match by
accident. The relationships:

- person A: the counsellor holds A's contract (registration, contract, pause, referral,
  exemption test; A is the parent in the household link with G);
- person B: in nobody's caseload, no record anywhere (the out-of-relationship person);
- person C: enrolled in the course; D: waiting for it (and holds the seat offer);
- person E: an NT2 conversation, test, routing, enrolment, scholarship and certification
  by the NT2 staff member (role ``nt2_staff``, else intake);
- person F: a diploma dossier, a study-choice dossier and a pre-track participation
  (programme staff's programme); G, a minor, referred to a school by the programme staff;
- C, D, E and F also have a contract with the counsellor (a counsellor's clients follow
  the course, the NT2 intake and a diploma recognition), so every record's person is in
  the counsellor's caseload; only B is outside every relationship.
- interpreting: organisation A (the partner user's), the interpreter user's Interpreter,
  records of every kind (haven.interpreting.tests.records_data.organisation_records); organisation B with
  its own partner and records for the isolation checks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from stdnum.be import nn

from haven.accounts.roles import ROLES

PASSWORD = "matrix-password-x"

# given names, family name, birth date, sex: every word occurs nowhere else.
PEOPLE = {
    "A": ("Zyxalpha", "Quorvalda", datetime.date(1984, 3, 12), "F"),
    "B": ("Zyxbravo", "Vexmundor", datetime.date(1979, 7, 23), "M"),
    "C": ("Zyxcharlie", "Plombrisk", datetime.date(1991, 11, 5), "M"),
    "D": ("Zyxdelta", "Traxonwely", datetime.date(1988, 1, 30), "F"),
    "E": ("Zyxecho", "Grumfeldix", datetime.date(1995, 6, 17), "F"),
    "F": ("Zyxfoxtrot", "Wolbrecken", datetime.date(1976, 9, 2), "M"),
    "G": ("Zyxgolf", "Drimsaveth", datetime.date(2012, 4, 8), "M"),
}


def national_number(birth: datetime.date, sex: str, serial: int) -> str:
    """A valid Belgian national register number (odd serial: male, even: female)."""
    serial = serial * 2 + (1 if sex == "M" else 2)
    stem = f"{birth:%y%m%d}{serial:03d}"
    base = int(("2" if birth.year >= 2000 else "") + stem)
    number = f"{stem}{97 - base % 97:02d}"
    assert nn.is_valid(number), number
    return number


@dataclass
class World:
    users: dict = field(default_factory=dict)  # role code → user
    tokens: dict = field(default_factory=dict)  # role code → plain API key
    people: dict = field(default_factory=dict)  # "A".."G" → Person
    ids: dict = field(default_factory=dict)  # kind → id (the canonical record of each kind)
    extra: dict = field(default_factory=dict)  # records for the out-of-relationship checks
    nt2_role: str = "intake"

    def person_terms(self):
        """(person, [strings that show the person in a body])."""
        from haven.people.identifiers import national_number_format

        for person in self.people.values():
            terms = [person.family_name, person.given_names]
            if person.national_number:
                terms += [person.national_number, national_number_format(person.national_number)]
            yield person, terms


def _user(code: str, roles: list[str]):
    from haven.accounts.tests.factories import UserFactory

    return UserFactory(
        username=f"mx_{code}",
        password=PASSWORD,
        first_name=code.replace("_", " ").title(),
        last_name="Matrixuser",
        roles=roles,
    )


def _token(user) -> tuple[int, str]:
    from haven.accounts.services import api_token_create

    token, key = api_token_create(user=user, name="access matrix")
    return token.pk, key


def build_world() -> World:
    from django.utils import timezone

    from haven.core.models import AccessPurpose, Language
    from haven.integration import services as integration
    from haven.integration.models import Contract, ContractState, CounsellorProfile, Registration, TargetGroupStatus
    from haven.integration.tests.builders import OBLIGATED_FACTS, REGISTERED_ON, SIGNED_ON
    from haven.interpreting.models import DispatchRun
    from haven.interpreting.services import library as interpreting_library
    from haven.interpreting.tests import translations_data as interpreting_data
    from haven.interpreting.tests.records_data import organisation_records
    from haven.jobs.models import Job
    from haven.nt2 import services as nt2
    from haven.nt2.models import Provider, ProviderKind, ScholarshipFund
    from haven.nt2.tests.factories import FAST_LEARNER, ModuleFactory
    from haven.orientation import services as orientation
    from haven.orientation.models import SeatOffer, Slot
    from haven.people.tests.factories import HouseholdLinkFactory, PersonFactory

    world = World()
    token_ids = {}
    for code in ROLES:
        world.users[code] = _user(code, [code])
        token_ids[code], world.tokens[code] = _token(world.users[code])
    users = world.users
    counsellor = users["counsellor"]
    intake = users["intake"]
    world.nt2_role = "nt2_staff" if "nt2_staff" in ROLES else "intake"
    nt2_user = users[world.nt2_role]
    profile = CounsellorProfile.objects.create(user=counsellor, fte=1)
    profile.languages.set(["ara", "nld"])
    # A second counsellor: the colleague whose caseload others should not open.
    colleague = _user("colleague", ["counsellor"])
    world.extra["colleague"] = colleague

    for serial, (key, (given, family, birth, sex)) in enumerate(PEOPLE.items(), start=1):
        world.people[key] = PersonFactory(
            given_names=given,
            family_name=family,
            birth_date=birth,
            sex=sex,
            national_number=national_number(birth, sex, 100 + serial),
            preferred_language_id="ara",
            first_registration_date=datetime.date(2019, 3, 1),
        )
    people = world.people
    link = HouseholdLinkFactory(parent=people["A"], child=people["G"])

    # A: facts, registration and contract through the services (the counsellor is assigned).
    integration.facts_save(person=people["A"], values=OBLIGATED_FACTS, by=intake, purpose=AccessPurpose.REGISTRATION)
    registration = integration.registration_create(person=people["A"], registered_on=REGISTERED_ON, by=intake)
    contract = integration.contract_sign(registration=registration, signed_on=SIGNED_ON, by=intake)
    assert contract.counsellor_id == counsellor.pk
    pause = integration.pause_create(
        contract=contract,
        kind="postponement",
        reason="Zwangerschapsverlof",
        starts_on=datetime.date(2019, 7, 1),
        expires_on=datetime.date(2019, 9, 1),
        by=counsellor,
    )
    referral = integration.referral_create(
        contract=contract, service="vdab", referred_on=datetime.date(2019, 7, 2), by=counsellor
    )
    exemption = integration.exemption_test_register(
        person=people["A"], registered_on=datetime.date(2019, 7, 3), by=counsellor
    )
    # C, D, E, F: contracts with the counsellor, written directly (as integration.tests.builders.contracts_build).
    for key in "CDEF":
        reg = Registration.objects.create(
            person=people[key],
            registered_on=REGISTERED_ON,
            status=TargetGroupStatus.OBLIGATED,
            current_status=TargetGroupStatus.OBLIGATED,
            created_by=intake,
        )
        Contract.objects.create(
            person=people[key],
            registration=reg,
            signed_on=SIGNED_ON,
            status=TargetGroupStatus.OBLIGATED,
            state=ContractState.OPEN,
            counsellor=counsellor,
        )
    dossier = integration.diploma_dossier_create(
        person=people["F"],
        kind="client",
        opened_on=datetime.date(2019, 8, 1),
        diploma="Master Zyxdiploma",
        by=users["programme_staff"],
    )
    # Leisure: F referred to volunteering by the programme staff; an organisation and an event.
    from haven.leisure import services as leisure

    leisure_organisation = leisure.organisation_create(
        values={"name": "Matrix Sportclub vzw", "kind": "sport", "contact_name": "Onthaal"}, by=users["admin"]
    )
    leisure_referral = leisure.referral_create(
        person=people["F"],
        organisation=leisure_organisation,
        kind="volunteering",
        activity="Onthaal zwembad",
        referred_on=datetime.date(2019, 8, 2),
        by=users["programme_staff"],
    )
    leisure_event = leisure.event_create(
        values={"name": "Dagje Planeet Gent", "kind": "planeet", "held_on": datetime.date(2019, 9, 26)},
        by=users["programme_staff"],
    )
    # Community: F signed up for a Samen Gentenaar group and in a duo with a Ghentian buddy
    # (a person outside PEOPLE, never settled as a newcomer); an empty proposal, an edition, an event.
    from haven.community import services as community

    community_group = community.group_create(
        values={"name": "Matrix Samen Gentenaar", "starts_on": datetime.date(2019, 9, 2)}, by=users["programme_staff"]
    )
    community_participant = community.participant_create(
        person=people["F"],
        programme="samen_gentenaar",
        group=community_group,
        values={"registered_on": datetime.date(2019, 8, 20)},
        by=users["programme_staff"],
    )
    community_buddy = community.buddy_create(
        person=PersonFactory(
            given_names="Qwmatrix",
            family_name="Buddyvelde",
            birth_date=datetime.date(1980, 5, 5),
            sex="F",
            first_registration_date=None,
        ),
        values={
            "registered_on": datetime.date(2019, 8, 1),
            "consent_given_on": datetime.date(2019, 8, 1),
            "consent_text_version": "2019-1",
        },
        by=users["programme_staff"],
    )
    community_duo = community.duo_create(
        participant=community_participant,
        buddy=community_buddy,
        started_on=datetime.date(2019, 9, 2),
        by=users["programme_staff"],
    )
    community_proposal = community.group_match_propose(community_group, by=users["programme_staff"])
    community_edition = community.edition_create(year=2019, name="Matrix cultuur", houses=[], by=users["admin"])
    community_event = community.event_create(
        values={"kind": "open_bar", "name": "Matrix OPEN-BAR", "held_on": datetime.date(2019, 5, 9)},
        by=users["programme_staff"],
    )
    # Education: G (a minor) referred to a school, F's study-choice dossier and pre-track participation.
    from haven.education import services as education

    programme = users["programme_staff"]
    okan_school = education.school_create(name="Matrix OKAN-school", okan=True, by=users["admin"])
    school_referral = education.school_referral_create(
        person=people["G"],
        requested_on=datetime.date(2019, 8, 5),
        guardian_name="Onthaalouder Testvoogd",
        guardian_role="parent",
        home_language=Language.objects.get(code="ara"),
        kind="regular",
        by=programme,
    )
    education.school_contact_add(
        referral=school_referral, school=okan_school, contacted_on=datetime.date(2019, 8, 6), by=programme
    )
    future_days = education.future_days_create(
        title="Toekomstdagen 2019", year=2019, session_days=[datetime.date(2019, 5, 27)], by=programme
    )
    study_dossier = education.study_dossier_create(
        person=people["F"], opened_on=datetime.date(2019, 8, 3), question="Verder studeren", by=programme
    )
    cohort = education.pre_track_cohort_create(
        academic_year=2019,
        starts_on=datetime.date(2019, 9, 23),
        ends_on=datetime.date(2020, 6, 26),
        modules=["Nederlands"],
        by=programme,
    )
    participant = education.pre_track_participant_add(
        cohort=cohort, person=people["F"], started_on=cohort.starts_on, by=programme
    )

    # Transit site: F's family stayed in June 2019 with a child; a family on the arrivals list.
    from haven.transit_site import services as transit_site
    from haven.transit_site.models import Site as TransitSite

    transit = TransitSite.objects.create(name="Matrix doortrekkersterrein", places=25)
    transit_site.lesson_days_set(
        site=transit, valid_from=datetime.date(2019, 1, 1), weekdays=[0, 1, 2, 4], by=users["programme_staff"]
    )
    stay = transit_site.stay_create(
        site=transit,
        head=people["F"],
        values={
            "household_size": 3,
            "caravans": 1,
            "arrival": datetime.date(2019, 6, 3),
            "planned_departure": datetime.date(2019, 6, 17),
        },
        children=[transit_site.ChildValues("Zyxkind", datetime.date(2012, 5, 1))],
        by=users["programme_staff"],
    )
    transit_notice = transit_site.notice_create(
        site=transit,
        values={
            "family_name": "Matrixfamilie",
            "caravans": 2,
            "announced_on": datetime.date(2019, 6, 3),
            "expected_arrival": datetime.date(2019, 6, 10),
        },
        by=users["programme_staff"],
    )

    # Civic orientation: a course with a session, C enrolled, D waiting with a seat offer.
    coordinator = users["course_coordinator"]
    day = datetime.date(2019, 3, 4)
    course = orientation.course_create(
        values={
            "language": Language.objects.get(code="ara"),
            "location": "Kongostraat",
            "slot": Slot.EVENING,
            "starts_on": day,
            "capacity": 12,
        }
    )
    starts = datetime.datetime(2019, 3, 4, 18, 0, tzinfo=timezone.get_current_timezone())
    session = orientation.session_create(course=course, starts_at=starts, ends_at=starts + datetime.timedelta(hours=3))
    enrolment = orientation.enrolment_create(course=course, person=people["C"], by=coordinator, enrolled_on=day)
    waiting = orientation.waiting_entry_create(
        person=people["D"],
        languages=Language.objects.filter(code="ara"),
        slots=[Slot.EVENING],
        waiting_since=day.replace(year=2018),
        by=coordinator,
    )
    offer = SeatOffer.objects.create(
        course=course, waiting=waiting, offered_on=day, expires_on=timezone.localdate() + datetime.timedelta(days=7)
    )

    # NT2: E's intake up to a certification, by the NT2 staff member (as nt2/tests/test_pages.records).
    provider = Provider.objects.create(
        name="Universitair Centrum voor Talenonderwijs",
        short_name="UCT",
        kind=ProviderKind.UCT,
        paces=["fast"],
        levels=["A1", "A2", "B1", "B2"],
    )
    module = ModuleFactory(
        provider=provider, title="Snel A1", level="A1", pace="fast", places=12, days=14, location="Ghent"
    )
    fund = ScholarshipFund.objects.create(
        name="Beurzen UCT Stad Gent",
        funder="city",
        year=timezone.localdate().year,
        budget=2,
        requires_city_address=False,
    )
    today = timezone.localdate()
    conversation = nt2.conversation_create(
        person=people["E"],
        by=nt2_user,
        languages=Language.objects.filter(code="ara"),
        values={"held_on": today, **FAST_LEARNER},
    )
    language_test = nt2.language_test_record(
        person=people["E"], by=nt2_user, values={"taken_on": today, "kind": "aptitude", "aptitude": "fast"}
    )
    routing = nt2.routing_propose(person=people["E"], by=nt2_user, on=today)
    nt2.routing_decide(routing=routing, by=nt2_user, on=today, module=module)
    nt2_enrolment = nt2.enrolment_create(
        person=people["E"], module=module, by=nt2_user, requested_on=today, routing=routing
    )
    scholarship = nt2.scholarship_grant(person=people["E"], fund=fund, module=module, on=today, by=nt2_user)
    certification = nt2.certification_record(
        person=people["E"],
        by=nt2_user,
        values={"taken_on": today, "purpose": "nationality", "level_tested": "A2", "level_reached": "A2"},
    )
    open_routing = nt2.routing_propose(person=people["E"], by=nt2_user, on=today)

    # Interpreting: organisation A is the partner user's; the interpreter user translates too.
    dispatcher = users["dispatcher"]
    org_a = interpreting_data.organisation(1, "Zorgcentrum Matrix A")
    interpreting_data.contact(users["partner"], org_a)
    interpreter = interpreting_data.translator("mx_interpreter_record", ["ara"])
    # The interpreter role's own user gets the Interpreter record (translator() made a user; re-point it).
    interpreter.user = users["interpreter"]
    interpreter.save(update_fields=["user"])
    records_a = organisation_records(org_a, users["partner"], dispatcher, interpreter, interpreter, offset=0)
    org_b = interpreting_data.organisation(2, "Ziekenhuis Matrix B")
    partner_b = interpreting_data.partner("mx_partner_b", org_b)
    other_interpreter = interpreting_data.translator("mx_other_interpreter", ["ara"], family_name="Benali")
    records_b = organisation_records(org_b, partner_b, dispatcher, other_interpreter, other_interpreter, offset=1)
    document = interpreting_library.library_add(
        title="Schoolreglement",
        topic="Onderwijs",
        language=Language.objects.get(pk="nld"),
        file=interpreting_data.upload(),
        by=dispatcher,
    )
    from haven.interpreting.models import TranslationStatus

    assigned = interpreting_data.order(
        org_a, users["partner"], title="Brief toegewezen", translator_=interpreter, status=TranslationStatus.ASSIGNED
    )
    _admin_records(users["admin"])
    run = DispatchRun.objects.create(
        period_start=today, period_end=today + datetime.timedelta(days=7), method="greedy", created_by=dispatcher
    )
    job = Job.objects.create(kind="interpreting.dispatch_run", title="Dispatch run", started_by=dispatcher)
    from django.utils import timezone

    from haven.casework import services as casework
    from haven.casework.appointments import appointment_create
    from haven.casework.models import CalendarFeed

    note = casework.note_write(
        person=people["A"],
        service_line="integration",
        subject="Intake",
        text="Prefers a morning course.",
        happened_on=today,
        by=counsellor,
        purpose=AccessPurpose.COUNSELLING,
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    casework_document = casework.document_add(
        person=people["A"],
        kind="residence_card",
        service_line="integration",
        valid_until=today + datetime.timedelta(days=30),
        file=SimpleUploadedFile("kaart.pdf", b"%PDF-1.4\n%%EOF\n"),
        by=counsellor,
        purpose=AccessPurpose.COUNSELLING,
    )

    world.ids = {
        "person": people["A"].pk,
        "link": link.pk,
        "registration": registration.pk,
        "contract": contract.pk,
        "pause": pause.pk,
        "referral": referral.pk,
        "exemption_test": exemption.pk,
        "dossier": dossier.pk,
        "leisure_referral": leisure_referral.pk,
        "leisure_organisation": leisure_organisation.pk,
        "leisure_event": leisure_event.pk,
        "community_group": community_group.pk,
        "community_participant": community_participant.pk,
        "community_buddy": community_buddy.pk,
        "community_duo": community_duo.pk,
        "community_proposal": community_proposal.pk,
        "community_edition": community_edition.pk,
        "community_event": community_event.pk,
        "school_referral": school_referral.pk,
        "future_days": future_days.pk,
        "education_school": okan_school.pk,
        "future_days_session": future_days.sessions.get().pk,
        "study_dossier": study_dossier.pk,
        "pre_track_cohort": cohort.pk,
        "pre_track_participant": participant.pk,
        "stay": stay.pk,
        "transit_notice": transit_notice.pk,
        "transit_lesson_day": "2019-06-03",
        "course": course.pk,
        "session": session.pk,
        "mo_enrolment": enrolment.pk,
        "waiting": waiting.pk,
        "offer": offer.pk,
        "conversation": conversation.pk,
        "language_test": language_test.pk,
        "routing": open_routing.pk,
        "decided_routing": routing.pk,
        "nt2_enrolment": nt2_enrolment.pk,
        "scholarship": scholarship.pk,
        "certification": certification.pk,
        "module": module.pk,
        "fund": fund.pk,
        "provider": provider.pk,
        "counsellor_user": counsellor.pk,
        "colleague_user": colleague.pk,
        "organisation": org_a.pk,
        "site": org_a.sites.get().pk,
        "interpreter": interpreter.pk,
        "request": records_a["request"],
        "booked_request": records_a["booked_request"],
        "assignment": records_a["assignment"],
        "proposed": records_a["proposed"],
        "past_assignment": records_a["past_assignment"],
        "timesheet": records_a["timesheet"],
        "translation": records_a["translation"],
        "delivered": records_a["delivered"],
        "invoice": records_a["invoice"],
        "document": document.pk,
        "dispatch_run": run.pk,
        "job": job.pk,
        "note": note.pk,
        "casework_document": casework_document.pk,
        "appointment": appointment_create(
            person=people["A"],
            staff=counsellor,
            service_line="integration",
            starts_at=timezone.now() + datetime.timedelta(days=14),
            duration_minutes=45,
            purpose="Follow-up",
            by=counsellor,
            access_purpose=AccessPurpose.COUNSELLING,
        ).pk,
        "staff_calendar_token": CalendarFeed.objects.create(user=counsellor).token,
        "task": casework.task_create(
            person=people["A"],
            title="Call about the course",
            due_on=today,
            assignee=counsellor,
            by=counsellor,
            purpose=AccessPurpose.COUNSELLING,
        ).pk,
        "calendar_token": interpreter.ical_token,
        "year": 2019,
        "report_key": "newcomers_settled_by_status",
        "report_edition": _report_edition(users["manager"]),
        "assigned_translation": assigned.pk,
        "token_ids": token_ids,
    }
    world.extra.update({"records_b": records_b, "organisation_b": org_b.pk, "partner_b": partner_b})
    from haven.dutch_practice.tests.world import matrix_records as dutch_practice_records

    world.ids.update(dutch_practice_records(world.users, people))
    from haven.organisations.tests.world import matrix_records as organisations_records

    world.ids.update(organisations_records(world.users, people))
    from haven.community.tests.world import matrix_records as community_records

    world.ids.update(community_records(world.users, people, buddy_id=community_buddy.pk))
    from haven.reports.tests.world import matrix_records as reports_records

    world.ids.update(reports_records(world.users))
    return world


def _admin_records(admin) -> None:
    """A row of each admin model that would otherwise be empty, so the admin's change and
    history pages are walked with a real id (a missing id redirects before the permission
    check)."""
    from django.apps import apps

    candidates = {
        ("otp_totp", "totpdevice"): {"user": admin, "name": "matrix", "confirmed": True},
        ("otp_static", "staticdevice"): {"user": admin, "name": "matrix", "confirmed": True},
        ("django_tasks_database", "dbtaskresult"): {
            "args_kwargs": {"args": ["2019-01-01"], "kwargs": {}},
            "task_path": "haven.jobs.tasks.audit_verify",
            "backend_name": "default",
        },
        ("axes", "accessattempt"): {
            "username": "mx_nobody",
            "ip_address": "192.0.2.1",
            "user_agent": "matrix",
            "get_data": "",
            "post_data": "",
            "http_accept": "",
            "path_info": "/login/",
            "failures_since_start": 1,
        },
        ("axes", "accesslog"): {
            "username": "mx_nobody",
            "ip_address": "192.0.2.1",
            "user_agent": "matrix",
            "http_accept": "",
            "path_info": "/login/",
        },
        ("axes", "accessfailurelog"): {
            "username": "mx_nobody",
            "ip_address": "192.0.2.1",
            "user_agent": "matrix",
            "http_accept": "",
            "path_info": "/login/",
            "locked_out": False,
        },
    }
    for (app_label, model_name), values in candidates.items():
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            continue
        model.objects.create(**values)


def _report_edition(manager) -> int:
    """An edition of 2019 as frozen before any record (its documents have no table): the
    edition pages compare it with the live figures; its files are rendered from it."""
    from django.utils import timezone

    from haven.reports.document import report_document
    from haven.reports.editions import canonical, digest
    from haven.reports.models import ReportEdition

    documents = {language: report_document({"year": 2019}, language=language) for language in ("nl", "en")}
    text = canonical({"year": 2019, "renderer": "1", "documents": documents})
    return ReportEdition.objects.create(
        year=2019,
        number=1,
        document=text,
        sha256=digest(text),
        renderer="1",
        frozen_by=manager,
        frozen_at=timezone.now(),
    ).number
