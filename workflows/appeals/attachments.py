"""Files with an appeal (issue 19, item 7): which ones are accepted, and the name they are kept under.

A file is accepted when its first bytes say it is one of the allowed types and its name's extension agrees:
PDF, PNG, JPEG, and the office documents docx, xlsx, odt (ZIP containers, told apart by what they hold). A
program renamed `.pdf` is refused, as is a PDF renamed `.exe`. The name is cut to its last part (no folder),
stripped of control characters and of what a file system or a header misreads; letters of any script stay.
"""

import unicodedata
import zipfile
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
EXTENSIONS = {
    ".pdf": PDF,
    ".png": PNG,
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".odt": ODT,
}
NAME_LIMIT = 150
UNSAFE = set('/\\:*?"<>|')


def safe_name(name):
    """The sender's file name made safe to keep and to send back: its last part only, no control or
    separator characters, no leading dots, at most `NAME_LIMIT` characters; unicode letters kept."""
    last = PurePosixPath((name or "").replace("\\", "/")).name
    kept = "".join(
        "_" if char in UNSAFE else char
        for char in unicodedata.normalize("NFC", last)
        if unicodedata.category(char)[0] != "C"
    )
    kept = kept.strip().lstrip(".").strip()
    if len(kept) > NAME_LIMIT:
        stem, dot, extension = kept.rpartition(".")
        kept = (
            (stem[: NAME_LIMIT - len(extension) - 1] + dot + extension)
            if dot and len(extension) < 10
            else kept[:NAME_LIMIT]
        )
    return kept or "file"


def sniffed_type(upload):
    """The type the file's content says it is (one of the allowed), or "" for anything else."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_type(upload)
    return ""


def _office_type(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                return ODT
    except (zipfile.BadZipFile, OSError, KeyError):
        return ""
    finally:
        upload.seek(0)
    if "[Content_Types].xml" in names:
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return ""


def checked_upload(upload):
    """(safe name, content type) of an acceptable file; a `ValidationError` saying why otherwise."""
    name = safe_name(upload.name)
    if upload.size > settings.UCC_APPEAL_ATTACHMENT_MAX_BYTES:
        limit = settings.UCC_APPEAL_ATTACHMENT_MAX_BYTES // (1024 * 1024)
        raise ValidationError(_("%(name)s is larger than %(limit)d MB.") % {"name": name, "limit": limit})
    expected = EXTENSIONS.get(PurePosixPath(name.lower()).suffix)
    found = sniffed_type(upload)
    if expected is None or found != expected:
        raise ValidationError(
            _("%(name)s is not accepted: send PDF, PNG, JPEG, DOCX, XLSX or ODT files.") % {"name": name}
        )
    return name, found


def checked_uploads(uploads):
    """Every file checked, and their number within `UCC_APPEAL_ATTACHMENT_MAX_FILES`: all accepted, or none."""
    if len(uploads) > settings.UCC_APPEAL_ATTACHMENT_MAX_FILES:
        limit = settings.UCC_APPEAL_ATTACHMENT_MAX_FILES
        raise ValidationError(_("Send at most %(limit)d files.") % {"limit": limit})
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append((upload, *checked_upload(upload)))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return checked
