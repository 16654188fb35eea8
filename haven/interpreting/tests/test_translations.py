"""Translations and the library: the services (ordering, the translator's languages,
delivery, cancellation, the library's rules and search) and the pages (who orders, assigns,
delivers, downloads; partner isolation; uploads checked; lists in a fixed number of queries)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import logged_in_client
from haven.core.models import Language
from haven.interpreting import files, selectors
from haven.interpreting.models import Agreement, AgreementStatus, LibraryDocument, TranslationOrder, TranslationStatus
from haven.interpreting.services import library as library_service
from haven.interpreting.services import translations
from haven.interpreting.tests import translations_data as data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def org_a(db):
    return data.organisation(1, "Basisschool A")


@pytest.fixture
def org_b(db):
    return data.organisation(2, "Ziekenhuis B")


@pytest.fixture
def partner_a(partner_user, org_a):
    return data.contact(partner_user, org_a)


@pytest.fixture
def partner_b(org_b):
    return data.partner("bea", org_b)


@pytest.fixture
def arabic(db):
    """Translates Arabic (and Dutch, which every translator works in); not sworn."""
    return data.translator("samira", ["ara"])


@pytest.fixture
def sworn(db):
    """A sworn translator of Arabic and French."""
    return data.translator("youssef", ["ara", "fra"], sworn=True, family_name="Benali")


def _values(**changes):
    values = {
        "title": "Schoolreglement",
        "kind": "informative",
        "source_language": Language.objects.get(pk="nld"),
        "target_language": Language.objects.get(pk="ara"),
        "pages": 4,
        "deadline": data.in_days(10),
    }
    values.update(changes)
    return values


def _messages(error: ValidationError, field: str) -> list[str]:
    return error.value.message_dict[field]


# Services: ordering -----------------------------------------------------------------------


def test_a_partner_orders_a_translation(org_a, partner_a):
    order = translations.translation_order(organisation=org_a, by=partner_a, values=_values())

    order.refresh_from_db()
    assert (order.status, order.pages, order.organisation, order.requested_by) == (
        TranslationStatus.REQUESTED,
        4,
        org_a,
        partner_a,
    )
    assert order.translator is None and not order.delivered_file


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"target_language": "nld"}, "target_language", "Translate into another language."),
        ({"pages": 0}, "pages", "Ensure this value is greater than or equal to 1."),
        ({"deadline": 0}, "deadline", "The deadline must be after today."),
        ({"title": ""}, "title", "This field cannot be blank."),
    ],
)
def test_a_wrong_order_is_refused_with_the_field(org_a, partner_a, changes, field, message):
    if "target_language" in changes:
        changes["target_language"] = Language.objects.get(pk=changes["target_language"])
    if "deadline" in changes:
        changes["deadline"] = data.in_days(changes["deadline"])
    with pytest.raises(ValidationError) as error:
        translations.translation_order(organisation=org_a, by=partner_a, values=_values(**changes))
    assert message in _messages(error, field)
    assert not TranslationOrder.objects.exists()


def test_an_organisation_without_an_agreement_in_force_cannot_order(org_a, partner_a):
    Agreement.objects.filter(organisation=org_a).update(status=AgreementStatus.ENDED)
    with pytest.raises(ValidationError, match="no cooperation agreement"):
        translations.translation_order(organisation=org_a, by=partner_a, values=_values())


# Services: the translator ------------------------------------------------------------------


def test_dutch_counts_as_known_by_every_translator(org_a, partner_a, dispatcher, arabic):
    order = data.order(org_a, partner_a, source="nld", target="ara")
    translations.translation_assign(order=order, translator=arabic, by=dispatcher)

    order.refresh_from_db()
    assert (order.translator, order.status) == (arabic, TranslationStatus.ASSIGNED)


def test_a_translator_must_work_in_both_languages(org_a, partner_a, dispatcher, arabic, sworn):
    order = data.order(org_a, partner_a, source="fra", target="ara")
    with pytest.raises(ValidationError) as error:
        translations.translation_assign(order=order, translator=arabic, by=dispatcher)
    assert _messages(error, "translator") == ["This translator does not work in both languages of the order."]

    translations.translation_assign(order=order, translator=sworn, by=dispatcher)
    assert TranslationOrder.objects.get(pk=order.pk).translator == sworn


def test_an_official_translation_needs_a_sworn_translator(org_a, partner_a, dispatcher, arabic, sworn):
    order = data.order(org_a, partner_a, kind="official")
    with pytest.raises(ValidationError, match="sworn"):
        translations.translation_assign(order=order, translator=arabic, by=dispatcher)
    translations.translation_assign(order=order, translator=sworn, by=dispatcher)


def test_an_interpreter_who_does_not_translate_is_refused(org_a, partner_a, dispatcher):
    interpreter = data.translator("ilse", ["ara"], translates=False)
    with pytest.raises(ValidationError, match="does not take translations"):
        translations.translation_assign(order=data.order(org_a, partner_a), translator=interpreter, by=dispatcher)


def test_only_the_dispatcher_assigns(org_a, partner_a, arabic):
    with pytest.raises(PermissionDenied):
        translations.translation_assign(order=data.order(org_a, partner_a), translator=arabic, by=partner_a)


def test_the_choice_lists_only_qualified_translators(org_a, partner_a, arabic, sworn):
    data.translator("ilse", ["ara"], translates=False)
    assert translations.translators_for(data.order(org_a, partner_a)) == [sworn, arabic]
    assert translations.translators_for(data.order(org_a, partner_a, source="fra")) == [sworn]
    assert translations.translators_for(data.order(org_a, partner_a, target="tur")) == []


# Services: delivery and cancellation ------------------------------------------------------


def test_the_translator_delivers_and_corrects_the_pages(org_a, partner_a, arabic, media):
    order = data.order(org_a, partner_a, translator_=arabic, pages=3)
    translations.translation_deliver(order=order, by=arabic.user, file=data.upload("Reglement Ahmed.pdf"), pages=5)

    order.refresh_from_db()
    assert (order.status, order.pages, order.delivered_on) == (TranslationStatus.DELIVERED, 5, data.in_days(0))
    # the stored name is Haven's, not the uploaded one (no names in paths)
    assert order.delivered_file.name.startswith("translations/")
    assert order.delivered_file.name.endswith(f"translation-{order.pk}.pdf")
    assert (media / order.delivered_file.name).read_bytes() == data.PDF


def test_another_translator_cannot_deliver_but_the_dispatcher_can(org_a, partner_a, arabic, sworn, dispatcher):
    order = data.order(org_a, partner_a, translator_=arabic)
    with pytest.raises(PermissionDenied):
        translations.translation_deliver(order=order, by=sworn.user, file=data.upload())
    with pytest.raises(PermissionDenied):
        translations.translation_deliver(order=order, by=partner_a, file=data.upload())
    translations.translation_deliver(order=order, by=dispatcher, file=data.upload())
    assert TranslationOrder.objects.get(pk=order.pk).status == TranslationStatus.DELIVERED


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("vertaling.exe", data.PDF, "Upload a PDF, Word (docx), OpenDocument (odt) or text file."),
        ("vertaling.pdf", b"", "The file is empty."),
        ("vertaling.pdf", b"x" * 11, "The file is larger than 20 MB."),
    ],
)
def test_a_wrong_upload_is_refused(org_a, partner_a, arabic, monkeypatch, name, content, message):
    monkeypatch.setattr(files, "UPLOAD_MAX_BYTES", 10)
    order = data.order(org_a, partner_a, translator_=arabic)
    with pytest.raises(ValidationError) as error:
        translations.translation_deliver(order=order, by=arabic.user, file=data.upload(name, content))
    assert _messages(error, "file") == [message]
    assert TranslationOrder.objects.get(pk=order.pk).status == TranslationStatus.ASSIGNED


def test_an_order_without_a_translator_cannot_be_delivered(org_a, partner_a, dispatcher):
    with pytest.raises(ValidationError, match="Only an assigned translation"):
        translations.translation_deliver(order=data.order(org_a, partner_a), by=dispatcher, file=data.upload())


def test_the_partner_cancels_before_delivery_only(org_a, org_b, partner_a, partner_b, arabic):
    order = data.order(org_a, partner_a, translator_=arabic)
    with pytest.raises(PermissionDenied):
        translations.translation_cancel(order=order, by=partner_b)
    translations.translation_cancel(order=order, by=partner_a)
    assert TranslationOrder.objects.get(pk=order.pk).status == TranslationStatus.CANCELLED

    delivered = data.order(org_a, partner_a, translator_=arabic, status=TranslationStatus.DELIVERED)
    with pytest.raises(ValidationError, match="can no longer be cancelled"):
        translations.translation_cancel(order=delivered, by=partner_a)


def test_a_cancelled_order_is_not_assigned(org_a, partner_a, dispatcher, arabic):
    order = data.order(org_a, partner_a, status=TranslationStatus.CANCELLED)
    with pytest.raises(ValidationError, match="no longer open"):
        translations.translation_assign(order=order, translator=arabic, by=dispatcher)


# Services: the library ---------------------------------------------------------------------


def _language(code):
    return Language.objects.get(pk=code)


@pytest.fixture
def library(dispatcher):
    rules = library_service.library_add(
        title="Schoolreglement",
        topic="Onderwijs",
        language=_language("nld"),
        file=data.upload("reglement.pdf"),
        by=dispatcher,
    )
    library_service.library_add(
        title="School rules (Arabic)",
        topic="Onderwijs",
        language=_language("ara"),
        file=data.upload("ara.docx"),
        original=rules,
        by=dispatcher,
    )
    library_service.library_add(
        title="School rules (Turkish)",
        topic="Onderwijs",
        language=_language("tur"),
        file=data.upload("tur.odt"),
        original=rules,
        by=dispatcher,
    )
    vaccination = library_service.library_add(
        title="Vaccinatiekalender",
        topic="Gezondheid",
        language=_language("nld"),
        file=data.upload("vacc.txt"),
        by=dispatcher,
    )
    library_service.library_add(
        title="Calendrier de vaccination",
        topic="Gezondheid",
        language=_language("fra"),
        file=data.upload("fra.pdf"),
        original=vaccination,
        by=dispatcher,
    )
    return {"rules": rules, "vaccination": vaccination}


def test_a_translation_of_the_library_is_one_per_language_and_not_the_originals(dispatcher, library):
    rules = library["rules"]
    with pytest.raises(ValidationError) as same:
        library_service.library_add(
            title="x", topic="Onderwijs", language=_language("nld"), file=data.upload(), original=rules, by=dispatcher
        )
    assert _messages(same, "language") == ["A translation is in another language than the original."]
    with pytest.raises(ValidationError) as twice:
        library_service.library_add(
            title="x", topic="Onderwijs", language=_language("ara"), file=data.upload(), original=rules, by=dispatcher
        )
    assert _messages(twice, "language") == ["The library already has this document in that language."]
    translation = rules.translations.get(language="ara")
    with pytest.raises(ValidationError) as nested:
        library_service.library_add(
            title="x",
            topic="Onderwijs",
            language=_language("fra"),
            file=data.upload(),
            original=translation,
            by=dispatcher,
        )
    assert "original" in nested.value.message_dict
    assert LibraryDocument.objects.count() == 5


def test_only_the_dispatcher_adds_to_the_library(partner_a):
    with pytest.raises(PermissionDenied):
        library_service.library_add(title="x", topic="y", language=_language("nld"), file=data.upload(), by=partner_a)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ({}, ["Vaccinatiekalender", "Schoolreglement"]),
        ({"text": "regl"}, ["Schoolreglement"]),
        ({"text": "calendrier"}, ["Vaccinatiekalender"]),  # found through a translation's title
        ({"text": "gezond"}, ["Vaccinatiekalender"]),  # the topic
        ({"topic": "onderwijs"}, ["Schoolreglement"]),
        ({"language": "tur"}, ["Schoolreglement"]),
        ({"language": "nld"}, ["Vaccinatiekalender", "Schoolreglement"]),
        ({"language": "fra", "topic": "Onderwijs"}, []),
    ],
)
def test_the_library_is_searched_by_text_topic_and_language(library, search, expected):
    assert [document.title for document in selectors.library_search(**search)] == expected


# Pages -------------------------------------------------------------------------------------


def _order_form(**changes):
    form = {
        "title": "Brief aan de ouders",
        "kind": "informative",
        "source_language": "nld",
        "target_language": "ara",
        "pages": "2",
        "deadline": data.in_days(7).strftime("%d/%m/%Y"),
    }
    form.update(changes)
    return form


def test_a_partner_orders_through_the_page(partner_a, org_a):
    client = logged_in_client(partner_a)
    assert client.get(reverse("interpreting:translation_new")).status_code == 200

    response = client.post(reverse("interpreting:translation_new"), _order_form())

    order = TranslationOrder.objects.get()
    assert response.status_code == 302 and response.url == reverse("interpreting:translation", args=[order.pk])
    assert (order.organisation, order.pages, order.target_language_id) == (org_a, 2, "ara")


def test_a_wrong_order_shows_the_message_on_the_field(partner_a):
    response = logged_in_client(partner_a).post(
        reverse("interpreting:translation_new"), _order_form(target_language="nld")
    )
    assert response.status_code == 422
    assert "Translate into another language." in response.content.decode()
    assert not TranslationOrder.objects.exists()


@pytest.mark.parametrize("persona", ["dispatcher", "manager", "counsellor", "outsider"])
def test_only_partners_order(request, persona):
    client = logged_in_client(request.getfixturevalue(persona))
    assert client.get(reverse("interpreting:translation_new")).status_code == 403


def test_a_partner_lists_and_reads_only_their_organisations_orders(org_a, org_b, partner_a, partner_b):
    own = data.order(org_a, partner_a, title="Brief A")
    other = data.order(org_b, partner_b, title="Brief B")
    client = logged_in_client(partner_a)

    listed = client.get(reverse("interpreting:translations")).content.decode()
    assert "Brief A" in listed and "Brief B" not in listed
    assert client.get(reverse("interpreting:translation", args=[own.pk])).status_code == 200
    for name in ("translation", "translation_file"):
        assert client.get(reverse(f"interpreting:{name}", args=[other.pk])).status_code == 404
    for name in ("translation_cancel", "translation_deliver", "translation_assign"):
        assert client.post(reverse(f"interpreting:{name}", args=[other.pk])).status_code == 404
    assert TranslationOrder.objects.get(pk=other.pk).status == TranslationStatus.REQUESTED


def test_the_delivered_file_is_downloaded_through_the_access_check(org_a, partner_a, partner_b, arabic):
    order = data.order(org_a, partner_a, translator_=arabic, title="Brief aan de ouders")
    translations.translation_deliver(order=order, by=arabic.user, file=data.upload())

    response = logged_in_client(partner_a).get(reverse("interpreting:translation_file", args=[order.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data.PDF
    assert response["Content-Disposition"].startswith('attachment; filename="brief-aan-de-ouders-ara.pdf"')
    assert response["Cache-Control"] == "private, no-store"
    assert logged_in_client(partner_b).get(reverse("interpreting:translation_file", args=[order.pk])).status_code == 404


def test_a_file_not_delivered_yet_is_404(org_a, partner_a):
    order = data.order(org_a, partner_a)
    assert logged_in_client(partner_a).get(reverse("interpreting:translation_file", args=[order.pk])).status_code == 404


def test_the_dispatcher_assigns_through_the_page(org_a, partner_a, dispatcher, arabic, sworn):
    order = data.order(org_a, partner_a, source="fra", target="ara")
    client = logged_in_client(dispatcher)
    page = client.get(reverse("interpreting:translation", args=[order.pk])).content.decode()
    assert str(sworn) in page and str(arabic) not in page  # only who works in both languages

    refused = client.post(reverse("interpreting:translation_assign", args=[order.pk]), {"translator": arabic.pk})
    assert refused.status_code == 422
    done = client.post(reverse("interpreting:translation_assign", args=[order.pk]), {"translator": sworn.pk})
    assert done.status_code == 302
    assert TranslationOrder.objects.get(pk=order.pk).translator == sworn


def test_a_partner_cannot_assign(org_a, partner_a, arabic):
    order = data.order(org_a, partner_a)
    response = logged_in_client(partner_a).post(
        reverse("interpreting:translation_assign", args=[order.pk]), {"translator": arabic.pk}
    )
    assert response.status_code == 403


def test_the_translator_sees_their_orders_and_delivers_an_upload(org_a, partner_a, arabic, sworn):
    mine = data.order(org_a, partner_a, translator_=arabic, title="Voor Samira")
    data.order(org_a, partner_a, translator_=sworn, title="Voor Youssef")
    client = logged_in_client(arabic.user)

    listed = client.get(reverse("interpreting:translations")).content.decode()
    assert "Voor Samira" in listed and "Voor Youssef" not in listed
    assert "deliver-form" in client.get(reverse("interpreting:translation", args=[mine.pk])).content.decode()

    response = client.post(
        reverse("interpreting:translation_deliver", args=[mine.pk]),
        {"file": data.upload("klaar.docx", b"PK docx"), "pages": "4"},
    )

    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.pages) == (TranslationStatus.DELIVERED, 4)
    assert mine.delivered_file.name.endswith(".docx")


def test_a_wrong_upload_on_the_page_is_422(org_a, partner_a, arabic):
    order = data.order(org_a, partner_a, translator_=arabic)
    response = logged_in_client(arabic.user).post(
        reverse("interpreting:translation_deliver", args=[order.pk]), {"file": data.upload("klaar.exe")}
    )
    assert response.status_code == 422
    assert "Upload a PDF" in response.content.decode()


def test_another_translator_does_not_see_the_order(org_a, partner_a, arabic, sworn):
    order = data.order(org_a, partner_a, translator_=arabic)
    client = logged_in_client(sworn.user)
    assert client.get(reverse("interpreting:translation", args=[order.pk])).status_code == 404
    assert (
        client.post(reverse("interpreting:translation_deliver", args=[order.pk]), {"file": data.upload()}).status_code
        == 404
    )


def test_the_partner_cancels_on_the_page(org_a, partner_a):
    order = data.order(org_a, partner_a)
    response = logged_in_client(partner_a).post(reverse("interpreting:translation_cancel", args=[order.pk]))
    assert response.status_code == 302
    assert TranslationOrder.objects.get(pk=order.pk).status == TranslationStatus.CANCELLED


@pytest.mark.parametrize("persona", ["manager", "counsellor", "outsider"])
def test_roles_without_the_line_see_no_translation_page(request, persona, org_a, partner_a):
    order = data.order(org_a, partner_a)
    client = logged_in_client(request.getfixturevalue(persona))
    for url in (
        reverse("interpreting:translations"),
        reverse("interpreting:translation", args=[order.pk]),
        reverse("interpreting:translation_file", args=[order.pk]),
        reverse("interpreting:library"),
    ):
        assert client.get(url).status_code == 403, url


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("persona", ["dispatcher", "partner_a"])
def test_the_orders_list_costs_the_same_queries_for_1_or_10_orders(request, persona, org_a, partner_a, arabic):
    client = logged_in_client(request.getfixturevalue(persona))
    url = reverse("interpreting:translations")
    data.order(org_a, partner_a, translator_=arabic)
    one = _queries(client, url)
    for _ in range(9):
        data.order(org_a, partner_a, translator_=arabic)
    assert _queries(client, url) == one


def test_the_orders_list_is_paginated_and_filtered(org_a, partner_a, arabic):
    for number in range(27):
        data.order(org_a, partner_a, title=f"Brief {number:02d}")
    data.order(org_a, partner_a, translator_=arabic, title="Toegewezen")
    client = logged_in_client(partner_a)
    first = client.get(reverse("interpreting:translations")).content.decode()
    assert "28 orders" in first and "page 1 of 2" in first
    assigned = client.get(reverse("interpreting:translations") + "?status=assigned").content.decode()
    assert "1 order" in assigned and "Toegewezen" in assigned


# Library pages -----------------------------------------------------------------------------


def test_the_library_page_searches_and_shows_translations_per_language(partner_a, library):
    client = logged_in_client(partner_a)
    page = client.get(reverse("interpreting:library") + "?language=tur").content.decode()
    assert "Schoolreglement" in page and "Vaccinatiekalender" not in page
    rules = library["rules"]
    for translation in rules.translations.all():
        assert reverse("interpreting:library_file", args=[translation.pk]) in page
    assert "library-add" not in page  # partners do not add


@pytest.mark.parametrize("persona", ["partner_a", "dispatcher", "interpreter"])
def test_partners_interpreters_and_the_dispatcher_download_from_the_library(request, persona, library, arabic):
    user = arabic.user if persona == "interpreter" else request.getfixturevalue(persona)
    translation = library["rules"].translations.get(language="ara")
    response = logged_in_client(user).get(reverse("interpreting:library_file", args=[translation.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data.PDF
    assert response["Content-Disposition"].startswith('attachment; filename="school-rules-arabic-ara.docx"')


def test_the_dispatcher_adds_to_the_library_on_the_page(dispatcher, library):
    client = logged_in_client(dispatcher)
    assert "library-add" in client.get(reverse("interpreting:library")).content.decode()
    response = client.post(
        reverse("interpreting:library_add"),
        {
            "title": "Vaccination calendar",
            "topic": "Gezondheid",
            "language": "eng",
            "original": library["vaccination"].pk,
            "file": data.upload("eng.pdf"),
        },
    )
    assert response.status_code == 302
    assert library["vaccination"].translations.filter(language="eng").exists()

    refused = client.post(
        reverse("interpreting:library_add"),
        {
            "title": "Again",
            "topic": "Gezondheid",
            "language": "eng",
            "original": library["vaccination"].pk,
            "file": data.upload("eng.pdf"),
        },
    )
    assert refused.status_code == 422
    assert "The library already has this document in that language." in refused.content.decode()


def test_a_partner_cannot_add_to_the_library(partner_a):
    response = logged_in_client(partner_a).post(
        reverse("interpreting:library_add"), {"title": "x", "topic": "y", "language": "nld", "file": data.upload()}
    )
    assert response.status_code == 403
    assert not LibraryDocument.objects.exists()


def test_the_library_page_costs_the_same_queries_for_1_or_10_documents(dispatcher, partner_a):
    client = logged_in_client(partner_a)
    url = reverse("interpreting:library")

    def add(number):
        original = library_service.library_add(
            title=f"Document {number}",
            topic=f"Topic {number}",
            language=_language("nld"),
            file=data.upload(),
            by=dispatcher,
        )
        for code in ("ara", "tur"):
            library_service.library_add(
                title=f"Document {number} {code}",
                topic=f"Topic {number}",
                language=_language(code),
                file=data.upload(),
                original=original,
                by=dispatcher,
            )

    add(0)
    one = _queries(client, url)
    for number in range(1, 10):
        add(number)
    assert _queries(client, url) == one
