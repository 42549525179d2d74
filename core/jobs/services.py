"""Writes of the job system shared by every kind (docs/jobs.md): starting a failed or stalled job again."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Job, JobState
from .tasks import enqueue


@transaction.atomic
def restart_job(job: Job) -> Job:
    """A job that failed (worker lost, time limit, queue down) or whose heartbeat stopped, queued again from the start
    with its own task. The caller has checked the user's right to the job."""
    model = type(job)
    locked = model.objects.select_for_update().get(pk=job.pk)
    if not locked.can_restart:
        raise ValidationError(str(model.RESTART_REFUSAL))
    now = timezone.now()
    values = {"state": JobState.QUEUED, "progress": 0, "stage": "", "error": "", "started_at": None,
              "finished_at": None, "heartbeat_at": now, "updated_at": now, **locked.restart_values()}
    model.objects.filter(pk=job.pk).update(**values)
    for name, value in values.items():
        setattr(job, name, value)
    enqueue(model.task_name, job)
    return job
