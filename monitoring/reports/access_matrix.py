"""The permission matrix rows of the annual reports (monitoring.reports.access): the archive and the request form for
municipal staff and school staff, a report's page, progress and files for those who see its territory.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py. The demo has Динской район's report of the
year (monitoring.reports.demo): the director and leader-school staff of a school do not see a municipality's
report (404); Калининский район has none."""

from core.permission_matrix import Route, answers


def _report(at):
    from .models import AnnualReport

    found = AnnualReport.objects.filter(level="municipality", municipality=at.municipality).order_by("-pk").first()
    return None if found is None else {"pk": found.pk}


KINDS = {"annual_report": _report}

_READ = answers("login login -", "200 200 -", "200 200 -", "404 404 -", "404 404 -", "200 200 -")
_NO = answers("login login -", "405 405 -", "405 405 -", "405 405 -", "405 405 -", "405 405 -")

# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "monitoring_reports:report_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "monitoring_reports:report_create": Route(
        get=answers("login", "405", "405", "405", "405", "405"),
        post=answers("login", "400", "400", "400", "400", "400"),
    ),
    "monitoring_reports:report_detail": Route("annual_report", get=_READ, post=_NO),
    "monitoring_reports:report_status": Route("annual_report", get=_READ, post=_NO),
    "monitoring_reports:report_pdf": Route("annual_report", get=_READ, post=_NO),
    "monitoring_reports:report_xlsx": Route("annual_report", get=_READ, post=_NO),
    "monitoring_reports:report_restart": Route(
        "annual_report",
        get=_NO,
        post=answers("login login -", "302 302 -", "302 302 -", "404 404 -", "404 404 -", "302 302 -"),
    ),
}
