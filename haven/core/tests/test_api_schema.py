"""The OpenAPI schema is honest: every operation documents the problems it can answer,
in the one problem shape, and no two schemas share a component name (django-ninja would
keep one and describe the other's operations with it)."""

import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from haven.api import api
from haven.core.api import ALWAYS, BODY, field_path, request_errors

pytestmark = pytest.mark.django_db

ERROR_CODES = {400, 401, 403, 404, 405, 409, 413, 415, 422, 429}


def _operations():
    schema = api.get_openapi_schema()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def _codes(operation) -> set[int]:
    return {int(code) for code in operation["responses"]}


def test_every_operation_documents_its_problems():
    missing = {}
    for path, method, operation in _operations():
        expected = set(ALWAYS)
        if "{" in path:
            expected |= {404, 422}
        if operation.get("parameters") and any(p["in"] == "query" for p in operation["parameters"]):
            expected.add(422)
        if "requestBody" in operation:
            expected |= set(BODY)
        if not expected <= _codes(operation):
            missing[f"{method.upper()} {path}"] = sorted(expected - _codes(operation))
        assert any(200 <= code < 300 for code in _codes(operation)), f"{method.upper()} {path}: no success"
    assert missing == {}


def test_every_problem_response_has_the_problem_shape():
    schema = api.get_openapi_schema()
    components = schema["components"]["schemas"]

    def has_problem_fields(node) -> bool:
        if "$ref" in node:
            node = components[node["$ref"].rsplit("/", 1)[1]]
        if "anyOf" in node:
            return all(has_problem_fields(option) for option in node["anyOf"])
        return "detail" in node.get("properties", {}) and "detail" in node.get("required", [])

    for path, method, operation in _operations():
        for code, response in operation["responses"].items():
            if int(code) in ERROR_CODES:
                content = response["content"]["application/json"]["schema"]
                assert has_problem_fields(content), f"{method.upper()} {path} {code}"


def _classes(annotation, seen):
    """The pydantic models and enums an annotation reaches, recursively."""
    import enum
    import typing

    from pydantic import BaseModel, WithJsonSchema

    if typing.get_origin(annotation) is typing.Annotated and any(
        isinstance(meta, WithJsonSchema) for meta in annotation.__metadata__
    ):
        return  # its schema is given inline: no component
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            if not any(isinstance(meta, WithJsonSchema) for meta in field.metadata):  # inlined: no component
                _classes(field.annotation, seen)
    elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        seen.add(annotation)
    for argument in typing.get_args(annotation):
        _classes(argument, seen)


def _shape(cls):
    import enum

    if issubclass(cls, enum.Enum):
        return [member.value for member in cls]
    return cls.model_json_schema()


def test_no_two_schemas_share_a_component_name():
    """django-ninja names a component by its class name and keeps the last one it meets: two
    different classes of one name (interpreting's and people's ``Sex`` once) make the schema
    describe one with the other."""
    seen = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in [*operation.models, *operation.response_models.values()]:
                    _classes(model, seen)
    by_name = {}
    for cls in seen:
        if cls.__module__.startswith("haven."):
            by_name.setdefault(cls.__name__, []).append(cls)
    clashes = sorted(
        f"{name}: {', '.join(sorted(cls.__module__ for cls in classes))}"
        for name, classes in by_name.items()
        if len({json.dumps(_shape(cls), sort_keys=True, default=str) for cls in classes}) > 1
    )
    assert clashes == []


def test_person_sex_is_documented_as_stored():
    schema = api.get_openapi_schema()
    person = schema["components"]["schemas"]["PersonOut"]["properties"]["sex"]
    assert person["enum"] == ["F", "M", "X"]


def test_field_paths():
    assert field_path(("body", "payload", "facts", "register")) == "facts.register"
    assert field_path(("body", "payload", "languages", 0)) == "languages.0"
    assert field_path(("query", "page")) == "page"
    assert field_path(("body", "payload")) == "__all__"


def test_request_errors_are_translated_and_grouped():
    errors = [
        {"type": "missing", "loc": ("body", "payload", "given_names"), "msg": "Field required"},
        {"type": "int_parsing", "loc": ("query", "page"), "msg": "Input should be a valid integer"},
        {"type": "string_too_long", "loc": ("body", "payload", "notes"), "msg": "…", "ctx": {"max_length": 10}},
    ]
    with translation.override("nl"):
        grouped = request_errors(errors)
    assert set(grouped) == {"given_names", "page", "notes"}
    assert grouped["given_names"] == ["Dit veld is verplicht."]  # Django's own catalogue


def _token_client(client, username="schema-user"):
    from haven.accounts.services import api_token_create
    from haven.accounts.tests.factories import UserFactory

    user = UserFactory(
        username=username, first_name="A", last_name="B", email=f"{username}@example.invalid", roles=["intake"]
    )
    _token, key = api_token_create(user=user, name="schema test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_ninja_validation_error_has_the_problem_shape(client):
    headers = _token_client(client)
    response = client.get("/api/people?page=x", **headers)
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str) and body["errors"] == {"page": [body["errors"]["page"][0]]}
    response = client.post(
        "/api/people", data=json.dumps({"given_names": ""}), content_type="application/json", **headers
    )
    assert response.status_code == 422
    body = response.json()
    assert isinstance(body["detail"], str)
    assert {"given_names", "family_name", "birth_date", "sex"} <= set(body["errors"])


def test_not_found_and_unauthorised_have_the_problem_shape(client):
    response = client.get("/api/people")
    assert response.status_code == 401 and isinstance(response.json()["detail"], str)
    assert set(response.json()) == {"detail"}
    headers = _token_client(client)
    response = client.get("/api/integration/registrations/999999?purpose=registration", **headers)
    assert response.status_code == 404 and isinstance(response.json()["detail"], str)
    assert not re.search(r"999999", response.json()["detail"])


def test_sex_is_read_and_written_as_documented(client):
    headers = _token_client(client)
    body = {"given_names": "Amina", "family_name": "Haddad", "birth_date": "1990-02-14", "sex": "F"}
    created = client.post("/api/people", data=json.dumps(body), content_type="application/json", **headers)
    assert created.status_code == 201 and created.json()["sex"] == "F"
    lower = client.post(
        "/api/people",
        data=json.dumps({**body, "sex": "f", "given_names": "Sara"}),
        content_type="application/json",
        **headers,
    )
    assert lower.status_code == 422 and "sex" in lower.json()["errors"]
    assert get_user_model().objects.filter(username="schema-user").exists()
