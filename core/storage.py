"""Private file storage: uploads are never served by URL, only by views that check permissions."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


def private_file_response(field, *, filename: str, content_type: str | None = None,
                          as_attachment: bool = False) -> FileResponse:
    """A private file to a user the caller has already let see its object: 404 when there is no file, or
    when it is missing from the disk (a restore without media), never a 500; never sniffed as HTML."""
    if not field:
        raise Http404
    try:
        handle = field.open("rb")
    except (FileNotFoundError, IsADirectoryError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type, as_attachment=as_attachment, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
