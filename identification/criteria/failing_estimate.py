"""Failing share with its certainty: the share of «2» (ЕГЭ: below the minimum score) of all the school's results in
the window, years and grades pooled, shrunk toward the region by the beta-binomial model (core.stats); the criterion
is met when the probability that the true share is at least the threshold reaches the stated level. A school of five
pupils per class is judged like a large one, only with a wider interval (docs/methodology.md)."""

import numpy as np
from django.utils.translation import gettext_lazy as _

from core import stats
from schools.models import Procedure

from .base import Param, pct, plural
from .estimates import EstimatedKind, Staged, outcome_codes, pack_columns, pooled_in
from .figures import Layout

LAYOUT = Layout(scalars=("n", "k", "observed", "estimate", "low", "high", "probability", "first", "last", "prior",
                         "min_n"))


class FailingEstimate(EstimatedKind):
    code = "failing_estimate"
    label = _("Доля «2» с учётом надёжности")
    description = _("Доля отметок «2» (в ЕГЭ — результатов ниже минимального балла) по всем результатам школы за "
                    "несколько лет, оценённая с поправкой на малую выборку (бета-биномиальная модель); критерий "
                    "выполнен, если вероятность того, что истинная доля не меньше порога, достигает заданного "
                    "уровня.")
    params = (
        Param("threshold_pct", _("Порог доли «2», %"), "float", 30.0, 1, 99),
        Param("level_pct", _("Уверенность не меньше, %"), "float", 90.0, 50, 99.9,
              help=_("Вероятность того, что истинная доля «2» не меньше порога.")),
        Param("procedures", _("Процедуры"), "multichoice", ["vpr", "oge", "ege"], choices=tuple(Procedure.choices)),
        Param("window_years", _("Лет данных"), "int", 3, 1, 5),
        Param("min_pupils", _("Не оценивать при числе результатов участников меньше"), "int", 10, 1, 1000),
    )

    def describe(self, params):
        return _("доля «2» за %(w)s не меньше %(t)s с вероятностью не меньше %(l)s") % {
            "w": self._window(params), "t": pct(params["threshold_pct"]), "l": pct(params["level_pct"])}

    @staticmethod
    def _window(params) -> str:
        w = int(params["window_years"])
        return f"{w} {plural(w, 'год', 'года', 'лет')}"

    def plain(self, params, sample):
        labels = dict(Procedure.choices)
        t, lvl = pct(params["threshold_pct"]), pct(params["level_pct"])
        return [
            f"Берутся все результаты школы за последние {self._window(params)} "
            f"({', '.join(str(labels[p]) for p in params['procedures'])}; все предметы и классы вместе): число "
            f"участников n и число отметок «2» k (в ЕГЭ — результатов ниже минимального балла).",
            "Доля k / n у маленькой школы сильно зависит от случая: в классе из пяти человек одна «2» — это 20 %. "
            "Поэтому доля оценивается с поправкой на надёжность (эмпирический Байес, бета-биномиальная модель): "
            "по всем школам региона подбирается бета-распределение истинных долей (метод максимального "
            "правдоподобия, scipy), и доля школы «притягивается» к средней по региону тем сильнее, чем меньше у неё "
            "участников. Для каждой школы получаются оценка доли и 95-процентный интервал.",
            "Подробнее: распределение подбирается по числам n и k всех школ региона с результатами этих процедур за "
            "эти годы, маленьких тоже (если школ больше 5000 — по постоянной случайной выборке из 5000 школ: два "
            "параметра она определяет так же точно). Если подобранное распределение — бета с параметрами a и b, то "
            "у школы истинная доля распределена как бета с параметрами a + k и b + n − k: оценка доли — среднее "
            "этого распределения, 95-процентный интервал — от его 2,5-го до 97,5-го процентиля, вероятность — его "
            "доля не ниже порога.",
            f"Критерий выполнен, если вероятность того, что истинная доля «2» школы не меньше {t}, — не меньше "
            f"{lvl}. Школа оценивается при любом числе участников, начиная с {params['min_pupils']}; у меньших — "
            f"«недостаточно данных» с указанием числа участников.",
            f"Ожидаемое число школ, отмеченных по случайности: сумма по отмеченным школам вероятностей того, что их "
            f"истинная доля ниже {t}; оно показано на странице расчёта.",
        ]

    def layout(self, params):
        return LAYOUT

    def stage(self, ctx, params):
        first = self.first_year(ctx, params)
        schools = pooled_in(ctx, first, procedures=params["procedures"])
        threshold, level = float(params["threshold_pct"]) / 100, float(params["level_pct"]) / 100
        prior = stats.fit_beta_prior(schools["k"].to_numpy(), schools["n"].to_numpy())
        mine = schools[schools["in_scope"] == 1]
        n, k = mine["n"].to_numpy(), mine["k"].to_numpy()
        est = stats.shrink_shares(k, n, prior, threshold)
        no_data = n < int(params["min_pupils"])
        met = ~no_data & (est.p_above >= level)
        codes = outcome_codes(met, no_data)
        with np.errstate(divide="ignore", invalid="ignore"):
            raw = np.where(n > 0, np.round(100 * k / n, 2), 0.0)
        rows = pack_columns(LAYOUT, mine.index, codes, {
            "n": n, "k": k, "observed": raw, "estimate": np.round(100 * est.mean, 2), "low": np.round(100 * est.low, 2),
            "high": np.round(100 * est.high, 2), "probability": np.round(100 * est.p_above, 2),
            "first": mine["first"].to_numpy(), "last": mine["last"].to_numpy(),
            "prior": np.full(len(n), round(100 * prior.mean, 2)), "min_n": np.full(len(n), int(params["min_pupils"]))})
        return Staged(rows, {"prior": {"a": prior.a, "b": prior.b, "mean_pct": round(100 * prior.mean, 2)},
                             "schools": int(len(schools)),
                             "labelled": int(met.sum()),
                             "expected_by_chance": round(float((1 - est.p_above[met]).sum()), 2)})

    def shape(self, raw, params):
        return {**raw, "value": raw["estimate"], "sample": int(raw["n"])}

    def value_text(self, evidence, params):
        if evidence.get("estimate") is None:
            return ""
        return (f"{pct(evidence['estimate'])} (95 % интервал {pct(evidence['low'])} – {pct(evidence['high'])}; "
                f"n = {int(evidence['n'])})")

    def explain(self, evidence, params):
        if evidence.get("estimate") is None:
            return []
        n, k = int(evidence["n"]), int(evidence["k"])
        return [
            f"За {self._span(evidence)}: «2» у {k} из {n} участников ({pct(evidence['observed'])}).",
            f"Оценка с поправкой на надёжность: {pct(evidence['estimate'])}, 95 % интервал "
            f"{pct(evidence['low'])} – {pct(evidence['high'])} (средняя по региону {pct(evidence['prior'])}).",
            f"Вероятность того, что истинная доля «2» не меньше {pct(params['threshold_pct'])}: "
            f"{pct(evidence['probability'])} (нужно не меньше {pct(params['level_pct'])}).",
        ]

    def sentence(self, evidence, params):
        return (f"доля «2» за {self._span(evidence)} — {pct(evidence['observed'])} ({int(evidence['k'])} из "
                f"{int(evidence['n'])}), и почти наверняка (вероятность {pct(evidence['probability'])}) она не ниже "
                f"{pct(params['threshold_pct'])}, даже с учётом случайности")

    def unjudged_reason(self, evidence, params, sample):
        n = int(evidence.get("n") or 0)
        if not n:
            return f"нет результатов за последние {self._window(params)}"
        return (f"всего {n} {plural(n, 'результат', 'результата', 'результатов')} участников за "
                f"{self._span(evidence)} — меньше {params['min_pupils']}")

