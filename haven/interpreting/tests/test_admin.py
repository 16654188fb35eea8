"""The functional administrator keeps interpreting's reference data in the admin; a
partner user cannot open it; the interpreter's calendar token never shows."""

import pytest
from django.contrib import admin
from django.urls import reverse

from haven.interpreting.models import Interpreter, Organisation, TravelTime
from haven.interpreting.tests import calendar_data as data

pytestmark = pytest.mark.django_db

REGISTERED = ["zone", "traveltime", "organisation", "interpreter", "tariff", "librarydocument"]


def test_every_reference_model_is_registered():
    registered = {model._meta.model_name for model in admin.site._registry if model._meta.app_label == "interpreting"}
    assert registered == set(REGISTERED)


@pytest.mark.parametrize("model", REGISTERED)
@pytest.mark.parametrize("page", ["changelist", "add"])
def test_functional_administrator_opens_list_and_add_form(functional_admin_client, model, page):
    response = functional_admin_client.get(reverse(f"admin:interpreting_{model}_{page}"))

    assert response.status_code == 200


@pytest.mark.parametrize("model", REGISTERED)
def test_partner_cannot_open_the_admin(partner_client, model):
    response = partner_client.get(reverse(f"admin:interpreting_{model}_changelist"))

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert reverse("admin:login") in response["Location"]


def test_dispatcher_is_not_sent_to_the_admin(client, dispatcher):
    client.force_login(dispatcher)

    assert client.get(reverse("admin:interpreting_interpreter_changelist")).status_code in (302, 403)


def test_interpreter_pages_never_show_the_calendar_token(functional_admin_client):
    interpreter = data.interpreter("Haddad")

    change = functional_admin_client.get(reverse("admin:interpreting_interpreter_change", args=[interpreter.pk]))
    listing = functional_admin_client.get(reverse("admin:interpreting_interpreter_changelist"))

    assert change.status_code == 200 and listing.status_code == 200
    assert interpreter.ical_token not in change.content.decode()
    assert interpreter.ical_token not in listing.content.decode()


def test_interpreter_list_filters_on_modality(functional_admin_client):
    video_only = data.interpreter("Amrani")
    video_only.modalities = ["video"]
    video_only.save()
    data.interpreter("Haddad")  # on site and video

    response = functional_admin_client.get(
        reverse("admin:interpreting_interpreter_changelist"), {"modality": "on_site"}
    )

    names = [str(interpreter) for interpreter in response.context["cl"].result_list]
    assert names == ["Samira Haddad"]


def test_organisation_is_added_with_its_number_as_people_write_it(functional_admin_client):
    number = data.enterprise_number(4242)
    written = f"BE {number[:4]}.{number[4:7]}.{number[7:]}"

    response = functional_admin_client.post(
        reverse("admin:interpreting_organisation_add"),
        {
            "name": "OCMW Gent",
            "enterprise_number": written,
            "sector": "public_services",
            "email": "",
            "phone": "",
            **_empty_inline("sites"),
            **_empty_inline("agreements"),
            **_empty_inline("contacts"),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Organisation.objects.get(name="OCMW Gent").enterprise_number == number


def test_an_invalid_enterprise_number_is_refused(functional_admin_client):
    response = functional_admin_client.post(
        reverse("admin:interpreting_organisation_add"),
        {
            "name": "OCMW Gent",
            "enterprise_number": "0123456789",
            "sector": "public_services",
            **_empty_inline("sites"),
            **_empty_inline("agreements"),
            **_empty_inline("contacts"),
        },
    )

    assert response.status_code == 200
    assert "enterprise_number" in response.context["adminform"].form.errors
    assert not Organisation.objects.exists()


def test_organisation_opens_with_its_addresses_agreements_and_contacts(functional_admin_client):
    organisation = data.organisation()
    data.partner("partner-a", organisation)
    data.zone("B", "Ledeberg")
    TravelTime.objects.create(origin=data.zone(), destination=data.zone("B"), minutes=20)

    change = functional_admin_client.get(reverse("admin:interpreting_organisation_change", args=[organisation.pk]))
    listing = functional_admin_client.get(reverse("admin:interpreting_organisation_changelist"))
    travel = functional_admin_client.get(reverse("admin:interpreting_traveltime_changelist"))

    assert change.status_code == listing.status_code == travel.status_code == 200
    assert "Kortrijksesteenweg 10" in change.content.decode()
    number = organisation.enterprise_number
    assert f"{number[:4]}.{number[4:7]}.{number[7:]}" in listing.content.decode()


def test_organisation_search_finds_a_formatted_number(functional_admin_client):
    organisation = data.organisation(7)
    number = organisation.enterprise_number

    response = functional_admin_client.get(
        reverse("admin:interpreting_organisation_changelist"), {"q": f"{number[:4]}.{number[4:7]}.{number[7:]}"}
    )

    assert list(response.context["cl"].result_list) == [organisation]


def test_travel_time_is_stored_with_the_lower_zone_first(functional_admin_client):
    first, second = data.zone("A", "Brugse Poort"), data.zone("B", "Ledeberg")

    response = functional_admin_client.post(
        reverse("admin:interpreting_traveltime_add"), {"origin": second.pk, "destination": first.pk, "minutes": 25}
    )

    assert response.status_code == 302
    travel = TravelTime.objects.get()
    assert (travel.origin, travel.destination, travel.minutes) == (first, second, 25)


def test_interpreter_is_added_with_languages_and_modalities(functional_admin_client):
    zone = data.zone()

    response = functional_admin_client.post(
        reverse("admin:interpreting_interpreter_add"),
        {
            "given_names": "Youssef",
            "family_name": "Amrani",
            "sex": "m",
            "email": "youssef@example.org",
            "phone": "",
            "home_zone": zone.pk,
            "modalities": ["video"],
            "interprets": "on",
            "max_hours_per_week": 20,
            "active": "on",
            "languages-TOTAL_FORMS": "1",
            "languages-INITIAL_FORMS": "0",
            "languages-0-language": "ara",
            "languages-0-dialects": "Moroccan, Egyptian",
            **_empty_inline("availability"),
            **_empty_inline("absences"),
        },
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    interpreter = Interpreter.objects.get(family_name="Amrani")
    assert interpreter.modalities == ["video"]
    assert interpreter.languages.get().dialects == ["Moroccan", "Egyptian"]
    assert len(interpreter.ical_token) >= 32


def _empty_inline(prefix: str) -> dict:
    return {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
