"""Results beside similar schools: for every school, the K schools of the region nearest to it in context (the share
of pupils in difficult circumstances, size, settlement type, staffing — scipy's KDTree on standardised features,
core.stats.nearest), and the school's level against theirs (its shrunk level minus their mean, with an interval).
Separates low results from low intake: a school of a poor village may be low in the region and at par with
schools like it (docs/methodology.md, «Сопоставимые школы»)."""

import numpy as np
import pandas as pd
from django.utils.translation import gettext_lazy as _
from scipy import stats as sp_stats

from core import stats
from core.formats import ru_number
from schools.models import Location, Procedure

from .base import TABLES, Param, RunContext, fetch, num, pct, plural
from .estimates import EstimatedKind, Staged, outcome_codes, pack_columns, percentile
from .figures import Layout
from .score_estimate import level_estimates
from .social_index import FACTORS_SPEC

LAYOUT = Layout(scalars=("n", "estimate", "peers", "difference", "low", "high", "probability", "group",
                         "require_low", "p_low", "min_n"),
                lists=(("peer_ids", ("school",)),))
SOCIAL = [f for f in FACTORS_SPEC if f.denominator == "d.students"]  # shares of pupils
REQUIRE = (("no", _("ниже сопоставимых школ")), ("yes", _("низкие результаты и ниже сопоставимых школ")))


def context_features(ctx: RunContext) -> pd.DataFrame:
    """Per school of the region with yearly data of the last data year: the mean share of pupils in difficult
    circumstances over the known social factors, pupils (log), rural 0/1, vacancies per post, young specialists per
    teacher — unknown values stay NaN (they sit at the region's mean when distances are taken)."""
    key = ("context", ctx.year)
    if key in ctx.cache:
        return ctx.cache[key]
    universe, params = ctx.group_sql("region", "s")
    shares = ", ".join(f"d.{f.code}" for f in SOCIAL)
    rows = fetch(f"""
        SELECT s.id, s.location, d.students, d.teachers, d.vacancies, d.young_specialists, {shares}
        FROM {TABLES['school']} s JOIN {TABLES['yearly']} d ON d.school_id = s.id
        JOIN {TABLES['year']} y ON y.id = d.school_year_id
        WHERE {universe} AND s.is_active = %s AND y.start_year = %s""", [*params, True, ctx.year])
    frame = pd.DataFrame(rows, columns=["school", "location", "students", "teachers", "vacancies", "young",
                                        *[f.code for f in SOCIAL]]).set_index("school")
    for column in frame.columns.drop("location"):
        frame[column] = frame[column].astype(float)
    students = frame["students"].where(frame["students"] > 0)
    teachers = frame["teachers"].where(frame["teachers"] > 0)
    out = pd.DataFrame(index=frame.index)
    out["disadvantage"] = frame[[f.code for f in SOCIAL]].div(students, axis=0).mean(axis=1, skipna=True)
    out["size"] = np.log(students)
    out["rural"] = (frame["location"] == Location.RURAL).astype(float)
    out["vacancies"] = frame["vacancies"] / (teachers + frame["vacancies"])
    out["young"] = frame["young"] / teachers
    ctx.cache[key] = out
    return out


def group_size(wanted: int, judged: int) -> int:
    """The group: `wanted` schools, but at most a quarter of the region's judged schools (at least 5) — in a region
    of 40 schools, 20 «similar» ones would be half the region."""
    return max(5, min(wanted, judged // 4))


class SimilarSchools(EstimatedKind):
    code = "similar_schools"
    label = _("Результаты ниже сопоставимых школ")
    description = _("Уровень результатов школы (с поправкой на надёжность) сравнивается со средним уровнем K "
                    "ближайших к ней по условиям школ региона (доля обучающихся в сложных обстоятельствах, "
                    "численность, сельская или городская, кадры).")
    params = (
        Param("procedures", _("Процедуры"), "multichoice", ["vpr", "oge"],
              choices=((Procedure.VPR, Procedure.VPR.label), (Procedure.OGE, Procedure.OGE.label))),
        Param("group_size", _("Сопоставимых школ"), "int", 20, 5, 100),
        Param("margin_sd", _("Ниже среднего группы больше чем на, стандартных отклонений группы"), "float", 1.0, 0, 3,
              help=_("Половина школ всегда ниже среднего своей группы; критерий отмечает заметно более низкие.")),
        Param("level_pct", _("Уверенность не меньше, %"), "float", 90.0, 50, 99.9),
        Param("require_low", _("Условие"), "choice", "no", choices=REQUIRE),
        Param("bottom_pct", _("«Низкие результаты» — нижние, % школ региона"), "float", 10.0, 1, 50),
        Param("window_years", _("Лет данных"), "int", 3, 1, 5),
        Param("min_pupils", _("Не оценивать при числе участников меньше"), "int", 10, 1, 1000),
    )

    def describe(self, params):
        text = _("уровень ниже среднего %(k)s сопоставимых школ больше чем на %(m)s ст. откл. их уровней с "
                 "вероятностью не меньше %(l)s") % {
            "k": params["group_size"], "m": num(params["margin_sd"], 1), "l": pct(params["level_pct"])}
        if params["require_low"] == "yes":
            text = _("среди нижних %(x)s школ региона и %(rest)s") % {"x": pct(params["bottom_pct"]), "rest": text}
        return text

    def plain(self, params, sample):
        k, lvl = params["group_size"], pct(params["level_pct"])
        names = " и ".join(str(Procedure(p).label) for p in params["procedures"])
        lines = [
            f"Уровень результатов школы — средняя отметка по {names} за последние {params['window_years']} "
            f"{plural(params['window_years'], 'год', 'года', 'лет')}, все предметы и классы вместе, в стандартных "
            f"отклонениях отметок учеников региона, с поправкой на надёжность (как в критерии «низкие результаты»).",
            f"Сопоставимые школы — {k} школ региона (но не больше четверти оценённых школ региона и не меньше 5), "
            f"ближайших к школе по условиям последнего года: средняя доля "
            f"обучающихся в сложных обстоятельствах (по известным социальным факторам), число обучающихся (в "
            f"логарифме), сельская или городская, доля вакансий и доля молодых специалистов. Каждый признак "
            f"нормируется по школам региона, близость — евклидово расстояние (метод k ближайших соседей, KDTree из "
            f"scipy); неизвестный признак считается средним по региону и на близость не влияет.",
            f"Подробнее: средняя доля — среднее известных долей обучающихся из малоимущих и неполных семей, с "
            f"родителями без высшего образования, с неродным русским, с ОВЗ, на профилактическом учёте и с "
            f"пропусками без уважительной причины (каждая — от числа обучающихся); вакансии — от суммы педагогов и "
            f"вакансий, молодые специалисты — от числа педагогов (при нуле обучающихся или педагогов признак "
            f"неизвестен). Признак нормируется по всем школам региона с уровнем результатов: из него вычитается "
            f"среднее и он делится на стандартное отклонение (по всем этим школам, без поправки на число степеней "
            f"свободы). Оценённые школы — те, у которых за эти годы не меньше {params['min_pupils']} учеников с "
            f"отметкой; сопоставимые школы выбираются только из них, сама школа в свою группу не входит; у "
            f"неоценённой школы и у школы, для которой нашлось меньше двух сопоставимых, — «недостаточно данных».",
            f"Разница — уровень школы минус средний уровень сопоставимых школ; её 95-процентный интервал учитывает "
            f"и неточность оценки школы, и неточность среднего группы. Половина школ всегда ниже среднего своей "
            f"группы, поэтому критерий отмечает заметно более низкие: он выполнен, если вероятность того, что "
            f"уровень школы ниже среднего группы больше чем на {num(params['margin_sd'], 1)} стандартного отклонения "
            f"уровней школ группы, не меньше {lvl}.",
            "Подробнее: средний уровень группы и стандартное отклонение уровней её школ — по их оценкам с поправкой "
            "на надёжность (стандартное отклонение выборочное, с делением на число школ минус 1); дисперсия "
            "разницы — дисперсия оценки школы плюс дисперсия уровней группы, делённая на число школ группы; "
            "вероятность считается по нормальному распределению разницы.",
        ]
        if params["require_low"] == "yes":
            lines.append(f"Кроме того, школа должна быть среди нижних {pct(params['bottom_pct'])} школ региона с той "
                         f"же уверенностью: так низкие результаты отделяются от трудного контингента.")
        return lines

    def layout(self, params):
        return LAYOUT

    def stage(self, ctx, params):
        first = self.first_year(ctx, params)
        schools, prior, est = level_estimates(ctx, params, first, procedures=params["procedures"], subject_id=None)
        tau = prior.tau2 ** 0.5
        features = context_features(ctx).reindex(schools.index)
        nm = schools["nm"].to_numpy()
        judged = nm >= int(params["min_pupils"])
        k = group_size(int(params["group_size"]), int(judged.sum()))
        peers = stats.nearest(features.to_numpy(), k, among=judged)
        level = float(params["level_pct"]) / 100
        have = peers.shape[1] > 0
        peer_mean = est.mean[peers].mean(axis=1) if have else np.full(len(nm), np.nan)
        peer_var = est.mean[peers].var(axis=1, ddof=1) / peers.shape[1] if peers.shape[1] > 1 else np.zeros(len(nm))
        peer_sd = est.mean[peers].std(axis=1, ddof=1) if peers.shape[1] > 1 else np.zeros(len(nm))
        diff = est.mean - peer_mean
        sd = np.sqrt(est.sd ** 2 + peer_var)
        # P(level < group mean − margin · group spread): clearly below schools like it, not merely below their mean
        margin = float(params["margin_sd"]) * peer_sd
        p_lower = sp_stats.norm.cdf((-margin - diff) / np.where(sd > 0, sd, 1e-12))
        p_low = est.p_below(prior.quantile(float(params["bottom_pct"]) / 100))
        no_data = ~judged | (peers.shape[1] < 2)
        met = ~no_data & (p_lower >= level)
        if params["require_low"] == "yes":
            met &= p_low >= level
        codes = outcome_codes(met, no_data)
        mine = np.flatnonzero(schools["in_scope"].to_numpy() == 1)
        ids = schools.index.to_numpy()
        scale = tau if tau > 0 and have else np.inf  # differences in SD of the region's levels (0 without spread)
        rows = pack_columns(LAYOUT, ids[mine], codes[mine], {
            "n": nm[mine], "estimate": np.round(percentile(est.mean[mine], prior.mu, tau), 2),
            "peers": np.round(percentile(peer_mean[mine], prior.mu, tau), 2) if have else np.full(len(mine), np.nan),
            "difference": np.round(diff[mine] / scale, 3), "low": np.round((diff - stats.Z95 * sd)[mine] / scale, 3),
            "high": np.round((diff + stats.Z95 * sd)[mine] / scale, 3),
            "probability": np.round(100 * p_lower[mine], 2), "group": np.full(len(mine), peers.shape[1]),
            "require_low": np.full(len(mine), 1 if params["require_low"] == "yes" else 0),
            "p_low": np.round(100 * p_low[mine], 2), "min_n": np.full(len(mine), int(params["min_pupils"]))},
            ids[peers[mine]] if have else None)
        labelled = np.zeros(len(nm), bool)
        labelled[mine] = met[mine]
        return Staged(rows, {"prior": {"mu": prior.mu, "tau2": prior.tau2}, "schools": int(len(schools)),
                             "labelled": int(labelled.sum()),
                             "expected_by_chance": round(float((1 - p_lower[labelled]).sum()), 2)})

    def shape(self, raw, params):
        return {**raw, "value": raw["difference"], "sample": int(raw["n"]),
                "peer_ids": [int(row[0]) for row in raw.get("peer_ids", [])]}

    def value_text(self, evidence, params):
        if evidence.get("estimate") is None or evidence.get("peers") is None:
            return ""
        return (f"школа выше, чем {pct(evidence['estimate'])} школ региона; сопоставимые — в среднем выше, чем "
                f"{pct(evidence['peers'])}; разница {ru_number(evidence['difference'], 2, plus=True)} (95 % интервал "
                f"{ru_number(evidence['low'], 2, plus=True)} … {ru_number(evidence['high'], 2, plus=True)})")

    def explain(self, evidence, params):
        if evidence.get("estimate") is None or evidence.get("peers") is None:
            return []
        lines = [
            f"Уровень школы (n = {int(evidence['n'])}): выше, чем у {pct(evidence['estimate'])} школ региона.",
            f"Средний уровень {int(evidence['group'])} сопоставимых школ: выше, чем у {pct(evidence['peers'])} школ "
            f"региона.",
            f"Разница в стандартных отклонениях уровней школ региона: "
            f"{ru_number(evidence['difference'], 2, plus=True)}, "
            f"95 % интервал {ru_number(evidence['low'], 2, plus=True)} … {ru_number(evidence['high'], 2, plus=True)}; "
            f"вероятность того, что школа заметно ниже своей группы: {pct(evidence['probability'])} (нужно не "
            f"меньше {pct(params['level_pct'])}).",
        ]
        if evidence.get("require_low"):
            lines.append(f"Вероятность того, что школа среди нижних {pct(params['bottom_pct'])} школ региона: "
                         f"{pct(evidence['p_low'])}.")
        return lines

    def verdict(self, evidence, params) -> str:
        """The comparison in one phrase for the why page and the school card, met or not."""
        if evidence.get("outcome") == "met":
            return (f"заметно ниже, чем у {int(evidence['group'])} сопоставимых школ региона (вероятность "
                    f"{pct(evidence['probability'])})")
        if evidence.get("estimate") is None or evidence.get("peers") is None:
            return ""
        if float(evidence["low"]) > 0:
            return f"выше, чем у {int(evidence['group'])} сопоставимых школ региона"
        if float(evidence["high"]) < 0:
            return (f"ниже среднего {int(evidence['group'])} сопоставимых школ, но в пределах обычного разброса "
                    f"между ними")
        return f"наравне с {int(evidence['group'])} сопоставимыми школами региона (разница в пределах точности)"

    def sentence(self, evidence, params):
        return (f"её результаты ниже, чем у {int(evidence['group'])} школ региона в похожих условиях (выше, чем у "
                f"{pct(evidence['estimate'])} школ региона, а похожие школы — в среднем выше, чем у "
                f"{pct(evidence['peers'])})")

    def unjudged_reason(self, evidence, params, sample):
        n = int(evidence.get("n") or 0)
        if not n:
            return "нет результатов за годы, которые читает критерий"
        if n < int(params["min_pupils"]):
            return f"всего {n} {plural(n, 'участник', 'участника', 'участников')} — меньше {params['min_pupils']}"
        return "в регионе слишком мало школ с результатами для сравнения"
