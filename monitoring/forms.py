from django import forms
from django.utils.translation import gettext_lazy as _

from core import limits

from .models import Audience, Direction, Unit

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IndicatorForm(forms.Form):
    name = forms.CharField(label=_("Показатель"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    unit = forms.ChoiceField(label=_("Единица"), choices=Unit.choices)
    direction = forms.ChoiceField(label=_("Направление"), choices=Direction.choices)
    period = forms.CharField(label=_("Периодичность"), max_length=100, initial="учебный год")
    method = forms.CharField(label=_("Как считается / что вносит школа"), max_length=limits.LONG_TEXT, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
    min_n = forms.IntegerField(label=_("Минимальный n"), min_value=0, initial=0,
                               help_text=_("Значение при меньшем n помечается как ненадёжное."))

    def __init__(self, *args, builtin: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if builtin:  # a seed indicator keeps its unit and direction: the regulation's, its values are in that unit
            self.fields["unit"].disabled = self.fields["direction"].disabled = True


class TargetForm(forms.Form):
    year = forms.IntegerField(widget=forms.HiddenInput)
    value = forms.DecimalField(label=_("Целевое значение"), required=False, min_value=0, decimal_places=2,
                               error_messages={"invalid": _("Введите число, например 85 или 12,5.")},
                               help_text=_("Пустое поле — цели нет."))


class RecommendationForm(forms.Form):
    audience = forms.ChoiceField(label=_("Кому"), choices=Audience.choices)
    school = forms.ModelChoiceField(label=_("Школа"), queryset=None, required=False)
    text = forms.CharField(label=_("Рекомендация"), max_length=limits.LONG_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class EditForm(forms.Form):
    text = forms.CharField(label=_("Рекомендация"), max_length=limits.LONG_TEXT,
                           widget=forms.Textarea(attrs={"rows": 4}))


class DismissForm(forms.Form):
    reason = forms.CharField(label=_("Причина отклонения"), max_length=limits.COMMENT,
                             widget=forms.Textarea(attrs={"rows": 2}))


class AdoptForm(forms.Form):
    order_number = forms.CharField(label=_("Номер приказа (распоряжения)"), max_length=50)
    order_date = forms.DateField(label=_("Дата приказа (распоряжения)"), widget=DATE)
    decision = forms.CharField(label=_("Управленческое решение"), max_length=limits.COMMENT, required=False,
                               widget=forms.Textarea(attrs={"rows": 3}))
