from celery import shared_task
from django.db import OperationalError

from .models import Run


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def compute_run(self, run_id: int) -> dict:
    """Thin task: compute one identification run, reporting progress."""
    from .services import compute_run as compute

    run = Run.objects.select_related("school_year").get(pk=run_id)
    try:
        run = compute(run=run, progress=lambda pct: self.update_state(state="PROGRESS", meta={"percent": pct}))
    except Exception as exc:
        Run.objects.filter(pk=run_id).update(state=Run.State.FAILED, error=str(exc)[:1000])
        raise
    return {"run": run.pk, "schools": run.school_count}
