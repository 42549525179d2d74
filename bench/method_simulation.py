"""Simulation study of identification: a generated region whose schools have KNOWN true levels, judged by the real
engine with the previous default methodology (version 3, frozen in identification/migrations/0005) and with the
current default (identification.methodology.DEFAULT_*), and, by school size band, how many truly low schools each
finds, how many average schools it wrongly labels ШНОР and how many schools it cannot judge at all.

    .venv/bin/python bench/method_simulation.py [SCHOOLS] [--seed N] [--low-depth FROM TO]

No arguments: 600 schools in 8 municipalities (under 3 minutes on this machine). Without DATABASE_URL the data live
in a temporary SQLite file of their own, removed at the end; with it, the region SIM of that database is replaced.
The last line: `simulation: recall min 0.NN, average wrongly labelled N.N %, not judged N` (current default).
"""

import argparse
import importlib
import os
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import optimize, stats

DEFAULT_SCHOOLS = 600
MIN_SCHOOLS = 30  # fewer leave a size band without a planted low school
DEFAULT_SEED = 2025
IDENTIFIED_YEAR = 2025  # the list on 2025/2026 reads the data years 2022/2023–2024/2025 (engine.data_year)
DATA_YEARS = (IDENTIFIED_YEAR - 3, IDENTIFIED_YEAR - 2, IDENTIFIED_YEAR - 1)
REGION_CODE = "SIM"

# the truth, in units of the pupil-level standard deviation (a pupil's latent score is θ + u + ε, ε ~ N(0, 1))
TAU = 0.35  # between-school SD of θ
YEAR_SD = 0.10  # a school's year-to-year wobble u
# a class's own effect in a subject and year (its teacher, its mix of pupils) shared by all its pupils: what makes a
# single class's result noisier than its pupils' number suggests (intra-class correlation about 0.04)
CLASS_SD = 0.20
SUBJECT_CORR = 0.6  # the same pupil's math and russian latent scores correlate (shared ability)
LOW_SHARE = 0.05  # planted truly low schools in every size band (fewer than the 10 % a rank cut takes)
LOW_DEPTH = (2.5, 3.5)  # a planted school's θ = −τ · U(2,5; 3,5)
AVERAGE_WITHIN = 1.0  # «average» school: not planted and |θ| ≤ 1 · τ
# regional shares fixing the mark cut-offs on the latent scale (pupil-weighted over the region's schools): «2» 15 %,
# «2»+«3» 50 %, «2»+«3»+«4» 82 %; ЕГЭ below the minimum score 5 %
MARK_SHARES = (0.15, 0.50, 0.82)
EGE_BELOW_MINIMUM = 0.05
EGE_MIDDLE = {"russian": 68, "math_profile": 50}  # the test score of the regional median pupil
PARTICIPATION = {"vpr": 0.92, "oge": 0.97, ("ege", "russian"): 0.97, ("ege", "math_profile"): 0.5}

# size bands: share of schools, pupils per grade (classes × class size), basic schools without grades 10–11
BANDS = {
    "small": {"label": "малые", "share": 0.40, "text": "сельские, 4–16 учеников в классе, один класс"},
    "medium": {"label": "средние", "share": 0.35, "text": "1–2 класса по 15–25 учеников"},
    "large": {"label": "крупные", "share": 0.25, "text": "городские, 3–5 классов по 25–30 учеников"},
}
BASIC_SHARE = {"small": 0.35, "medium": 0.15, "large": 0.0}  # ООШ: grades up to 9, no ЕГЭ
UNITS = ([("vpr", subject, grade) for grade in range(4, 9) for subject in ("math", "russian")]
         + [("oge", "math", 9), ("oge", "russian", 9), ("ege", "russian", 11), ("ege", "math_profile", 11)])


@dataclass
class SimSchool:
    number: int
    band: str
    municipality: int
    location: str
    kind: str
    theta: float
    planted: bool
    hardship: float  # 0…1, drives the yearly social data (schools.demo.synthetic.yearly_data)
    classes: int  # classes per grade in grades 4–9
    per_class: tuple[int, int]  # class size range (a small school: around its own size)
    basic: bool
    pk: int | None = None
    grades: dict = field(default_factory=dict)  # (year, grade) → pupils enrolled

    @property
    def average(self) -> bool:
        return not self.planted and abs(self.theta) <= AVERAGE_WITHIN * TAU

    def enrolled(self, rnd: random.Random, grade: int) -> int:
        if grade >= 10:
            if self.basic:
                return 0
            # fewer pupils go on after grade 9: one class (a small school's at 60 % of its size; large: one or two)
            classes = 1 if self.band != "large" else rnd.randint(1, 2)
            lo, hi = self.per_class
            return sum(max(1, round(rnd.randint(lo, hi) * (0.6 if self.band == "small" else 1))) for _ in
                       range(classes))
        return sum(rnd.randint(*self.per_class) for _ in range(self.classes))


def plan_region(schools: int, seed: int, depth: tuple[float, float] = LOW_DEPTH) -> list[SimSchool]:
    """The region's schools and their truth (no database): size band, municipality, θ (a planted school's:
    −τ · U(depth)), planted or not."""
    rnd = random.Random(seed)
    municipalities = max(6, min(10, schools // 75)) if schools <= 800 else schools // 75
    weights = [rnd.uniform(0.5, 1.5) for _ in range(municipalities)]
    counts = {band: round(schools * spec["share"]) for band, spec in BANDS.items()}
    counts["large"] = schools - counts["small"] - counts["medium"]
    plan: list[SimSchool] = []
    for band, count in counts.items():
        planted = set(rnd.sample(range(count), max(1, round(count * LOW_SHARE))))
        for i in range(count):
            is_low = i in planted
            theta = -TAU * rnd.uniform(*depth) if is_low else rnd.gauss(0.0, TAU)
            if band == "small":
                # a small school stays small: its grades vary around its own size, within 4–16 pupils
                size = rnd.randint(6, 16)
                location, classes, per_class = "rural", 1, (max(3, round(size * 0.75)), min(16, round(size * 1.25)))
                kind = "oosh" if rnd.random() < BASIC_SHARE[band] else "sosh"
            elif band == "medium":
                location, classes, per_class = rnd.choice(["rural", "urban"]), rnd.randint(1, 2), (15, 25)
                kind = "oosh" if rnd.random() < BASIC_SHARE[band] else "sosh"
            else:
                location, classes, per_class = "urban", rnd.randint(3, 5), (25, 30)
                kind = rnd.choice(["sosh", "sosh", "gymnasium", "lyceum"])
            # disadvantage goes with low results, but loosely (rural schools a little more)
            hardship = float(stats.norm.cdf(-0.4 * theta / TAU + (0.3 if location == "rural" else 0.0)
                                            + rnd.gauss(0.0, 0.9)))
            plan.append(SimSchool(
                number=len(plan) + 1, band=band, municipality=rnd.choices(range(municipalities), weights)[0],
                location=location, kind=kind, theta=theta, planted=is_low, hardship=hardship, classes=classes,
                per_class=per_class, basic=kind == "oosh"))
    for school in plan:
        for year in DATA_YEARS:
            for grade in range(1, 12):
                school.grades[(year, grade)] = school.enrolled(rnd, grade)
    return plan


def cut_offs(plan: list[SimSchool]) -> dict[str, float]:
    """Fixed cut-offs on the latent scale giving the regional shares of MARK_SHARES (pupil-weighted over schools)."""
    theta = np.array([s.theta for s in plan])
    weight = np.array([sum(s.grades.values()) for s in plan], dtype=float)
    spread = np.sqrt(1.0 + YEAR_SD ** 2)

    def at(share: float) -> float:
        return optimize.brentq(lambda c: np.average(stats.norm.cdf((c - theta) / spread), weights=weight) - share,
                               -8.0, 8.0)

    return {"2": at(MARK_SHARES[0]), "3": at(MARK_SHARES[1]), "4": at(MARK_SHARES[2]),
            "ege": at(EGE_BELOW_MINIMUM)}


def score_knots(procedure: str, subject: str, grade: int, cuts: dict) -> tuple[list, list]:
    """Latent score → primary (ЕГЭ: test) score, monotone and agreeing with the marks: the grading scale's minimum
    for «3», «4», «5» (schools.grading_scales) sits at the latent cut-off of that mark."""
    from schools.grading_scales import BANDS as SCALES
    from schools.grading_scales import EGE_MINIMUM

    if procedure == "ege":
        minimum = EGE_MINIMUM[(procedure, subject, grade)]
        return ([cuts["ege"] - 2.5, cuts["ege"], cuts["3"], cuts["3"] + 2.8],
                [4, minimum, EGE_MIDDLE[subject], 100])
    top, s3, s4, s5 = SCALES[(procedure, subject, grade)]
    return [cuts["2"] - 2.5, cuts["2"], cuts["3"], cuts["4"], cuts["4"] + 2.0], [0, s3, s4, s5, top]


def write_region(plan: list[SimSchool], seed: int) -> tuple:
    """The region in the database: municipalities, schools, yearly data and results (bulk inserts). Returns the
    region and the regional shares of «2» (ВПР and ОГЭ) and of ЕГЭ below the minimum actually drawn."""
    from django.db import transaction

    from schools.demo.names import inn_for, person
    from schools.demo.synthetic import _delete_region, yearly_data
    from schools.models import AssessmentResult, Municipality, Region, School, SchoolYear, SchoolYearData, Subject

    rnd, rng = random.Random(seed + 1), np.random.default_rng(seed)
    cuts = cut_offs(plan)
    mark_cuts = np.array([cuts["2"], cuts["3"], cuts["4"]])
    knots = {unit: score_knots(*unit, cuts) for unit in UNITS}
    with transaction.atomic():
        old = Region.objects.filter(code=REGION_CODE).first()
        if old:
            _delete_region(old)
        region = Region.objects.create(code=REGION_CODE, name=f"Регион симуляции (seed {seed})")
        count = max(s.municipality for s in plan) + 1
        munis = Municipality.objects.bulk_create([
            Municipality(region=region, name=f"Муниципалитет симуляции {i + 1:02d}", code=f"sim-{i + 1:02d}")
            for i in range(count)])
        kinds = {"oosh": "ООШ", "sosh": "СОШ", "gymnasium": "гимназия", "lyceum": "лицей"}
        rows = [School(municipality=munis[s.municipality], code=f"sim{s.number:06d}", kind=s.kind,
                       location=s.location, short_name=f"МБОУ {kinds[s.kind]} № {s.number}",
                       full_name=f"Муниципальное бюджетное общеобразовательное учреждение {kinds[s.kind]} "
                                 f"№ {s.number} ({munis[s.municipality].name})",
                       inn=inn_for(900000 + s.number), director_name=person(rnd)) for s in plan]
        School.objects.bulk_create(rows, batch_size=2000)
        for s, row in zip(plan, rows, strict=True):
            s.pk = row.pk
        years = {y: SchoolYear.objects.get_or_create(start_year=y)[0] for y in DATA_YEARS}
        subjects = {s.code: s for s in Subject.objects.all()}
        yearly, results = [], []
        failing = {"vpr_oge": [0, 0], "ege": [0, 0]}
        for s, row in zip(plan, rows, strict=True):
            for year in DATA_YEARS:
                students = sum(s.grades[(year, g)] for g in range(1, 12))
                yearly.append(yearly_data(rnd, row, years[year], students, hardship=s.hardship))
                level = s.theta + rng.normal(0.0, YEAR_SD)
                ability = {}  # the same pupils sit math and russian in a grade
                for procedure, subject, grade in UNITS:
                    enrolled = s.grades[(year, grade)]
                    if not enrolled:
                        continue
                    if grade not in ability:
                        ability[grade] = rng.normal(size=enrolled)
                    present = rng.random(enrolled) < PARTICIPATION.get(procedure, PARTICIPATION.get(
                        (procedure, subject), 1.0))
                    n = int(present.sum())
                    if not n:
                        continue
                    latent = (level + rng.normal(0.0, CLASS_SD) + np.sqrt(SUBJECT_CORR) * ability[grade][present]
                              + np.sqrt(1 - SUBJECT_CORR) * rng.normal(size=n))
                    xs, ys = knots[(procedure, subject, grade)]
                    scores = np.clip(np.floor(np.interp(latent, xs, ys)), 0, ys[-1])
                    common = {"school": row, "school_year": years[year], "procedure": procedure,
                              "subject": subjects[subject], "grade": grade, "participants": n,
                              "mean_score": round(float(scores.mean()), 2)}
                    if procedure == "ege":
                        below = int((latent < cuts["ege"]).sum())
                        failing["ege"][0] += below
                        failing["ege"][1] += n
                        results.append(AssessmentResult(**common, mark2=below))
                        continue
                    marks = np.bincount(np.searchsorted(mark_cuts, latent, side="right"), minlength=4)
                    failing["vpr_oge"][0] += int(marks[0])
                    failing["vpr_oge"][1] += n
                    results.append(AssessmentResult(**common, mark2=int(marks[0]), mark3=int(marks[1]),
                                                    mark4=int(marks[2]), mark5=int(marks[3])))
        SchoolYearData.objects.bulk_create(yearly, batch_size=2000)
        AssessmentResult.objects.bulk_create(results, batch_size=2000)
    shares = {key: 100 * k / n if n else None for key, (k, n) in failing.items()}
    return region, len(results), shares


def judge(region, name: str, criteria: list, rules: dict, sample: dict) -> dict[int, tuple[bool, bool]]:
    """One region-wide run of the methodology by the engine: school id → (proposed ШНОР, not judged for ШНОР —
    every criterion of the ШНОР rule «недостаточно данных»)."""
    from identification import services
    from identification.criteria.figures import Outcome
    from identification.models import Status

    methodology = services.create_methodology_version(actor=None, base=None, family="simulation", name=name,
                                                      criteria=criteria, rules=rules, sample=sample)
    run = services.create_run(actor=None, methodology=methodology, region=region, municipality=None,
                              start_year=IDENTIFIED_YEAR, enqueue=False)
    services.compute_run(run=run)
    codes = run.snapshot["rules"][Status.LRS]["criteria"]
    out = {}
    for rs in run.schools.select_related("run"):
        evidence = rs.evidence
        out[rs.school_id] = (Status.LRS in rs.proposed,
                             all(evidence[code]["outcome"] == Outcome.NO_DATA for code in codes))
    return out


def tabulate(plan: list[SimSchool], judged: dict[int, tuple[bool, bool]]) -> list[dict]:
    """Rows by size band and the total: schools, truly low, found, recall, average schools, wrongly labelled and
    their share, not judged, labelled ШНОР in all."""
    rows = []
    for band in [*BANDS, "total"]:
        members = [s for s in plan if band in ("total", s.band)]
        low = [s for s in members if s.planted]
        average = [s for s in members if s.average]
        found = sum(judged[s.pk][0] for s in low)
        wrong = sum(judged[s.pk][0] for s in average)
        rows.append({"band": band, "schools": len(members), "low": len(low), "found": found,
                     "recall": found / len(low) if low else None, "average": len(average), "wrong": wrong,
                     "wrong_pct": 100 * wrong / len(average) if average else None,
                     "not_judged": sum(judged[s.pk][1] for s in members),
                     "labelled": sum(judged[s.pk][0] for s in members)})
    return rows


def render(title: str, rows: list[dict]) -> list[str]:
    from core.formats import ru_decimal, ru_percent

    head = ("размер", "школ", "низких", "найдено", "полнота", "средних", "ошибочно ШНОР", "не оценены",
            "всего ШНОР")
    widths = (9, 6, 7, 8, 8, 8, 18, 11, 11)
    lines = [title, "".join(h.rjust(w) if i else h.ljust(w) for i, (h, w) in enumerate(zip(head, widths,
                                                                                            strict=True)))]
    for r in rows:
        label = BANDS[r["band"]]["label"] if r["band"] in BANDS else "всего"
        cells = (label, r["schools"], r["low"], r["found"], ru_decimal(r["recall"], 2), r["average"],
                 f"{r['wrong']} ({ru_percent(r['wrong_pct'])})", r["not_judged"], r["labelled"])
        lines.append("".join(str(c).rjust(w) if i else str(c).ljust(w)
                             for i, (c, w) in enumerate(zip(cells, widths, strict=True))))
    return lines


def summary(rows: list[dict]) -> str:
    """The contract's last line: minimum recall over the size bands, average schools wrongly labelled, not judged."""
    recalls = [r["recall"] for r in rows if r["band"] in BANDS and r["recall"] is not None]
    total = rows[-1]
    return (f"simulation: recall min {min(recalls):.2f}, average wrongly labelled {total['wrong_pct'] or 0:.1f} %, "
            f"not judged {total['not_judged']}")


def previous_default() -> tuple[list, dict, dict]:
    """Version 3 as its data migration froze it."""
    v3 = importlib.import_module("identification.migrations.0005_default_methodology_v3")
    return v3.CRITERIA_V3, v3.RULES_V3, v3.SAMPLE_V3


def simulate(schools: int, seed: int, log=print, depth: tuple[float, float] = LOW_DEPTH) -> dict:
    """Generate the region, judge it with both methodologies, log the tables; returns the plan and the rows."""
    from core.formats import ru_decimal, ru_percent
    from identification import methodology as current

    started = time.perf_counter()
    plan = plan_region(schools, seed, depth)
    region, results, shares = write_region(plan, seed)
    generated = time.perf_counter() - started
    years = f"{DATA_YEARS[0]}/{DATA_YEARS[0] + 1}–{DATA_YEARS[-1]}/{DATA_YEARS[-1] + 1}"
    log(f"Регион: {len(plan)} школ в {max(s.municipality for s in plan) + 1} муниципалитетах, seed {seed}; "
        f"{results} строк результатов за {years} (список на {IDENTIFIED_YEAR}/{IDENTIFIED_YEAR + 1}); "
        f"генерация {ru_decimal(generated, 1)} с")
    for band, spec in BANDS.items():
        members = [s for s in plan if s.band == band]
        log(f"  {spec['label']}: {len(members)} ({spec['text']}); ООШ без 10–11 классов — "
            f"{sum(s.basic for s in members)}; заложены низкими — {sum(s.planted for s in members)}")
    log(f"Истинный уровень школы θ ~ N(0; τ = {ru_decimal(TAU, 2)}) в единицах SD ученика; балл ученика "
        f"θ + u + ε, u ~ N(0; {ru_decimal(YEAR_SD, 2)}) — колебание школы по годам, ε ~ N(0; 1).")
    log(f"Низкие (заложены): {ru_percent(100 * LOW_SHARE, 0)} школ каждой группы размера, θ = −τ·U("
        f"{ru_decimal(depth[0], 1)}; {ru_decimal(depth[1], 1)}). Средние: не заложенные, |θ| ≤ "
        f"{ru_decimal(AVERAGE_WITHIN, 1)}·τ. Не оценена — все критерии правила ШНОР «недостаточно данных».")
    log(f"Доля «2» в регионе (ВПР, ОГЭ): {ru_percent(shares['vpr_oge'])}; ЕГЭ ниже минимального балла: "
        f"{ru_percent(shares['ege'])}")
    tables = {}
    for key, title, (criteria, rules, sample) in (
            ("previous", "Прежняя базовая методика (версия 3, миграция 0005)", previous_default()),
            ("current", "Базовая методика сейчас (identification.methodology.DEFAULT_*)",
             (current.DEFAULT_CRITERIA, current.DEFAULT_RULES, current.DEFAULT_SAMPLE))):
        start = time.perf_counter()
        rows = tabulate(plan, judge(region, f"Симуляция: {title}"[:200], criteria, rules, sample))
        log("")
        for line in render(f"{title}; расчёт {ru_decimal(time.perf_counter() - start, 1)} с", rows):
            log(line)
        tables[key] = rows
    return {"plan": plan, "region": region, "tables": tables, "shares": shares}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Симуляция выявления ШНОР на регионе с известным уровнем школ.")
    parser.add_argument("schools", nargs="?", type=int, default=DEFAULT_SCHOOLS,
                        help=f"число школ (по умолчанию {DEFAULT_SCHOOLS}, не меньше {MIN_SCHOOLS})")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"зерно (по умолчанию {DEFAULT_SEED})")
    parser.add_argument("--low-depth", type=float, nargs=2, default=LOW_DEPTH, metavar=("ОТ", "ДО"),
                        help="насколько ниже среднего заложенные низкие школы, в τ (по умолчанию 2,5 3,5)")
    args = parser.parse_args(argv)
    if args.schools < MIN_SCHOOLS:
        parser.error(f"школ должно быть не меньше {MIN_SCHOOLS}: иначе в группе размера нет ни одной низкой школы")
    low, high = args.low_depth
    if not AVERAGE_WITHIN < low <= high:
        parser.error(f"--low-depth: нужно {AVERAGE_WITHIN:g} < ОТ ≤ ДО, иначе заложенные низкие не отличить от средних")
    args.low_depth = (low, high)
    return args


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    started = time.perf_counter()
    own = None
    if not os.environ.get("DATABASE_URL"):
        handle, own = tempfile.mkstemp(prefix="portal-simulation-", suffix=".sqlite3")
        os.close(handle)
        os.environ["DATABASE_URL"] = f"sqlite:///{own}"
    try:
        from _setup import setup_django

        setup_django()
        from core.formats import ru_decimal

        print(f"База: {os.environ['DATABASE_URL'].split('@')[-1]}; миграции "
              f"{ru_decimal(time.perf_counter() - started, 1)} с")
        result = simulate(args.schools, args.seed, depth=args.low_depth)
    finally:
        if own:
            Path(own).unlink(missing_ok=True)
    print(f"\nВсего {ru_decimal(time.perf_counter() - started, 1)} с")
    print(summary(result["tables"]["current"]))


if __name__ == "__main__":
    main(sys.argv[1:])
