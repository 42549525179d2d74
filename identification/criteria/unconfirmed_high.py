"""ФИС ОКО objectivity signal «высокие результаты ВПР не подтверждаются ОГЭ»: in a subject, the school's ВПР level is
among the region's highest by its own interval (the lower end of the 95 % interval above the top-X % line), while its
ОГЭ level in the same subject is not above the region's middle (the upper end of its interval below it). A signal
for review, never a label (docs/methodology.md)."""

import numpy as np
from django.utils.translation import gettext_lazy as _

from core import stats
from schools.models import Procedure

from .base import Param, pct, plural
from .estimates import EstimatedKind, Staged, outcome_codes, percentile, pooled_in, profile
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
            f"Подробнее: предметы — те, по которым в регионе за эти годы есть результаты ОГЭ; уровень, выше "
            f"которого только {x} школ региона, и середина региона — по подобранному нормальному распределению "
            f"истинных уровней (середина — его среднее); предмет, в котором уровни школ региона по ВПР или по ОГЭ "
            f"не различаются (разброс равен нулю), не оценивается.",
            f"Учитываются предметы, где у школы за эти годы не меньше {params['min_pupils']} учеников с отметкой и "
            f"по ВПР, и по ОГЭ; если таких предметов нет — «недостаточно данных».",
            "Это только сигнал для проверки: сам по себе он не включает школу в список.",
        ]

    def layout(self, params):
        return LAYOUT

    def stage(self, ctx, params):
        first = self.first_year(ctx, params)
        frame = profile(ctx, first)
        min_n, top = int(params["min_pupils"]), float(params["top_pct"]) / 100
        parts = []
        for subject in sorted(set(frame.loc[frame["procedure"] == Procedure.OGE, "subject"])):
            sides = {}
            for procedure in (Procedure.VPR, Procedure.OGE):
                schools = pooled_in(ctx, first, procedures=[procedure], subject=subject)
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
            vi, oi = vi[keep], oi[keep]
            vt, ot = vpr_prior.tau2 ** 0.5, oge_prior.tau2 ** 0.5
            parts.append(np.column_stack([
                both.to_numpy()[keep], np.full(len(vi), subject), vpr["nm"].to_numpy()[vi],
                np.round(percentile(vpr_est.mean[vi], vpr_prior.mu, vt), 2),
                np.round(percentile(vpr_est.low[vi], vpr_prior.mu, vt), 2), oge["nm"].to_numpy()[oi],
                np.round(percentile(oge_est.mean[oi], oge_prior.mu, ot), 2),
                np.round(percentile(oge_est.high[oi], oge_prior.mu, ot), 2),
                ((vpr_est.low[vi] > vpr_prior.quantile(1 - top)) & (oge_est.high[oi] < oge_prior.mu)).astype(float)]))
        if not parts:
            return Staged([], {"signalled": 0})
        table = np.concatenate(parts)
        table = table[np.lexsort((table[:, 1], table[:, 0]))]  # by school, then subject
        ids, starts = np.unique(table[:, 0], return_index=True)
        groups = np.split(table[:, 1:], starts[1:])
        rows, flagged = [], 0
        for school_id, group in zip(ids, groups, strict=True):
            signal = bool(group[:, -1].any())
            flagged += signal
            code = int(outcome_codes(np.array([signal]), np.array([False]))[0])
            # the figures: outcome, scalars, then the list as its length and its columns one after another
            rows.append((int(school_id), code, [float(code), float(group[:, -1].sum()),
                                                float(group[:, 1].sum() + group[:, 4].sum()), float(params["top_pct"]),
                                                float(min_n), float(len(group)), *group.T.ravel().tolist()]))
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
