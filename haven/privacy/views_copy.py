"""A person's own copy (GDPR art. 15 and 20) from the privacy officer's pages: the form
POSTs here, a background job makes the zip (``subject_copy_tasks``) and the officer follows
it on the job's page, which sends them to the download when it is done. The file is theirs
only: anyone else gets a 404, as for the job itself; every download is traced."""

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from haven.core.access import require_permission
from haven.core.audit import access_record
from haven.core.http import AuthenticatedHttpRequest
from haven.core.models import AccessAction, AccessPurpose
from haven.jobs.access import job_for_user
from haven.jobs.views import job_redirect
from haven.people.access import person_for_record
from haven.privacy.forms_copy import SubjectCopyForm
from haven.privacy.subject_copy_files import CONTENT_TYPE, copy_file
from haven.privacy.subject_copy_tasks import COPY_PERMISSION, subject_copy_start


@login_required
@require_POST
def copy_start(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    """Start making the person's copy; the officer follows the job. A refused form comes back
    with its errors (400), naming the person by file number only."""
    person = person_for_record(
        request.user,
        person_id,
        purpose=AccessPurpose.SUBJECT_REQUEST,
        permission=COPY_PERMISSION,
        starts=None,
        write=True,
    )
    form = SubjectCopyForm(request.POST)
    if not form.is_valid():
        return render(request, "privacy/copy_start.html", {"copy_form": form, "person": person}, status=400)
    subject_request = subject_copy_start(person=person, by=request.user, **form.cleaned_data)
    assert subject_request.job is not None
    return job_redirect(request, subject_request.job)


@login_required
@require_GET
def copy_download(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponseBase:
    """The zip a copy job made, for the officer who started it (404 for anyone else)."""
    require_permission(request.user, COPY_PERMISSION)
    kept = copy_file(job_for_user(request.user, job_id))
    access_record(
        user=request.user,
        person_id=kept.person_id,
        action=AccessAction.EXPORT,
        purpose=AccessPurpose.SUBJECT_REQUEST,
        page=reverse("privacy:copy_download", args=[job_id]),
        fields=["download"],
    )
    response = FileResponse(
        default_storage.open(kept.path, "rb"), as_attachment=True, filename=kept.filename, content_type=CONTENT_TYPE
    )
    response["Cache-Control"] = "private, no-store"
    return response
