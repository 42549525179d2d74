from celery import shared_task
from django.utils import timezone

from core.tasks import PortalTask

from .models import Run


class RunTask(PortalTask):
    def mark_failed(self, run_id, *args, message: str, **kwargs) -> None:
        Run.objects.filter(pk=run_id).update(state=Run.State.FAILED, error=message, updated_at=timezone.now())


@shared_task(bind=True, base=RunTask)
def compute_run(self, run_id: int) -> dict:
    """Thin task: compute one identification run, reporting progress (the run's row keeps the percent)."""
    from .services import compute_run as compute

    run = Run.objects.select_related("school_year").get(pk=run_id)
    run = compute(run=run, progress=lambda pct: self.progress(pct, 100))
    return {"run": run.pk, "schools": run.school_count}
