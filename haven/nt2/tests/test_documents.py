"""The NT2 documents: a grant letter and a certificate, real PDFs (read back with pypdf),
always in Dutch, and no certificate for a test that was not passed."""

import datetime
import io

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from haven.nt2.documents import AGENCY_NAME, certificate_pdf, scholarship_letter_pdf
from haven.nt2.models import (
    CertificationPurpose,
    CertificationTest,
    Funder,
)
from haven.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2019, 3, 4)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _dutch(message: str) -> str:
    with translation.override("nl"):
        return gettext(message)


def _certification(intake_user, *, reached="A2"):
    person = PersonFactory(given_names="Yusuf", family_name="Demir", birth_date=datetime.date(1985, 7, 3))
    return CertificationTest.objects.create(
        person=person,
        taken_on=DAY,
        purpose=CertificationPurpose.NATIONALITY,
        level_tested="A2",
        level_reached=reached,
        staff=intake_user,
    )


def test_the_grant_letter_is_a_pdf_with_the_person_fund_and_module(scholarship):
    pdf = scholarship_letter_pdf(scholarship)

    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert scholarship.reference in text and scholarship.reference == f"BEURS-2019-{scholarship.pk:05d}"
    assert "Amina Haddad" in text
    assert "14/02/1990" in text  # Belgian dates
    assert "04/03/2019" in text  # the letter is dated the day of the grant
    assert "Beurzenfonds Stad Gent" in text and "(2019)" in text
    assert "Universitair Centrum voor Talenonderwijs" in text and "Nederlands B1 intensief" in text
    assert "16/09/2019" in text and "90" in text
    assert AGENCY_NAME in text


def test_the_grant_letter_is_dutch_when_the_interface_is_english(scholarship):
    with translation.override("en"):
        text = _text(scholarship_letter_pdf(scholarship))
        assert translation.get_language() == "en"  # and the language is given back

    assert _dutch("Date of birth") != "Date of birth"  # a message the catalogue already translates
    assert _dutch("Date of birth") in text
    assert "Date of birth" not in text
    assert _dutch(Funder.CITY.label) in text


def test_a_passed_test_has_a_certificate(intake_user):
    test = _certification(intake_user)

    pdf = certificate_pdf(test, issued_on=datetime.date(2019, 3, 20))

    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert test.reference in text and test.reference == f"NT2-2019-{test.pk:05d}"
    assert "Yusuf Demir" in text and "03/07/1985" in text
    assert "A2" in text
    assert "04/03/2019" in text and "20/03/2019" in text
    assert _dutch(CertificationPurpose.NATIONALITY.label) in text
    assert AGENCY_NAME in text


def test_the_certificate_is_dutch_when_the_interface_is_english(intake_user):
    with translation.override("en"):
        text = _text(certificate_pdf(_certification(intake_user)))

    assert _dutch("Date of birth") in text and "Date of birth" not in text


def test_a_failed_test_has_no_certificate(intake_user):
    test = _certification(intake_user, reached="")

    with pytest.raises(ValueError, match="was not passed"):
        certificate_pdf(test)
