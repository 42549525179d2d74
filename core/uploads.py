"""Uploaded files: one list of the table formats we import, documents recognised by their first bytes (not by the
name the user gave them), and uploads kept across a rejected form."""

import datetime
import uuid

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from .storage import private_storage

# tables the imports read (a .txt is read as CSV: some systems export CSV under that name)
IMPORT_EXTENSIONS = (".xlsx", ".csv", ".txt")

SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
}


def starts_with(upload, signatures) -> bool:
    """Whether the file begins with one of the signatures (the file is rewound for whoever reads it next)."""
    head = upload.read(max(len(s) for s in signatures))
    upload.seek(0)
    return any(head.startswith(s) for s in signatures)


# ---- the one check of an uploaded document ---------------------------------------------------------------------
# Signed orders and agreements, evidence of roadmap activities, event materials and course certificates all go
# through `check_file`; tables for import through `core.imports.services.check_upload`, which adds the import's
# own size limit and the reading limits of `core.imports.readers`.

FILE_MAX_BYTES = 10 * 1024 * 1024
PDF_ONLY = (".pdf",)
# signed documents, photos and office files
DOCUMENTS = (".pdf", ".jpg", ".jpeg", ".png", ".docx", ".xlsx", ".pptx")


def _kinds_text(extensions) -> str:
    names = list(dict.fromkeys(ext.lstrip(".").upper().replace("JPEG", "JPG") for ext in extensions))
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " или " + names[-1]


def check_file(upload, extensions=DOCUMENTS, *, max_bytes: int = FILE_MAX_BYTES, wrong_kind: str = "") -> None:
    """An uploaded document: its extension one of `extensions`, not empty, within `max_bytes`, and its first bytes
    those of its kind (a file is recognised by its content, not by the name it was given). ValidationError with a
    Russian message naming the file; `wrong_kind` replaces the message for a file of another kind."""
    name = upload.name or ""
    lowered = name.lower()
    ext = "." + lowered.rsplit(".", 1)[-1] if "." in lowered else ""
    label = f"«{name.rsplit('/', 1)[-1]}»: "
    if ext not in extensions or ext not in SIGNATURES:
        raise ValidationError(wrong_kind or label + _("загрузите %(kinds)s.") % {"kinds": _kinds_text(extensions)})
    if upload.size > max_bytes:
        raise ValidationError(label + _("файл больше %(mb)s МБ.") % {"mb": round(max_bytes / 2**20)})
    if not upload.size:
        raise ValidationError(label + _("файл пуст."))
    if not starts_with(upload, SIGNATURES[ext]):
        raise ValidationError(wrong_kind or label + _("содержимое файла не соответствует расширению."))


# ---- uploads kept across a rejected form ---------------------------------------------------------------------
# A browser cannot refill a file input, so a form rejected for another field would lose the file the user chose. The
# upload is kept in the private storage instead and the page carries a signed token for it (valid for its user and
# a day); sending the form again without a new file brings the kept one back. Kept files older than a day are
# removed whenever another is kept.

KEPT_DIR = "kept"
KEPT_MAX_AGE = 24 * 3600
_KEPT_SALT = "core.uploads.kept"


def keep_upload(upload, *, user) -> str:
    """Store an upload of a rejected form; the token brings it back for the same user (`kept_upload`)."""
    storage = private_storage()
    _purge_kept(storage, timezone.now() - datetime.timedelta(seconds=KEPT_MAX_AGE))
    original = getattr(upload, "original_name", None) or upload.name.rsplit("/", 1)[-1]
    upload.seek(0)
    path = storage.save(f"{KEPT_DIR}/{uuid.uuid4().hex}/{get_valid_filename(original) or 'file'}", upload)
    upload.seek(0)
    return signing.dumps({"path": path, "name": original, "user": user.pk}, salt=_KEPT_SALT)


def kept_upload(token: str, *, user):
    """The kept file for a token of this user (a django File named as the user's file), or None: a forged, foreign
    or expired token, or a file already removed."""
    try:
        data = signing.loads(token or "", salt=_KEPT_SALT, max_age=KEPT_MAX_AGE)
    except signing.BadSignature:
        return None
    storage = private_storage()
    if data.get("user") != getattr(user, "pk", None) or not storage.exists(data["path"]):
        return None
    kept = File(storage.open(data["path"], "rb"), name=data["name"])
    kept.original_name, kept.kept_token = data["name"], token
    return kept


def _purge_kept(storage, before) -> None:
    try:
        folders, _files = storage.listdir(KEPT_DIR)
    except FileNotFoundError:
        return
    for folder in folders:
        path = f"{KEPT_DIR}/{folder}"
        _dirs, files = storage.listdir(path)
        if all(storage.get_modified_time(f"{path}/{f}") < before for f in files):
            for f in files:
                storage.delete(f"{path}/{f}")
            storage.delete(path)
