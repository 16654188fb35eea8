"""The casework panel of the person file: the way to the notes and documents, the number
of documents, and the residence card's expiry (also in the file's header). Its columns
are two subqueries of the file's one query."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from haven.casework.models import Document, DocumentKind
from haven.casework.selectors import EXPIRY_HORIZON_DAYS
from haven.people.panels import panel_columns

KEY = "casework"


def panel_annotations() -> dict[str, Any]:
    documents = Document.objects.filter(person=OuterRef("pk"))
    return {
        "casework_document_count": Coalesce(
            Subquery(documents.values("person").annotate(count=Count("id")).values("count")[:1]), 0
        ),
        "casework_residence_card_until": Subquery(
            documents.filter(kind=DocumentKind.RESIDENCE_CARD).order_by("-valid_until").values("valid_until")[:1]
        ),
    }


def panel_context(person: Any, user: Any) -> dict[str, Any]:
    columns = panel_columns(person, KEY)
    until = columns["casework_residence_card_until"]
    today = timezone.localdate()
    return {
        "documents": columns["casework_document_count"],
        "residence_card_until": until,
        "residence_card_expired": until is not None and until < today,
        "residence_card_expiring": until is not None and today <= until <= today + timedelta(days=EXPIRY_HORIZON_DAYS),
    }
