"""The declared access matrix of Haven (issue 10, items 1 and 9): for every URL name and
every API operation, what each role — and an anonymous visitor — gets.

Outcomes
    ok      the access check passed: 2xx, a redirect other than to a login page, or a
            400/409/422 answer to the body the walk sends (forms: an empty POST; API: the
            smallest body the schema accepts, so the access check is reached);
    denied  403;
    hidden  404 (partner and interpreter scoping: another organisation's or interpreter's
            record is "not found"; also unknown ids);
    login   anonymous: a redirect to the login page (pages) or 401 (API); in the admin,
            every user who is not staff is sent to the admin's login page too.

The cells are checked on the world's *in-relationship* ids (tests/access/world.py): the
person in a URL is the one the role is related to (``ROLE_PERSON``): the counsellor's
client A for the counselling roles and intake, participant C for the course coordinator,
NT2 learner E for NT2 staff, dossier person F for programme staff. Opening a file outside
the relationship (breaking the glass) is checked separately (test_matrix.py,
test_out_of_relationship_*).

Roles are read from haven.accounts.roles.ROLES at run time; a role this table does not
name gets the column default (``"*"``), which is "denied" wherever a person is shown —
so a new role is refused everything until it is declared here.

The admin (``admin:*``) is declared by family: only the functional administrator (staff)
reaches it, and within it only reference data, users, tokens and groups (read); no
person data and not the logs (the admin reads the audit trail and a file's access history
on Haven's own pages, like the privacy officer);
everyone else is sent to the admin login.
"""

from __future__ import annotations

OK, DENIED, HIDDEN, LOGIN = "ok", "denied", "hidden", "login"
ANON = "anonymous"

# Role groups of the policy.
FILE_READERS = (
    "intake",
    "counsellor",
    "team_coordinator",
    "course_coordinator",
    "nt2_staff",
    "programme_staff",
    "privacy_officer",
)
COUNSELLING = ("counsellor", "team_coordinator")
INTEGRATION = ("intake", *COUNSELLING)
NT2_WRITERS = ("intake", "nt2_staff")
NT2_READERS = NT2_WRITERS + COUNSELLING
ORIENTATION_READERS = ("course_coordinator", *COUNSELLING)
DOSSIER = (*COUNSELLING, "programme_staff")


def only(*roles, anonymous=LOGIN, others=DENIED, **special) -> dict:
    """These roles ok, every other role ``others``, anonymous ``anonymous``; ``special``
    sets single roles (``partner=HIDDEN``)."""
    cells = {"*": others, ANON: anonymous}
    cells.update(dict.fromkeys(roles, OK))
    cells.update(special)
    return cells


PUBLIC = only(anonymous=OK, others=OK)
STAFF = only(others=OK)  # any logged-in user

# Pages ---------------------------------------------------------------------------------------
PAGES: dict[str, dict] = {
    # core, accounts
    "home": STAFF,
    "health": PUBLIC,
    "ready": PUBLIC,
    "login": PUBLIC,
    "logout": only(anonymous=LOGIN, others=LOGIN),  # POST: logged out, sent to the login
    "set_language": PUBLIC,
    "javascript-catalog": PUBLIC,
    "password_change": STAFF,
    "password_change_done": STAFF,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "accounts:two_factor": STAFF,
    "accounts:two_factor_enrol": STAFF,
    "accounts:two_factor_recovery_codes": STAFF,
    "accounts:two_factor_verify": STAFF,
    "account_tokens:list": STAFF,
    "account_tokens:revoke": STAFF,
    "audit": only("privacy_officer", "admin"),  # the admin: changes to what they keep
    # the registry
    "people:list": only(*FILE_READERS),
    "people:create": only("intake"),  # registering newcomers is the desk's
    "people:detail": only(*FILE_READERS),
    "people:update": only("intake", *COUNSELLING),
    "people:household_add": only("intake", *COUNSELLING),
    "people:household_remove": only("intake", *COUNSELLING),
    "people:break_glass": only("counsellor", "team_coordinator", "nt2_staff", "programme_staff"),
    "people:access_history": only("privacy_officer", "admin"),  # a GDPR request: no personal data
    # casework: the notes of a file (which notes each reads: casework.access); a correction
    # is its author's (the counsellor's note), anyone else's is not found
    "casework:notes": only(*COUNSELLING, "course_coordinator", "nt2_staff", "privacy_officer"),
    "casework:note_create": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "casework:note_correct": only("counsellor", team_coordinator=HIDDEN, course_coordinator=HIDDEN, nt2_staff=HIDDEN),
    # documents: part of the file for who may open it; added by the owning line's staff
    "casework:documents": only(*COUNSELLING, "course_coordinator", "nt2_staff", "privacy_officer"),
    "casework:document_add": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "casework:document_file": only(*COUNSELLING, "nt2_staff", "privacy_officer"),  # A (an NT2 learner too)
    "casework:documents_expiring": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    # tasks: one's own day; a task is marked done by its assignee (the counsellor's), anyone else's is not found
    "casework:day": only(*COUNSELLING, "course_coordinator", "nt2_staff", "privacy_officer"),
    "casework:task_done": only(
        "counsellor", team_coordinator=HIDDEN, course_coordinator=HIDDEN, nt2_staff=HIDDEN, privacy_officer=HIDDEN
    ),
    "casework:task_add": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    # appointments: one's own calendar; an appointment is changed by its staff member (the counsellor's)
    "casework:calendar": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "casework:calendar_feed": PUBLIC,  # a capability URL (the counsellor's): file numbers, never names
    "casework:calendar_feed_renew": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "casework:appointment_add": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    **{
        f"casework:appointment_{action}": only(
            "counsellor", team_coordinator=HIDDEN, course_coordinator=HIDDEN, nt2_staff=HIDDEN
        )
        for action in ("move", "cancel", "outcome")
    },
    # privacy officer
    "privacy:review": only("privacy_officer"),
    "privacy:review_mark": only("privacy_officer"),
    "privacy:history_lookup": only("privacy_officer", "admin"),
    "privacy:retention": only("privacy_officer"),  # POST without the box ticked: 400
    "privacy:copy_start": only("privacy_officer"),  # POST: an empty form is refused (400)
    # a copy is its starter's only (the world's job is the dispatcher's: not found)
    "privacy:copy_download": only(privacy_officer=HIDDEN),
    # a person's requests: restriction, its lifting, early erasure (POSTs: an empty form, 400)
    "privacy:person": only("privacy_officer"),
    "privacy:person_restriction": only("privacy_officer"),
    "privacy:person_erasure": only("privacy_officer"),
    "privacy:requests": only("privacy_officer"),
    "privacy:restrictions": only("privacy_officer"),
    # civic integration
    "integration:home": only(*INTEGRATION),
    "integration:register": only(*INTEGRATION),
    "integration:register_preview": only(*INTEGRATION),
    "integration:facts": only(*INTEGRATION),
    "integration:facts_preview": only(*INTEGRATION),
    "integration:dossier_create": only(*DOSSIER),
    "integration:registration": only(*INTEGRATION),
    "integration:contract": only(*INTEGRATION),
    "integration:contract_progress": only(*COUNSELLING),
    "integration:pause_add": only(*COUNSELLING),
    "integration:referral_add": only(*COUNSELLING),
    "integration:referral_outcome": only(*COUNSELLING),
    "integration:exemption_test_add": only(*COUNSELLING),
    "integration:exemption_test_result": only(*COUNSELLING),
    "integration:certificate_issue": only(*COUNSELLING),
    "integration:contract_end": only(*COUNSELLING),
    "integration:contract_reassign": only("team_coordinator"),
    "integration:caseload": only(*INTEGRATION),  # one's own (intake's is empty)
    "integration:caseload_of": only(*COUNSELLING),  # the counsellor's own id; a colleague's: test below
    "integration:team": only(*INTEGRATION),
    "integration:pauses_expiring": only(*INTEGRATION),  # intake: anyone's file
    "integration:dossiers": only("intake", *DOSSIER),
    "integration:dossier": only("intake", *DOSSIER),
    # leisure (the programme staff's: referrals, organisations, events)
    "leisure:referrals": only("programme_staff"),
    "leisure:referral_create": only("programme_staff"),
    "leisure:referral": only("programme_staff"),
    "leisure:organisations": only("programme_staff"),
    "leisure:organisation_create": only("programme_staff"),
    "leisure:organisation": only("programme_staff"),
    "leisure:events": only("programme_staff"),
    "leisure:event_create": only("programme_staff"),
    "leisure:event": only("programme_staff"),
    "leisure:event_edit": only("programme_staff"),
    # organisations (the programme staff's: trainings, coaching, ambassadors, testimonies, associations)
    "organisations:testimonies": only("programme_staff"),
    "organisations:testimony_create": only("programme_staff"),
    "organisations:testimony": only("programme_staff"),
    "organisations:testimony_edit": only("programme_staff"),
    "organisations:ambassadors": only("programme_staff"),
    "organisations:ambassador_register": only("programme_staff"),
    "organisations:ambassador_create": only("programme_staff"),
    "organisations:ambassador": only("programme_staff"),
    "organisations:ambassador_edit": only("programme_staff"),
    "organisations:ambassador_consent_withdraw": only("programme_staff"),
    "organisations:trainings": only("programme_staff"),
    "organisations:training_create": only("programme_staff"),
    "organisations:training": only("programme_staff"),
    "organisations:partners": only("programme_staff"),
    "organisations:partner_create": only("programme_staff"),
    "organisations:partner": only("programme_staff"),
    "organisations:coachings": only("programme_staff"),
    "organisations:coaching_create": only("programme_staff"),
    "organisations:coaching": only("programme_staff"),
    "organisations:coaching_edit": only("programme_staff"),
    "organisations:associations": only("programme_staff"),
    "organisations:association_create": only("programme_staff"),
    "organisations:association": only("programme_staff"),
    "organisations:association_edit": only("programme_staff"),
    "organisations:support_contacts": only("programme_staff"),
    "organisations:network_events": only("programme_staff"),
    "organisations:network_event_create": only("programme_staff"),
    "organisations:network_event": only("programme_staff"),
    # Dutch practice: the programme staff's pages; the directory and the newsletter's pages are public
    "dutch_practice:home": only("programme_staff"),
    "dutch_practice:session_log": only("programme_staff"),
    "dutch_practice:sessions": only("programme_staff"),
    "dutch_practice:session": only("programme_staff"),
    "dutch_practice:series_create": only("programme_staff"),
    "dutch_practice:series": only("programme_staff"),
    "dutch_practice:volunteers": only("programme_staff"),
    "dutch_practice:volunteer_create": only("programme_staff"),
    "dutch_practice:volunteer": only("programme_staff"),
    "dutch_practice:opportunities": only("programme_staff"),
    "dutch_practice:opportunity_create": only("programme_staff"),
    "dutch_practice:opportunity": only("programme_staff"),
    "dutch_practice:subscribers": only("programme_staff"),
    "dutch_practice:subscriber_unsubscribe": only("programme_staff"),
    "dutch_practice:newsletter_send": only("programme_staff"),
    "dutch_practice:practice_days": only("programme_staff"),
    "dutch_practice:practice_day_create": only("programme_staff"),
    "dutch_practice:practice_day": only("programme_staff"),
    "dutch_practice:practice_day_edit": only("programme_staff"),
    "dutch_practice:directory": PUBLIC,
    "dutch_practice:subscribe": PUBLIC,
    "dutch_practice:confirm": PUBLIC,
    "dutch_practice:unsubscribe": PUBLIC,
    # community (the programme staff's: buddy programmes and their matching, Samen naar cultuur, events)
    "community:groups": only("programme_staff"),
    "community:group_create": only("programme_staff"),
    "community:group": only("programme_staff"),
    "community:matching": only("programme_staff"),
    "community:participants": only("programme_staff"),
    "community:participant_create": only("programme_staff"),
    "community:participant": only("programme_staff"),
    "community:buddies": only("programme_staff"),
    "community:buddy_create": only("programme_staff"),
    "community:buddy": only("programme_staff"),
    "community:duos": only("programme_staff"),
    "community:duo": only("programme_staff"),
    "community:culture": only("programme_staff"),
    "community:culture_houses": only("programme_staff"),
    "community:edition": only("programme_staff"),
    "community:events": only("programme_staff"),
    "community:event_create": only("programme_staff"),
    "community:event": only("programme_staff"),
    "community:buddy_consent_withdraw": only("programme_staff"),
    "community:photos": only("programme_staff"),
    "community:photo_upload": only("programme_staff"),
    "community:photo": only("programme_staff"),
    "community:photo_file": only("programme_staff"),
    "community:photo_consent_withdraw": only("programme_staff"),
    # education (the programme staff's: school referrals, schools, Toekomstdagen, study choice, pre-track)
    "education:referrals": only("programme_staff"),
    "education:waiting": only("programme_staff"),
    "education:referral_create": only("programme_staff"),
    "education:referral": only("programme_staff"),
    "education:schools": only("programme_staff"),
    "education:school_create": only("programme_staff"),
    "education:school": only("programme_staff"),
    "education:future_days_create": only("programme_staff"),
    "education:cohort_create": only("programme_staff"),
    "education:participant_create": only("programme_staff"),
    "education:participant": only("programme_staff"),
    "education:future_days": only("programme_staff"),
    "education:future_days_event": only("programme_staff"),
    "education:dossiers": only("programme_staff"),
    "education:dossier_create": only("programme_staff"),
    "education:dossier": only("programme_staff"),
    "education:cohorts": only("programme_staff"),
    "education:cohort": only("programme_staff"),
    # transit site: the programme staff's
    "transit_site:stays": only("programme_staff"),
    "transit_site:stay_create": only("programme_staff"),
    "transit_site:stay": only("programme_staff"),
    "transit_site:stay_edit": only("programme_staff"),
    "transit_site:stay_create_for": only("programme_staff"),
    "transit_site:occupancy": only("programme_staff"),
    "transit_site:attendance": only("programme_staff"),
    "transit_site:lesson_days": only("programme_staff"),
    "transit_site:places": only("programme_staff"),
    "transit_site:notices": only("programme_staff"),
    "transit_site:notice_cancel": only("programme_staff"),
    # civic orientation
    "orientation:courses": only(*ORIENTATION_READERS),
    "orientation:course": only(*ORIENTATION_READERS),
    "orientation:enrol": only("course_coordinator"),
    "orientation:attendance": only(*ORIENTATION_READERS),  # counsellors read it (GET)
    "orientation:withdraw": only("course_coordinator"),
    "orientation:complete": only("course_coordinator"),
    "orientation:offer_answer": only("course_coordinator"),
    "orientation:waiting_create": only(*ORIENTATION_READERS),
    "orientation:demand": only(*ORIENTATION_READERS),
    "orientation:formation": only("course_coordinator"),
    "orientation:course_create": only("course_coordinator"),
    "orientation:sessions": only(*ORIENTATION_READERS),  # counsellors read it (GET); adding is the coordinator's
    "orientation:session_move": only("course_coordinator"),
    "orientation:session_cancel": only("course_coordinator"),
    # NT2
    "nt2:home": only(*NT2_READERS),
    "nt2:providers": only(*NT2_READERS, "admin"),  # reference data the admin keeps
    "nt2:funds": only(*NT2_READERS, "admin"),
    "nt2:person": only(*NT2_READERS),
    "nt2:conversation_add": only(*NT2_WRITERS),
    "nt2:test_add": only(*NT2_WRITERS),
    "nt2:routing_propose": only(*NT2_WRITERS),
    "nt2:enrolment_add": only(*NT2_WRITERS),
    "nt2:scholarship_add": only(*NT2_WRITERS),
    "nt2:certification_add": only(*NT2_WRITERS),
    "nt2:routing_decide": only(*NT2_WRITERS),
    "nt2:enrolment_status": only(*NT2_WRITERS),
    "nt2:scholarship_letter": only(*NT2_READERS),
    "nt2:certificate": only(*NT2_READERS),
    # background jobs: only the user who started one sees it (the world's job is the dispatcher's)
    "jobs:job": only("dispatcher", others=HIDDEN),
    "jobs:progress": only("dispatcher", others=HIDDEN),
    # reports
    "reports:annual_latest": only("manager", "privacy_officer"),
    "reports:annual": only("manager", "privacy_officer"),
    "reports:annual_render": only("manager", "privacy_officer"),
    "reports:annual_recalculate": only("manager", "privacy_officer"),
    "reports:annual_export": only("manager", "privacy_officer"),
    # an export's file is its starter's only (the world's job is the dispatcher's: not found)
    "reports:annual_export_download": only(manager=HIDDEN, privacy_officer=HIDDEN),
    "reports:figure_records": only("manager", "privacy_officer"),
    "reports:editions": only("manager", "privacy_officer"),
    "reports:edition": only("manager", "privacy_officer"),
    "reports:edition_export": only("manager", "privacy_officer"),  # POST: a file of the edition
    # the report's texts: whoever reads the report reads them and their versions (no one's
    # personal data); only the manager saves a version (a POST, checked in
    # haven/reports/tests/test_narrative.py: the privacy officer's is refused)
    "reports:narrative": only("manager", "privacy_officer"),
    "reports:narrative_version": only("manager", "privacy_officer"),
    # interpreting (haven/interpreting/access.py: dispatcher everything; partner their
    # organisation's; interpreter their own)
    "interpreting:home": only("dispatcher", "partner", "interpreter"),
    "interpreting:portal": only("partner"),
    "interpreting:request_new": only("partner"),
    "interpreting:requests": only("dispatcher"),
    "interpreting:request": only("dispatcher", "partner"),
    "interpreting:request_cancel": only("dispatcher", "partner"),
    "interpreting:request_book": only("dispatcher"),
    "interpreting:dispatch": only("dispatcher"),
    "interpreting:run": only("dispatcher"),
    "interpreting:run_confirm": only("dispatcher"),
    "interpreting:assignment_change": only("dispatcher"),
    "interpreting:unmet": only("dispatcher"),
    "interpreting:jobs": only("interpreter"),
    "interpreting:job": only("interpreter"),
    "interpreting:sheets": only("dispatcher", "partner", "interpreter"),
    "interpreting:sheet_approve_bulk": only("dispatcher"),
    "interpreting:sheet": only("dispatcher", "partner", "interpreter"),
    "interpreting:sheet_confirm": only("partner"),
    "interpreting:sheet_approve": only("dispatcher"),
    "interpreting:sheet_reject": only("dispatcher", "partner"),  # a partner disputes a sheet
    "interpreting:sheet_form": only("interpreter"),
    "interpreting:cancellations": only("dispatcher"),
    "interpreting:invoices": only("dispatcher", "partner"),
    "interpreting:invoice_month_create": only("dispatcher"),
    "interpreting:invoice_month_confirm": only("dispatcher"),
    "interpreting:invoice": only("dispatcher", "partner"),
    "interpreting:invoice_pdf": only("dispatcher", "partner"),
    "interpreting:invoice_ubl": only("dispatcher", "partner"),
    "interpreting:invoice_einvoice_send": only("dispatcher"),
    "interpreting:translations": only("dispatcher", "partner", "interpreter"),
    "interpreting:translation_new": only("partner"),
    "interpreting:translation": only("dispatcher", "partner", "interpreter"),  # interpreter: the order assigned to them
    "interpreting:translation_assign": only("dispatcher"),
    "interpreting:translation_deliver": only("dispatcher", "interpreter"),
    "interpreting:translation_cancel": only("dispatcher", "partner"),
    "interpreting:translation_file": only("dispatcher", "partner", "interpreter"),
    "interpreting:library": only("dispatcher", "partner", "interpreter", "admin"),  # reference data
    "interpreting:library_add": only("dispatcher", "admin"),
    "interpreting:library_file": only("dispatcher", "partner", "interpreter", "admin"),
    "interpreting:calendar_settings": only("interpreter"),
    "interpreting:calendar_rotate": only("interpreter"),
    "interpreting:calendar": PUBLIC,  # a capability URL: the secret token is the key
}

# The API --------------------------------------------------------------------------------------
API: dict[str, dict] = {
    "GET /api/people": only(*FILE_READERS),
    "POST /api/people": only("intake"),
    "POST /api/people/search": only(*FILE_READERS),
    "GET /api/people/{person_id}": only(*FILE_READERS),
    "PATCH /api/people/{person_id}": only("intake", *COUNSELLING),
    "GET /api/reports/annual/{year}": only("manager", "privacy_officer"),
    "POST /api/integration/decisions/preview": only(*INTEGRATION),
    "PUT /api/integration/people/{person_id}/facts": only(*INTEGRATION),
    "POST /api/integration/registrations": only(*INTEGRATION),
    "GET /api/integration/registrations": only(*INTEGRATION),
    "GET /api/integration/registrations/{registration_id}": only(*INTEGRATION),
    "POST /api/integration/registrations/{registration_id}/contracts": only(*INTEGRATION),
    "GET /api/casework/people/{person_id}/notes": only(
        *COUNSELLING, "course_coordinator", "nt2_staff", "privacy_officer"
    ),
    "POST /api/casework/people/{person_id}/notes": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "POST /api/casework/notes/{note_id}/correction": only(
        "counsellor", team_coordinator=HIDDEN, course_coordinator=HIDDEN, nt2_staff=HIDDEN
    ),
    "GET /api/casework/people/{person_id}/documents": only(
        *COUNSELLING, "course_coordinator", "nt2_staff", "privacy_officer"
    ),
    "POST /api/casework/people/{person_id}/documents": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "GET /api/casework/documents/{document_id}/file": only(*COUNSELLING, "nt2_staff", "privacy_officer"),
    "GET /api/casework/tasks": only(*COUNSELLING, "course_coordinator", "nt2_staff", "privacy_officer"),
    "POST /api/casework/people/{person_id}/tasks": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "POST /api/casework/tasks/{task_id}/done": only(
        "counsellor", team_coordinator=HIDDEN, course_coordinator=HIDDEN, nt2_staff=HIDDEN, privacy_officer=HIDDEN
    ),
    "GET /api/casework/appointments": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    "POST /api/casework/people/{person_id}/appointments": only(*COUNSELLING, "course_coordinator", "nt2_staff"),
    **{
        f"POST /api/casework/appointments/{{appointment_id}}/{action}": only(
            "counsellor", team_coordinator=HIDDEN, course_coordinator=HIDDEN, nt2_staff=HIDDEN
        )
        for action in ("move", "cancel", "outcome")
    },
    "GET /api/integration/contracts/{contract_id}": only(*INTEGRATION),
    "PATCH /api/integration/contracts/{contract_id}/progress": only(*COUNSELLING),
    "POST /api/integration/contracts/{contract_id}/pauses": only(*COUNSELLING),
    "POST /api/integration/contracts/{contract_id}/referrals": only(*COUNSELLING),
    "PATCH /api/integration/referrals/{referral_id}": only(*COUNSELLING),
    "POST /api/integration/contracts/{contract_id}/certificate": only(*COUNSELLING),
    "POST /api/integration/contracts/{contract_id}/end": only(*COUNSELLING),
    "GET /api/integration/caseload/{user_id}": only(*COUNSELLING),
    "POST /api/integration/people/{person_id}/exemption-tests": only(*COUNSELLING),
    "PATCH /api/integration/exemption-tests/{test_id}": only(*COUNSELLING),
    "POST /api/integration/people/{person_id}/diploma-dossiers": only(*DOSSIER),
    "PATCH /api/integration/diploma-dossiers/{dossier_id}": only(*DOSSIER),
    "GET /api/integration/diploma-dossiers": only("intake", *DOSSIER),
    "GET /api/dutch-practice/series": only("programme_staff"),
    "GET /api/dutch-practice/sessions": only("programme_staff"),
    "POST /api/dutch-practice/series/{series_id}/sessions": only("programme_staff"),
    "GET /api/dutch-practice/opportunities": STAFF,  # public-safe: what the public page shows
    "GET /api/dutch-practice/subscribers": only("programme_staff"),
    "GET /api/leisure/referrals": only("programme_staff"),
    "POST /api/leisure/people/{person_id}/referrals": only("programme_staff"),
    "GET /api/leisure/referrals/{referral_id}": only("programme_staff"),
    "PATCH /api/leisure/referrals/{referral_id}": only("programme_staff"),
    "GET /api/leisure/organisations": only("programme_staff"),
    "POST /api/leisure/organisations": only("programme_staff"),
    "GET /api/leisure/events": only("programme_staff"),
    "POST /api/leisure/events": only("programme_staff"),
    "PUT /api/leisure/events/{event_id}": only("programme_staff"),
    "PUT /api/leisure/events/{event_id}/tallies": only("programme_staff"),
    "GET /api/organisations/partners": only("programme_staff"),
    "POST /api/organisations/partners": only("programme_staff"),
    "GET /api/organisations/trainings": only("programme_staff"),
    "POST /api/organisations/trainings": only("programme_staff"),
    "GET /api/organisations/associations": only("programme_staff"),
    "POST /api/organisations/associations": only("programme_staff"),
    "POST /api/organisations/associations/{association_id}/contacts": only("programme_staff"),
    "GET /api/organisations/support-contacts": only("programme_staff"),
    "GET /api/organisations/network-events": only("programme_staff"),
    "POST /api/organisations/network-events": only("programme_staff"),
    "GET /api/organisations/ambassadors": only("programme_staff"),
    "POST /api/organisations/people/{person_id}/ambassador": only("programme_staff"),
    "GET /api/organisations/testimonies": only("programme_staff"),
    "POST /api/organisations/testimonies": only("programme_staff"),
    "GET /api/organisations/testimonies/{testimony_id}/proposals": only("programme_staff"),
    "POST /api/organisations/testimonies/{testimony_id}/propose": only("programme_staff"),
    "POST /api/organisations/testimonies/{testimony_id}/confirm": only("programme_staff"),
    "POST /api/organisations/testimonies/{testimony_id}/give": only("programme_staff"),
    "POST /api/organisations/testimonies/{testimony_id}/pay": only("programme_staff"),
    "POST /api/organisations/testimonies/{testimony_id}/cancel": only("programme_staff"),
    "GET /api/community/groups": only("programme_staff"),
    "POST /api/community/groups": only("programme_staff"),
    "GET /api/community/groups/{group_id}/proposal": only("programme_staff"),
    "POST /api/community/groups/{group_id}/proposals": only("programme_staff"),
    "POST /api/community/groups/{group_id}/pairs": only("programme_staff"),
    "POST /api/community/proposals/{proposal_id}/confirm": only("programme_staff"),
    "GET /api/community/participants": only("programme_staff"),
    "POST /api/community/people/{person_id}/participations": only("programme_staff"),
    "GET /api/community/participants/{participant_id}": only("programme_staff"),
    "GET /api/community/buddies": only("programme_staff"),
    "POST /api/community/people/{person_id}/buddy": only("programme_staff"),
    "GET /api/community/duos": only("programme_staff"),
    "POST /api/community/duos": only("programme_staff"),
    "GET /api/community/duos/{duo_id}": only("programme_staff"),
    "POST /api/community/duos/{duo_id}/meetings": only("programme_staff"),
    "POST /api/community/duos/{duo_id}/end": only("programme_staff"),
    "GET /api/community/events": only("programme_staff"),
    "POST /api/community/events": only("programme_staff"),
    "GET /api/community/culture/editions": only("programme_staff"),
    "GET /api/education/school-referrals": only("programme_staff"),
    "GET /api/education/school-referrals/waiting": only("programme_staff"),
    "POST /api/education/people/{person_id}/school-referrals": only("programme_staff"),
    "GET /api/education/school-referrals/{school_referral_id}": only("programme_staff"),
    "POST /api/education/school-referrals/{school_referral_id}/contacts": only("programme_staff"),
    "POST /api/education/school-referrals/{school_referral_id}/placement": only("programme_staff"),
    "POST /api/education/school-referrals/{school_referral_id}/withdrawal": only("programme_staff"),
    "GET /api/education/schools": only("programme_staff"),
    "GET /api/education/toekomstdagen": only("programme_staff"),
    "POST /api/education/toekomstdagen/sessions/{future_days_session_id}/registrations": only("programme_staff"),
    "GET /api/education/study-dossiers": only("programme_staff"),
    "POST /api/education/people/{person_id}/study-dossiers": only("programme_staff"),
    "POST /api/education/study-dossiers/{study_dossier_id}/conversations": only("programme_staff"),
    "PATCH /api/education/study-dossiers/{study_dossier_id}": only("programme_staff"),
    "GET /api/education/pre-track/cohorts": only("programme_staff"),
    "POST /api/education/pre-track/cohorts/{cohort_id}/participants": only("programme_staff"),
    "POST /api/education/pre-track/participants/{participant_id}/end": only("programme_staff"),
    "GET /api/transit-site/stays": only("programme_staff"),
    "POST /api/transit-site/stays": only("programme_staff"),
    "GET /api/transit-site/stays/{stay_id}": only("programme_staff"),
    "POST /api/transit-site/stays/{stay_id}/departure": only("programme_staff"),
    "GET /api/transit-site/occupancy": only("programme_staff"),
    "PUT /api/transit-site/attendance/{lesson_day}": only("programme_staff"),
    "GET /api/transit-site/arrivals": only("programme_staff"),
    "POST /api/transit-site/arrivals": only("programme_staff"),
    "GET /api/orientation/courses": only(*ORIENTATION_READERS),
    "POST /api/orientation/courses": only("course_coordinator"),
    "GET /api/orientation/courses/{course_id}": only(*ORIENTATION_READERS),
    "GET /api/orientation/courses/{course_id}/sessions": only(*ORIENTATION_READERS),
    "POST /api/orientation/courses/{course_id}/sessions": only("course_coordinator"),
    "POST /api/orientation/courses/{course_id}/enrolments": only("course_coordinator"),
    "POST /api/orientation/enrolments/{enrolment_id}/withdraw": only("course_coordinator"),
    "PUT /api/orientation/sessions/{session_id}/attendance": only("course_coordinator"),
    "GET /api/orientation/waiting": only(*ORIENTATION_READERS),
    "POST /api/orientation/waiting": only(*ORIENTATION_READERS),
    "POST /api/orientation/offers/{offer_id}/answer": only("course_coordinator"),
    "GET /api/nt2/people/{person_id}/intake": only(*NT2_READERS),
    "POST /api/nt2/people/{person_id}/conversations": only(*NT2_WRITERS),
    "POST /api/nt2/people/{person_id}/tests": only(*NT2_WRITERS),
    "POST /api/nt2/people/{person_id}/routings": only(*NT2_WRITERS),
    "POST /api/nt2/routings/{routing_id}/decision": only(*NT2_WRITERS),
    "POST /api/nt2/people/{person_id}/enrolments": only(*NT2_WRITERS),
    "POST /api/nt2/enrolments/{enrolment_id}/status": only(*NT2_WRITERS),
    "POST /api/nt2/people/{person_id}/scholarships": only(*NT2_WRITERS),
    "POST /api/nt2/people/{person_id}/certifications": only(*NT2_WRITERS),
    "GET /api/nt2/modules": only(*NT2_READERS, "admin"),
    "GET /api/nt2/funds": only(*NT2_READERS, "admin"),
    "GET /api/interpreting/requests": only("dispatcher", "partner", "interpreter"),
    # The dispatcher books by phone on a partner's behalf (naming the organisation).
    "POST /api/interpreting/requests": only("dispatcher", "partner"),
    "GET /api/interpreting/requests/{request_id}": only("dispatcher", "partner"),
    "POST /api/interpreting/requests/{request_id}/cancel": only("dispatcher", "partner"),
    "POST /api/interpreting/requests/{request_id}/booking": only("dispatcher"),
    "GET /api/interpreting/assignments": only("dispatcher", "partner", "interpreter"),
    "GET /api/interpreting/assignments/{assignment_id}": only("dispatcher", "partner", "interpreter"),
    "POST /api/interpreting/assignments/{assignment_id}/confirm": only(
        "dispatcher", partner=HIDDEN
    ),  # a proposal: partners see only bookings
    "POST /api/interpreting/assignments/{assignment_id}/timesheet": only("interpreter"),
    "GET /api/interpreting/timesheets": only("dispatcher", "partner", "interpreter"),
    "GET /api/interpreting/timesheets/{timesheet_id}": only("dispatcher", "partner", "interpreter"),
    "POST /api/interpreting/timesheets/{timesheet_id}/confirm": only("partner"),
    "POST /api/interpreting/timesheets/{timesheet_id}/approve": only("dispatcher"),
    "POST /api/interpreting/timesheets/{timesheet_id}/reject": only("dispatcher", "partner"),
    "GET /api/interpreting/translations": only("dispatcher", "partner", "interpreter"),
    "POST /api/interpreting/translations": only("dispatcher", "partner"),
    "GET /api/interpreting/translations/{order_id}": only("dispatcher", "partner", "interpreter"),
    "POST /api/interpreting/translations/{order_id}/assign": only("dispatcher"),
    "POST /api/interpreting/translations/{order_id}/deliver": only("dispatcher", "interpreter"),
    "POST /api/interpreting/translations/{order_id}/cancel": only("dispatcher", "partner"),
    "GET /api/interpreting/translations/{order_id}/file": only("dispatcher", "partner", "interpreter"),
    "GET /api/interpreting/library": only("dispatcher", "partner", "interpreter", "admin"),
    "POST /api/interpreting/library": only("dispatcher", "admin"),
    "GET /api/interpreting/library/{document_id}/file": only("dispatcher", "partner", "interpreter", "admin"),
    "GET /api/interpreting/invoices": only("dispatcher", "partner"),
    "GET /api/interpreting/invoices/{invoice_id}": only("dispatcher", "partner"),
    "GET /api/interpreting/invoices/{invoice_id}/pdf": only("dispatcher", "partner"),
    "GET /api/interpreting/invoices/{invoice_id}/ubl": only("dispatcher", "partner"),
}

# The admin, by family -------------------------------------------------------------------------
# What the functional administrator keeps in /admin/: reference data, users, tokens, groups (read).
ADMIN_MODELS = (
    "core_language",
    "core_district",
    "accounts_user",
    "accounts_apitoken",
    "auth_group",
    "orientation_teacher",
    "orientation_room",
    "orientation_closingperiod",
    "nt2_provider",
    "nt2_module",
    "nt2_scholarshipfund",
    "interpreting_zone",
    "interpreting_traveltime",
    "interpreting_organisation",
    "interpreting_interpreter",
    "interpreting_tariff",
    "interpreting_librarydocument",
    "casework_remindertext",
    # Second-factor devices: the administrator removes a lost phone's device (keys never shown).
    "otp_totp_totpdevice",
    "otp_static_staticdevice",
)
ADMIN_ONLY = only("admin", others=LOGIN)  # non-staff users are sent to the admin login
ADMIN_REFUSED = only(admin=DENIED, others=LOGIN)  # staff, but not this model or action
ADMIN_PAGES = {
    "admin:index": ADMIN_ONLY,
    "admin:app_list": ADMIN_ONLY,
    "admin:jsi18n": ADMIN_ONLY,
    "admin:autocomplete": only(admin=DENIED, others=LOGIN),  # without its parameters: 403 even for the admin
    "admin:login": PUBLIC,
    "admin:logout": only(others=OK, anonymous=OK, admin=LOGIN),  # logging out: declared as observed
    "admin:password_change": ADMIN_ONLY,
    "admin:password_change_done": ADMIN_ONLY,
    "admin:view_on_site": only(admin=HIDDEN, others=LOGIN),  # Language has no page of its own
    # Nobody sets another user's password (item 4): the admin sends a reset link instead.
    "admin:auth_user_password_change": ADMIN_REFUSED,
}
# Actions the admin may not take on the models it keeps (no deletes except districts and
# closing periods, which nothing refers to; the groups are read-only, managed by roles_sync).
DELETABLE = ("core_district", "orientation_closingperiod", "otp_totp_totpdevice", "otp_static_staticdevice")
ADMIN_REFUSED_ACTIONS = {
    "auth_group": ("add", "delete"),
    "accounts_user": ("delete",),
    "accounts_apitoken": ("delete",),
    # Devices are enrolled by their owner; their key and QR code are never shown to anyone else.
    "otp_totp_totpdevice": ("add", "config", "qrcode"),
    "otp_static_staticdevice": ("add",),
}


def admin_cells(name: str) -> dict:
    if name in ADMIN_PAGES:
        return ADMIN_PAGES[name]
    bare = name.split(":", 1)[1]
    for model in ADMIN_MODELS:
        if bare.startswith(model + "_"):
            action = bare[len(model) + 1 :]
            if action == "delete" and model not in DELETABLE:
                return ADMIN_REFUSED
            if action in ADMIN_REFUSED_ACTIONS.get(model, ()):
                return ADMIN_REFUSED
            return ADMIN_ONLY
    # Every other model in the admin (the access log, axes' records, devices, …): refused.
    return ADMIN_REFUSED


def declared(key: str) -> dict | None:
    """The row of one URL name or API operation, None when undeclared."""
    if key.startswith("admin:"):
        return admin_cells(key)
    return PAGES.get(key) or API.get(key)


def expected(key: str, role: str) -> str:
    row = declared(key)
    return row.get(role, row["*"])


# Which person's ids a role's cells use, and the purpose it gives -------------------------------
ROLE_PERSON = {"course_coordinator": "C", "nt2_staff": "E", "programme_staff": "F"}
ROLE_PURPOSE = {
    "intake": "registration",
    "counsellor": "counselling",
    "team_coordinator": "counselling",
    "course_coordinator": "course",
    "nt2_staff": "language",
    "programme_staff": "programme",
    "privacy_officer": "audit",
}


def role_person(role: str, key: str, world) -> str:
    """The person (A–G) whose id fills ``person_id`` for this role: one it is related to.
    The NT2 pages use the NT2 learner E for every role (intake keeps NT2 work)."""
    if key.startswith(("nt2:", "GET /api/nt2", "POST /api/nt2")) and role not in ROLE_PERSON:
        return "E"
    if (
        key.startswith(("integration:dossier", "POST /api/integration/people/{person_id}/diploma"))
        and role not in ROLE_PERSON
    ):
        return "F"
    return ROLE_PERSON.get(role, "A")


def purpose_for(role: str, key: str) -> str:
    if role == "intake" and key.startswith(("nt2:", "GET /api/nt2", "POST /api/nt2")):
        return "language"
    return ROLE_PURPOSE.get(role, "audit")
