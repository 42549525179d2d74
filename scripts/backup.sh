#!/usr/bin/env bash
# Backup of the portal: the database (PostgreSQL: pg_dump in its custom format; SQLite: an online copy) and the
# private media files (uploads, evidence, orders), with checksums. The database and MEDIA_ROOT are the portal's own
# settings (environment or .env, as the portal reads them).
# Usage: scripts/backup.sh [DIR]        (default DIR: backups/) → DIR/portal-YYYYmmddTHHMMSSZ/
#   database.dump (PostgreSQL) or database.sqlite3 (SQLite), media.tar.gz, SHA256SUMS
# Restore with scripts/restore.sh DIR/portal-… --yes (see docs/operations.md, «Резервные копии и восстановление»).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
dest=${1:-backups}
out="$dest/portal-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
chmod 700 "$out"

# the database and the media folder as the portal's settings give them (shell-quoted assignments)
eval "$(DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings} "$PY" scripts/_portal_paths.py)"

case "$DB_ENGINE" in
  *postgresql*)
    PGPASSWORD="$DB_PASSWORD" pg_dump --format=custom --no-owner --no-privileges \
      -h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "$DB_USER" -f "$out/database.dump" "$DB_NAME"
    ;;
  *sqlite3*)
    # SQLite's online backup: a consistent copy while the portal runs
    "$PY" -c 'import sqlite3, sys; src = sqlite3.connect(sys.argv[1]); dst = sqlite3.connect(sys.argv[2]); src.backup(dst); dst.close()' \
      "$DB_NAME" "$out/database.sqlite3"
    ;;
  *) echo "!! Неизвестная СУБД: $DB_ENGINE" >&2; exit 1 ;;
esac

if [ -d "$MEDIA_ROOT" ]; then
  tar -C "$MEDIA_ROOT" -czf "$out/media.tar.gz" .
else
  tar -czf "$out/media.tar.gz" -T /dev/null  # no files yet: an empty archive keeps the backup's shape
fi
(cd "$out" && sha256sum database.* media.tar.gz > SHA256SUMS)
echo "$out"
