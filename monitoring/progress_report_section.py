"""Monitoring's section of a school programme's progress report (roadmaps.registries.register_report_section): the
director files the year's entered indicators in the report the school already sends (one form, one review by the
methodologist). The values stay with the report (`ReportValue`) while it is a draft, sent or returned — seen by its
author and reviewers in the report only — and become the school's values of the year when it is accepted
(`accepted` → `services.publish_report_values`)."""

from decimal import Decimal

from django import forms
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from schools.models import SchoolYearData

from . import services
from .engine import share
from .models import Indicator, ReportValue, Source, Unit, Value

TITLE = gettext_lazy("Показатели мониторинга за учебный год")
# built-in entered indicators: the count the school enters, its label and help
LABELS = {
    "inschool_control": (gettext_lazy("Педагогов, охваченных внутришкольным контролем"),
                         gettext_lazy("Доля считается от числа педагогов по данным школы за год (карточка "
                                      "школы, «Внести данные за год»), а не по реестру педагогов.")),
    "lessons_visited": (gettext_lazy("Уроков, посещённых администрацией"), ""),
    "risk_group": (gettext_lazy("Обучающихся в группе риска получения неудовлетворительных результатов"),
                   gettext_lazy("0 — такой группы нет.")),
    "individual_routes": (gettext_lazy("Из них с индивидуальными или групповыми траекториями занятий"), ""),
    "unexcused_absences": (gettext_lazy("Уроков, пропущенных без уважительной причины"), ""),
}


def applies(report) -> bool:
    roadmap = report.roadmap
    return roadmap.level == "school" and roadmap.school_id is not None


def _indicators():
    return list(Indicator.objects.filter(source=Source.ENTERED, retired_at__isnull=True).order_by("number"))


def _teachers(school_id, school_year) -> int | None:
    return SchoolYearData.objects.filter(school_id=school_id, school_year=school_year).values_list(
        "teachers", flat=True).first()


class ValuesForm(forms.Form):
    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.roadmap = report.roadmap
        self.indicators = _indicators()
        stored = _filed(report)
        for ind in self.indicators:
            label, help_text = LABELS.get(ind.code, (ind.name, ind.method))
            if ind.is_builtin or ind.unit == Unit.COUNT:
                field = forms.IntegerField(label=label, help_text=help_text, min_value=0, required=False,
                                           error_messages={"invalid": _("Введите целое число."),
                                                           "min_value": _("Число не может быть отрицательным.")})
            elif ind.unit == Unit.FLAG:
                field = forms.TypedChoiceField(label=label, help_text=help_text, required=False, coerce=int,
                                               choices=[("", "—"), (1, _("да")), (0, _("нет"))])
            else:
                field = forms.DecimalField(label=label, help_text=help_text, min_value=0, max_value=100,
                                           decimal_places=2, required=False,
                                           error_messages={"invalid": _("Введите число, например 12,5."),
                                                           "max_value": _("Доля — не больше 100."),
                                                           "min_value": _("Доля не может быть отрицательной.")})
            self.fields[ind.code] = field
            value = stored.get(ind.pk)
            if value is not None:
                self.initial[ind.code] = value.data.get("entered", value.value)

    def clean(self):
        data = super().clean()
        group, routes = data.get("risk_group"), data.get("individual_routes")
        if group is not None and routes is not None and routes > group:
            self.add_error("individual_routes", _("Не больше, чем обучающихся в группе риска (%(n)s).") % {"n": group})
        if routes and group is None and "risk_group" in self.fields:
            self.add_error("risk_group", _("Укажите, сколько обучающихся в группе риска."))
        covered = data.get("inschool_control")
        if covered is not None:
            teachers = _teachers(self.roadmap.school_id, self.roadmap.school_year_id)
            if teachers is None:
                self.add_error("inschool_control", _("Нет данных школы за этот год (число педагогов): внесите их в "
                                                     "карточке школы, доля считается от них."))
            elif covered > teachers:
                self.add_error("inschool_control", _("Не больше, чем педагогов в школе за год (%(n)s).") % {
                    "n": teachers})
        return data


def form(report, data=None):
    return ValuesForm(data, report=report)


def entered_values(*, school, school_year, cleaned: dict) -> list[tuple]:
    """(indicator, value, numerator, n, data) for each filled field."""
    out = []
    teachers = None
    for ind in _indicators():
        raw = cleaned.get(ind.code)
        if raw is None or raw == "":
            continue
        raw_num = Decimal(raw)
        if ind.code == "inschool_control":
            teachers = teachers if teachers is not None else (_teachers(school.pk, school_year.pk) or 0)
            out.append((ind, share(raw_num, teachers), raw_num, teachers, {"entered": int(raw), "teachers": teachers}))
        elif ind.code == "individual_routes":
            group = int(cleaned.get("risk_group") or 0)
            out.append((ind, share(raw_num, group), raw_num, group, {"entered": int(raw), "risk_group": group}))
        elif ind.code == "risk_group":
            out.append((ind, raw_num, raw_num, int(raw), {"entered": int(raw)}))
        else:
            out.append((ind, raw_num, raw_num, 1, {"entered": str(raw)}))
    return out


def _filed(report) -> dict:
    """indicator id → what this report files: its own values where it has any, else the school's accepted values of
    the year (an earlier report's), which a later report starts from."""
    own = {v.indicator_id: v for v in ReportValue.objects.filter(report=report)}
    if own:
        return own
    roadmap = report.roadmap
    return {v.indicator_id: v for v in Value.objects.filter(
        school_id=roadmap.school_id, school_year_id=roadmap.school_year_id, source=Source.ENTERED)}


def save(actor, report, cleaned: dict) -> None:
    roadmap = report.roadmap
    services.save_entered_values(actor=actor, report=report, rows=entered_values(
        school=roadmap.school, school_year=roadmap.school_year, cleaned=cleaned))


def problems(report) -> list[str]:
    """The seed's entered indicators are the year's figures: they must be filed before the report that closes the
    programme's year (its last period) is sent; the reports before it may file them as the year goes."""
    roadmap = report.roadmap
    if report.period_end < roadmap.period_end:
        return []
    filed = _filed(report)
    no_group = any(v.indicator.code == "risk_group" and v.value == 0 for v in filed.values())
    missing = [ind.name for ind in _indicators() if ind.is_builtin and ind.pk not in filed
               and not (ind.code == "individual_routes" and no_group)]
    if not missing:
        return []
    return [_("Заполните раздел «%(t)s»: %(list)s.") % {"t": TITLE, "list": "; ".join(missing)}]


def display(request, report) -> str:
    rows = sorted(_filed(report).values(), key=lambda v: v.indicator.number)
    return render_to_string("monitoring/_report_values.html", {"rows": rows, "report": report}, request=request)


def accepted(actor, report) -> None:
    services.publish_report_values(actor, report)
