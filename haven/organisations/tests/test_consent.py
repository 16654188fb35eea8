"""Issue 18, item 6: an ambassador's consent withdrawn stops what it covered. From that day
they are not proposed for testimonies and cannot be confirmed for one; their coming
testimonies go back to "requested"; the ones given stay. The staff withdraw it on a
confirmation page, traced in the access log and the audit trail."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from haven.core.models import AccessLogEntry, AuditEntry
from haven.organisations import models, selectors, services
from haven.organisations.models import Ambassador
from haven.organisations.tests.factories import RequestedTestimonyFactory

TODAY = timezone.localdate()
NEXT_WEEK = TODAY + datetime.timedelta(days=7)


def _requested(**values) -> models.TestimonyRequest:
    return RequestedTestimonyFactory(**{"received_on": TODAY, "held_on": NEXT_WEEK, **values})


def test_a_withdrawn_ambassador_is_no_longer_proposed(programme_staff, ambassador):
    testimony = _requested()
    assert [row.pk for _fit, row in selectors.proposals(testimony)] == [ambassador.pk]
    services.ambassador_consent_withdraw(ambassador=ambassador, by=programme_staff, on=TODAY)
    assert selectors.proposals(testimony) == []


def test_a_withdrawn_ambassador_cannot_be_proposed_or_confirmed(english, programme_staff, ambassador):
    proposed = _requested(ambassador=ambassador, state=models.TestimonyState.PROPOSED)
    # A withdrawal recorded on the record itself (the edit form), after the proposal was made.
    Ambassador.objects.filter(pk=ambassador.pk).update(consent_withdrawn_on=TODAY)
    ambassador.refresh_from_db()
    with pytest.raises(ValidationError) as confirm:
        services.request_confirm(testimony=proposed, by=programme_staff)
    assert confirm.value.message_dict["ambassador"] == [
        "This ambassador's consent does not cover the day of the testimony."
    ]
    with pytest.raises(ValidationError) as propose:
        services.request_propose(testimony=_requested(), ambassador=ambassador, by=programme_staff)
    assert "ambassador" in propose.value.message_dict


def test_withdrawing_releases_the_coming_testimonies_and_keeps_those_given(programme_staff, ambassador):
    given = RequestedTestimonyFactory(
        ambassador=ambassador,
        state=models.TestimonyState.GIVEN,
        received_on=TODAY - datetime.timedelta(days=60),
        held_on=TODAY - datetime.timedelta(days=30),
    )
    confirmed = _requested(ambassador=ambassador, state=models.TestimonyState.CONFIRMED)
    proposed = _requested(ambassador=ambassador, state=models.TestimonyState.PROPOSED, held_on=TODAY)
    services.ambassador_consent_withdraw(ambassador=ambassador, by=programme_staff, on=TODAY)
    for testimony in (confirmed, proposed):
        testimony.refresh_from_db()
        assert (testimony.state, testimony.ambassador_id) == (models.TestimonyState.REQUESTED, None)
    given.refresh_from_db()
    assert (given.state, given.ambassador_id) == (models.TestimonyState.GIVEN, ambassador.pk)
    ambassador.refresh_from_db()
    assert ambassador.consent_withdrawn_on == TODAY
    assert not ambassador.consent_active(TODAY) and ambassador.consent_active(TODAY - datetime.timedelta(days=1))


def test_the_edit_form_recording_a_withdrawal_also_releases_the_testimonies(programme_staff, ambassador):
    confirmed = _requested(ambassador=ambassador, state=models.TestimonyState.CONFIRMED)
    services.ambassador_update(ambassador=ambassador, values={"consent_withdrawn_on": TODAY}, by=programme_staff)
    confirmed.refresh_from_db()
    assert (confirmed.state, confirmed.ambassador_id) == (models.TestimonyState.REQUESTED, None)


@pytest.mark.parametrize(
    ("on", "message"),
    [
        (datetime.date(2017, 2, 28), "Consent cannot be withdrawn before it was given."),
        (TODAY + datetime.timedelta(days=1), "Consent is withdrawn today at the latest."),
    ],
)
def test_a_withdrawal_out_of_its_dates_is_refused_on_its_field(english, programme_staff, ambassador, on, message):
    with pytest.raises(ValidationError) as refused:
        services.ambassador_consent_withdraw(ambassador=ambassador, by=programme_staff, on=on)
    assert refused.value.message_dict == {"consent_withdrawn_on": [message]}


def test_a_consent_is_withdrawn_once(english, programme_staff, ambassador):
    services.ambassador_consent_withdraw(ambassador=ambassador, by=programme_staff, on=TODAY)
    with pytest.raises(ValidationError) as again:
        services.ambassador_consent_withdraw(ambassador=ambassador, by=programme_staff, on=TODAY)
    assert again.value.message_dict == {"consent_withdrawn_on": ["This consent is withdrawn already."]}


def test_the_staff_withdraw_the_consent_on_a_confirmation_page_traced(
    english, programme_staff_client, programme_staff, ambassador
):
    confirmed = _requested(ambassador=ambassador, state=models.TestimonyState.CONFIRMED, requester="Atheneum Zuid")
    detail = programme_staff_client.get(f"/organisations/ambassadors/{ambassador.pk}/?purpose=programme")
    url = f"/organisations/ambassadors/{ambassador.pk}/consent/withdraw/"
    assert f'href="{url}?purpose=programme"' in detail.content.decode()
    page = programme_staff_client.get(url + "?purpose=programme")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Atheneum Zuid" in text and "go back to “requested”" in text
    assert AccessLogEntry.objects.filter(
        person_id=ambassador.person_id, action="view", page="organisations:ambassador_consent_withdraw"
    ).exists()
    assert Ambassador.objects.get(pk=ambassador.pk).consent_withdrawn_on is None  # a GET changes nothing

    response = programme_staff_client.post(
        url, {"purpose": "programme", "consent_withdrawn_on": TODAY.strftime("%d/%m/%Y")}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/organisations/ambassadors/{ambassador.pk}/?purpose=programme"
    assert Ambassador.objects.get(pk=ambassador.pk).consent_withdrawn_on == TODAY
    confirmed.refresh_from_db()
    assert confirmed.state == models.TestimonyState.REQUESTED
    change = AccessLogEntry.objects.filter(person_id=ambassador.person_id, action="update").latest("id")
    assert (change.fields, change.purpose, change.user_id) == (["ambassador"], "programme", programme_staff.pk)
    audited = AuditEntry.objects.filter(actor=programme_staff, target_type="organisations.ambassador")
    assert list(audited.values_list("target_id", "fields")) == [(str(ambassador.pk), ["consent_withdrawn_on"])]
    assert AuditEntry.objects.filter(target_type="organisations.testimonyrequest", target_id=str(confirmed.pk)).exists()
    after = programme_staff_client.get(f"/organisations/ambassadors/{ambassador.pk}/?purpose=programme")
    assert url not in after.content.decode()


def test_a_withdrawal_date_before_the_consent_is_refused_on_the_page(english, programme_staff_client, ambassador):
    response = programme_staff_client.post(
        f"/organisations/ambassadors/{ambassador.pk}/consent/withdraw/",
        {"purpose": "programme", "consent_withdrawn_on": "01/01/2017"},
    )
    assert response.status_code == 422
    assert response.context["form"].errors["consent_withdrawn_on"] == [
        "Consent cannot be withdrawn before it was given."
    ]
    bad = programme_staff_client.post(
        f"/organisations/ambassadors/{ambassador.pk}/consent/withdraw/",
        {"purpose": "programme", "consent_withdrawn_on": "geen datum"},
    )
    assert bad.status_code == 422 and "consent_withdrawn_on" in bad.context["form"].errors


def test_the_dutch_page_is_in_dutch(programme_staff_client, ambassador):
    page = programme_staff_client.get(f"/organisations/ambassadors/{ambassador.pk}/consent/withdraw/?purpose=programme")
    assert "Toestemming intrekken" in page.content.decode()


def test_other_roles_cannot_withdraw_an_ambassadors_consent(counsellor_client, ambassador):
    url = f"/organisations/ambassadors/{ambassador.pk}/consent/withdraw/"
    assert counsellor_client.get(url + "?purpose=programme").status_code == 403
    assert counsellor_client.post(url, {"consent_withdrawn_on": TODAY.strftime("%d/%m/%Y")}).status_code == 403
    assert Ambassador.objects.get(pk=ambassador.pk).consent_withdrawn_on is None
