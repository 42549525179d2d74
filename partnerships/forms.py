from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PersonChoiceField
from accounts.models import User
from core import limits
from core.forms import ServiceModelForm, widen

from .models import Agreement, AgreementDirection, Designation, Ground

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DesignationForm(ServiceModelForm):
    grounds = forms.MultipleChoiceField(label=_("Основания"), choices=Ground.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Designation
        fields = ["school", "kind", "topic", "grounds", "grounds_note", "start", "end", "order_number", "order_date",
                  "order_document", "head"]
        widgets = {"start": DATE, "end": DATE, "order_date": DATE, "grounds_note": forms.Textarea(attrs={"rows": 2})}
        field_classes = {"head": PersonChoiceField}

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, "school", "head")
        self.fields["school"].queryset = schools.select_related("municipality").order_by("short_name")
        self.fields["head"].queryset = User.objects.filter(
            memberships__school__in=schools, is_active=True).distinct().order_by("last_name")
        self.fields["head"].help_text = _("Сотрудник этой школы с доступом к порталу.")
        self.fields["order_document"].help_text = _("PDF до 10 МБ.")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Окончание не может быть раньше начала."))
        return data


class TerminateDesignationForm(forms.Form):
    termination_reason = forms.ChoiceField(label=_("Причина"), choices=Designation.TerminationReason.choices)
    termination_note = forms.CharField(label=_("Пояснение"), max_length=limits.COMMENT,
                                       widget=forms.Textarea(attrs={"rows": 2}),
                                       required=False)
    terminated_on = forms.DateField(label=_("Дата прекращения"), widget=DATE)


class AgreementForm(ServiceModelForm):
    directions = forms.MultipleChoiceField(label=_("Направления работы"), choices=AgreementDirection.choices,
                                           widget=forms.CheckboxSelectMultiple)
    activate = forms.BooleanField(
        label=_("Ввести в действие"), required=False,
        help_text=_("Соглашение подписано, и его PDF загружен: после сохранения соглашение действует (проверяются "
                    "сроки статуса и пересечения с другими соглашениями)."))

    class Meta:
        model = Agreement
        fields = ["designation", "supported_school", "number", "signed_on", "start", "end", "directions",
                  "subjects", "contacts", "document"]
        widgets = {"signed_on": DATE, "start": DATE, "end": DATE, "contacts": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, designations, schools, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, "designation", "supported_school")
        self.fields["designation"].queryset = designations
        self.fields["supported_school"].queryset = schools.order_by("short_name")
        self.fields["document"].help_text = _("PDF до 10 МБ; без него соглашение остаётся черновиком.")


class TerminateAgreementForm(forms.Form):
    termination_reason = forms.CharField(label=_("Причина расторжения"), max_length=limits.COMMENT,
                                         widget=forms.Textarea(attrs={"rows": 2}))
