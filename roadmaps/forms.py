from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.forms import PersonChoiceField
from accounts.models import User
from core import limits
from core.forms import ServiceModelForm, widen

from .models import Activity, Direction, RiskFactor, RiskLevel, Roadmap
from .services import OWNER_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoadmapForm(ServiceModelForm):
    class Meta:
        model = Roadmap
        fields = ["level", "municipality", "school", "designation", "school_year", "title", "goal", "tasks",
                  "period_start", "period_end", "report_period"]
        widgets = {"period_start": DATE, "period_end": DATE, "goal": forms.Textarea(attrs={"rows": 3}),
                   "tasks": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, municipalities, schools, designations, years, levels, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, "school", "designation")
        self.fields["level"].choices = levels
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].required = False
        self.fields["municipality"].help_text = _("Для муниципальной дорожной карты.")
        self.fields["school"].queryset = schools.order_by("short_name")
        self.fields["school"].help_text = _("Для программы перехода школы.")
        self.fields["designation"].queryset = designations
        self.fields["designation"].help_text = _("Для плана школы-лидера или стажировочной площадки.")
        self.fields["school_year"].queryset = years
        if self.instance.pk:  # who owns a roadmap is fixed once it exists
            for name in ("level", "municipality", "school", "designation", "school_year"):
                self.fields.pop(name)
        else:
            self._offer_only(levels)

    def _offer_only(self, levels) -> None:
        """Only what the user may create (`access.creatable_levels`): an owner field of a level not offered is left
        out (a director sees no municipality or designation); the level and owner preselected when there is one."""
        offered = [level for level, _label in levels]
        for level, name in OWNER_FIELDS.items():
            if level not in offered:
                self.fields.pop(name)
            elif self.initial.get(name) in (None, ""):
                only = list(self.fields[name].queryset[:2])
                if len(only) == 1:
                    self.initial[name] = only[0].pk
        if offered and self.initial.get("level") not in offered:
            self.initial["level"] = offered[0]

    def clean(self):
        data = super().clean()
        level = data.get("level", self.instance.level)
        if not self.instance.pk:
            needed = OWNER_FIELDS.get(level)
            if needed and not data.get(needed):
                self.add_error(needed, _("Обязательное поле для этого уровня."))
            for other in {"municipality", "school", "designation"} - {needed}:
                if level != "municipal" or other != "municipality":
                    data[other] = None
            if level != "municipal":
                data["municipality"] = None
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("Окончание периода не может быть раньше начала."))
        return data


class ActivityForm(ServiceModelForm):
    class Meta:
        model = Activity
        fields = ["number", "title", "direction", "risk_factor", "start", "due", "responsible_user",
                  "responsible_text", "executors", "expected_result", "indicator", "target_value"]
        widgets = {"start": DATE, "due": DATE, "title": forms.Textarea(attrs={"rows": 2}),
                   "expected_result": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"responsible_user": PersonChoiceField}

    def __init__(self, *args, roadmap, users, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, "title", "risk_factor", "responsible_user")
        self.fields["number"].required = False
        self.fields["number"].help_text = _("Мероприятия нумеруются по порядку плана, по направлениям. Пусто — в "
                                            "конец своего направления; номер — встать на это место.")
        self.fields["direction"].queryset = Direction.objects.filter(is_active=True)
        if roadmap.is_programme:
            self.fields["risk_factor"].queryset = RiskFactor.objects.filter(is_active=True)
        else:
            self.fields.pop("risk_factor")
        self.fields["responsible_user"].queryset = users
        self.fields["responsible_user"].help_text = _("Получает напоминания о сроках.")
        self.fields["responsible_text"].help_text = _("Должности, ФИО — как в плане-графике.")


class ProgressForm(forms.Form):
    page_fields = ("files",)  # evidence files: a multiple-file input the page draws (and shows errors at) itself

    status = forms.ChoiceField(label=_("Статус"), choices=Activity.Status.choices)
    percent = forms.IntegerField(label=_("Выполнено, %"), min_value=0, max_value=100)
    completed_on = forms.DateField(label=_("Дата выполнения"), required=False, widget=DATE)
    report = forms.CharField(label=_("Отчёт о выполнении"), max_length=limits.LONG_TEXT,
                             required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RiskProfileForm(forms.Form):
    """The risk profile's table as posted: the page draws its rows itself (relevant_<id>, level_<id>, measures_<id>
    per factor); the form has a field per level so that a refusal (a relevant factor without its level) lands at
    its row."""

    def __init__(self, *args, factors, **kwargs):
        super().__init__(*args, **kwargs)
        for factor in factors:
            self.fields[f"level_{factor.pk}"] = forms.CharField(required=False, strip=False)
            self.fields[f"measures_{factor.pk}"] = forms.CharField(required=False, max_length=limits.LONG_TEXT)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Комментарий"), max_length=limits.COMMENT, widget=forms.Textarea(attrs={"rows": 2}))


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("Что доработать"), max_length=limits.COMMENT,
                              widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    order_number = forms.CharField(label=_("Номер приказа"), max_length=50)
    order_date = forms.DateField(label=_("Дата приказа"), widget=DATE)


class ReportForm(forms.Form):
    period = forms.ChoiceField(label=_("Отчётный период"))
    summary = forms.CharField(label=_("Итоги периода"), max_length=limits.LONG_TEXT,
                              widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.start.isoformat(), p.label) for p in periods]


class CatalogueItemForm(forms.Form):
    name = forms.CharField(label=_("Название"), max_length=300)
    code = forms.SlugField(label=_("Код для обмена данными"), max_length=40, required=False,
                           help_text=_("Латиницей; пусто — составится из названия. Нужен API и загрузкам, на "
                                       "страницах не показывается."))
    description = forms.CharField(label=_("Пояснение"), max_length=limits.LONG_TEXT,
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))
    ordering = forms.IntegerField(label=_("Порядок"), min_value=0, max_value=32000, initial=100)
    is_active = forms.BooleanField(label=_("Используется"), required=False, initial=True)


def users_for(roadmap: Roadmap):
    """People who may be named responsible: active users with a membership in the roadmap's municipality."""
    return User.objects.filter(is_active=True).filter(
        Q(memberships__municipality_id=roadmap.municipality_id)
        | Q(memberships__school__municipality_id=roadmap.municipality_id)).distinct().order_by(
        "last_name", "first_name")


RISK_LEVELS = [("", "—"), *RiskLevel.choices]
