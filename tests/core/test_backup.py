"""Restore drills for scripts/backup.sh and scripts/restore.sh: a backup made, the data then lost
or changed, the backup restored, the data back — on SQLite (every stage) and on PostgreSQL (the PostgreSQL stage of
CI: the test database dumped, restored into a new database, the portal's rows compared)."""

import os
import sqlite3
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from schools.models import School

from ..factories import SchoolFactory

ROOT = Path(__file__).resolve().parents[2]


def run(script, *args, env):
    return subprocess.run([str(ROOT / "scripts" / script), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)


def portal_env(database_url: str, media: Path) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": database_url,
           "MEDIA_ROOT": str(media)}
    env.pop("TEST_MEDIA_ROOT", None)
    return env


def make_media(media: Path) -> None:
    (media / "private" / "orders").mkdir(parents=True)
    (media / "private" / "orders" / "order.pdf").write_bytes(b"%PDF-1.4 order")


def test_sqlite_backup_and_restore(tmp_path):
    db_file, media = tmp_path / "portal.sqlite3", tmp_path / "media"
    with sqlite3.connect(db_file) as db:
        db.execute("CREATE TABLE school (id INTEGER PRIMARY KEY, name TEXT)")
        db.executemany("INSERT INTO school (name) VALUES (?)", [("МБОУ СОШ № 1",), ("МБОУ СОШ № 2",)])
    make_media(media)
    env = portal_env(f"sqlite:///{db_file}", media)

    made = run("backup.sh", str(tmp_path / "backups"), env=env)
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])
    assert sorted(p.name for p in backup.iterdir()) == ["SHA256SUMS", "database.sqlite3", "media.tar.gz"]

    # the loss
    with sqlite3.connect(db_file) as db:
        db.execute("DELETE FROM school")
    (media / "private" / "orders" / "order.pdf").unlink()
    (media / "private" / "stray.txt").write_text("после копии")

    refused = run("restore.sh", str(backup), env=env)
    assert refused.returncode == 2 and "Повторите с --yes" in refused.stderr
    restored = run("restore.sh", str(backup), "--yes", env=env)
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(db_file) as db:
        assert [r[0] for r in db.execute("SELECT name FROM school ORDER BY id")] == ["МБОУ СОШ № 1", "МБОУ СОШ № 2"]
    assert (media / "private" / "orders" / "order.pdf").read_bytes() == b"%PDF-1.4 order"
    assert not (media / "private" / "stray.txt").exists()
    kept = list(tmp_path.glob("media.before-restore-*"))
    assert len(kept) == 1 and (kept[0] / "private" / "stray.txt").exists()  # the replaced files are kept aside


def test_a_damaged_backup_is_refused(tmp_path):
    db_file, media = tmp_path / "portal.sqlite3", tmp_path / "media"
    sqlite3.connect(db_file).close()
    make_media(media)
    env = portal_env(f"sqlite:///{db_file}", media)
    backup = Path(run("backup.sh", str(tmp_path / "backups"), env=env).stdout.strip().splitlines()[-1])
    with open(backup / "media.tar.gz", "ab") as fh:
        fh.write(b"x")
    out = run("restore.sh", str(backup), "--yes", env=env)
    assert out.returncode == 1 and "Контрольные суммы не сходятся" in out.stderr
    assert (media / "private" / "orders" / "order.pdf").exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL: стадия 2 CI")
def test_postgresql_restore_drill(transactional_db, tmp_path, muni_a):
    SchoolFactory(municipality=muni_a, short_name="МБОУ СОШ № 7 (копия)")
    expected = School.objects.count()
    media = tmp_path / "media"
    make_media(media)
    params = connection.settings_dict
    host, port, user = params["HOST"] or "127.0.0.1", params["PORT"] or "5432", params["USER"]
    source = f"postgres://{user}@{host}:{port}/{params['NAME']}"
    made = run("backup.sh", str(tmp_path / "backups"), env=portal_env(source, media))
    assert made.returncode == 0, made.stderr
    backup = Path(made.stdout.strip().splitlines()[-1])

    drill = f"restore_drill_{os.getpid()}"
    restored_media = tmp_path / "restored"
    try:
        out = run("restore.sh", str(backup), "--yes",
                  env=portal_env(f"postgres://{user}@{host}:{port}/{drill}", restored_media))
        assert out.returncode == 0, out.stderr
        db = psycopg2.connect(host=host, port=port, user=user, dbname=drill)
        try:
            cursor = db.cursor()
            cursor.execute("SELECT count(*) FROM schools_school")
            assert cursor.fetchone()[0] == expected
            cursor.execute("SELECT count(*) FROM schools_school WHERE short_name = %s", ["МБОУ СОШ № 7 (копия)"])
            assert cursor.fetchone()[0] == 1
        finally:
            db.close()
        assert (restored_media / "private" / "orders" / "order.pdf").read_bytes() == b"%PDF-1.4 order"
    finally:
        admin = psycopg2.connect(host=host, port=port, user=user, dbname="postgres")
        admin.autocommit = True
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{drill}"')
        admin.close()
