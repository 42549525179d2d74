"""The identification run's task: thin, beside its service (docs/jobs.md). It imports the service at the top; the
service sends it by name (`core.jobs.tasks.enqueue`), so neither imports the other from inside a function."""

from celery import shared_task

from core.jobs.tasks import JobTask

from . import services
from .models import Run


@shared_task(bind=True, base=JobTask, job_model=Run)
def compute_run(self, run_id: int) -> dict | None:
    """Compute one identification run; progress goes to the run's row (services.compute_run)."""
    run = self.working_job(run_id, select_related=["school_year"])
    if run is None:
        return None  # redelivered after the run was computed, failed or approved: nothing to do
    run = services.compute_run(run=run)
    return {"run": run.pk, "schools": run.school_count}
