"""Bottom of the region with its certainty: the school's standardised mean mark in one procedure and subject (all
grades and years of the window pooled, criteria/estimates.py), shrunk toward the region by the normal–normal model
(core.stats); the criterion is met when the probability that the school's true level is among the region's lowest
X % reaches the stated level. The bottom X % is a point of the fitted distribution of true levels, not a rank, so
it does not fix the number of schools in advance."""

import numpy as np
from django.utils.translation import gettext_lazy as _

from core import stats
from schools.models import Procedure, Subject

from .base import Param, pct, plural, subject_name
from .estimates import EstimatedKind, Staged, outcome_codes, pack_columns, percentile, pooled_in
from .figures import Layout

LAYOUT = Layout(scalars=("n", "observed", "estimate", "low", "high", "probability", "first", "last", "min_n"))


def level_estimates(ctx, params, first: int, *, procedures, subject_id):
    """The region's schools pooled, the fitted prior and every school's posterior (shared with the kinds that
    compare levels: similar schools, the unconfirmed-results signal)."""
    schools = pooled_in(ctx, first, procedures=procedures, subject=subject_id)
    schools = schools[schools["nm"] > 0]
    prior = stats.fit_normal_prior(schools["y"].to_numpy(), schools["v"].to_numpy())
    est = stats.shrink_levels(schools["y"].to_numpy(), schools["v"].to_numpy(), prior)
    return schools, prior, est


class ScoreEstimate(EstimatedKind):
    code = "score_estimate"
    label = _("Низкие результаты с учётом надёжности")
    description = _("Средняя отметка школы по процедуре и предмету за несколько лет (все классы вместе), "
                    "сравнённая с учениками региона и оценённая с поправкой на малую выборку; критерий выполнен, "
                    "если с заданной уверенностью школа среди нижних X % школ региона.")
    params = (
        Param("procedure", _("Процедура"), "choice", "vpr",
              choices=((Procedure.VPR, Procedure.VPR.label), (Procedure.OGE, Procedure.OGE.label))),
        Param("subject", _("Предмет (код)"), "subject", "math"),
        Param("bottom_pct", _("Нижние, % школ региона"), "float", 10.0, 1, 50),
        Param("level_pct", _("Уверенность не меньше, %"), "float", 90.0, 50, 99.9),
        Param("window_years", _("Лет данных"), "int", 3, 1, 5),
        Param("min_pupils", _("Не оценивать при числе участников меньше"), "int", 10, 1, 1000),
    )

    def describe(self, params):
        return _("%(p)s, %(s)s: среди нижних %(x)s школ региона с вероятностью не меньше %(l)s") % {
            "p": Procedure(params["procedure"]).label, "s": subject_name(params["subject"]),
            "x": pct(params["bottom_pct"]), "l": pct(params["level_pct"])}

    def plain(self, params, sample):
        w = int(params["window_years"])
        x, lvl = pct(params["bottom_pct"]), pct(params["level_pct"])
        return [
            f"{Procedure(params['procedure']).label}, {subject_name(params['subject'])}: берутся результаты школы за "
            f"последние {w} {plural(w, 'год', 'года', 'лет')}, все классы вместе. В каждом классе и году средняя "
            f"отметка школы сравнивается со средней отметкой всех участников региона в том же классе и году и "
            f"выражается в стандартных отклонениях отметок учеников региона (z); результаты классов и лет "
            f"усредняются с весами по числу учеников с отметкой.",
            "Подробнее: средняя отметка — по числу отметок «2»–«5»; среднее и стандартное отклонение региона — по "
            "всем ученикам с отметкой в этом классе и году (дисперсия — средний квадрат отметки минус квадрат "
            "средней); класс и год, где у всех учеников региона одна и та же отметка, не учитываются. Случайная "
            "погрешность оценки школы v: по каждому классу и году — число её учеников с отметкой, умноженное на "
            "отношение внутришкольной дисперсии отметок региона (сумма квадратов отклонений отметок от средней "
            "своей школы по всем школам, делённая на число учеников минус число школ) к дисперсии отметок учеников "
            "региона; сумма делится на квадрат числа учеников школы с отметкой (собственная дисперсия класса из "
            "пяти учеников ненадёжна).",
            "У маленькой школы такая средняя сильно зависит от случая, поэтому она оценивается с поправкой на "
            "надёжность (эмпирический Байес, нормальная модель): разброс истинных уровней школ региона оценивается "
            "методом Паула — Манделя (statsmodels), и результат школы «притягивается» к среднему по региону тем "
            "сильнее, чем меньше у неё участников. Так у каждой школы есть оценка уровня и 95-процентный интервал; "
            "на страницах уровень показан как доля школ региона, у которых он ниже.",
            "Подробнее: разброс τ² оценивается по всем школам региона с отметками за эти годы, маленьким тоже, "
            "средний уровень μ — среднее их оценок с весами 1 / (v + τ²). Оценка уровня школы — "
            "μ + τ² / (τ² + v) · (z − μ), её стандартное отклонение — √(τ² · v / (τ² + v)), 95-процентный интервал — "
            "оценка ± 1,96 стандартного отклонения; истинные уровни школ региона распределены нормально со средним "
            "μ и дисперсией τ².",
            f"Нижние {x} — это уровень, ниже которого по подобранному распределению находятся {x} школ региона (не "
            f"место в списке: число школ ниже него заранее не задано). Критерий выполнен, если вероятность того, "
            f"что истинный уровень школы ниже этой границы, не меньше {lvl}.",
            f"Школа с числом учеников с отметкой за эти годы меньше {params['min_pupils']} не оценивается "
            f"(«недостаточно данных»); ожидаемое число школ, отмеченных по случайности, показано на странице расчёта.",
        ]

    def layout(self, params):
        return LAYOUT

    def stage(self, ctx, params):
        first = self.first_year(ctx, params)
        subject_id = Subject.objects.filter(code=params["subject"]).values_list("pk", flat=True).first()
        if subject_id is None:  # a subject no longer in the catalogue: nothing to judge (never «all subjects»)
            return Staged([], {})
        schools, prior, est = level_estimates(ctx, params, first, procedures=[params["procedure"]],
                                              subject_id=subject_id)
        tau = prior.tau2 ** 0.5
        cut = prior.quantile(float(params["bottom_pct"]) / 100)
        p_below = est.p_below(cut)
        mine = np.flatnonzero(schools["in_scope"].to_numpy() == 1)
        nm = schools["nm"].to_numpy()
        no_data = nm < int(params["min_pupils"])
        met = ~no_data & (p_below >= float(params["level_pct"]) / 100)
        codes = outcome_codes(met, no_data)
        as_pct = {name: np.round(percentile(values[mine], prior.mu, tau), 2)
                  for name, values in (("observed", schools["y"].to_numpy()), ("estimate", est.mean), ("low", est.low),
                                       ("high", est.high))}
        rows = pack_columns(LAYOUT, schools.index[mine], codes[mine], {
            "n": nm[mine], **as_pct, "probability": np.round(100 * p_below[mine], 2),
            "first": schools["first"].to_numpy()[mine], "last": schools["last"].to_numpy()[mine],
            "min_n": np.full(len(mine), int(params["min_pupils"]))})
        in_scope = np.zeros(len(schools), bool)
        in_scope[mine] = True
        labelled = met & in_scope
        return Staged(rows, {"prior": {"mu": prior.mu, "tau2": prior.tau2, "cut": cut}, "schools": int(len(schools)),
                             "labelled": int(labelled.sum()),
                             "expected_by_chance": round(float((1 - p_below[labelled]).sum()), 2)})

    def shape(self, raw, params):
        return {**raw, "value": raw["estimate"], "sample": int(raw["n"])}

    def value_text(self, evidence, params):
        if evidence.get("estimate") is None:
            return ""
        return (f"выше, чем у {pct(evidence['estimate'])} школ региона (95 % интервал {pct(evidence['low'])} – "
                f"{pct(evidence['high'])}; n = {int(evidence['n'])})")

    def explain(self, evidence, params):
        if evidence.get("estimate") is None:
            return []
        return [
            f"За {self._span(evidence)}, {int(evidence['n'])} участников: по самим результатам уровень школы выше, "
            f"чем у {pct(evidence['observed'])} школ региона.",
            f"С поправкой на надёжность: выше, чем у {pct(evidence['estimate'])} школ, 95 % интервал "
            f"{pct(evidence['low'])} – {pct(evidence['high'])}.",
            f"Вероятность того, что школа среди нижних {pct(params['bottom_pct'])} школ региона: "
            f"{pct(evidence['probability'])} (нужно не меньше {pct(params['level_pct'])}).",
        ]

    def sentence(self, evidence, params):
        return (f"по {Procedure(params['procedure']).label} ({subject_name(params['subject'])}) за "
                f"{self._span(evidence)} результаты школы ниже, чем у {pct(100 - evidence['estimate'])} школ "
                f"региона, и с вероятностью {pct(evidence['probability'])} школа среди нижних "
                f"{pct(params['bottom_pct'])}")

    def unjudged_reason(self, evidence, params, sample):
        n = int(evidence.get("n") or 0)
        label = f"{Procedure(params['procedure']).label} ({subject_name(params['subject'])})"
        if not n:
            w = int(params["window_years"])
            return f"нет результатов {label} за последние {w} {plural(w, 'год', 'года', 'лет')}"
        return (f"всего {n} {plural(n, 'участник', 'участника', 'участников')} {label} за {self._span(evidence)} — "
                f"меньше {params['min_pupils']}")
