from django import forms
from django.utils.translation import gettext_lazy as _

from schools.models import Municipality, School

from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Role, User


class ScopedRoleForm(forms.Form):
    """Role plus its scope; choices limited to what the manager may grant."""

    role = forms.ChoiceField(label=_("Роль"))
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=Municipality.objects.none(),
                                          required=False, help_text=_("Для методиста и руководителя УО."))
    school = forms.ModelChoiceField(label=_("Школа"), queryset=School.objects.none(), required=False,
                                    help_text=_("Для директора и сотрудника школы-лидера."))

    def __init__(self, *args, roles, municipalities, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles
        self.fields["municipality"].queryset = municipalities
        self.fields["school"].queryset = schools.select_related("municipality").order_by(
            "municipality__name", "short_name")

    def clean(self):
        data = super().clean()
        role = data.get("role")
        if role in MUNICIPAL_ROLES and not data.get("municipality"):
            self.add_error("municipality", _("Для этой роли укажите муниципалитет."))
        if role in SCHOOL_ROLES and not data.get("school"):
            self.add_error("school", _("Для этой роли укажите школу."))
        if role in MUNICIPAL_ROLES:
            data["school"] = None
        elif role in SCHOOL_ROLES:
            data["municipality"] = None
        elif role == Role.ADMIN:
            data["school"] = data["municipality"] = None
        return data


class UserCreateForm(ScopedRoleForm):
    email = forms.EmailField(label=_("Электронная почта"))
    last_name = forms.CharField(label=_("Фамилия"), max_length=150)
    first_name = forms.CharField(label=_("Имя"), max_length=150)
    patronymic = forms.CharField(label=_("Отчество"), max_length=150, required=False)
    position = forms.CharField(label=_("Должность"), max_length=200, required=False)

    field_order = ["email", "last_name", "first_name", "patronymic", "position", "role", "municipality", "school"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Пользователь с такой электронной почтой уже есть."))
        return email


class UserProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["last_name", "first_name", "patronymic", "position"]
