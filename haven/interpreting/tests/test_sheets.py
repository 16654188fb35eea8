"""The performance sheet: the interpreter submits, the partner confirms, the dispatcher
approves (the request is done); either may send it back and the interpreter corrects it.
Nobody else acts on it, and another organisation's or interpreter's sheet is not found."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from haven.interpreting.models import RequestStatus, Timesheet, TimesheetStatus
from haven.interpreting.services import sheets
from haven.interpreting.tests import billing_data as data

JOB = data.at(2024, 3, 13, 14)


@pytest.fixture
def world(db, dispatcher):
    organisation = data.organisation(1)
    other = data.organisation(2, name="AZ Sint-Lucas")
    partner = data.partner("pia", organisation)
    interpreter = data.interpreter()
    assignment = data.booked(organisation, partner, interpreter, dispatcher, JOB, minutes=60)
    return {
        "organisation": organisation,
        "partner": partner,
        "interpreter": interpreter,
        "assignment": assignment,
        "dispatcher": dispatcher,
        "other_partner": data.partner("olaf", other),
        "other_interpreter": data.interpreter("karim", "Benali"),
    }


def _values(start=JOB, minutes=70, **extra):
    return {
        "actual_start": start,
        "actual_end": start + timedelta(minutes=minutes),
        "waiting_minutes": 5,
        "travel_km": Decimal("12.4"),
        "remark": "",
        **extra,
    }


def _submit(world, **values):
    return sheets.timesheet_submit(
        assignment=world["assignment"],
        by=world["interpreter"].user,
        values=_values(**values),
        now=JOB + timedelta(hours=3),
    )


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


# The flow through the services --------------------------------------------------------------


def test_submit_confirm_approve_marks_the_request_done(world):
    sheet = _submit(world)
    assert sheet.status == TimesheetStatus.SUBMITTED and sheet.minutes == 70

    sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.CONFIRMED and sheet.confirmed_by == world["partner"]

    sheets.timesheet_approve(timesheet=sheet, by=world["dispatcher"])
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.APPROVED and sheet.approved_by == world["dispatcher"]
    world["assignment"].request.refresh_from_db()
    assert world["assignment"].request.status == RequestStatus.DONE


def test_a_sheet_sent_back_is_corrected_by_submitting_again(world):
    sheet = _submit(world, minutes=170, remark="The parents came late.")
    sheets.timesheet_reject(timesheet=sheet, by=world["partner"], remark="  We stopped at 15:10. ")
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.REJECTED and sheet.returned_remark == "We stopped at 15:10."
    assert sheet.remark == "The parents came late."  # the interpreter's own remark is kept

    corrected = _submit(world, minutes=70, remark="The parents came late.")
    assert corrected.pk == sheet.pk and corrected.status == TimesheetStatus.SUBMITTED
    assert corrected.minutes == 70 and Timesheet.objects.count() == 1
    # kept while the corrected sheet is reviewed again, and after approval (see sheets.py)
    assert corrected.returned_remark == "We stopped at 15:10." and corrected.remark == "The parents came late."
    sheets.timesheet_confirm(timesheet=corrected, by=world["partner"])
    sheets.timesheet_approve(timesheet=corrected, by=world["dispatcher"])
    corrected.refresh_from_db()
    assert corrected.status == TimesheetStatus.APPROVED and corrected.returned_remark == "We stopped at 15:10."


def test_a_second_sending_back_replaces_the_reason(world):
    sheet = _submit(world, minutes=170)
    sheets.timesheet_reject(timesheet=sheet, by=world["partner"], remark="We stopped at 15:10.")
    _submit(world, minutes=75)
    sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])
    sheets.timesheet_reject(timesheet=sheet, by=world["dispatcher"], remark="15 km, not 124.")
    sheet.refresh_from_db()
    assert sheet.returned_remark == "15 km, not 124." and sheet.remark == ""


def test_the_dispatcher_sends_back_a_confirmed_sheet(world):
    sheet = _submit(world)
    sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])
    sheets.timesheet_reject(timesheet=sheet, by=world["dispatcher"], remark="15 km, not 124.")
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.REJECTED and sheet.confirmed_by is None
    assert sheet.returned_remark == "15 km, not 124."


def test_sending_back_needs_a_remark(world):
    sheet = _submit(world)
    with pytest.raises(ValidationError) as error:
        sheets.timesheet_reject(timesheet=sheet, by=world["partner"], remark="  ")
    assert "remark" in error.value.message_dict
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.SUBMITTED and sheet.returned_remark == ""


def test_a_sheet_is_not_submitted_twice(world):
    _submit(world)
    with pytest.raises(ValidationError, match="already been submitted"):
        _submit(world)


def test_an_approved_sheet_can_no_longer_be_sent_back(world):
    sheet = _submit(world)
    sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])
    sheets.timesheet_approve(timesheet=sheet, by=world["dispatcher"])
    with pytest.raises(ValidationError):
        sheets.timesheet_reject(timesheet=sheet, by=world["dispatcher"], remark="too late")


def test_the_dispatcher_approves_only_a_confirmed_sheet(world):
    sheet = _submit(world)
    with pytest.raises(ValidationError, match="confirmed"):
        sheets.timesheet_approve(timesheet=sheet, by=world["dispatcher"])


# Validation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"minutes": 0}, "actual_end"),  # end not after start
        ({"minutes": -10}, "actual_end"),
        ({"minutes": 13 * 60}, "actual_end"),  # longer than 12 hours
        ({"start": JOB - timedelta(days=1)}, "actual_start"),  # the wrong day
        ({"start": JOB + timedelta(hours=7)}, "actual_start"),
        ({"waiting_minutes": -1}, "waiting_minutes"),
        ({"waiting_minutes": 500}, "waiting_minutes"),
        ({"travel_km": Decimal("-3")}, "travel_km"),
        ({"travel_km": Decimal("1240")}, "travel_km"),  # not plausible
    ],
)
def test_implausible_sheets_are_refused_with_the_field(world, values, field):
    with pytest.raises(ValidationError) as error:
        _submit(world, **values)
    assert field in error.value.message_dict


def test_a_sheet_is_filled_in_after_the_job_started(world):
    with pytest.raises(ValidationError, match="after the job has started"):
        sheets.timesheet_submit(
            assignment=world["assignment"], by=world["interpreter"].user, values=_values(), now=JOB - timedelta(hours=1)
        )


def test_the_end_is_not_in_the_future(world):
    with pytest.raises(ValidationError) as error:
        sheets.timesheet_submit(
            assignment=world["assignment"],
            by=world["interpreter"].user,
            values=_values(minutes=120),
            now=JOB + timedelta(minutes=30),
        )
    assert "actual_end" in error.value.message_dict


def test_a_video_job_has_no_km(world):
    video = data.booked(
        world["organisation"],
        world["partner"],
        world["interpreter"],
        world["dispatcher"],
        JOB + timedelta(days=1),
        video=True,
    )
    with pytest.raises(ValidationError) as error:
        sheets.timesheet_submit(
            assignment=video,
            by=world["interpreter"].user,
            values=_values(start=video.starts_at),
            now=video.starts_at + timedelta(hours=3),
        )
    assert "travel_km" in error.value.message_dict


# Who may act -------------------------------------------------------------------------------


def test_only_the_assigned_interpreter_submits(world):
    for someone in (world["other_interpreter"].user, world["partner"], world["dispatcher"]):
        with pytest.raises(PermissionDenied):
            sheets.timesheet_submit(
                assignment=world["assignment"], by=someone, values=_values(), now=JOB + timedelta(hours=3)
            )


def test_only_a_contact_of_the_organisation_confirms(world):
    sheet = _submit(world)
    for someone in (world["other_partner"], world["interpreter"].user, world["dispatcher"]):
        with pytest.raises(PermissionDenied):
            sheets.timesheet_confirm(timesheet=sheet, by=someone)
    with pytest.raises(PermissionDenied):
        sheets.timesheet_reject(timesheet=sheet, by=world["other_partner"], remark="not ours")


def test_only_the_dispatcher_approves(world):
    sheet = _submit(world)
    sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])
    for someone in (world["partner"], world["interpreter"].user):
        with pytest.raises(PermissionDenied):
            sheets.timesheet_approve(timesheet=sheet, by=someone)


# Through the pages --------------------------------------------------------------------------


def test_the_interpreter_fills_in_the_sheet_in_brussels_time(world, settings):
    settings.LANGUAGE_CODE = "nl"  # Dutch input and texts, as the interface
    url = reverse("interpreting:sheet_form", args=[world["assignment"].pk])
    client = client_of(world["interpreter"].user)
    page = client.get(url)
    assert page.status_code == 200 and "13/03/2024 14:00" in page.content.decode()

    response = client.post(
        url,
        {
            "actual_start": "13/03/2024 14:05",
            "actual_end": "13/03/2024 15:20",
            "waiting_minutes": "5",
            "travel_km": "12,5",
            "remark": "",
        },
    )

    sheet = Timesheet.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("interpreting:sheet", args=[sheet.pk])
    assert sheet.actual_start == data.at(2024, 3, 13, 14, 5) and sheet.minutes == 75
    assert sheet.travel_km == Decimal("12.5")


def test_the_sheet_form_shows_the_services_message_on_its_field(world):
    response = client_of(world["interpreter"].user).post(
        reverse("interpreting:sheet_form", args=[world["assignment"].pk]),
        {
            "actual_start": "12/03/2024 14:05",
            "actual_end": "12/03/2024 15:20",
            "waiting_minutes": "0",
            "travel_km": "0",
        },
    )
    assert response.status_code == 400
    assert "too far from the booked time" in response.content.decode()
    assert not Timesheet.objects.exists()


def test_other_people_do_not_find_the_sheet_form(world):
    url = reverse("interpreting:sheet_form", args=[world["assignment"].pk])
    assert client_of(world["other_interpreter"].user).get(url).status_code == 404
    assert client_of(world["other_partner"]).get(url).status_code == 404
    assert client_of(world["partner"]).get(url).status_code == 403  # sees the job, does not fill it in


def test_the_partner_confirms_through_the_page_and_another_partner_gets_404(world):
    sheet = _submit(world)
    detail = reverse("interpreting:sheet", args=[sheet.pk])
    confirm = reverse("interpreting:sheet_confirm", args=[sheet.pk])

    assert client_of(world["other_partner"]).get(detail).status_code == 404
    assert client_of(world["other_partner"]).post(confirm).status_code == 404
    assert client_of(world["other_interpreter"].user).get(detail).status_code == 404
    assert client_of(world["interpreter"].user).post(confirm).status_code == 403

    page = client_of(world["partner"]).get(detail)
    assert page.status_code == 200 and confirm in page.content.decode()
    assert client_of(world["partner"]).post(confirm).status_code == 302
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.CONFIRMED


def test_the_partner_sends_a_sheet_back_with_a_remark(world):
    sheet = _submit(world, remark="Second meeting planned.")
    client_of(world["partner"]).post(
        reverse("interpreting:sheet_reject", args=[sheet.pk]), {"remark": "We started at 14:30."}
    )
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.REJECTED
    assert sheet.returned_remark == "We started at 14:30." and sheet.remark == "Second meeting planned."
    interpreter = client_of(world["interpreter"].user)
    form = interpreter.get(reverse("interpreting:sheet_form", args=[world["assignment"].pk]))
    page = form.content.decode()
    # what to correct, above the form; the interpreter's own remark back in its field
    assert "We started at 14:30." in page and 'id="returned-remark"' in page
    assert form.context["form"].initial["remark"] == "Second meeting planned."
    detail = interpreter.get(reverse("interpreting:sheet", args=[sheet.pk])).content.decode()
    assert "We started at 14:30." in detail and "Second meeting planned." in detail


def test_the_reviewers_see_why_a_corrected_sheet_was_sent_back(world):
    sheet = _submit(world, minutes=170)
    sheets.timesheet_reject(timesheet=sheet, by=world["partner"], remark="We stopped at 15:10.")
    _submit(world, minutes=70)
    detail = reverse("interpreting:sheet", args=[sheet.pk])
    for user in (world["partner"], world["dispatcher"]):
        page = client_of(user).get(detail).content.decode()
        assert "We stopped at 15:10." in page and 'id="returned-remark"' in page
    untouched = data.booked(
        world["organisation"], world["partner"], world["interpreter"], world["dispatcher"], JOB + timedelta(days=1)
    )
    other = data.submitted(untouched, remark="All fine.")
    page = client_of(world["partner"]).get(reverse("interpreting:sheet", args=[other.pk])).content.decode()
    assert 'id="returned-remark"' not in page and "All fine." in page


def test_the_dispatcher_approves_ticked_sheets_in_bulk(world):
    first = _submit(world)
    second_job = data.booked(
        world["organisation"], world["partner"], world["interpreter"], world["dispatcher"], JOB + timedelta(days=1)
    )
    second = data.submitted(second_job)
    unconfirmed = data.submitted(
        data.booked(
            world["organisation"], world["partner"], world["interpreter"], world["dispatcher"], JOB + timedelta(days=2)
        )
    )
    for sheet in (first, second):
        sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])

    client = client_of(world["dispatcher"])
    page = client.get(reverse("interpreting:sheets")).content.decode()
    assert f'value="{first.pk}"' in page and f'value="{unconfirmed.pk}"' not in page  # confirmed ones listed
    client.post(reverse("interpreting:sheet_approve_bulk"), {"sheet": [first.pk, second.pk, unconfirmed.pk]})

    statuses = dict(Timesheet.objects.values_list("pk", "status"))
    assert statuses == {
        first.pk: TimesheetStatus.APPROVED,
        second.pk: TimesheetStatus.APPROVED,
        unconfirmed.pk: TimesheetStatus.SUBMITTED,
    }


def test_the_bulk_approval_is_the_dispatchers(world):
    sheet = _submit(world)
    sheets.timesheet_confirm(timesheet=sheet, by=world["partner"])
    response = client_of(world["partner"]).post(reverse("interpreting:sheet_approve_bulk"), {"sheet": [sheet.pk]})
    assert response.status_code == 403
    sheet.refresh_from_db()
    assert sheet.status == TimesheetStatus.CONFIRMED


def test_each_sees_only_their_sheets_in_the_list(world):
    sheet = _submit(world)
    url = reverse("interpreting:sheets") + "?status="
    assert f"/sheets/{sheet.pk}/" in client_of(world["partner"]).get(url).content.decode()
    assert f"/sheets/{sheet.pk}/" in client_of(world["interpreter"].user).get(url).content.decode()
    assert f"/sheets/{sheet.pk}/" not in client_of(world["other_partner"]).get(url).content.decode()
    assert f"/sheets/{sheet.pk}/" not in client_of(world["other_interpreter"].user).get(url).content.decode()


def test_the_interpreter_sees_the_jobs_waiting_for_a_sheet(world):
    page = client_of(world["interpreter"].user).get(reverse("interpreting:sheets")).content.decode()
    assert reverse("interpreting:sheet_form", args=[world["assignment"].pk]) in page


def test_an_outsider_sees_no_sheets(outsider_client):
    assert outsider_client.get(reverse("interpreting:sheets")).status_code == 403


@pytest.mark.parametrize("role", ["dispatcher", "partner", "interpreter"])
def test_the_sheet_list_runs_a_fixed_number_of_queries(world, django_assert_num_queries, role):
    user = {"dispatcher": world["dispatcher"], "partner": world["partner"], "interpreter": world["interpreter"].user}[
        role
    ]
    client = client_of(user)
    url = reverse("interpreting:sheets") + "?status="

    def sheets_for(count, offset):
        for day in range(count):
            data.submitted(
                data.booked(
                    world["organisation"],
                    world["partner"],
                    world["interpreter"],
                    world["dispatcher"],
                    JOB + timedelta(days=offset + day),
                )
            )

    sheets_for(2, 10)
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as two_rows:
        assert client.get(url).content.decode().count("/sheets/") >= 2
    sheets_for(8, 20)
    with django_assert_num_queries(len(two_rows)):
        page = client.get(url)
    assert page.context["page"].total == 10
