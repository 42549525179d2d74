"""ФИС ОКО objectivity signal «высокие результаты ВПР не подтверждаются ОГЭ»: in a subject, the school's ВПР level is
among the region's highest by its own interval (the lower end of the 95 % interval above the top-X % line), while its
ОГЭ level in the same subject is not above the region's middle (the upper end of its interval below it). A signal
for review, never a label (docs/methodology.md)."""

import numpy as np
from django.utils.translation import gettext_lazy as _

from core import stats
from schools.models import Procedure

from .base import Param, pct, plural
from .estimates import EstimatedKind, Staged, outcome_codes, pack, percentile, pooled, profile
from .figures import Layout

LAYOUT = Layout(scalars=("value", "sample", "top_pct", "min_n"),
                lists=(("subjects", ("subject", "vpr_n", "vpr", "vpr_low", "oge_n", "oge", "oge_high", "flag")),))


class UnconfirmedHigh(EstimatedKind):
    code = "unconfirmed_high"
    label = _("Высокие результаты ВПР не подтверждаются ОГЭ")
    description = _("По предмету результаты ВПР школы среди самых высоких в регионе (с учётом интервала), а "
                    "результаты ОГЭ по тому же предмету — не выше середины региона. Не включает школу в список сама "
                    "по себе: требует проверки.")
    labels_schools = False
    statuses = ()
    params = (
        Param("top_pct", _("ВПР: верхние, % школ региона"), "float", 10.0, 1, 50),
        Param("window_years", _("Лет данных"), "int", 3, 1, 5),
        Param("min_pupils", _("Участников ВПР и ОГЭ не меньше"), "int", 10, 1, 1000),
    )

    def describe(self, params):
        return _("ВПР в верхних %(x)s региона, ОГЭ по тому же предмету не выше середины") % {
            "x": pct(params["top_pct"])}

    def plain(self, params, sample):
        x = pct(params["top_pct"])
        return [
            "По каждому предмету, который школа сдаёт и на ВПР, и на ОГЭ, уровни школы по ВПР и по ОГЭ оцениваются "
            "отдельно, как в критерии «низкие результаты» (средняя отметка в стандартных отклонениях учеников "
            "региона, с поправкой на надёжность и 95-процентным интервалом).",
            f"Сигнал появляется, если по ВПР даже нижний край интервала школы выше уровня, выше которого только "
            f"{x} школ региона, а по ОГЭ того же предмета даже верхний край интервала не выше середины региона. Так "
            f"ФИС ОКО описывает признак необъективности: высокие результаты ВПР, которые не подтверждаются "
            f"экзаменом в отдельном пункте.",
            f"Учитываются предметы, где у школы за эти годы не меньше {params['min_pupils']} участников и ВПР, и ОГЭ.",
            "Это только сигнал для проверки: сам по себе он не включает школу в список.",
        ]

    def layout(self, params):
        return LAYOUT

    def stage(self, ctx, params):
        frame = profile(ctx, self.first_year(ctx, params))
        min_n, top = int(params["min_pupils"]), float(params["top_pct"]) / 100
        per_school: dict[int, list] = {}
        for subject in sorted(set(frame.loc[frame["procedure"] == Procedure.OGE, "subject"])):
            sides = {}
            for procedure in (Procedure.VPR, Procedure.OGE):
                schools = pooled(frame, procedures=[procedure], subject=subject)
                schools = schools[schools["nm"] > 0]
                prior = stats.fit_normal_prior(schools["y"].to_numpy(), schools["v"].to_numpy())
                sides[procedure] = (schools, prior, stats.shrink_levels(schools["y"].to_numpy(),
                                                                        schools["v"].to_numpy(), prior))
            vpr, vpr_prior, vpr_est = sides[Procedure.VPR]
            oge, oge_prior, oge_est = sides[Procedure.OGE]
            if vpr_prior.tau2 <= 0 or oge_prior.tau2 <= 0:
                continue
            both = vpr.index.intersection(oge.index)
            vi, oi = vpr.index.get_indexer(both), oge.index.get_indexer(both)
            keep = ((vpr["in_scope"].to_numpy()[vi] == 1) & (vpr["nm"].to_numpy()[vi] >= min_n)
                    & (oge["nm"].to_numpy()[oi] >= min_n))
            vi, oi, ids = vi[keep], oi[keep], both.to_numpy()[keep]
            flag = (vpr_est.low[vi] > vpr_prior.quantile(1 - top)) & (oge_est.high[oi] < oge_prior.mu)
            vt, ot = vpr_prior.tau2 ** 0.5, oge_prior.tau2 ** 0.5
            columns = [vpr["nm"].to_numpy()[vi], percentile(vpr_est.mean[vi], vpr_prior.mu, vt),
                       percentile(vpr_est.low[vi], vpr_prior.mu, vt), oge["nm"].to_numpy()[oi],
                       percentile(oge_est.mean[oi], oge_prior.mu, ot),
                       percentile(oge_est.high[oi], oge_prior.mu, ot)]
            for j, school_id in enumerate(ids):
                per_school.setdefault(int(school_id), []).append(
                    (int(subject), *(round(float(c[j]), 2) for c in columns), int(flag[j])))
        rows = []
        flagged = 0
        for school_id, subjects in sorted(per_school.items()):
            signal = any(s[-1] for s in subjects)
            flagged += signal
            code = int(outcome_codes(np.array([signal]), np.array([False]))[0])
            rows.append((school_id, code, pack(LAYOUT, code, {
                "value": sum(s[-1] for s in subjects), "sample": sum(s[1] + s[4] for s in subjects),
                "top_pct": float(params["top_pct"]), "min_n": min_n}, {"subjects": subjects})))
        return Staged(rows, {"signalled": flagged})

    def shape(self, raw, params):
        names = self.subjects()
        return {**raw, "sample": int(raw["sample"]),
                "subjects": [[names.get(int(s[0]), ""), *s[1:]] for s in raw.get("subjects", [])]}

    def value_text(self, evidence, params):
        flagged = [s for s in evidence.get("subjects") or [] if s[-1]]
        if not flagged:
            return "не обнаружено" if evidence.get("subjects") else ""
        return ", ".join(s[0].lower() for s in flagged)

    def explain(self, evidence, params):
        return [f"{name}: ВПР — выше, чем у {pct(vpr)} школ региона (нижний край интервала {pct(vpr_low)}, "
                f"n = {int(vpr_n)}); ОГЭ — выше, чем у {pct(oge)} (верхний край {pct(oge_high)}, n = {int(oge_n)})"
                + (" — сигнал" if flag else "")
                for name, vpr_n, vpr, vpr_low, oge_n, oge, oge_high, flag in evidence.get("subjects") or []]

    def sentence(self, evidence, params):
        flagged = [s for s in evidence.get("subjects") or [] if s[-1]]
        parts = [f"{s[0].lower()}: по ВПР выше, чем у {pct(s[2])} школ региона, а по ОГЭ — только {pct(s[5])}"
                 for s in flagged]
        return "высокие результаты ВПР не подтверждаются ОГЭ (" + "; ".join(parts) + ")"

    def unjudged_reason(self, evidence, params, sample):
        w = int(params["window_years"])
        return (f"нет предмета, по которому у школы за {w} {plural(w, 'год', 'года', 'лет')} не меньше "
                f"{params['min_pupils']} участников и ВПР, и ОГЭ")
