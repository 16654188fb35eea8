"""The access history names changed fields as its reader reads them, never ``birth_date``."""

import pytest
from django.urls import reverse
from django.utils import translation

from haven.accounts.services import user_create
from haven.core.audit import access_record
from haven.core.models import AccessAction, AccessPurpose
from haven.people import field_labels
from haven.people.field_labels import field_label
from haven.people.tests.factories import PersonFactory, faker_seed

LOGGED_NAMES = ["birth_date", "languages", "children", "parents", "nt2_tests", "pauses", "mo_waiting", "counsellor"]


@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_name_the_services_log_has_a_label(language):
    with translation.override(language):
        assert [name for name in LOGGED_NAMES if name not in field_labels.labels()] == []
        assert field_label("birth_date") == {"en": "date of birth", "nl": "geboortedatum"}[language]


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "label"), [("en", "date of birth"), ("nl", "geboortedatum")])
def test_the_access_history_shows_labels_in_the_readers_language(client, language, label):
    faker_seed(13)
    admin = user_create(username="ada", password="x-long-password-1", roles=["admin"])
    person = PersonFactory()
    access_record(
        user=admin, person_id=person.pk, action=AccessAction.UPDATE, purpose=AccessPurpose.AUDIT, fields=["birth_date"]
    )
    client.force_login(admin)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("people:access_history", args=[person.pk])).content.decode()
    assert label in page and "birth_date" not in page
