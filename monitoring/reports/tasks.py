"""Thin tasks (DESIGN §3): build one version of a report from its id, and the yearly scheduled build.

`acks_late` with `reject_on_worker_lost`: the broker keeps the message until the build has finished, so a worker killed
mid-build hands the report to the next worker, which builds it from the start (the files are replaced atomically, see
services.write_atomically). Transient database errors are retried (core.tasks.PortalTask); a build that fails for good
leaves the report «сбой» with a Russian message and a button to build it again."""

from celery import shared_task

from core.tasks import PortalTask

from .models import AnnualReport

FAILED_PREFIX = "Отчёт не сформирован."


class ReportTask(PortalTask):
    acks_late = True
    reject_on_worker_lost = True

    def mark_failed(self, report_id, *args, message: str, **kwargs) -> None:
        from .services import fail

        fail(report_id, f"{FAILED_PREFIX} {message}")


@shared_task(bind=True, base=ReportTask)
def build_report(self, report_id: int) -> dict:
    from . import services

    report = AnnualReport.objects.select_related("region", "municipality__region", "school__municipality__region",
                                                 "school_year", "requested_by").get(pk=report_id)
    if report.is_done:  # delivered again after it was built: nothing to do
        return {"report": report.pk, "pages": report.pages}
    report = services.build(report, progress=lambda percent: self.progress(percent, 100))
    return {"report": report.pk, "pages": report.pages}


@shared_task(ignore_result=True)
def build_annual_reports() -> int:
    """Beat, once a year on ANNUAL_REPORT_DATE: every municipality's report of the school year that is ending; the
    department heads get a letter when theirs is ready."""
    from .services import schedule_annual

    return len(schedule_annual())
