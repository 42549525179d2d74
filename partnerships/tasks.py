from celery import shared_task

from .services import run_lifecycle


@shared_task
def daily_lifecycle() -> dict:
    """Celery beat, daily: end designations and agreements whose period is over; warn 30 days ahead."""
    return run_lifecycle()
