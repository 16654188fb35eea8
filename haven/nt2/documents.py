"""The PDF documents of the NT2 line: the grant letter of a scholarship and the certificate
of a passed certification test.

Each is a Django template (``nt2/documents/``, with its own small stylesheet) that
WeasyPrint turns into an A4 PDF. Both are always in Dutch, whatever the interface
language: the letter is handed in at the university language centre and the certificate
goes to Belgian authorities (nationality, social housing, public employers), who read
Dutch. The source strings are English like everywhere else; the Dutch catalogue
translates them.
"""

from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from haven.nt2.models import CertificationTest, Scholarship

# The agency that issues the documents. There is no setting for it (yet): one agency runs
# one installation, and its name on a letter is not something to configure per machine.
AGENCY_NAME = "IN-Gent vzw"
DOCUMENT_LANGUAGE = "nl"


def scholarship_letter_pdf(scholarship: Scholarship) -> bytes:
    """The grant letter: with it the person enrols at the university language centre at a
    reduced fee. Dated the day of the grant, so a reprint is the same letter."""
    return _pdf(
        "nt2/documents/scholarship_letter.html",
        {
            "scholarship": scholarship,
            "person": scholarship.person,
            "fund": scholarship.fund,
            "module": scholarship.module,
            "provider": scholarship.module.provider,
            "dated_on": scholarship.granted_on,
        },
    )


def certificate_pdf(test: CertificationTest, *, issued_on: date | None = None) -> bytes:
    """The certificate of a passed certification test (issued today unless told);
    :class:`ValueError` for a test whose level was not reached."""
    if not test.passed:
        raise ValueError("A certification test that was not passed has no certificate.")
    return _pdf(
        "nt2/documents/certificate.html",
        {
            "test": test,
            "person": test.person,
            "dated_on": issued_on or timezone.localdate(),
        },
    )


def _pdf(template: str, context: dict) -> bytes:
    # Imported here, not at the top: WeasyPrint loads the system's Pango when imported, and
    # a machine without it should still run everything but the documents.
    from weasyprint import HTML

    context = {"agency": AGENCY_NAME, "place": settings.HAVEN_MUNICIPALITY, **context}
    with translation.override(DOCUMENT_LANGUAGE):
        html = render_to_string(template, context)
    return HTML(string=html).write_pdf()
