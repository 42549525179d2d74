import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _refuse_built_in_secret_key(**kwargs):
    """A worker or beat with DEBUG off and the built-in SECRET_KEY does not start (core.checks); SystemExit, since
    Celery logs and ignores an ordinary exception raised by a signal handler."""
    from core.checks import secret_key_problem

    problem = secret_key_problem()
    if problem:
        raise SystemExit(problem)
