from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import limits
from core.formats import school_year_name, school_year_of
from schools.models import SchoolYear

from . import selectors
from .criteria import get_kind, validate_params
from .models import Methodology, Status


def year_choices(*extra: int):
    current = school_year_of(timezone.localdate())
    years = set(SchoolYear.objects.values_list("start_year", flat=True)) | {current - 1, current, *extra}
    return [(y, f"{y}/{y + 1}") for y in sorted(years, reverse=True)]


class RunForm(forms.Form):
    methodology = forms.ModelChoiceField(label=_("Методика"), queryset=Methodology.objects.all(),
                                         empty_label=None)
    start_year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int)
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=None, required=False,
                                          empty_label=_("весь регион"))
    is_what_if = forms.BooleanField(label=_("Пробный расчёт (для сравнения, не утверждается)"), required=False)

    def __init__(self, *args, municipalities, allow_region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities
        self.fields["municipality"].required = not allow_region
        if not allow_region:
            self.fields["municipality"].empty_label = None
        default = Methodology.objects.filter(is_default=True).first()
        if default:
            self.fields["methodology"].initial = default.pk
        # the year whose list the data already allows: the one after the latest year with results (of the
        # municipality shown first, or of any when the form starts with the whole region)
        latest = selectors.latest_result_years(municipalities)
        first = None if allow_region else municipalities.first()
        last = latest.get(first.pk) if first else max(latest.values(), default=None)
        self.fields["start_year"].choices = year_choices(*([last + 1] if last is not None else []))
        if last is not None:
            self.fields["start_year"].initial = last + 1
            self.fields["start_year"].help_text = _(
                "Список на учебный год строится по результатам предыдущего года и лет до него. Последние "
                "загруженные результаты%(where)s — за %(last)s, поэтому предложен %(year)s.") % {
                "where": f" ({first})" if first else "", "last": school_year_name(last),
                "year": school_year_name(last + 1)}
        else:
            self.fields["start_year"].initial = school_year_of(timezone.localdate())
            self.fields["start_year"].help_text = _("Результатов оценочных процедур пока нет: официальный расчёт "
                                                    "не запустится, пока их не загрузят.")


class OverrideForm(forms.Form):
    status = forms.ChoiceField(label=_("Статус"), choices=Status.choices)
    include = forms.TypedChoiceField(label=_("Решение"), coerce=lambda v: v == "1",
                                     choices=[("1", _("включить в список")), ("0", _("исключить из списка"))])
    reason = forms.CharField(label=_("Обоснование"), max_length=limits.COMMENT,
                             widget=forms.Textarea(attrs={"rows": 3}), min_length=10,
                             error_messages={"min_length": _("Опишите причину решения (не меньше 10 символов).")})


class ApproveForm(forms.Form):
    """The order's number and date; with a coverage under the stated level (`selectors.run_coverage`) also the
    approver's explicit confirmation, which `services.approve_run` requires and records."""

    order_number = forms.CharField(label=_("Номер приказа"), max_length=50)
    order_date = forms.DateField(label=_("Дата приказа"), widget=forms.DateInput(attrs={"type": "date"}),
                                 input_formats=["%Y-%m-%d", "%d.%m.%Y"])

    def __init__(self, *args, coverage=None, **kwargs):
        super().__init__(*args, **kwargs)
        if coverage is not None and coverage.is_low:
            self.fields["coverage_confirmed"] = forms.BooleanField(
                label=coverage.confirmation_label, required=False,
                help_text=_("Ниже %(level)s школ региона с результатами «нижняя часть региона» считается среди "
                            "загруженных школ, а не всех.") % {"level": coverage.level_label})
            self.fields["coverage_confirmed"].wide = True


class MethodologyForm(forms.Form):
    """A new version: name, each criterion's parameters, the rule per status and the small-sample rule."""

    name = forms.CharField(label=_("Название"), max_length=200)
    description = forms.CharField(label=_("Описание"), max_length=limits.LONG_TEXT,
                                  widget=forms.Textarea(attrs={"rows": 3}), required=False)
    make_default = forms.BooleanField(label=_("Сделать методикой по умолчанию"), required=False)
    min_participants = forms.IntegerField(label=_("Не оценивать при числе участников меньше"), min_value=1)
    reliable_participants = forms.IntegerField(label=_("Малая выборка (ненадёжно) при числе участников меньше"),
                                               min_value=1)

    def __init__(self, *args, base: Methodology, **kwargs):
        super().__init__(*args, **kwargs)
        self.base = base
        self.criteria = base.criteria
        self.initial.setdefault("name", base.name)
        self.initial.setdefault("description", base.description)
        self.initial.setdefault("min_participants", base.sample.get("min_participants", 10))
        self.initial.setdefault("reliable_participants", base.sample.get("reliable_participants", 20))
        self.criterion_fields = []
        for c in self.criteria:
            kind = get_kind(c["kind"])
            names = []
            title = f"{c['code']}__title"
            self.fields[title] = forms.CharField(label=_("Название критерия"), initial=c["title"], max_length=200)
            names.append(title)
            for p in kind.params:
                name = f"{c['code']}__{p.name}"
                value = c["params"].get(p.name, p.default)
                if p.type == "weights":
                    for factor, label in p.choices:
                        fname = f"{name}__{factor}"
                        # localize: «0,5» typed with a decimal comma, as shown everywhere else
                        self.fields[fname] = forms.FloatField(label=_("Вес: %(f)s") % {"f": label}, min_value=0,
                                                              initial=(value or {}).get(factor, 0), required=False,
                                                              localize=True)
                        names.append(fname)
                    continue
                if p.type in ("choice",):
                    field = forms.ChoiceField(label=p.label, choices=p.choices, initial=value)
                elif p.type == "multichoice":
                    field = forms.MultipleChoiceField(label=p.label, choices=p.choices, initial=value,
                                                      widget=forms.CheckboxSelectMultiple)
                elif p.type == "subject":
                    from schools.models import Subject

                    field = forms.ChoiceField(label=_("Предмет"), initial=value,
                                              choices=list(Subject.objects.values_list("code", "name")))
                elif p.type == "int":
                    field = forms.IntegerField(label=p.label, initial=value, min_value=p.min, max_value=p.max)
                elif p.type == "optional_int":
                    field = forms.IntegerField(label=p.label, initial=value, min_value=p.min, max_value=p.max,
                                               required=False)
                else:
                    field = forms.FloatField(label=p.label, initial=value, min_value=p.min, max_value=p.max,
                                             localize=True)
                field.help_text = p.help  # a threshold's reason, what a share of known weight means
                self.fields[name] = field
                names.append(name)
            self.criterion_fields.append((c, kind, names))
        self.rule_fields = []
        labelling = [(c["code"], f"{c['code']}: {c['title']}") for c in self.criteria
                     if get_kind(c["kind"]).labels_schools]
        for status, label in Status.choices:
            rule = base.rules.get(status, {})
            crit, minimum = f"rule_{status}__criteria", f"rule_{status}__min_met"
            self.fields[crit] = forms.MultipleChoiceField(
                label=_("%(s)s: критерии правила") % {"s": label}, choices=labelling, required=False,
                initial=rule.get("criteria", []), widget=forms.CheckboxSelectMultiple)
            self.fields[minimum] = forms.IntegerField(label=_("%(s)s: выполнено не меньше") % {"s": label},
                                                      min_value=1, initial=rule.get("min_met", 1), required=False)
            self.rule_fields.append((label, [crit, minimum]))

    GENERAL = ("name", "description", "make_default", "min_participants", "reliable_participants")

    def bound(self, names):
        return [self[n] for n in names if n in self.fields]

    @property
    def general_fields(self):
        """Name, description and the small-sample rule: the first card of the form."""
        return self.bound(self.GENERAL)

    @staticmethod
    def params_of(c: dict, kind, data: dict) -> dict:
        params = {}
        for p in kind.params:
            name = f"{c['code']}__{p.name}"
            if p.type == "weights":
                params[p.name] = {f: data.get(f"{name}__{f}") or 0 for f, _l in p.choices}
            else:
                params[p.name] = data.get(name)
        return params

    def clean(self):
        """Each criterion's parameters checked by its kind (bounds, and what is wrong only together, such as a bar
        above all the weights), the message next to its field."""
        data = super().clean()
        for c, kind, names in self.criterion_fields:
            if any(name in self.errors for name in names):
                continue  # a field already refused: its own message says why
            try:
                validate_params(kind, self.params_of(c, kind, data))
            except ValidationError as exc:
                for param, messages in exc.message_dict.items():
                    field = f"{c['code']}__{param}"
                    self.add_error(field if field in self.fields else None, messages)
        return data

    def to_methodology(self) -> dict:
        data = self.cleaned_data
        criteria = []
        for c, kind, _names in self.criterion_fields:
            criteria.append({"code": c["code"], "kind": c["kind"], "title": data[f"{c['code']}__title"],
                             "params": self.params_of(c, kind, data)})
        rules = {status: {"criteria": data.get(f"rule_{status}__criteria") or [],
                          "min_met": data.get(f"rule_{status}__min_met") or 1} for status in Status.values}
        sample = {"min_participants": data["min_participants"],
                  "reliable_participants": data["reliable_participants"]}
        return {"criteria": criteria, "rules": rules, "sample": sample}
