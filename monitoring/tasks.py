"""Monitoring's tasks: thin, beside their services (docs/jobs.md). They import the services at the top; the services
send them by name (`core.jobs.tasks.enqueue`), so neither imports the other from inside a function."""

from celery import shared_task
from django.utils import timezone

from core.formats import school_year_of
from core.jobs.tasks import JobTask
from schools.models import SchoolYear

from . import services
from .models import ComputeRun


@shared_task(bind=True, base=JobTask, job_model=ComputeRun)
def compute_indicators(self, run_id: int) -> dict | None:
    """One recompute (the run's row keeps the percent the page polls)."""
    run = self.working_job(run_id, select_related=["school_year", "region", "municipality"])
    if run is None:
        return None  # redelivered after the recompute finished: nothing to do
    run = services.run_compute(run=run)
    return {"run": run.pk, "schools": run.schools, "values": run.values}


@shared_task(base=JobTask)
def nightly_compute() -> dict:
    """Beat: every school's values of the school year under way and of the one before (results arrive late). Each
    year's recompute is a job row of its own (services.compute_now); the beat itself has none."""
    out = {}
    current = school_year_of(timezone.localdate())
    for year in SchoolYear.objects.filter(start_year__in=[current - 1, current]):
        out[year.name] = services.compute_now(school_year=year).values
    return out
