"""Who sees which interpreting records. Every page and endpoint goes through here.

- The dispatcher (permission ``interpreting.dispatch``) sees every organisation's requests,
  assignments, sheets, invoices and translations.
- A partner user sees only their own organisation's: a record of another organisation is
  "not found" (404), never "forbidden", so that ids reveal nothing.
- An interpreter sees only their own assignments, sheets and translations.
- Other roles (managers included: they see the report's aggregates) see nothing.
- The translation library holds standard documents, no one's data: every reader (partners,
  interpreters, the dispatcher) sees all of it; the dispatcher adds to it.

The requests hold no personal data of newcomers (a partner describes the job, not the
client), so reads are not written to the person access log.
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from haven.accounts.models import User
from haven.core.access import require_permission as _require
from haven.interpreting.models import (
    Assignment,
    AssignmentStatus,
    Interpreter,
    InterpretingRequest,
    Invoice,
    LibraryDocument,
    Organisation,
    Timesheet,
    TranslationOrder,
)

DISPATCH = "interpreting.dispatch"
CANCEL_REQUEST = "interpreting.change_interpretingrequest"
LIBRARY_VIEW = "interpreting.view_librarydocument"
LIBRARY_ADD = "interpreting.add_librarydocument"

# Who asks: a request's user (maybe anonymous) or an API token's.
AnyUser = User | AnonymousUser


def _active(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active)


def is_dispatcher(user: AnyUser) -> bool:
    return _active(user) and user.has_perm(DISPATCH)


def organisation_of(user: AnyUser) -> Organisation | None:
    """The partner organisation a user books for, if any."""
    if not _active(user):
        return None
    contact = getattr(user, "partner_contact", None)
    return contact.organisation if contact is not None else None


def interpreter_of(user: AnyUser) -> Interpreter | None:
    if not _active(user) or user.pk is None:
        return None
    return Interpreter.objects.filter(user_id=user.pk).first()


def partner_for_user(user: AnyUser, permission: str = "interpreting.view_interpretingrequest") -> Organisation:
    """The organisation of a partner user, for the portal; 403 for anyone else."""
    _require(user, permission)
    organisation = organisation_of(user)
    if organisation is None:
        raise PermissionDenied
    return organisation


def dispatcher_for_user(user: AnyUser) -> None:
    if not is_dispatcher(user):
        raise PermissionDenied


def requests_for_user(
    user: AnyUser, permission: str = "interpreting.view_interpretingrequest"
) -> QuerySet[InterpretingRequest]:
    """The requests this user may see: all for the dispatcher, the organisation's for a
    partner, the ones assigned to them for an interpreter."""
    if is_dispatcher(user):
        return InterpretingRequest.objects.all()
    if _active(user) and user.has_perm(permission):
        organisation = organisation_of(user)
        if organisation is not None:
            return InterpretingRequest.objects.filter(organisation=organisation)
    interpreter = interpreter_of(user)
    if interpreter is not None and user.has_perm("interpreting.view_assignment"):
        # Only jobs they are booked for: a proposal that was replaced shows them nothing.
        return InterpretingRequest.objects.filter(
            assignments__interpreter=interpreter, assignments__status=AssignmentStatus.CONFIRMED
        ).distinct()
    raise PermissionDenied


def request_for_user(
    user: AnyUser, request_id: int, *, permission: str = "interpreting.view_interpretingrequest"
) -> InterpretingRequest:
    _require(user, permission)
    found = (
        requests_for_user(user, permission)
        .select_related("organisation", "language", "site__zone", "preferred_interpreter")
        .filter(pk=request_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def _cancels_for(user: AnyUser, job: InterpretingRequest) -> bool:
    return is_dispatcher(user) or organisation_of(user) == job.organisation


def may_cancel_request(user: AnyUser, job: InterpretingRequest) -> bool:
    """Whether the user cancels this request: the dispatcher, or a partner of its
    organisation, with ``change_interpretingrequest`` (the page shows the button)."""
    return _active(user) and user.has_perm(CANCEL_REQUEST) and _cancels_for(user, job)


def request_to_cancel_for_user(user: AnyUser, request_id: int) -> InterpretingRequest:
    """A request the user may cancel (page and API): 404 when they may not see it, 403 when
    they see it but do not book for its organisation (an interpreter with the permission
    still cancels nothing)."""
    job = request_for_user(user, request_id, permission=CANCEL_REQUEST)
    if not _cancels_for(user, job):
        raise PermissionDenied
    return job


def assignments_for_user(user: AnyUser) -> QuerySet[Assignment]:
    if is_dispatcher(user):
        return Assignment.objects.all()
    interpreter = interpreter_of(user)
    if interpreter is not None and user.has_perm("interpreting.view_assignment"):
        return Assignment.objects.filter(interpreter=interpreter)
    organisation = organisation_of(user)
    if organisation is not None and user.has_perm("interpreting.view_interpretingrequest"):
        # A partner sees who is booked, not whom dispatch proposed or replaced.
        return Assignment.objects.filter(request__organisation=organisation, status=AssignmentStatus.CONFIRMED)
    raise PermissionDenied


def assignment_for_user(user: AnyUser, assignment_id: int) -> Assignment:
    found = (
        assignments_for_user(user)
        .select_related("request__organisation", "request__language", "request__site__zone", "interpreter")
        .filter(pk=assignment_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def timesheets_for_user(user: AnyUser) -> QuerySet[Timesheet]:
    if is_dispatcher(user):  # every sheet: no semi-join over every assignment
        return Timesheet.objects.all()
    return Timesheet.objects.filter(assignment__in=assignments_for_user(user))


def timesheet_for_user(user: AnyUser, timesheet_id: int) -> Timesheet:
    found = (
        timesheets_for_user(user)
        .select_related("assignment__request__organisation", "assignment__interpreter")
        .filter(pk=timesheet_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def invoices_for_user(user: AnyUser) -> QuerySet[Invoice]:
    if is_dispatcher(user):
        return Invoice.objects.all()
    organisation = organisation_of(user)
    if organisation is not None and user.has_perm("interpreting.view_invoice"):
        return Invoice.objects.filter(organisation=organisation)
    raise PermissionDenied


def invoice_for_user(user: AnyUser, invoice_id: int) -> Invoice:
    found = invoices_for_user(user).select_related("organisation").filter(pk=invoice_id).first()
    if found is None:
        raise Http404
    return found


def translations_for_user(user: AnyUser) -> QuerySet[TranslationOrder]:
    if is_dispatcher(user):
        return TranslationOrder.objects.all()
    scope = Q()
    allowed = False
    organisation = organisation_of(user)
    if organisation is not None and user.has_perm("interpreting.view_translationorder"):
        scope |= Q(organisation=organisation)
        allowed = True
    interpreter = interpreter_of(user)
    if interpreter is not None and user.has_perm("interpreting.view_translationorder"):
        scope |= Q(translator=interpreter)
        allowed = True
    if not allowed:
        raise PermissionDenied
    return TranslationOrder.objects.filter(scope)


def translation_for_user(user: AnyUser, order_id: int) -> TranslationOrder:
    found = (
        translations_for_user(user)
        .select_related("organisation", "source_language", "target_language", "translator")
        .filter(pk=order_id)
        .first()
    )
    if found is None:
        raise Http404
    return found


def translation_delivery_for_user(user: AnyUser, order_id: int) -> TranslationOrder:
    """A translation order the user may deliver: its assigned translator, or the dispatcher.
    Checked before the upload is read, so nobody else gets as far as a validation error."""
    order = translation_for_user(user, order_id)
    translator_user = order.translator.user_id if order.translator is not None else None
    if not (is_dispatcher(user) or (translator_user is not None and translator_user == user.pk)):
        raise PermissionDenied
    return order


# The translation library ------------------------------------------------------------------


def library_for_user(user: AnyUser) -> QuerySet[LibraryDocument]:
    """The library: partners, interpreters and the dispatcher read it (permission
    ``view_librarydocument``); anyone else gets 403. Standard documents hold no one's data,
    so every reader sees all of it."""
    _require(user, LIBRARY_VIEW)
    return LibraryDocument.objects.all()


def library_document_for_user(user: AnyUser, document_id: int) -> LibraryDocument:
    """One document (an original or a translation) for its download; 404 when unknown."""
    found = library_for_user(user).select_related("language").filter(pk=document_id).first()
    if found is None:
        raise Http404
    return found


def library_may_add(user: AnyUser) -> bool:
    """Whether the user adds documents to the library (the dispatcher), for the page's form."""
    return _active(user) and user.has_perm(LIBRARY_VIEW) and user.has_perm(LIBRARY_ADD)


def library_editor_for_user(user: AnyUser) -> None:
    """Who adds a document or a translation to the library: a reader of it who also holds
    ``add_librarydocument``; 403 for anyone else (the page, the API and the service ask)."""
    library_for_user(user)
    _require(user, LIBRARY_ADD)
