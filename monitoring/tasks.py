from celery import shared_task

from core.tasks import PortalTask

from .models import ComputeRun


class ComputeTask(PortalTask):
    def mark_failed(self, run_id, *args, message: str, **kwargs) -> None:
        ComputeRun.objects.filter(pk=run_id).update(state=ComputeRun.State.FAILED, error=message)


@shared_task(bind=True, base=ComputeTask)
def compute_indicators(self, run_id: int) -> dict:
    """Thin task: one recompute (the run's row keeps the percent the page polls)."""
    from .services import run_compute

    run = ComputeRun.objects.select_related("school_year", "region", "municipality").get(pk=run_id)
    run = run_compute(run=run, progress=lambda pct: self.progress(pct, 100))
    return {"run": run.pk, "schools": run.schools, "values": run.values}


@shared_task(base=PortalTask)
def nightly_compute() -> dict:
    """Beat: every school's values of the school year under way and of the one before (results arrive late)."""
    from django.utils import timezone

    from core.formats import school_year_of
    from schools.models import SchoolYear

    from .services import compute_now

    out = {}
    current = school_year_of(timezone.localdate())
    for year in SchoolYear.objects.filter(start_year__in=[current - 1, current]):
        out[year.name] = compute_now(school_year=year).values
    return out
