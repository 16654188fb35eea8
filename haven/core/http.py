"""Types for views: a request whose user is logged in (django-stubs' advice for login_required views)."""

from django.http import HttpRequest

from haven.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """The request of a view behind ``login_required``: ``user`` is a User, never anonymous.
    A type only; Django never builds one."""

    user: User
