"""Computing a run: every criterion evaluated set-wise over the run's schools, then the decision rules.

The run works only from its own snapshot of the methodology, so re-running it on the same data gives
the same list and evidence, whatever happened to the methodology since.
"""

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from .criteria import Evidence, Outcome, RunContext, get_kind
from .methodology import decide
from .models import Run, RunSchool, Status

BATCH = 2000
NO_DATA = Evidence(outcome=Outcome.NO_DATA)


def context_for(run: Run) -> RunContext:
    sample = run.snapshot.get("sample") or {}
    return RunContext(
        year=run.school_year.start_year,
        region_id=run.region_id,
        municipality_id=run.municipality_id,
        min_participants=sample.get("min_participants", 10),
        reliable_participants=sample.get("reliable_participants", 20),
    )


@dataclass(slots=True)
class Row:
    """One school of a run, before it is stored (plain data: tens of thousands are written at once)."""

    school_id: int
    proposed: list
    met: list
    needs_review: bool
    evidence: dict

    def included(self, status) -> bool:
        return status in self.proposed


def evaluate(run: Run, progress: Callable[[int], None] = lambda pct: None) -> list[Row]:
    """A row for every active school in the run's territory."""
    snapshot = run.snapshot
    ctx = context_for(run)
    school_ids = ctx.school_ids
    criteria = snapshot["criteria"]
    evidence: dict[str, dict[int, dict]] = {}
    outcomes: dict[str, dict[int, str]] = {}
    for i, criterion in enumerate(criteria, start=1):
        found = get_kind(criterion["kind"]).evaluate(ctx, criterion["params"])
        evidence[criterion["code"]] = {sid: ev.as_dict() for sid, ev in found.items()}
        outcomes[criterion["code"]] = {sid: ev.outcome for sid, ev in found.items()}
        progress(int(80 * i / max(len(criteria), 1)))
    review_codes = [c["code"] for c in criteria if not get_kind(c["kind"]).labels_schools]
    rules, no_data = snapshot["rules"], NO_DATA.as_dict()
    rows = []
    for school_id in school_ids:
        per_school = {code: by_school.get(school_id, no_data) for code, by_school in evidence.items()}
        school_outcomes = {code: by_school.get(school_id, Outcome.NO_DATA) for code, by_school in outcomes.items()}
        proposed = decide(rules, school_outcomes)
        rows.append(Row(school_id=school_id, proposed=proposed,
                        met=[code for code, outcome in school_outcomes.items() if outcome == Outcome.MET],
                        needs_review=any(school_outcomes.get(code) == Outcome.MET for code in review_codes),
                        evidence=per_school))
    return rows


def _copy_rows(run: Run, rows: list[Row]) -> None:
    """PostgreSQL: COPY is several times faster than INSERT for tens of thousands of JSON rows."""
    table = RunSchool._meta.db_table
    columns = ["run_id", "school_id", "proposed", "met", "needs_review", "evidence", "lrs_included",
               "dsc_included"]
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerows((run.pk, r.school_id, dumps(r.proposed), dumps(r.met), r.needs_review, dumps(r.evidence),
                      r.included(Status.LRS), r.included(Status.DSC)) for r in rows)
    buf.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv)", buf)


def compute(run: Run, progress: Callable[[int], None] = lambda pct: None) -> int:
    """Evaluate and store the run's schools (replacing any earlier attempt of the same run)."""
    rows = evaluate(run, progress)
    with transaction.atomic():
        RunSchool.objects.filter(run=run).delete()
        if connection.vendor == "postgresql":
            _copy_rows(run, rows)
        else:
            RunSchool.objects.bulk_create(
                [RunSchool(run=run, school_id=r.school_id, proposed=r.proposed, met=r.met, needs_review=r.needs_review,
                           evidence=r.evidence, lrs_included=r.included(Status.LRS),
                           dsc_included=r.included(Status.DSC)) for r in rows], batch_size=BATCH)
    progress(100)
    return len(rows)
