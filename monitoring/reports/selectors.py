"""Reads for the archive pages and the start page, each in a fixed number of queries."""

from django.db.models import QuerySet
from django.utils import timezone

from . import access
from .models import AnnualReport


def today():
    return timezone.localdate()


def archive(user) -> QuerySet[AnnualReport]:
    """Every version the user may read, newest first (one query per page)."""
    return access.visible_reports(user).order_by("-created_at", "-pk")


def versions(user, report: AnnualReport) -> list[AnnualReport]:
    """All versions of the same territory and year, newest first (one query)."""
    return list(access.visible_reports(user).filter(territory_key=report.territory_key,
                                                    school_year=report.school_year).order_by("-version"))


def stages(report: AnnualReport) -> list[dict]:
    """The build's steps for the progress page: done, under way, waiting."""
    from .services import STAGE_LABELS, STEPS

    done = int(report.progress * len(STEPS) / 100) if report.progress else 0
    out = []
    for i, key in enumerate(STEPS):
        state = "done" if i < done or report.is_done else ("now" if i == done and report.is_working else "wait")
        out.append({"label": STAGE_LABELS[key], "state": state})
    return out


def latest_by_municipality(user, start_year: int) -> dict[int, AnnualReport]:
    """The newest version of each municipality's report of the year the user sees (one query)."""
    out: dict[int, AnnualReport] = {}
    for report in archive(user).filter(level="municipality", school_year__start_year=start_year):
        out.setdefault(report.municipality_id, report)
    return out
