"""Private file storage: uploads are never served by URL, only by views that check permissions."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage() -> FileSystemStorage:
    return FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)
