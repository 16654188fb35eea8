"""Files of translations and the library: what an upload may be, and how a stored file is
served.

- **Files are never public.** Uploads are stored in the default storage under names that
  Haven makes up (``translations/<year>/translation-<id>.<ext>``, ``library/<lang>.<ext>``):
  a partner's document title never ends up in a path. Pages and API serve them through
  views that check access first (``file_response``); MEDIA_URL is not routed.
- **Uploads**: at most 20 MB, extensions pdf, docx, odt, txt.
"""

from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

UPLOAD_EXTENSIONS = ("pdf", "docx", "odt", "txt")
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "txt": "text/plain; charset=utf-8",
}


def upload_extension(file: Any) -> str:
    return PurePath(getattr(file, "name", "") or "").suffix.lower().lstrip(".")


def upload_validate(file: Any, field: str = "file") -> str:
    """Refuse a missing, empty, too large or unexpected file; returns its extension."""
    if file is None:
        raise ValidationError({field: [_("Choose a file.")]})
    extension = upload_extension(file)
    if extension not in UPLOAD_EXTENSIONS:
        raise ValidationError({field: [_("Upload a PDF, Word (docx), OpenDocument (odt) or text file.")]})
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError({field: [_("The file is empty.")]})
    if size > UPLOAD_MAX_BYTES:
        raise ValidationError({field: [_("The file is larger than 20 MB.")]})
    return extension


def content_type(name: str) -> str:
    return CONTENT_TYPES.get(PurePath(name).suffix.lower().lstrip("."), "application/octet-stream")


def file_response(field: FieldFile, *, title: str, language: str) -> FileResponse:
    """A stored file as a private attachment named after its title and language (pages and
    API serve files only through this, after their access check); 404 when it is missing."""
    if not field or not field.name:
        raise Http404
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = PurePath(field.name).suffix.lower().lstrip(".") or "bin"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(title)[:60] or 'document'}-{language}.{extension}",
        content_type=content_type(field.name),
    )
    response["Cache-Control"] = "private, no-store"
    return response
