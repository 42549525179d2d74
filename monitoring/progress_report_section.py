"""Monitoring's section of a school programme's progress report (roadmaps.registries.register_report_section): the
director files the year's entered indicators in the report the school already sends (one form, one review by the
methodologist). The values stay with the report (`ReportValue`) while it is a draft, sent or returned — seen by its
author and reviewers in the report only — and become the school's values of the year when it is accepted
(`accepted` → `services.publish_report_values`)."""

from decimal import Decimal

from django import forms
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
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


def _indicators(municipality_id=None):
    """The entered indicators a school of the municipality files: the region's and its municipality's local ones
    (no municipality: the region's only — enough for the built-in ones a school owes)."""
    return list(Indicator.objects.filter(Q(municipality__isnull=True) | Q(municipality_id=municipality_id),
                                         source=Source.ENTERED, retired_at__isnull=True).order_by("number"))


def _teachers(school_id, school_year) -> int | None:
    return SchoolYearData.objects.filter(school_id=school_id, school_year=school_year).values_list(
        "teachers", flat=True).first()


class ValuesForm(forms.Form):
    """The section's values; with `only` (an indicator's code, posted by its own small form) just that one, so each
    value is saved on its own and a problem with one (no yearly data for a share) blocks only that one."""

    only = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, report, only: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.roadmap = report.roadmap
        self.indicators = _indicators(self.roadmap.school.municipality_id)
        if only:
            self.indicators = [ind for ind in self.indicators if ind.code == only]
            self.initial["only"] = only
        self.only = only if self.indicators else None
        stored = self.stored = _filed(report)
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

    @property
    def anchor(self) -> str:
        """Where the report page returns after saving one value: its own form."""
        return f"ind-{self.only}" if self.only else ""

    def stored_entry(self, code: str):
        """What the report files for the indicator `code` (not in this form): its entered figure, or None."""
        value = next((v for v in self.stored.values() if v.indicator.code == code), None)
        return None if value is None else value.data.get("entered", value.value)

    def clean(self):
        data = super().clean()
        if self.data and data.get("only") and not self.only:
            raise forms.ValidationError(_("Такого показателя в разделе нет."))
        group = data.get("risk_group") if "risk_group" in self.fields else self.stored_entry("risk_group")
        routes = data.get("individual_routes")
        if group is not None and routes is not None and routes > group:
            self.add_error("individual_routes", _("Не больше, чем обучающихся в группе риска (%(n)s).") % {"n": group})
        if routes and group is None and "individual_routes" in self.fields:
            self.add_error("individual_routes", _("Сначала укажите, сколько обучающихся в группе риска."))
        covered = data.get("inschool_control")
        if covered is not None:
            teachers = _teachers(self.roadmap.school_id, self.roadmap.school_year_id)
            if not teachers:
                self.add_error("inschool_control", _("Нет числа педагогов школы за этот год: внесите данные школы за "
                                                     "год, доля считается от них."))
            elif covered > teachers:
                self.add_error("inschool_control", _("Не больше, чем педагогов в школе за год (%(n)s).") % {
                    "n": teachers})
        return data


def form(report, data=None):
    return ValuesForm(data, report=report, only=(data.get("only") or None) if data else None)


def entered_values(*, school, school_year, cleaned: dict, indicators=None) -> list[tuple]:
    """(indicator, value, numerator, n, data) for each filled field (of `indicators`, by default all)."""
    out = []
    teachers = None
    for ind in indicators if indicators is not None else _indicators(school.municipality_id):
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
    own = {v.indicator_id: v for v in ReportValue.objects.filter(report=report).select_related("indicator")}
    if own:
        return own
    roadmap = report.roadmap
    return {v.indicator_id: v for v in Value.objects.filter(
        school_id=roadmap.school_id, school_year_id=roadmap.school_year_id, source=Source.ENTERED).select_related(
        "indicator")}


def owed(filed: dict, indicators=None) -> list[Indicator]:
    """The year's figures the school owes: the built-in entered indicators not filed (the share with a trajectory
    is not owed when the school has no risk group)."""
    no_group = any(v.indicator.code == "risk_group" and v.value == 0 for v in filed.values())
    return [ind for ind in (indicators if indicators is not None else _indicators()) if ind.is_builtin
            and ind.pk not in filed and not (ind.code == "individual_routes" and no_group)]


def save(actor, report, cleaned: dict) -> None:
    roadmap = report.roadmap
    only = cleaned.get("only")
    if not only:
        services.save_entered_values(actor=actor, report=report, rows=entered_values(
            school=roadmap.school, school_year=roadmap.school_year, cleaned=cleaned))
        return
    indicator = next(ind for ind in _indicators(roadmap.school.municipality_id) if ind.code == only)
    filed = _filed(report)
    if only == "individual_routes" and "risk_group" not in cleaned:  # its share is of the group already filed
        cleaned = {**cleaned, "risk_group": next((v.data.get("entered") for v in filed.values()
                                                  if v.indicator.code == "risk_group"), None)}
    rows = entered_values(school=roadmap.school, school_year=roadmap.school_year, cleaned=cleaned,
                          indicators=[indicator])
    services.save_entered_value(actor=actor, report=report, indicator=indicator, row=rows[0] if rows else None,
                                start_from=filed)


def problems(report) -> list[str]:
    """The seed's entered indicators are the year's figures: they must be filed before the report that closes the
    programme's year (its last period) is sent; the reports before it may file them as the year goes."""
    roadmap = report.roadmap
    if report.period_end < roadmap.period_end:
        return []
    missing = [ind.name for ind in owed(_filed(report))]
    if not missing:
        return []
    return [_("Заполните раздел «%(t)s»: %(list)s.") % {"t": TITLE, "list": "; ".join(missing)}]


def display(request, report) -> str:
    rows = sorted(_filed(report).values(), key=lambda v: v.indicator.number)
    return render_to_string("monitoring/_report_values.html", {"rows": rows, "report": report}, request=request)


def editor(request, report, form) -> str:
    """One small form per indicator, each saved on its own (`#ind-<code>` is where the start page links to): a share
    that needs the school's yearly data says so at its own row, with a link to enter them; the others stay open."""
    full = form if not form.is_bound else ValuesForm(report=report)  # the page's own form when unbound
    whole = form if form.is_bound and not form.only else None  # the whole section posted at once (older pages)
    bound = form if form.is_bound and form.only else None
    roadmap = report.roadmap
    teachers = _teachers(roadmap.school_id, roadmap.school_year_id)
    missing = {ind.pk for ind in owed(full.stored, full.indicators)}
    rows = []
    for ind in full.indicators:
        shown = whole or (bound if bound is not None and bound.only == ind.code else full)
        rows.append({"indicator": ind, "field": shown[ind.code], "owed": ind.pk in missing,
                     "needs_yearly": ind.code == "inschool_control" and not teachers})
    has_year = SchoolYearData.objects.filter(school_id=roadmap.school_id, school_year_id=roadmap.school_year_id)
    yearly_url = (reverse("schools:yearly_data_edit", args=[roadmap.school_id, roadmap.school_year.start_year])
                  if has_year.exists() else reverse("schools:yearly_data_create", args=[roadmap.school_id]))
    return render_to_string("monitoring/_report_values_editor.html", {
        "rows": rows, "report": report, "yearly_url": yearly_url, "closing": report.period_end >= roadmap.period_end,
        "form_errors": form.non_field_errors() if form.is_bound else []}, request=request)


def accepted(actor, report) -> None:
    services.publish_report_values(actor, report)
