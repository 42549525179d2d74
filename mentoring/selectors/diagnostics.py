"""Reads of deficit diagnostics: the change per competence on a repeat, and who improved in a period."""

from dataclasses import dataclass

from django.db.models import Avg

from ..models import Diagnostic


@dataclass
class CompetenceChange:
    name: str
    before: int | None
    after: int | None
    deficit_before: bool
    deficit_after: bool

    @property
    def change(self) -> int | None:
        return None if self.before is None or self.after is None else self.after - self.before


def diagnostic_changes(diagnostics: list[Diagnostic]) -> dict[int, list[CompetenceChange]]:
    """For each diagnostic that repeats an earlier one of the same instrument: the change per competence."""
    out = {}
    last: dict[int, Diagnostic] = {}
    for d in sorted(diagnostics, key=lambda d: d.date):
        previous = last.get(d.instrument_id)
        if previous is not None:
            before = {s.competence_id: s for s in previous.scores.all()}
            rows = []
            for s in d.scores.all():
                b = before.get(s.competence_id)
                rows.append(CompetenceChange(s.competence.name, b.score if b else None, s.score,
                                             bool(b and b.is_deficit), s.is_deficit))
            out[d.pk] = rows
        last[d.instrument_id] = d
    return out


def diagnostic_dynamics(teacher_ids_q, since, until) -> tuple[set, set, set]:
    """(diagnosed in the period, diagnosed again in it after an earlier round, improved on the repeat) — one query:
    each diagnostic's mean score, compared with the teacher's previous one of the same instrument."""
    rows = (Diagnostic.objects.filter(teacher_id__in=teacher_ids_q, date__lte=until)
            .annotate(mean=Avg("scores__score")).order_by("teacher_id", "instrument_id", "date")
            .values_list("teacher_id", "instrument_id", "date", "mean"))
    diagnosed, twice, improved = set(), set(), set()
    previous: dict[tuple, float | None] = {}
    for teacher_id, instrument_id, day, mean in rows:
        key = (teacher_id, instrument_id)
        if day >= since:
            diagnosed.add(teacher_id)
            if key in previous:
                twice.add(teacher_id)
                if mean is not None and previous[key] is not None and mean > previous[key]:
                    improved.add(teacher_id)
        previous[key] = mean
    return diagnosed, twice, improved
