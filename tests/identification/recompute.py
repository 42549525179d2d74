"""An independent recomputation of a run, written from the methodology page's plain-Russian text alone (see
`identification.selectors.methodology_in_words` and each kind's `plain`), never from the engine's SQL: plain
Python over the model rows, exact fractions where the page speaks of shares, so that any disagreement between
what the page promises and what the engine does shows up school by school.

Each function returns {school code: "met" | "not_met" | "no_data"} for the run's schools (absent = no data).
The estimated kinds of version 4 (failing_estimate, score_estimate, similar_schools, unconfirmed_high) also return
their shrunk figures ({school code: {figure: value in %}}) to compare with the engine's within a tolerance: the
priors are fitted here by other means (a different optimiser) than in the engine, as the page allows."""

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
from scipy import optimize, stats
from statsmodels.stats.meta_analysis import combine_effects

from schools.models import AssessmentResult, SchoolYearData, Subject, TaskResult

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


# --- version 4: estimates with their certainty -------------------------------------------------------------------

Z95 = stats.norm.ppf(0.975)


@dataclass
class Unit:
    code: str
    procedure: str
    subject: str
    grade: int
    year: int
    n: int
    mark2: int
    marks: tuple[int, int, int, int]  # «2»…«5»


def _window_rows(region, first: int, last: int) -> list[Unit]:
    """«Школы сравнения — все действующие школы региона с результатами за эти годы»: every result with participants,
    of any class size."""
    rows = AssessmentResult.objects.filter(school__is_active=True, school__municipality__region=region,
                                           participants__gt=0, school_year__start_year__range=(first, last))
    return [Unit(code, proc, subject, grade, year, n, m2, (m2, m3, m4, m5)) for code, proc, subject, grade, year, n,
            m2, m3, m4, m5 in rows.values_list("school__code", "procedure", "subject__code", "grade",
                                               "school_year__start_year", "participants", "mark2", "mark3",
                                               "mark4", "mark5")]


def fit_beta(k: np.ndarray, n: np.ndarray) -> tuple[float, float]:
    """«по всем школам региона подбирается бета-распределение истинных долей (метод максимального правдоподобия)»:
    the beta-binomial likelihood maximised here by L-BFGS-B from the method-of-moments start (the engine may use
    another optimiser; the page names only the method)."""
    share = k / n
    mean = k.sum() / n.sum()
    spread = max(float(np.var(share)), 1e-6)
    strength = min(max(mean * (1 - mean) / spread - 1, 1.0), 1e4)
    fit = optimize.minimize(lambda x: -stats.betabinom.logpmf(k, n, *np.exp(x)).sum(),
                            np.log([mean * strength, (1 - mean) * strength]), method="L-BFGS-B")
    return tuple(float(v) for v in np.exp(fit.x))


def failing_estimate(params, *, region, schools, last, tolerance):
    """«Берутся все результаты школы за последние w лет (процедуры; все предметы и классы вместе): число участников n
    и число отметок «2» k … по всем школам региона подбирается бета-распределение истинных долей (метод
    максимального правдоподобия) … у каждой школы — бета-распределение с параметрами a + k и b + n − k: оценка —
    его среднее, 95-процентный интервал — от 2,5-го до 97,5-го процентиля … выполнен, если вероятность того, что
    истинная доля не меньше t, не меньше уровня; меньше min_pupils участников — недостаточно данных»."""
    counts: dict[str, list[int]] = {}
    for u in _window_rows(region, last - int(params["window_years"]) + 1, last):
        if u.procedure in params["procedures"]:
            acc = counts.setdefault(u.code, [0, 0])
            acc[0] += u.n
            acc[1] += u.mark2
    n = np.array([v[0] for v in counts.values()], float)
    k = np.array([v[1] for v in counts.values()], float)
    a, b = fit_beta(k, n)
    t, level = float(params["threshold_pct"]) / 100, float(params["level_pct"]) / 100
    out, figures = {}, {}
    for code in schools:
        total, fails = counts.get(code, (0, 0))
        if not total:
            out[code] = "no_data"
            continue
        post = stats.beta(a + fails, b + total - fails)
        p = float(post.sf(t))
        figures[code] = {"estimate": 100 * post.mean(), "low": 100 * post.ppf(0.025), "high": 100 * post.ppf(0.975),
                         "probability": 100 * p}
        out[code] = "no_data" if total < params["min_pupils"] else ("met" if p >= level else "not_met")
    return out, figures, _near(figures, 100 * level, tolerance)


@dataclass
class Levels:
    """Per school: pupils with a mark, the standardised mean mark y and its sampling variance v, and the posterior
    (mean, sd) under the fitted normal prior (mu, tau)."""

    nm: dict[str, int]
    y: dict[str, float]
    v: dict[str, float]
    mu: float
    tau: float
    mean: dict[str, float]
    sd: dict[str, float]

    def share_below(self, value: float) -> float:
        """«уровень показан как доля школ региона, у которых он ниже» (the fitted normal of true levels)."""
        return 100 * float(stats.norm.cdf((value - self.mu) / self.tau)) if self.tau > 0 else 50.0

    def p_below(self, code: str, cut: float) -> float:
        return float(stats.norm.cdf((cut - self.mean[code]) / max(self.sd[code], 1e-12)))


def levels(units: list[Unit], *, procedures, subject=None) -> Levels:
    """«В каждом классе и году средняя отметка школы сравнивается со средней отметкой всех участников региона в том
    же классе и году и выражается в стандартных отклонениях отметок учеников региона (z) … усредняются с весами по
    числу учеников с отметкой»; the variance of y: «для каждого класса и года — число учеников школы × (внутришкольная
    дисперсия отметок региона / дисперсия отметок учеников региона), сумма делится на квадрат числа учеников»;
    the prior: «разброс истинных уровней — методом Паула — Манделя, средний уровень — среднее оценок школ с весами
    1 / (v + τ²)»; the posterior: «μ + τ² / (τ² + v) · (y − μ), стандартное отклонение √(τ² · v / (τ² + v))»."""
    by_unit: dict[tuple, list[tuple[str, int, float, float]]] = {}
    for u in units:
        if u.procedure in procedures and (subject is None or u.subject == subject):
            nm = sum(u.marks)
            s1 = sum(mark * c for mark, c in zip((2, 3, 4, 5), u.marks, strict=True))
            s2 = sum(mark * mark * c for mark, c in zip((2, 3, 4, 5), u.marks, strict=True))
            by_unit.setdefault((u.procedure, u.subject, u.grade, u.year), []).append((u.code, nm, s1, s2))
    zsum: dict[str, float] = {}
    vsum: dict[str, float] = {}
    nms: dict[str, int] = {}
    for members in by_unit.values():
        marked = [(c, nm, s1, s2) for c, nm, s1, s2 in members if nm > 0]
        pupils = sum(nm for _c, nm, _s1, _s2 in marked)
        if not pupils:
            continue
        m = sum(s1 for *_x, s1, _s2 in marked) / pupils
        total = sum(s2 for *_x, s2 in marked) / pupils - m * m
        if total <= 0:
            continue  # «класс и год, где у всех учеников региона одна и та же отметка, не учитываются»
        dof = pupils - len(marked)
        within = sum(s2 - s1 * s1 / nm for _c, nm, s1, s2 in marked) / dof if dof else total
        for code, nm, s1, _s2 in marked:
            zsum[code] = zsum.get(code, 0.0) + (s1 - nm * m) / math.sqrt(total)
            vsum[code] = vsum.get(code, 0.0) + nm * within / total
            nms[code] = nms.get(code, 0) + nm
    codes = sorted(nms)
    y = {c: zsum[c] / nms[c] for c in codes}
    v = {c: vsum[c] / nms[c] ** 2 for c in codes}
    ys, vs = np.array([y[c] for c in codes]), np.array([v[c] for c in codes])
    keep = vs > 0
    tau2 = max(float(combine_effects(ys[keep], vs[keep], method_re="iterated").tau2), 0.0)
    w = 1 / (vs[keep] + tau2)
    mu = float((w * ys[keep]).sum() / w.sum())
    shrink = {c: tau2 / (tau2 + v[c]) for c in codes}
    mean = {c: mu + shrink[c] * (y[c] - mu) for c in codes}
    sd = {c: math.sqrt(shrink[c] * v[c]) for c in codes}
    return Levels(nms, y, v, mu, math.sqrt(tau2), mean, sd)


def score_estimate(params, *, region, schools, last, tolerance):
    """«Нижние X % — это уровень, ниже которого по подобранному распределению находятся X % школ региона … выполнен,
    если вероятность того, что истинный уровень школы ниже этой границы, не меньше уровня; меньше min_pupils
    учеников с отметкой — недостаточно данных»."""
    units = _window_rows(region, last - int(params["window_years"]) + 1, last)
    lv = levels(units, procedures=[params["procedure"]], subject=params["subject"])
    cut = lv.mu + float(stats.norm.ppf(float(params["bottom_pct"]) / 100)) * lv.tau
    level = float(params["level_pct"]) / 100
    out, figures = {}, {}
    for code in schools:
        if code not in lv.nm:
            out[code] = "no_data"
            continue
        p = lv.p_below(code, cut)
        mean, sd = lv.mean[code], lv.sd[code]
        figures[code] = {"estimate": lv.share_below(mean), "low": lv.share_below(mean - Z95 * sd),
                         "high": lv.share_below(mean + Z95 * sd), "probability": 100 * p}
        out[code] = "no_data" if lv.nm[code] < params["min_pupils"] else ("met" if p >= level else "not_met")
    return out, figures, _near(figures, 100 * level, tolerance)


def _context(region, last, codes: list[str]) -> np.ndarray:
    """«по условиям последнего года: средняя доля обучающихся в сложных обстоятельствах (по известным социальным
    факторам — доли обучающихся), число обучающихся (в логарифме), сельская или городская, доля вакансий (от суммы
    педагогов и вакансий) и доля молодых специалистов (от числа педагогов)»; unknown — NaN."""
    social = ("students_low_income", "students_single_parent", "students_parents_no_higher_ed", "students_non_native",
              "students_disabled", "students_preventive_register", "students_unexcused_absences")
    rows = {d.school.code: d for d in SchoolYearData.objects.filter(
        school_year__start_year=last, school__is_active=True, school__municipality__region=region,
        school__code__in=codes).select_related("school")}
    out = np.full((len(codes), 5), np.nan)
    for i, code in enumerate(codes):
        d = rows.get(code)
        if d is None:
            continue
        students = d.students if d.students else None
        teachers = d.teachers if d.teachers else None
        shares = [getattr(d, f) / students for f in social if students and getattr(d, f) is not None]
        out[i] = [np.mean(shares) if shares else np.nan, math.log(students) if students else np.nan,
                  1.0 if d.school.location == "rural" else 0.0,
                  d.vacancies / (teachers + d.vacancies) if teachers and d.vacancies is not None else np.nan,
                  d.young_specialists / teachers if teachers and d.young_specialists is not None else np.nan]
    return out


def similar_schools(params, *, region, schools, last, tolerance):
    """«Сопоставимые школы — K школ региона (но не больше четверти оценённых школ и не меньше 5), ближайших по
    условиям … признак нормируется по школам региона с уровнем (вычитается среднее, делится на стандартное
    отклонение); неизвестный признак считается средним … сопоставимые школы выбираются среди оценённых, сама школа —
    не из них … разница — уровень школы минус средний уровень сопоставимых школ; дисперсия разницы — дисперсия
    оценки школы плюс выборочная дисперсия уровней группы, делённая на их число … выполнен, если вероятность того,
    что уровень школы ниже среднего группы больше чем на m выборочных стандартных отклонений уровней группы, не
    меньше уровня»."""
    units = _window_rows(region, last - int(params["window_years"]) + 1, last)
    lv = levels(units, procedures=params["procedures"])
    codes = sorted(lv.nm)
    x = _context(region, last, codes)
    with np.errstate(invalid="ignore"):
        mean = np.array([np.nanmean(col) if np.isfinite(col).any() else 0.0 for col in x.T])
        sd = np.array([np.nanstd(col) if np.isfinite(col).any() else 0.0 for col in x.T])
    z = np.where(np.isfinite(x), (x - mean) / np.where(sd > 0, sd, 1.0), 0.0)
    judged = np.array([lv.nm[c] >= params["min_pupils"] for c in codes])
    k = max(5, min(int(params["group_size"]), int(judged.sum()) // 4))
    k = min(k, max(int(judged.sum()) - 1, 0))
    level = float(params["level_pct"]) / 100
    low_cut = lv.mu + float(stats.norm.ppf(float(params["bottom_pct"]) / 100)) * lv.tau
    post = np.array([lv.mean[c] for c in codes])
    out, figures = dict.fromkeys(schools, "no_data"), {}
    pool = np.flatnonzero(judged)
    for i, code in enumerate(codes):
        if code not in out:
            continue
        others = pool[pool != i]
        distance = ((z[others] - z[i]) ** 2).sum(axis=1)
        peers = post[others[np.argsort(distance, kind="stable")[:k]]]
        if len(peers) < 2 or not judged[i]:
            continue
        diff = lv.mean[code] - peers.mean()
        spread = math.sqrt(lv.sd[code] ** 2 + peers.var(ddof=1) / len(peers))
        p = float(stats.norm.cdf((-float(params["margin_sd"]) * peers.std(ddof=1) - diff) / max(spread, 1e-12)))
        figures[code] = {"probability": 100 * p, "estimate": lv.share_below(lv.mean[code]),
                         "peers": lv.share_below(peers.mean())}
        met = p >= level and (params["require_low"] != "yes" or lv.p_below(code, low_cut) >= level)
        out[code] = "met" if met else "not_met"
    return out, figures, _near(figures, 100 * level, tolerance)


def unconfirmed_high(params, *, region, schools, last, tolerance):
    """«По каждому предмету, который школа сдаёт и на ВПР, и на ОГЭ (предметы ОГЭ региона за эти годы), уровни
    школы по ВПР и по ОГЭ оцениваются отдельно … сигнал, если по ВПР нижний край интервала выше уровня, выше
    которого только X % школ региона, а по ОГЭ верхний край интервала ниже середины региона (среднего уровня) …
    учитываются предметы, где у школы не меньше N учеников с отметкой и ВПР, и ОГЭ; предмет, в котором уровни школ
    региона по ВПР или по ОГЭ не различаются, не оценивается»."""
    units = _window_rows(region, last - int(params["window_years"]) + 1, last)
    top, min_n = float(params["top_pct"]) / 100, params["min_pupils"]
    judged: dict[str, list[bool]] = {}
    figures: dict[str, dict[str, float]] = {}
    near: set[str] = set()
    names = dict(Subject.objects.values_list("code", "name"))
    for subject in sorted({u.subject for u in units if u.procedure == "oge"}):
        vpr, oge = levels(units, procedures=["vpr"], subject=subject), levels(units, procedures=["oge"],
                                                                                subject=subject)
        if vpr.tau <= 0 or oge.tau <= 0:
            continue
        line = vpr.mu + float(stats.norm.ppf(1 - top)) * vpr.tau
        for code in schools:
            if vpr.nm.get(code, 0) >= min_n and oge.nm.get(code, 0) >= min_n:
                low, high = vpr.mean[code] - Z95 * vpr.sd[code], oge.mean[code] + Z95 * oge.sd[code]
                judged.setdefault(code, []).append(low > line and high <= oge.mu)
                # at the boundary: one condition within the tolerance of its cut, the other met or as close
                near_v = abs(vpr.share_below(low) - 100 * (1 - top)) <= tolerance
                near_o = abs(oge.share_below(high) - 50.0) <= tolerance
                if (near_v and (high <= oge.mu or near_o)) or (near_o and (low > line or near_v)):
                    near.add(code)
                # as the page shows them: shares of the region's schools below (percentiles of the fitted normal)
                figures.setdefault(code, {}).update({
                    f"vpr {names[subject]}": vpr.share_below(vpr.mean[code]),
                    f"vpr_low {names[subject]}": vpr.share_below(low),
                    f"oge {names[subject]}": oge.share_below(oge.mean[code]),
                    f"oge_high {names[subject]}": oge.share_below(high)})
    out = {code: ("met" if any(judged[code]) else "not_met") if code in judged else "no_data" for code in schools}
    return out, figures, near


def task_pattern(params, sample, *, region, schools, last):
    """«По заданиям ВПР за последний год, для каждого предмета и класса отдельно: доля набранных баллов от
    максимальных на базовых заданиях («Б») и на заданиях «П», «В» — у школы и у всех школ региона с результатами
    заданий этой работы обоих видов … сигнал, если школа ниже региона на базовых и выше на сложных и разница разниц
    не меньше z стандартных ошибок (SE² = p_б(1 − p_б)/n_б + p_п(1 − p_п)/n_п, n — наибольшее число участников
    задания этого вида) … работы, которые писали меньше N учеников (меньшее из n_б, n_п), не оцениваются;
    сравнение — если в регионе не меньше M школ с заданиями этой работы»."""
    sums: dict[tuple, dict[str, list[int]]] = {}  # (subject, grade) → school → [pб, mб, nб, pп, mп, nп]
    rows = TaskResult.objects.filter(procedure="vpr", school_year__start_year=last, school__is_active=True,
                                     school__municipality__region=region, level__in=("Б", "П", "В"))
    for code, subject, grade, level, max_points, points, n in rows.values_list(
            "school__code", "subject__code", "grade", "level", "max_points", "points", "participants"):
        acc = sums.setdefault((subject, grade), {}).setdefault(code, [0, 0, 0, 0, 0, 0])
        at = 0 if level == "Б" else 3
        acc[at] += points
        acc[at + 1] += max_points * n
        acc[at + 2] = max(acc[at + 2], n)
    z = Fraction(str(params["z"]))
    signals: dict[str, list[bool]] = {}
    for by_school in sums.values():
        both = {c: a for c, a in by_school.items() if a[1] > 0 and a[4] > 0}
        if len(both) < params["min_region_schools"]:
            continue
        rb = Fraction(sum(a[0] for a in both.values()), sum(a[1] for a in both.values()))
        rh = Fraction(sum(a[3] for a in both.values()), sum(a[4] for a in both.values()))
        for code, (pb_, mb, nb, ph_, mh, nh) in both.items():
            if min(nb, nh) < sample["min_participants"]:
                continue
            pb, ph = Fraction(pb_, mb), Fraction(ph_, mh)
            d = (ph - rh) - (pb - rb)
            se2 = pb * (1 - pb) / nb + ph * (1 - ph) / nh
            signals.setdefault(code, []).append(pb < rb and ph > rh and d >= 0 and d * d >= z * z * se2)
    out = {code: ("met" if any(signals[code]) else "not_met") if code in signals else "no_data" for code in schools}
    return out, {}, {}


def _near(figures: dict, level_pct: float, tolerance: float) -> set[str]:
    """The schools whose probability lies within the tolerance of the level: their outcome may turn either way when
    the prior is fitted by another optimiser."""
    return {code for code, f in figures.items() if abs(f["probability"] - level_pct) <= tolerance}


ESTIMATED = {"failing_estimate": failing_estimate, "score_estimate": score_estimate,
             "similar_schools": similar_schools, "unconfirmed_high": unconfirmed_high}


def recompute(run, tolerance_pp: float = 0.5) -> dict[str, dict[str, str]]:
    """{criterion code: {school code: outcome}} and the proposal {"lrs": set, "dsc": set} for a run, from its
    methodology snapshot and the model rows; for the estimated criteria also "figures" ({criterion: {school:
    {figure: value in %}}}) and "near" ({criterion: the schools whose deciding figure lies within tolerance_pp
    percentage points of its cut — at the boundary})."""
    snapshot = run.snapshot
    sample = {"min_participants": 10, "reliable_participants": 20, **(snapshot.get("sample") or {})}
    last = run.school_year.start_year - 1  # «список на учебный год строится по результатам прошедших лет»
    schools = sorted(run.schools.values_list("school__code", flat=True))
    out: dict = {}
    figures: dict = {}  # {criterion: {school: {figure: value}}} of the estimated kinds
    near: dict = {}  # {criterion: the schools at the boundary}
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
        elif c["kind"] in ESTIMATED:
            out[c["code"]], figures[c["code"]], near[c["code"]] = ESTIMATED[c["kind"]](
                params, region=run.region, schools=schools, last=last, tolerance=tolerance_pp)
        elif c["kind"] == "task_pattern":
            out[c["code"]] = task_pattern(params, sample, region=run.region, schools=schools, last=last)[0]
        else:
            raise AssertionError(f"no recomputation for {c['kind']}")
    proposal = {}
    for status, rule in snapshot["rules"].items():
        proposal[status] = {code for code in schools
                            if sum(out[k][code] == "met" for k in rule["criteria"]) >= rule["min_met"]}
    return {"criteria": out, "proposal": proposal, "figures": figures, "near": near}


def engine_outcomes(run) -> dict:
    """The same shape from the run's stored evidence."""
    rows = list(run.schools.select_related("school"))
    codes = [c["code"] for c in run.snapshot["criteria"]]
    criteria = {code: {rs.school.code: rs.evidence[code]["outcome"] for rs in rows} for code in codes}
    proposal = {status: {rs.school.code for rs in rows if status in rs.proposed} for status in run.snapshot["rules"]}
    figures = {code: {rs.school.code: rs.evidence[code] for rs in rows} for code in codes}
    for c in run.snapshot["criteria"]:
        if c["kind"] == "unconfirmed_high":  # its table by subject, flattened as the recomputation gives it
            for evidence in figures[c["code"]].values():
                for subject, _vn, vpr, vpr_low, _on, oge, oge_high, _flag in evidence.get("subjects") or []:
                    evidence.update({f"vpr {subject}": vpr, f"vpr_low {subject}": vpr_low, f"oge {subject}": oge,
                                     f"oge_high {subject}": oge_high})
    return {"criteria": criteria, "proposal": proposal, "figures": figures}
