"""Event photos: the photos shown (only those whose people all consent), a photo uploaded
with the people in it and their consent, one photo with its people, the image itself, and
one person's photo consent withdrawn (a confirmation page; the photo is then deleted).
Every response that shows a photo traces the people in it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from haven.community import access, selectors, services
from haven.community.forms import ConsentWithdrawForm, PhotoFilterForm, PhotoForm
from haven.core.forms import service_error_to_form
from haven.core.pagination import paginate
from haven.people.purpose import default_purpose, page_purpose, with_purpose

ADD = "community.add_eventphoto"


@login_required
def photo_list(request) -> HttpResponse:
    """The photos shown today, by event. Queries: the count, the page, its people, the trace."""
    access.community_for_user(request.user, "community.view_eventphoto")
    form = PhotoFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    event = filters.get("event")
    rows = selectors.photos(timezone.localdate(), event_id=event.pk if event else None)
    pagination = paginate(request, rows, form, size=24)
    purpose = default_purpose(request)
    shown = [consent.person_id for photo in pagination["page"].object_list for consent in photo.consents.all()]
    access.people_shown(request.user, shown, purpose=purpose)
    context = {"form": form, **pagination, "purpose": purpose, "may_add": access.may(request.user, ADD)}
    return render(request, "community/photo_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def photo_upload(request) -> HttpResponse:
    """A photo of an event with the people in it (file numbers) and their consent."""
    access.community_for_user(request.user, ADD)
    purpose = page_purpose(request, default_purpose(request))
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        people = [
            access.person_for_programme(request.user, person_id, permission=ADD, purpose=purpose, write=True)
            for person_id in data["people"]
        ]
        try:
            photo = services.photo_upload(
                event=data["event"],
                file=data["file"],
                people=people,
                consent_given_on=data["consent_given_on"],
                consent_text_version=data["consent_text_version"],
                by=request.user,
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The photo is saved."))
            return redirect(with_purpose(reverse("community:photo", args=[photo.pk]), purpose))
    status = 422 if request.method == "POST" and form.errors else 200
    return render(request, "community/photo_form.html", {"form": form, "purpose": purpose}, status=status)


@login_required
def photo_detail(request, photo_id: int) -> HttpResponse:
    """A photo with its event and the people in it, each with their consent."""
    purpose = default_purpose(request)
    photo = access.photo_for_user(request.user, photo_id, purpose=purpose)
    context = {
        "photo": photo,
        "consents": list(photo.consents.all()),
        "purpose": purpose,
        "may_withdraw": access.may(request.user, "community.change_photoconsent"),
    }
    return render(request, "community/photo_detail.html", context)


@login_required
def photo_file(request, photo_id: int) -> FileResponse:
    """The image, shown in the page (never cached), while everyone in it consents."""
    photo = access.photo_for_user(request.user, photo_id, purpose=default_purpose(request))
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["Content-Disposition"] = "inline"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def photo_consent_withdraw(request, photo_consent_id: int) -> HttpResponse:
    """One person's consent to a photo withdrawn, after a confirmation page: the photo's
    file is deleted and it leaves every page."""
    purpose = page_purpose(request, default_purpose(request))
    write = request.method == "POST"
    consent = access.photo_consent_for_user(request.user, photo_consent_id, write=write, purpose=purpose)
    if consent.consent_withdrawn_on is not None or consent.photo.file_removed_on is not None:
        messages.info(request, _("This photo is no longer shown."))
        return redirect(with_purpose(reverse("community:photos"), purpose))
    form = ConsentWithdrawForm(request.POST if write else None)
    if write and form.is_valid():
        try:
            services.photo_consent_withdraw(
                consent=consent, by=request.user, on=form.cleaned_data["consent_withdrawn_on"]
            )
        except ValidationError as error:
            service_error_to_form(form, error)
        else:
            messages.success(request, _("The consent is withdrawn: the photo is deleted."))
            return redirect(with_purpose(reverse("community:photos"), purpose))
    person = consent.person
    context = {
        "subnav": "community/_subnav.html",
        "active": "photos",
        "eyebrow": _("Photo of %(event)s") % {"event": consent.photo.event.name},
        "title": f"{person.family_name.upper()} {person.given_names}",
        "given_on": consent.consent_given_on,
        "text_version": consent.consent_text_version,
        "consequences": _(
            "The photo's file is deleted today and the photo is no longer shown anywhere. "
            "The consents of the other people in it are not changed."
        ),
        "items": [],
        "form": form,
        "purpose": purpose,
        "cancel_url": with_purpose(reverse("community:photo", args=[consent.photo_id]), purpose),
    }
    return render(request, "core/consent_withdraw.html", context, status=422 if form.errors else 200)
