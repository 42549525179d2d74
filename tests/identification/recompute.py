"""An independent recomputation of a run, written from the methodology page's plain-Russian text alone (see
`identification.selectors.methodology_in_words` and each kind's `plain`), never from the engine's SQL: plain
Python over the model rows, exact fractions where the page speaks of shares, so that any disagreement between
what the page promises and what the engine does shows up school by school.

Each function returns {school code: "met" | "not_met" | "no_data"} for the run's schools (absent = no data)."""

import math
from fractions import Fraction

from schools.models import AssessmentResult, SchoolYearData

MILLION = 1_000_000


def _active(qs, prefix="school__"):
    return qs.filter(**{f"{prefix}is_active": True})


def failing_share(params, sample, *, schools, last) -> dict[str, str]:
    """«Результат — процедура, предмет, класс за год; доля «2» … результат с числом участников меньше N не
    оценивается … выполнен, если в последнем году доля «2» не меньше t хотя бы в n результатах, или в одном и том
    же результате не меньше t k лет подряд до последнего года включительно»."""
    k = params["years_running"]
    t = Fraction(str(params["threshold_pct"]))
    flagged: dict[tuple, set[int]] = {}
    judged_now: dict[str, int] = {}
    rows = _active(AssessmentResult.objects.filter(
        school__code__in=schools, procedure__in=params["procedures"], participants__gte=sample["min_participants"],
        school_year__start_year__range=(last - k + 1, last))).values_list(
        "school__code", "procedure", "subject_id", "grade", "school_year__start_year", "participants", "mark2")
    for code, proc, subject, grade, year, n, mark2 in rows:
        if year == last:
            judged_now[code] = judged_now.get(code, 0) + 1
        if Fraction(mark2 * 100, n) >= t:
            flagged.setdefault((code, proc, subject, grade), set()).add(year)
    out = {}
    for code in schools:
        now = sum(1 for (c, *_unit), years in flagged.items() if c == code and last in years)
        running = any(c == code and len(years) == k for (c, *_unit), years in flagged.items())
        if now >= params["min_procedures"] or running:
            out[code] = "met"
        elif judged_now.get(code):
            out[code] = "not_met"
        else:
            out[code] = "no_data"
    return out


def bottom_distribution(params, sample, *, schools, region, last) -> dict[str, str]:
    """«Сравниваются средние баллы … со школами региона (своего муниципалитета); для каждого класса и года, где у
    школы не меньше N участников, позиция — доля школ с результатом в том же классе в тот же год, у которых
    средний балл такой же или ниже; классы с меньшим числом участников не учитываются ни у школы, ни среди школ для
    сравнения; позиция за год — среднее позиций классов с весами по числу участников; позиции в миллионных долях с
    отбрасыванием остатка; место снизу — 1 плюс число школ с более низкой позицией; в нижних X %, если
    место × 100 ≤ число школ × X; если школ меньше 100 / X, год не оценивается; выполнен, если в нижних не меньше
    чем в n из последних m лет; оценённых лет меньше n — недостаточно данных»."""
    m, x = params["window_years"], Fraction(str(params["bottom_pct"]))
    rows = _active(AssessmentResult.objects.filter(
        procedure=params["procedure"], subject__code=params["subject"], mean_score__isnull=False,
        participants__gte=sample["min_participants"], school_year__start_year__range=(last - m + 1, last)))
    rows = rows.filter(school__municipality__region=region)
    if params.get("grade"):
        rows = rows.filter(grade=params["grade"])
    by_muni = params["group"] == "municipality"  # each school among the schools of its own municipality
    units: dict[tuple, list] = {}
    for code, muni, year, grade, mean, n in rows.values_list(
            "school__code", "school__municipality_id", "school_year__start_year", "grade", "mean_score",
            "participants"):
        units.setdefault((year, grade, muni if by_muni else None), []).append((code, Fraction(str(mean)), n))
    pooled: dict[tuple, list[int]] = {}  # (year, group, school) → [Σ n · position, Σ n]
    for (year, _grade, group), members in units.items():
        for code, mean, n in members:
            position = sum(1 for _c, other, _n in members if other <= mean) * MILLION // len(members)
            acc = pooled.setdefault((year, group, code), [0, 0])
            acc[0] += n * position
            acc[1] += n
    bottom: dict[str, int] = {}
    counted: dict[str, int] = {}
    for year, group in {(y, g) for y, g, _code in pooled}:
        positions = {code: total // n for (y, g, code), (total, n) in pooled.items() if (y, g) == (year, group)}
        size = len(positions)
        if size * x < 100:
            continue  # «недостаточно школ для сравнения»
        for code, position in positions.items():
            counted[code] = counted.get(code, 0) + 1
            place = 1 + sum(1 for other in positions.values() if other < position)
            if place * 100 <= size * x:
                bottom[code] = bottom.get(code, 0) + 1
    out = {}
    for code in schools:
        if bottom.get(code, 0) >= params["min_years"]:
            out[code] = "met"
        elif counted.get(code, 0) < params["min_years"]:
            out[code] = "no_data"
        else:
            out[code] = "not_met"
    return out


def objectivity(params, sample, *, schools, last) -> dict[str, str]:
    """«По ВПР и ОГЭ за последний год … каждая процедура отдельно; классы с числом участников меньше N не
    учитываются; сигнал, если подтвердили меньше c или повысили не меньше r»."""
    c, r = Fraction(str(params["min_confirmed_pct"])), Fraction(str(params["min_raised_pct"]))
    sums: dict[tuple, list[int]] = {}
    seen: set[str] = set()
    rows = _active(AssessmentResult.objects.filter(
        school__code__in=schools, procedure__in=params.get("procedures", ["vpr"]), school_year__start_year=last,
        confirmed__isnull=False)).values_list("school__code", "procedure", "participants", "lowered", "confirmed",
                                              "raised")
    for code, proc, n, lowered, confirmed, raised in rows:
        seen.add(code)
        if n >= sample["min_participants"]:
            acc = sums.setdefault((code, proc), [0, 0, 0])
            acc[0] += lowered or 0
            acc[1] += confirmed or 0
            acc[2] += raised or 0
    out = {}
    for code in schools:
        totals = [(lo + co + ra, co, ra) for (c2, _p), (lo, co, ra) in sums.items() if c2 == code]
        if any(t > 0 and (Fraction(co * 100, t) < c or Fraction(ra * 100, t) >= r) for t, co, ra in totals):
            out[code] = "met"
        elif any(t > 0 for t, _co, _ra in totals):
            out[code] = "not_met"
        else:
            out[code] = "no_data"
    assert seen <= set(schools)
    return out


DENOMINATORS = {"vacancies": lambda d: d.teachers + d.vacancies, "young_specialists": lambda d: d.teachers,
                "students_per_teacher": lambda d: d.teachers}
NUMERATORS = {"students_per_teacher": lambda d: d.students}


def social_index(params, *, schools, region, last) -> dict[str, str]:
    """«Доли обучающихся — от числа обучающихся, вакансии — от суммы педагогов и вакансий, молодые специалисты — от
    числа педагогов (обучающиеся на одного педагога — частное); каждый фактор — z-оценка среди школ (если у всех
    одинаков — 0); неизвестный фактор не входит ни в среднее по школам, ни в индекс школы; индекс неблагополучия —
    среднее z-оценок известных факторов с весами; школа, у которой известны факторы меньше чем с K % веса, не
    оценивается и не входит в число школ; индексы сравниваются с точностью до девяти знаков; место — 1 плюс число
    школ с большим неблагополучием; в нижних X %, если место не больше X % числа школ; учитываются школы с числом
    обучающихся не меньше S»."""
    weights = params["weights"]
    min_known = Fraction(str(params.get("min_known_pct", 50.0)))
    rows = SchoolYearData.objects.filter(school_year__start_year=last, school__is_active=True,
                                         students__gte=params["min_students"]).select_related("school")
    rows = rows.filter(school__municipality__region=region)
    groups: dict[int | None, dict[str, dict[str, float | None]]] = {}
    for d in rows:
        factors = {}
        for f in weights:
            num = NUMERATORS.get(f, lambda d, f=f: getattr(d, f))(d)
            den = DENOMINATORS.get(f, lambda d: d.students)(d) if num is not None else None
            factors[f] = num / den if den and num is not None else None
        key = d.school.municipality_id if params["group"] == "municipality" else None
        groups.setdefault(key, {})[d.school.code] = factors
    cut = Fraction(str(params["bottom_pct"]))
    total = sum(weights.values())
    out = dict.fromkeys(schools, "no_data")
    for values in groups.values():
        z: dict[str, dict[str, float | None]] = {code: {} for code in values}
        for f in weights:
            present = [v[f] for v in values.values() if v[f] is not None]
            mean = sum(present) / len(present) if present else 0.0
            variance = sum(v * v for v in present) / len(present) - mean * mean if present else 0.0
            for code, v in values.items():
                z[code][f] = None if v[f] is None else (
                    (v[f] - mean) / math.sqrt(variance) if variance > 1e-15 else 0.0)
        score = {}
        for code in z:
            known = sum(weights[f] for f in weights if z[code][f] is not None)
            if Fraction(known) * 100 >= Fraction(total) * min_known:
                score[code] = round(sum(weights[f] * z[code][f] for f in weights if z[code][f] is not None) / known,
                                    9)
        size = len(score)
        for code in set(schools) & set(score):
            place = 1 + sum(1 for other in score.values() if other > score[code])
            out[code] = "met" if place * 100 <= size * cut else "not_met"
    return out


def social_disadvantage(params, *, schools, last) -> dict[str, str]:
    """«Доли обучающихся считаются от числа обучающихся, вакансии — от суммы педагогов и вакансий, молодые
    специалисты — от числа педагогов; местность — из реестра школ; за порогом — если значение не меньше порога,
    доли сравниваются с порогом точно; веса факторов за порогом складываются; школа выполняет критерий, если сумма не
    меньше планки (с точностью до тысячных); неизвестный фактор не входит в сумму; школа, у которой известны факторы
    меньше чем с K % общего веса, не оценивается»."""
    weights = {f: Fraction(str(w)) for f, w in params["weights"].items()}
    bar, min_known = Fraction(str(params["bar"])), Fraction(str(params.get("min_known_pct", 50.0)))
    total = sum(weights.values())
    out = dict.fromkeys(schools, "no_data")
    rows = SchoolYearData.objects.filter(school_year__start_year=last, school__code__in=schools).select_related(
        "school")
    for d in _active(rows):
        beyond = known = Fraction(0)
        for f, w in weights.items():
            if f == "rural":
                hit = d.school.location == "rural"
            else:
                num = getattr(d, f)
                den = DENOMINATORS.get(f, lambda d: d.students)(d) if num is not None else None
                if num is None or not den:
                    continue  # unknown: neither 0 nor beyond
                hit = Fraction(num, den) * 100 >= Fraction(str(params[f"threshold_{f}"]))
            known += w
            beyond += w if hit else 0
        if known * 100 < total * min_known:
            continue
        out[d.school.code] = "met" if beyond >= bar else "not_met"
    return out


def recompute(run) -> dict[str, dict[str, str]]:
    """{criterion code: {school code: outcome}} and the proposal {"lrs": set, "dsc": set} for a run, from its
    methodology snapshot and the model rows."""
    snapshot = run.snapshot
    sample = {"min_participants": 10, "reliable_participants": 20, **(snapshot.get("sample") or {})}
    last = run.school_year.start_year - 1  # «список на учебный год строится по результатам прошедших лет»
    schools = sorted(run.schools.values_list("school__code", flat=True))
    out: dict = {}
    for c in snapshot["criteria"]:
        params = c["params"]
        if c["kind"] == "failing_share":
            out[c["code"]] = failing_share(params, sample, schools=schools, last=last)
        elif c["kind"] == "bottom_distribution":
            out[c["code"]] = bottom_distribution(params, sample, schools=schools, region=run.region, last=last)
        elif c["kind"] == "objectivity":
            out[c["code"]] = objectivity(params, sample, schools=schools, last=last)
        elif c["kind"] == "social_index":
            out[c["code"]] = social_index(params, schools=schools, region=run.region, last=last)
        elif c["kind"] == "social_disadvantage":
            out[c["code"]] = social_disadvantage(params, schools=schools, last=last)
    proposal = {}
    for status, rule in snapshot["rules"].items():
        proposal[status] = {code for code in schools
                            if sum(out[k][code] == "met" for k in rule["criteria"]) >= rule["min_met"]}
    return {"criteria": out, "proposal": proposal}


def engine_outcomes(run) -> dict:
    """The same shape from the run's stored evidence."""
    rows = list(run.schools.select_related("school"))
    codes = [c["code"] for c in run.snapshot["criteria"]]
    criteria = {code: {rs.school.code: rs.evidence[code]["outcome"] for rs in rows} for code in codes}
    proposal = {status: {rs.school.code for rs in rows if status in rs.proposed} for status in run.snapshot["rules"]}
    return {"criteria": criteria, "proposal": proposal}
