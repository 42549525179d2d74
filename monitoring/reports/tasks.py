"""Thin tasks beside their services (docs/jobs.md): build one version of a report from its id, and the yearly
scheduled build. They import the services at the top; the services send them by name (`core.jobs.tasks.enqueue`).

`acks_late` without `reject_on_worker_lost` (said here as in config/settings.py): the broker keeps the message until the
build has ended; a worker killed mid-build stops the report's heartbeat, so the stale sweep fails it within minutes and
it can be built again, and the message Redis hands out again later does nothing (the job's claim, core.jobs.tasks) —
unless the sweep did not run and the job is still held by the dead worker, when it resumes the build once, from the
start (the files are replaced atomically, see services.write_atomically). Transient database errors are retried
(core.jobs.tasks.JobTask); a build that fails for good leaves the report «сбой» with a Russian message
(AnnualReport.failure_text) and a button to build it again."""

from celery import shared_task

from core.jobs.tasks import JobTask

from . import services
from .models import AnnualReport


@shared_task(bind=True, base=JobTask, job_model=AnnualReport, acks_late=True, reject_on_worker_lost=False)
def build_report(self, report_id: int) -> dict | None:
    report = self.working_job(report_id, select_related=["region", "municipality__region",
                                                         "school__municipality__region", "school_year",
                                                         "requested_by"])
    if report is None:  # delivered again after it was built (or failed): nothing to do
        return None
    report = services.build(report)
    return {"report": report.pk, "pages": report.pages}


@shared_task(ignore_result=True)
def build_annual_reports() -> int:
    """Beat, once a year on ANNUAL_REPORT_DATE: every municipality's report of the school year that is ending; the
    department heads get a letter when theirs is ready."""
    return len(services.schedule_annual())
