"""The PDF documents of the NT2 line: the grant letter and the certificate."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse

from haven.nt2 import access
from haven.nt2.models import CertificationTest, Scholarship
from haven.nt2.views.intake import intake_purpose


def _pdf(content: bytes, filename: str) -> HttpResponse:
    """A PDF to download; the file name carries the record's reference, never a name."""
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def scholarship_letter(request, scholarship_id: int) -> HttpResponse:
    """The grant letter the person takes to the university language centre."""
    from haven.nt2 import documents

    scholarship = access.record_for_user(
        request.user,
        Scholarship,
        scholarship_id,
        related=("fund", "module__provider", "granted_by"),
        purpose=intake_purpose(request),
    )
    return _pdf(documents.scholarship_letter_pdf(scholarship), f"beurs-{scholarship.reference}.pdf")


@login_required
def certificate(request, test_id: int) -> HttpResponse:
    """The certificate of a passed certification test."""
    from haven.nt2 import documents

    test = access.record_for_user(
        request.user, CertificationTest, test_id, related=("contract", "staff"), purpose=intake_purpose(request)
    )
    if not test.passed:
        raise Http404
    return _pdf(documents.certificate_pdf(test), f"certificaat-{test.reference}.pdf")
