"""What a document upload may be, and the virus scan.

- **PDF and images only** (PDF, PNG, JPEG), recognised by their first bytes, not only by
  their name; at most ``UPLOAD_MAX_BYTES``; never empty.
- **The virus scan.** Where ``HAVEN_CLAMD`` names a ClamAV daemon (``unix:///run/clamav/clamd.ctl``
  or ``tcp://host:3310``), every upload is streamed to it (``clamav-client``) before it is
  stored: a file it finds infected is refused, and so is every upload while the daemon
  cannot be reached (the scan is not skipped silently). Without ``HAVEN_CLAMD`` the upload
  is stored unscanned, with one log line that says so (no personal data), and the document
  records that it was not scanned.
"""

import logging
from typing import Any, Protocol
from urllib.parse import urlparse

from clamav_client.clamd import ClamdError, ClamdNetworkSocket, ClamdUnixSocket
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.http import FileResponse, Http404
from django.utils.text import slugify
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

UPLOAD_MAX_BYTES = 10 * 1024 * 1024
# content type → (the extensions it may carry, its first bytes)
FORMATS = {
    "application/pdf": (("pdf",), (b"%PDF-",)),
    "image/png": (("png",), (b"\x89PNG\r\n\x1a\n",)),
    "image/jpeg": (("jpg", "jpeg"), (b"\xff\xd8\xff",)),
}


class Scanner(Protocol):
    def instream(self, buff: Any) -> dict[str, tuple[str, str | None]]: ...


def upload_format(file: Any, field: str = "file") -> str:
    """The upload's content type, or a ValidationError on ``field`` (missing, empty, too
    large, not a PDF or image, or a name that does not match the content)."""
    if file is None:
        raise ValidationError({field: [_("Choose a file.")]})
    size = getattr(file, "size", None) or 0
    if size == 0:
        raise ValidationError({field: [_("The file is empty.")]})
    if size > UPLOAD_MAX_BYTES:
        raise ValidationError({field: [_("The file is larger than 10 MB.")]})
    name = (getattr(file, "name", "") or "").lower()
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for content_type, (extensions, signatures) in FORMATS.items():
        if name.rsplit(".", 1)[-1] in extensions and any(head.startswith(signature) for signature in signatures):
            return content_type
    raise ValidationError({field: [_("Upload a PDF or an image (PNG or JPEG).")]})


def scanner() -> Scanner | None:
    """The ClamAV daemon named by ``HAVEN_CLAMD``, or None when none is configured."""
    address = getattr(settings, "HAVEN_CLAMD", "")
    if not address:
        return None
    parsed = urlparse(address)
    if parsed.scheme == "unix":
        return ClamdUnixSocket(path=parsed.path, timeout=30)
    if parsed.scheme == "tcp" and parsed.hostname:
        return ClamdNetworkSocket(host=parsed.hostname, port=parsed.port or 3310, timeout=30)
    raise ImproperlyConfigured("HAVEN_CLAMD is unix:///path/to/clamd.ctl or tcp://host:port.")


def upload_scan(file: Any, field: str = "file") -> bool:
    """Scan the upload; True when it was scanned and found clean, False when no scanner is
    configured. A ValidationError when it is infected or the scanner cannot be reached."""
    daemon = scanner()
    if daemon is None:
        logger.info("virus scan skipped: no ClamAV daemon configured (HAVEN_CLAMD)")
        return False
    file.seek(0)
    try:
        results = daemon.instream(file)
    except (ClamdError, OSError) as error:
        logger.error("virus scan failed: the ClamAV daemon cannot be reached (%s)", type(error).__name__)
        raise ValidationError(
            {field: [_("The virus scanner cannot be reached, so the file is not stored. Try again later.")]}
        ) from None
    finally:
        file.seek(0)
    status = next(iter(results.values()), ("ERROR", None))[0] if results else "ERROR"
    if status == "FOUND":
        logger.warning("virus scan: an upload was refused as infected")
        raise ValidationError({field: [_("The virus scanner found a threat in this file; it is not stored.")]})
    if status != "OK":
        logger.error("virus scan failed: the ClamAV daemon answered %s", status)
        raise ValidationError(
            {field: [_("The virus scanner could not check this file, so it is not stored. Try again later.")]}
        )
    return True


def document_response(document: Any) -> FileResponse:
    """A document's stored file as a private attachment named after its kind (pages and API
    serve it only through this, after their access check); 404 when the file is missing."""
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    extension = document.file.name.rsplit(".", 1)[-1]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{slugify(document.get_kind_display())}-{document.pk}.{extension}",
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
