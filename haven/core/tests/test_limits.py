"""Bad input at the door (haven.core.limits): too large → 413, JSON in another content
type → 415, unreadable JSON → 400, control characters anywhere → 422 naming the field;
in the user's language, on pages and in the API, and nothing is stored."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from django.utils.translation import gettext

from conftest import logged_in_client
from haven.core.limits import has_forbidden_characters
from haven.people.models import Person
from haven.people.tests.factories import person_api_payload, person_form_data

CONTROL = "This field contains a control character (such as NUL), which is not allowed."
NOT_VALID = "The data is not valid."


def _dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def _json(client, url, payload, method="post", **extra):
    return getattr(client, method)(url, json.dumps(payload), content_type="application/json", **extra)


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("Amina", False),
        ("tab\there", False),
        ("line\nbreak\r\n", False),
        ("Çelik – Ömer", False),
        ("nul\x00", True),
        ("bell\x07", True),
        ("escape\x1b[0m", True),
        ("delete\x7f", True),
        ("c1\x85", True),
        ("surrogate\ud800", True),
    ],
)
def test_which_characters_are_forbidden(text, bad):
    assert has_forbidden_characters(text) is bad


# 413 -------------------------------------------------------------------------------------


def test_a_body_over_the_limit_is_a_413_problem_in_dutch_and_nothing_is_stored(intake_client):
    response = _json(intake_client, "/api/people", person_api_payload(notes="x" * 3_000_000))
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"] == _dutch("The request is too large: at most %(size)s MB may be sent at once.") % {
        "size": "1"
    }
    assert not Person.objects.exists()


def test_the_413_problem_is_in_english_for_a_user_who_chose_english(intake_client):
    intake_client.cookies["haven_language"] = "en"
    response = _json(intake_client, "/api/people", person_api_payload(notes="x" * 1_100_000))
    assert response.status_code == 413
    assert response.json()["detail"] == "The request is too large: at most 1 MB may be sent at once."


def test_a_form_over_the_limit_gets_the_413_page(intake_client):
    response = intake_client.post("/people/new/", person_form_data(notes="x" * 1_100_000))
    assert response.status_code == 413
    assert "413.html" in [template.name for template in response.templates]
    assert not Person.objects.exists()


def test_the_limit_is_a_setting(intake_client, settings):
    settings.HAVEN_MAX_BODY_BYTES = 2000
    assert _json(intake_client, "/api/people", person_api_payload(notes="x" * 1500)).status_code == 201
    assert _json(intake_client, "/api/people", person_api_payload(notes="y" * 2500)).status_code == 413


def test_djangos_own_body_limit_is_a_413_too(intake_client, settings):
    settings.HAVEN_MAX_BODY_BYTES = 10 * 1024 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = _json(intake_client, "/api/people", person_api_payload(notes="x" * 5000))
    assert response.status_code == 413
    assert not Person.objects.exists()


def _file(size: int) -> SimpleUploadedFile:
    return SimpleUploadedFile("vertaling.txt", b"a" * size, content_type="text/plain")


def test_api_upload_operations_may_send_more_than_the_json_limit(dispatcher):
    client = logged_in_client(dispatcher)
    response = client.post("/api/interpreting/translations/999999/deliver", {"file": _file(2 * 1024 * 1024)})
    assert response.status_code == 404  # past the size and type checks: no such order


def test_upload_pages_may_send_more_than_the_form_limit(dispatcher):
    client = logged_in_client(dispatcher)
    response = client.post("/interpreting/translations/999999/deliver/", {"file": _file(2 * 1024 * 1024)})
    assert response.status_code == 404


def test_uploads_over_the_upload_limit_are_a_413(dispatcher, settings):
    settings.HAVEN_MAX_UPLOAD_BODY_BYTES = 1_500_000
    client = logged_in_client(dispatcher)
    response = client.post("/api/interpreting/translations/999999/deliver", {"file": _file(2 * 1024 * 1024)})
    assert response.status_code == 413
    response = client.post("/interpreting/translations/999999/deliver/", {"file": _file(2 * 1024 * 1024)})
    assert response.status_code == 413


def test_a_large_multipart_body_to_a_json_operation_is_a_413(intake_client):
    response = intake_client.post("/api/people", {"file": _file(2 * 1024 * 1024)})
    assert response.status_code == 413


# 415 and 400 -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content_type", ["text/plain", "application/x-www-form-urlencoded", "text/json", "application/xml"]
)
def test_json_in_another_content_type_is_a_415(intake_client, content_type):
    response = intake_client.post("/api/people", json.dumps(person_api_payload()), content_type=content_type)
    assert response.status_code == 415
    assert set(response.json()) == {"detail"}
    assert response.json()["detail"] == _dutch("Send JSON with the header Content-Type: application/json.")
    assert not Person.objects.exists()


def test_a_patch_as_text_plain_is_a_415(intake_client):
    person = Person.objects.create(given_names="A", family_name="B", birth_date="1990-01-01", sex="F")
    response = intake_client.patch(f"/api/people/{person.pk}", '{"notes": "x"}', content_type="text/plain")
    assert response.status_code == 415


def test_json_with_a_charset_is_accepted(intake_client):
    response = intake_client.post(
        "/api/people", json.dumps(person_api_payload()), content_type="application/json; charset=utf-8"
    )
    assert response.status_code == 201


def test_multipart_to_a_json_operation_is_a_415(intake_client):
    response = intake_client.post("/api/people", {"given_names": "Amina"})
    assert response.status_code == 415


def test_json_to_an_upload_operation_is_a_415(dispatcher):
    client = logged_in_client(dispatcher)
    response = _json(client, "/api/interpreting/translations/1/deliver", {"pages": 3})
    assert response.status_code == 415
    assert response.json()["detail"] == _dutch("Send this as multipart/form-data (a file with its form fields).")


@pytest.mark.parametrize("body", [b"{not json", b'{"given_names": "\xff\xfe"}', b"[" * 100_000])
def test_a_body_that_is_not_json_is_a_400_problem(intake_client, body):
    response = intake_client.post("/api/people", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == _dutch("The request body is not valid JSON (UTF-8).")


def test_a_post_without_a_body_is_not_a_415(intake_client):
    # An operation without a body may be called with none and no content type.
    response = intake_client.generic("POST", "/api/people")
    assert response.status_code == 422


# 422: control characters -------------------------------------------------------------------


@pytest.mark.parametrize("field", ["given_names", "family_name", "street", "notes"])
@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\ud800"])
def test_api_control_characters_are_a_422_naming_the_field(intake_client, field, char):
    response = _json(intake_client, "/api/people", person_api_payload(**{field: f"Am{char}ina"}))
    assert response.status_code == 422
    assert response.json() == {"detail": _dutch(NOT_VALID), "errors": {field: [_dutch(CONTROL)]}}
    assert not Person.objects.exists()


def test_api_control_characters_nested_and_in_keys_are_named_by_their_path(intake_client):
    payload = person_api_payload(languages=["ara", "nl\x00d"])
    payload["bad\x00key"] = "x"
    response = _json(intake_client, "/api/people", payload)
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"languages.1", "bad\\u0000key"}


def test_api_search_with_a_nul_is_a_422(intake_client):
    response = _json(intake_client, "/api/people/search", {"q": "Am\x00ina"})
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"q"}


def test_api_query_string_with_a_nul_is_a_422(intake_client):
    response = intake_client.get("/api/people", {"page": "1\x00"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"page": [_dutch(CONTROL)]}


def test_tabs_and_line_breaks_are_fine(intake_client):
    response = _json(intake_client, "/api/people", person_api_payload(notes="Line one\r\nLine\ttwo"))
    assert response.status_code == 201


@pytest.mark.parametrize("field", ["given_names", "family_name", "street", "notes"])
def test_page_control_characters_are_a_422_page_naming_the_field(intake_client, field):
    response = intake_client.post("/people/new/", person_form_data(**{field: "Am\x00ina"}))
    assert response.status_code == 422
    assert "422.html" in [template.name for template in response.templates]
    assert f"<code>{field}</code>" in response.content.decode()
    assert "Am\x00ina" not in response.content.decode()
    assert not Person.objects.exists()


def test_page_search_with_a_nul_is_a_422(intake_client):
    response = intake_client.post("/people/", {"q": "Am\x00ina"})
    assert response.status_code == 422
    assert "<code>q</code>" in response.content.decode()


def test_page_query_string_with_a_control_character_is_a_422(intake_client):
    assert intake_client.get("/people/?page=%07").status_code == 422


def test_a_control_character_in_a_field_of_an_upload_is_a_422(dispatcher):
    # (Django drops unprintable characters from uploaded file names itself.)
    client = logged_in_client(dispatcher)
    response = client.post(
        "/api/interpreting/library", {"file": _file(10), "title": "Brief\x00", "topic": "x", "language": "ara"}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"title": [_dutch(CONTROL)]}


def test_a_wrong_method_on_the_api_answers_in_the_problem_shape(intake_client):
    response = intake_client.delete("/api/people")
    assert response.status_code == 405
    assert response.json()["detail"] and "GET" in response["Allow"]


def test_a_broken_multipart_body_is_a_clear_400(intake_client):
    # No boundary: Django's parser cannot read the body at all.
    response = intake_client.generic(
        "POST", "/api/interpreting/library", b"--x\r\nnonsense", content_type="multipart/form-data"
    )
    assert response.status_code == 400
    assert response.json()["detail"]
