"""What the community pages share."""

from django.http import HttpRequest

from haven.people.purpose import default_purpose, posted_purpose, read_purpose


def asked_purpose(request: HttpRequest) -> str | None:
    """The purpose of a page showing one person's record: on GET the one in the URL (None:
    ask first), on POST the one posted, else the user's default."""
    if request.method == "GET":
        return read_purpose(request)
    return posted_purpose(request, default_purpose(request))
