"""Reads of the official list of ШНОР and ШССУ: a year's list with the years each school has held its status and
why, and the schools long in status."""

from dataclasses import dataclass

from django.db.models import QuerySet

from core.formats import ru_date, school_year_name

from ..models import Run, RunSchool, SchoolStatus


@dataclass
class OfficialRow:
    status: SchoolStatus
    years_in_status: int
    reasons: list[str]

    @property
    def long_standing(self) -> bool:
        return long_standing(self.years_in_status)


LONG_STANDING_AFTER = 3  # schools in status for more than 3 years running are highlighted (docs/methodology.md)


def long_standing(years: int) -> bool:
    """In status long enough to be highlighted: more than LONG_STANDING_AFTER school years running (one rule for the
    official list, the effect page, the annual report and the API)."""
    return years > LONG_STANDING_AFTER


def long_standing_schools(school_ids, up_to: int) -> dict[int, int]:
    """School id → its longest run of consecutive years (ending with `up_to`) in a status, for the schools among
    `school_ids` whose run is long_standing."""
    history = SchoolStatus.objects.filter(school_id__in=school_ids, school_year__start_year__lte=up_to
                                          ).values_list("school_id", "status", "school_year__start_year")
    longest: dict[int, int] = {}
    for (school_id, _status), n in years_in_status(list(history), up_to).items():
        longest[school_id] = max(n, longest.get(school_id, 0))
    return {school_id: n for school_id, n in longest.items() if long_standing(n)}


def years_in_status(statuses: list[tuple[int, str, int]], up_to: int) -> dict[tuple[int, str], int]:
    """Consecutive school years, ending with `up_to`, in which a school held a status."""
    held: dict[tuple[int, str], set[int]] = {}
    for school_id, status, start_year in statuses:
        held.setdefault((school_id, status), set()).add(start_year)
    out = {}
    for key, years in held.items():
        n, y = 0, up_to
        while y in years:
            n += 1
            y -= 1
        out[key] = n
    return out


def official_list(*, start_year: int, statuses: QuerySet[SchoolStatus], status: str = "") -> list[OfficialRow]:
    """The list of a school year among the given statuses (`access.visible_statuses`, perhaps narrowed)."""
    rows = list(statuses.filter(school_year__start_year=start_year)
                .select_related("school__municipality", "run__school_year", "school_year")
                .order_by("status", "school__municipality__name", "school__short_name"))
    if status:
        rows = [r for r in rows if r.status == status]
    school_ids = {r.school_id for r in rows}
    history = SchoolStatus.objects.filter(school_id__in=school_ids, school_year__start_year__lte=start_year
                                          ).values_list("school_id", "status", "school_year__start_year")
    spans = years_in_status(list(history), start_year)
    run_ids = {r.run_id for r in rows}
    met = {(rs.run_id, rs.school_id): rs for rs in RunSchool.objects.filter(
        run_id__in=run_ids, school_id__in=school_ids).prefetch_related("overrides")}
    runs = {r.run_id: r.run for r in rows}
    result = []
    for r in rows:
        rs = met.get((r.run_id, r.school_id))
        result.append(OfficialRow(status=r, years_in_status=spans.get((r.school_id, r.status), 1),
                                  reasons=reasons_for(runs[r.run_id], rs, r.status)))
    return result


def reasons_for(run: Run, run_school: RunSchool | None, status: str) -> list[str]:
    """Titles of the met criteria that the status rule counts, or the written reason of an override."""
    if run_school is None:
        return []
    rule = run.snapshot.get("rules", {}).get(status, {})
    titles = {c["code"]: c["title"] for c in run.snapshot.get("criteria", [])}  # no describe(): it reads subjects
    met = [f"{code}: {titles.get(code, code)}" for code in rule.get("criteria", []) if code in run_school.met]
    if status not in run_school.proposed:
        override = next((o for o in run_school.overrides.all() if o.status == status), None)
        if override:
            met.append(f"включена решением методиста: {override.reason}")
    return met


def school_statuses(school) -> list[SchoolStatus]:
    return list(school.statuses.select_related("school_year", "run").order_by("-school_year__start_year",
                                                                               "status"))


def official_years(statuses: QuerySet[SchoolStatus]) -> list[int]:
    """School years with an approved list among the given statuses, latest first."""
    return sorted(set(statuses.values_list("school_year__start_year", flat=True)), reverse=True)


def official_data_years(rows: list[OfficialRow]) -> list[str]:
    """The years of data the rows' basis runs read («2022/2023–2024/2025 учебных лет»), without repeats."""
    return sorted({r.status.run.data_years_label for r in rows})


def official_orders(rows: list[OfficialRow]) -> list[tuple]:
    """The orders (number, date) the rows of an official list rest on, oldest first."""
    return sorted({(r.status.order_number, r.status.order_date) for r in rows}, key=lambda o: o[1])


def official_list_of_schools(*, school_ids, start_year: int) -> list[OfficialRow]:
    """The list of a school year among the given schools, whoever reads it (the annual report: its territory's)."""
    return official_list(start_year=start_year, statuses=SchoolStatus.objects.filter(school_id__in=school_ids))


def official_pairs(*, school_ids, start_year: int) -> set[tuple[int, str]]:
    """(school id, status) of the given schools on the official list of a school year (one query)."""
    return set(SchoolStatus.objects.filter(school_id__in=school_ids, school_year__start_year=start_year)
               .values_list("school_id", "status"))


def approved_lists_using(keys) -> dict[tuple[int, int], list[str]]:
    """{(school id, start year of the data): [«утверждённом списке ШНОР 2025/2026 (…, приказ № 12 от 01.09.2025)»]}:
    the approved lists whose computation read that school's results of that year (the run's data years,
    `Run.data_years`). Registered with `schools.registries.register_result_uses`, so an import that changes those
    results asks for confirmation (core/imports/services.py). One query."""
    keys = set(keys)
    if not keys:
        return {}
    out: dict[tuple[int, int], list[str]] = {}
    rows = (RunSchool.objects.filter(run__state=Run.State.APPROVED, run__is_what_if=False,
                                     school_id__in={school_id for school_id, _year in keys})
            .select_related("run__school_year", "run__municipality", "run__region").order_by("run_id"))
    for row in rows:
        run = row.run
        first, last = run.data_years
        statuses = [label for included, label in ((row.lrs_included, "ШНОР"), (row.dsc_included, "ШССУ")) if included]
        order = f", приказ № {run.order_number} от {ru_date(run.order_date)}" if run.order_number else ""
        text = (f"утверждённом списке {' и '.join(statuses) or 'ШНОР и ШССУ'} "
                f"{school_year_name(run.school_year.start_year)} ({run.territory}{order})")
        for year in range(first, last + 1):
            if (row.school_id, year) in keys:
                out.setdefault((row.school_id, year), []).append(text)
    return out
