"""Whether a run judged a school for a status, and why the methodology proposes what it proposes — in plain words.

A school is «не оценена» for a status when no criterion of that status's rule could be judged (every one
«недостаточно данных»): it is then neither in the list nor out of it on the evidence, and the pages say so with
each criterion's reason (docs/methodology.md, «Не оценена»). Only the kinds' hooks (`sentence`,
`unjudged_reason`) and the outcomes are read, so kinds added later need nothing here."""

from dataclasses import dataclass

from ..criteria import Outcome, get_kind
from ..criteria.base import plural
from ..criteria.figures import flatten
from ..models import Run, RunSchool, Status

LABELS = dict(Status.choices)


@dataclass(frozen=True)
class Judgement:
    """One status of one school: judged or not and, if not, (criterion title, reason) per criterion of the rule."""

    status: str
    label: str
    judged: bool
    reasons: tuple[tuple[str, str], ...] = ()

    @property
    def reason_text(self) -> str:
        """«Доля «2» по ВПР, ОГЭ и ЕГЭ — нет результатов …; …»."""
        return "; ".join(f"{title} — {reason}" for title, reason in self.reasons)


def sample_of(run: Run) -> dict:
    """The methodology's sample rule as the kinds' hooks read it, with `year`: the last school year of data the run
    read (start year), so that a reason can name it even when the school has no data at all."""
    return {"min_participants": 10, "reliable_participants": 20, **(run.snapshot.get("sample") or {}),
            "year": run.data_years[1]}


def _rules(run: Run) -> list[tuple[str, list[dict]]]:
    """(status, the rule's criteria from the run's snapshot) for every status the methodology has a rule for."""
    criteria = {c["code"]: c for c in run.snapshot.get("criteria", [])}
    rules = run.snapshot.get("rules") or {}
    out = []
    for status in Status.values:
        codes = [code for code in (rules.get(status) or {}).get("criteria", []) if code in criteria]
        if codes:
            out.append((status, [criteria[code] for code in codes]))
    return out


def _outcome(evidence: dict, code: str) -> str:
    return (evidence.get(code) or {}).get("outcome") or Outcome.NO_DATA


def _reason(criterion: dict, evidence: dict, sample: dict) -> str:
    kind = get_kind(criterion["kind"])
    return str(kind.unjudged_reason(evidence.get(criterion["code"]) or {}, criterion["params"], sample))


def judgements(run_school: RunSchool, evidence: dict | None = None) -> list[Judgement]:
    """Per status with a rule, in the order of `Status`: judged, or not judged with each criterion's reason. No
    query beyond the run school's own (the run is the one it was read with)."""
    run = run_school.run
    evidence = run_school.evidence if evidence is None else evidence
    sample, out = None, []
    for status, criteria in _rules(run):
        if any(_outcome(evidence, c["code"]) != Outcome.NO_DATA for c in criteria):
            out.append(Judgement(status, LABELS[status], True))
            continue
        sample = sample or sample_of(run)
        reasons = tuple((c["title"], _reason(c, evidence, sample)) for c in criteria)
        out.append(Judgement(status, LABELS[status], False, reasons))
    return out


def not_judged(run_school: RunSchool) -> list[Judgement]:
    """The statuses the school was not judged for (empty: judged for every status with a rule)."""
    return [j for j in judgements(run_school) if not j.judged]


def _outcome_reader(run: Run):
    """A reader of a run school's outcomes only — {criterion code: outcome} from its stored figures (or the JSON of
    runs stored before figures): the layouts are made once per run and nothing is shaped, so a region's tens of
    thousands of schools are read in a fraction of a second."""
    layouts: list = []  # made at the first figures (runs stored before figures have none to read)

    def read(figures, legacy) -> dict[str, dict]:
        if figures is None:
            return legacy or {}
        if not layouts:
            layouts.extend((c["code"], get_kind(c["kind"]).layout(c["params"])) for c in run.snapshot["criteria"])
        flat, pos, out = flatten(figures), 0, {}
        for code, layout in layouts:
            raw, pos = layout.read(flat, pos)
            out[code] = {"outcome": Outcome.NO_DATA if raw is None else raw["outcome"]}
        return out

    return read


def unjudged_ids(run: Run) -> dict[str, set[int]]:
    """Status → ids of the run's RunSchool rows not judged for it, for every status with a rule — one query (the
    outcomes are read from the stored figures, which are numbers, not from a column per criterion)."""
    rules = _rules(run)
    out: dict[str, set[int]] = {status: set() for status, _criteria in rules}
    if not rules:
        return out
    read = _outcome_reader(run)
    for pk, figures, legacy in run.schools.values_list("pk", "figures", "legacy_evidence"):
        evidence = read(figures, legacy)
        for status, criteria in rules:
            if all(_outcome(evidence, c["code"]) == Outcome.NO_DATA for c in criteria):
                out[status].add(pk)
    return out


def unjudged_counts(run: Run) -> list[tuple[str, str, int]]:
    """(status, label, schools not judged for it) per status with a rule — the run page's «Не оценены»."""
    return [(status, LABELS[status], len(ids)) for status, ids in unjudged_ids(run).items()]


# ---- the why page's first lines ------------------------------------------------------------------------------

def _sentence(criterion: dict, evidence: dict) -> str:
    return str(get_kind(criterion["kind"]).sentence(evidence.get(criterion["code"]) or {}, criterion["params"]))


def _joined(parts: list[str]) -> str:
    return "; ".join(parts)


def why_summary(run_school: RunSchool) -> dict:
    """The why page's opening in plain Russian: {"lines": [(tone, text)], "review": [text]} — per status a sentence
    (included because …, not included, not judged: reasons), then the review signals as «Требует проверки»;
    no codes, parameters or statistics (those are behind «подробнее»)."""
    run = run_school.run
    evidence = run_school.evidence
    overrides = {o.status: o for o in run_school.overrides.all()}
    criteria = {c["code"]: c for c in run.snapshot.get("criteria", [])}
    rules = run.snapshot.get("rules") or {}
    lines = []
    for judgement, (status, rule_criteria) in zip(judgements(run_school, evidence), _rules(run), strict=True):
        label, override = judgement.label, overrides.get(status)
        met = [c for c in rule_criteria if _outcome(evidence, c["code"]) == Outcome.MET]
        proposed, included = status in run_school.proposed, run_school.included(status)
        because = _joined([_sentence(c, evidence) for c in met])
        decided = f" Решение принято вопреки предложению методики: «{override.reason}»." if override else ""
        if not judgement.judged:
            text = f"Школа не оценена для списка {label}: {judgement.reason_text}."
            if included:
                text += f" Школа включена в список {label} решением вопреки предложению методики."
            lines.append(("warn", text + decided))
        elif proposed and included:
            lines.append(("bad", f"Школа включена в список {label}, потому что {because}."))
        elif proposed:
            lines.append(("info", f"Методика предлагала включить школу в список {label}, потому что {because}, но "
                                  f"школа в список не включена.{decided}"))
        elif included:
            lines.append(("bad", f"Школа включена в список {label}, хотя методика этого не предлагала.{decided}"))
        else:
            need = int((rules.get(status) or {}).get("min_met", 1))
            if met:
                total = len(rule_criteria)
                text = (f"Школа не включена в список {label}: выполнено {len(met)} из {total} "
                        f"{plural(total, 'условия', 'условий', 'условий')}, а нужно не меньше {need} ({because}).")
            else:
                text = f"Школа не включена в список {label}: ни одно из условий методики не выполнено."
            unknown = [c for c in rule_criteria if _outcome(evidence, c["code"]) == Outcome.NO_DATA]
            if unknown:
                sample = sample_of(run)
                text += " Недостаточно данных: " + _joined([
                    f"{c['title']} — {_reason(c, evidence, sample)}" for c in unknown]) + "."
            lines.append(("ok", text))
    review = [_sentence(c, evidence) for c in criteria.values()
              if not get_kind(c["kind"]).labels_schools and _outcome(evidence, c["code"]) == Outcome.MET]
    return {"lines": lines, "review": review}


# ---- the registry's status filter ----------------------------------------------------------------------------

def latest_approved_runs() -> list[Run]:
    """The latest approved list of every territory (a municipality's or a whole region's) up to the current school
    year — one query."""
    from django.utils import timezone

    from core.formats import school_year_of

    latest: dict[tuple, Run] = {}
    for run in (Run.objects.filter(state=Run.State.APPROVED,
                                   school_year__start_year__lte=school_year_of(timezone.localdate()))
                .select_related("school_year").order_by("-school_year__start_year", "-pk")):
        latest.setdefault((run.region_id, run.municipality_id), run)
    return list(latest.values())


def unjudged_on_latest_lists() -> set[int]:
    """Ids of the schools not judged for some status on the latest approved list that covers them (their
    municipality's or, when later, their region's; of one year the municipality's own) — two queries, whatever the
    number of lists."""
    runs = {run.pk: run for run in latest_approved_runs()}
    if not runs:
        return set()
    rules = {pk: _rules(run) for pk, run in runs.items()}
    chosen: dict[int, tuple] = {}  # school → (its list's key, run id, figures, legacy evidence)
    for run_id, school_id, figures, legacy in RunSchool.objects.filter(run_id__in=runs).values_list(
            "run_id", "school_id", "figures", "legacy_evidence"):
        run = runs[run_id]
        key = (run.school_year.start_year, run.municipality_id is not None)
        if school_id not in chosen or key > chosen[school_id][0]:
            chosen[school_id] = (key, run_id, figures, legacy)
    out, readers = set(), {pk: _outcome_reader(run) for pk, run in runs.items()}
    for school_id, (_key, run_id, figures, legacy) in chosen.items():
        evidence = readers[run_id](figures, legacy)
        if any(all(_outcome(evidence, c["code"]) == Outcome.NO_DATA for c in criteria)
               for _status, criteria in rules[run_id]):
            out.add(school_id)
    return out
