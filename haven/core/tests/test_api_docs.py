"""The API's description (/api/openapi.json, /api/docs) needs a login in production
(HAVEN_API_DOCS_PUBLIC off) and is open in development."""

import pytest
from django.test import Client

from haven.accounts.services import api_token_create
from haven.core.tests.production_profile import production_settings

SCHEMA = "/api/openapi.json"
DOCS = "/api/docs"


def test_production_closes_the_docs_and_development_opens_them():
    from haven import settings as project_settings

    assert project_settings.HAVEN_API_DOCS_PUBLIC is True  # the suite runs the development profile
    assert production_settings("HAVEN_API_DOCS_PUBLIC") == {"HAVEN_API_DOCS_PUBLIC": "False"}


@pytest.mark.django_db
def test_development_serves_the_schema_and_docs_to_anyone(client):
    assert client.get(SCHEMA).status_code == 200
    assert client.get(SCHEMA).json()["info"]["title"] == "Haven API"
    assert client.get(DOCS).status_code == 200


@pytest.mark.django_db
def test_production_refuses_the_schema_and_docs_without_a_login(settings, client):
    settings.HAVEN_API_DOCS_PUBLIC = False
    schema = client.get(SCHEMA)
    assert schema.status_code == 401
    assert "paths" not in schema.content.decode()
    assert schema.json()["detail"]
    docs = client.get(DOCS)
    assert docs.status_code == 302
    assert docs.url.startswith("/login/?next=")
    assert Client().get(SCHEMA, headers={"Authorization": "Bearer not-a-token"}).status_code == 401


@pytest.mark.django_db
def test_production_serves_them_after_a_login_or_with_a_token(settings, counsellor_client, counsellor):
    settings.HAVEN_API_DOCS_PUBLIC = False
    assert counsellor_client.get(SCHEMA).status_code == 200
    assert counsellor_client.get(DOCS).status_code == 200
    _token, key = api_token_create(user=counsellor, name="schema")
    assert Client().get(SCHEMA, headers={"Authorization": f"Bearer {key}"}).status_code == 200
