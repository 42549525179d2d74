from celery import shared_task

from .notify import send_digest


@shared_task
def daily_digest() -> dict:
    """Celery beat, daily: e-mail each executor their activities due within 7 days and overdue (once a day)."""
    return send_digest()
