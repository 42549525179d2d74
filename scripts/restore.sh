#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the portal's database and MEDIA_ROOT (as the settings give them).
# Usage: scripts/restore.sh BACKUP_DIR --yes
# Replaces the database's contents (PostgreSQL: pg_restore --clean into the database, created if missing; SQLite:
# the file) and the media folder (the current one is kept beside it as MEDIA_ROOT.before-restore-<time>).
# Stop the portal and its workers first; run `manage.py migrate` after restoring a backup of an older version.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
src=${1:?"Укажите папку резервной копии: scripts/restore.sh backups/portal-… --yes"}
[ "${2:-}" = "--yes" ] || { echo "!! Восстановление заменит базу данных и файлы. Повторите с --yes." >&2; exit 2; }
[ -f "$src/SHA256SUMS" ] || { echo "!! В $src нет SHA256SUMS: это не резервная копия портала." >&2; exit 1; }
(cd "$src" && sha256sum --quiet -c SHA256SUMS) || { echo "!! Контрольные суммы не сходятся: копия повреждена." >&2; exit 1; }

eval "$(DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-config.settings} "$PY" scripts/_portal_paths.py)"

case "$DB_ENGINE" in
  *postgresql*)
    [ -f "$src/database.dump" ] || { echo "!! В копии нет database.dump (PostgreSQL)." >&2; exit 1; }
    export PGPASSWORD="$DB_PASSWORD"
    conn=(-h "${DB_HOST:-127.0.0.1}" -p "${DB_PORT:-5432}" -U "$DB_USER")
    exists=$(psql "${conn[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '${DB_NAME//\'/\'\'}'")
    [ "$exists" = 1 ] || createdb "${conn[@]}" "$DB_NAME"
    pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error "${conn[@]}" -d "$DB_NAME" \
      "$src/database.dump"
    ;;
  *sqlite3*)
    [ -f "$src/database.sqlite3" ] || { echo "!! В копии нет database.sqlite3 (SQLite)." >&2; exit 1; }
    mkdir -p "$(dirname "$DB_NAME")"
    cp "$src/database.sqlite3" "$DB_NAME.restoring" && mv "$DB_NAME.restoring" "$DB_NAME"
    rm -f "$DB_NAME-wal" "$DB_NAME-shm"
    ;;
  *) echo "!! Неизвестная СУБД: $DB_ENGINE" >&2; exit 1 ;;
esac

if [ -d "$MEDIA_ROOT" ]; then
  mv "$MEDIA_ROOT" "$MEDIA_ROOT.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
fi
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$src/media.tar.gz"
echo "Восстановлено из $src: база $DB_NAME, файлы в $MEDIA_ROOT"
