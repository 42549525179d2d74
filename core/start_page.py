"""The imports' part of the start page: the user's own uploads that wait for them (rejected, failed, checked and
waiting for confirmation, columns to match), and for superusers the recent failures of everyone. Two queries at
most, whatever the number of uploads."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .formats import ru_date
from .imports import IMPORTERS, importable_kinds
from .models import ImportJob
from .registries import TaskGroup, TaskItem

RECENT_DAYS = 30  # older unfinished uploads are forgotten
SHOWN = 5
S = ImportJob.State
WAITING = {S.INVALID: "bad", S.FAILED: "bad", S.NEEDS_MAPPING: "warn", S.READY: "warn"}


def waiting_jobs(user) -> list[ImportJob]:
    """The user's recent uploads that need their action, newest first, without those a later successful upload of
    the same kind has made moot (one query; at most SHOWN + 1 rows)."""
    done_later = ImportJob.objects.filter(requested_by=user, kind=OuterRef("kind"), state=S.DONE,
                                          pk__gt=OuterRef("pk"))  # uploaded later
    since = timezone.now() - datetime.timedelta(days=RECENT_DAYS)
    return list(ImportJob.objects.filter(requested_by=user, state__in=list(WAITING), created_at__gte=since)
                .exclude(Exists(done_later)).order_by("-created_at")[:SHOWN + 1])


def _item(job: ImportJob) -> TaskItem:
    importer = IMPORTERS.get(job.kind)
    title = str(importer.title) if importer else job.kind
    return TaskItem(text=f"«{job.original_name}»", url=job.get_absolute_url(), tone=WAITING.get(job.state, ""),
                    badge=job.get_state_display(), note=f"{title}, {ru_date(timezone.localdate(job.created_at))}")


def import_tasks(user) -> list[TaskGroup]:
    jobs = waiting_jobs(user)
    may_upload = bool(importable_kinds(user))
    if not jobs and not may_upload and not user.is_superuser:
        return []
    items = [_item(job) for job in jobs[:SHOWN]]
    if user.is_superuser:  # the only ones who open others' uploads (core.imports.views._job_or_404)
        since = timezone.now() - datetime.timedelta(days=7)
        failed = ImportJob.objects.filter(state=S.FAILED, created_at__gte=since).count()
        if failed:
            items.append(TaskItem(text=_("Сбои обработки файлов у всех пользователей за 7 дней"), count=failed,
                                  tone="bad", url=reverse("admin:core_importjob_changelist") + "?state__exact=failed"))
    start = reverse("imports:start")
    return [TaskGroup(
        title=_("Загрузка таблиц"), items=items, empty=_("Загрузок, которые ждут вашего действия, нет."),
        empty_url=start if may_upload else "", empty_link=_("Загрузить таблицу"),
        more_url=start if len(jobs) > SHOWN and may_upload else "", more_link=_("Все мои загрузки"))]
