"""Prints the portal's database and media folder as shell assignments (for scripts/backup.sh and restore.sh): the
settings module reads the environment and .env exactly as the running portal does."""

import os
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402 — after the path and the settings module are set

db = settings.DATABASES["default"]
values = {
    "DB_ENGINE": db["ENGINE"], "DB_NAME": str(db["NAME"]), "DB_HOST": db.get("HOST") or "",
    "DB_PORT": str(db.get("PORT") or ""), "DB_USER": db.get("USER") or "", "DB_PASSWORD": db.get("PASSWORD") or "",
    "MEDIA_ROOT": str(settings.MEDIA_ROOT),
}
print("\n".join(f"{name}={shlex.quote(value)}" for name, value in values.items()))
