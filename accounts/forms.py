from django import forms
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from core.forms import widen
from schools.models import Municipality, School

from .models import MUNICIPAL_ROLES, SCHOOL_ROLES, Membership, Role, User


def person_label(user: User) -> str:
    """«ФИО — школа» (municipal staff: «— муниципалитет»): two people of one name are told apart in a select. Reads
    the memberships prefetched by PersonChoiceField."""
    places = sorted({str(m.school.short_name if m.school_id else m.municipality.name)
                     for m in user.memberships.all() if m.school_id or m.municipality_id})
    return f"{user.display_name} — {', '.join(places)}" if places else user.display_name


class PersonChoiceField(forms.ModelChoiceField):
    """A user select whose options read «ФИО — школа» (two queries for the whole list: users, their roles)."""

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.prefetch_related(None).prefetch_related(Prefetch(  # once, however often it is set
                "memberships", queryset=Membership.objects.select_related("school", "municipality")))
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return person_label(obj)


class ScopedRoleForm(forms.Form):
    """Role plus its scope; choices limited to what the manager may grant."""

    role = forms.ChoiceField(label=_("Роль"))
    municipality = forms.ModelChoiceField(label=_("Муниципалитет"), queryset=Municipality.objects.none(),
                                          required=False, help_text=_("Для методиста и руководителя УО."))
    school = forms.ModelChoiceField(label=_("Школа"), queryset=School.objects.none(), required=False,
                                    help_text=_("Для директора и сотрудника школы-лидера."))

    def __init__(self, *args, roles, municipalities, schools, **kwargs):
        super().__init__(*args, **kwargs)
        widen(self, "school")
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
