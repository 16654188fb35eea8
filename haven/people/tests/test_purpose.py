"""The purpose of a page that shows a record and takes changes to it (people/purpose.py)."""

import pytest
from django.test import RequestFactory
from django.utils.http import urlencode

from haven.core.models import AccessPurpose
from haven.people.purpose import PURPOSE_SESSION_KEY, page_purpose

pytestmark = pytest.mark.django_db


def _request(counsellor, method: str, query: dict | None = None, data: dict | None = None):
    factory = RequestFactory()
    if method == "GET":
        request = factory.get("/", query or {})
    else:
        request = factory.post("/", data or {}, QUERY_STRING=urlencode(query or {}))
    request.user = counsellor
    request.session = {}
    return request


def test_a_get_takes_the_purpose_in_the_url_and_remembers_it(counsellor):
    request = _request(counsellor, "GET", {"purpose": AccessPurpose.CORRECTION})
    assert page_purpose(request, AccessPurpose.COUNSELLING) == AccessPurpose.CORRECTION
    assert request.session[PURPOSE_SESSION_KEY] == AccessPurpose.CORRECTION


def test_a_get_without_a_purpose_takes_the_default(counsellor):
    request = _request(counsellor, "GET")
    assert page_purpose(request, AccessPurpose.COUNSELLING) == AccessPurpose.COUNSELLING
    assert PURPOSE_SESSION_KEY not in request.session


def test_a_post_takes_the_posted_purpose_and_not_the_urls(counsellor):
    request = _request(
        counsellor, "POST", {"purpose": AccessPurpose.COUNSELLING}, {"purpose": AccessPurpose.CORRECTION}
    )
    assert page_purpose(request, AccessPurpose.COUNSELLING) == AccessPurpose.CORRECTION


def test_a_default_the_users_roles_may_not_give_is_replaced_by_one_they_may(counsellor):
    request = _request(counsellor, "POST")
    assert page_purpose(request, AccessPurpose.AUDIT) != AccessPurpose.AUDIT
