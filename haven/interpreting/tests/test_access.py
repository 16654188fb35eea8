"""Access decisions that pages and API take through one function of ``interpreting.access``,
each checked on both channels: who reads and who adds to the translation library
(``library_for_user``, ``library_document_for_user``, ``library_editor_for_user``) and who
cancels a request (``request_to_cancel_for_user``)."""

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from conftest import logged_in_client
from haven.core.models import Language
from haven.interpreting import access
from haven.interpreting.models import AssignmentStatus, LibraryDocument, RequestStatus
from haven.interpreting.services import library as library_service
from haven.interpreting.tests import translations_data as data
from haven.interpreting.tests.factories import (
    AssignmentFactory,
    InterpreterFactory,
    InterpretingRequestFactory,
    PartnerContactFactory,
)

API = "/api/interpreting"
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def document(dispatcher):
    return library_service.library_add(
        title="Schoolreglement",
        topic="Onderwijs",
        language=Language.objects.get(pk="nld"),
        file=data.upload(),
        by=dispatcher,
    )


@pytest.fixture
def reader(request, db):
    """A partner's contact or an interpreter: they read the library, they do not add."""
    if request.param == "partner":
        return PartnerContactFactory().user
    return InterpreterFactory().user


def _pages(user, document):
    client = logged_in_client(user)
    return {
        "search": client.get(reverse("interpreting:library")).status_code,
        "file": client.get(reverse("interpreting:library_file", args=[document.pk])).status_code,
        "add": client.post(
            reverse("interpreting:library_add"), {"title": "x", "topic": "y", "language": "nld", "file": data.upload()}
        ).status_code,
    }


def _api(user, document):
    client = logged_in_client(user)
    return {
        "search": client.get(f"{API}/library").status_code,
        "file": client.get(f"{API}/library/{document.pk}/file").status_code,
        "add": client.post(
            f"{API}/library", {"title": "x", "topic": "y", "language": "nld", "file": data.upload()}
        ).status_code,
    }


@pytest.mark.parametrize("reader", ["partner", "interpreter"], indirect=True)
@pytest.mark.parametrize("channel", [_pages, _api])
def test_partners_and_interpreters_read_the_library_but_do_not_add_to_it(reader, document, channel):
    assert channel(reader, document) == {"search": 200, "file": 200, "add": 403}
    assert list(LibraryDocument.objects.all()) == [document]


@pytest.mark.parametrize("persona", ["manager", "counsellor", "outsider"])
@pytest.mark.parametrize("channel", [_pages, _api])
def test_roles_without_the_interpreting_line_neither_read_nor_add(request, persona, document, channel):
    assert channel(request.getfixturevalue(persona), document) == {"search": 403, "file": 403, "add": 403}


@pytest.mark.parametrize(("channel", "added"), [(_pages, 302), (_api, 201)])
def test_the_dispatcher_reads_and_adds(dispatcher, document, channel, added):
    assert channel(dispatcher, document) == {"search": 200, "file": 200, "add": added}
    assert LibraryDocument.objects.count() == 2
    assert access.library_may_add(dispatcher)


@pytest.mark.parametrize("channel", [_pages, _api])
def test_an_unknown_document_is_not_found_on_either_channel(partner_user, channel, document):
    missing = LibraryDocument(pk=document.pk + 1000)
    assert channel(PartnerContactFactory(user=partner_user).user, missing)["file"] == 404


def test_the_access_functions_answer_for_pages_api_and_services(dispatcher, outsider, document):
    partner = PartnerContactFactory().user
    assert list(access.library_for_user(partner)) == [document]
    assert access.library_document_for_user(partner, document.pk) == document
    access.library_editor_for_user(dispatcher)
    assert not access.library_may_add(partner)
    for refused in (lambda: access.library_for_user(outsider), lambda: access.library_editor_for_user(partner)):
        with pytest.raises(PermissionDenied):
            refused()
    with pytest.raises(PermissionDenied):
        library_service.library_add(
            title="x", topic="y", language=Language.objects.get(pk="nld"), file=data.upload(), by=partner
        )


# Cancelling a request -------------------------------------------------------------------------


def _cancel_page(user, job):
    url = reverse("interpreting:request_cancel", args=[job.pk])
    return logged_in_client(user).post(url, {"confirm": "yes"}).status_code


def _cancel_api(user, job):
    return (
        logged_in_client(user).post(f"{API}/requests/{job.pk}/cancel", {}, content_type="application/json").status_code
    )


@pytest.mark.parametrize(("channel", "done"), [(_cancel_page, 302), (_cancel_api, 200)])
def test_a_partner_cancels_their_organisations_request_and_not_anothers(channel, done):
    job = InterpretingRequestFactory()
    other = PartnerContactFactory().user
    assert channel(other, job) == 404
    assert channel(job.requested_by, job) == done
    job.refresh_from_db()
    assert job.status == RequestStatus.CANCELLED


@pytest.mark.parametrize("channel", [_cancel_page, _cancel_api])
def test_an_interpreter_cancels_nothing_even_with_the_permission(channel):
    assignment = AssignmentFactory()
    interpreter = assignment.interpreter.user
    interpreter.user_permissions.add(Permission.objects.get(codename="change_interpretingrequest"))
    assignment.status = AssignmentStatus.CONFIRMED
    assignment.save(update_fields=["status"])
    assert channel(interpreter, assignment.request) == 403
    assignment.request.refresh_from_db()
    assert assignment.request.status == RequestStatus.OPEN
    assert not access.may_cancel_request(interpreter, assignment.request)
