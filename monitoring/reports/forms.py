"""The form that asks for a report: a territory the user may see (a municipality, a school, or for administrators a
region) and a school year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.formats import school_year_name
from schools.models import SchoolYear

from . import access

KINDS = {"m": "municipality", "s": "school", "r": "region"}


def territory_choices(user) -> list:
    groups = []
    munis = [(f"m:{m.pk}", m.name) for m in access.requestable_municipalities(user)]
    if munis:
        groups.append((_("Муниципалитет"), munis))
    regions = [(f"r:{r.pk}", r.name) for r in access.requestable_regions(user)]
    if regions:
        groups.append((_("Регион"), regions))
    schools = [(f"s:{s.pk}", f"{s.short_name} — {s.municipality.name}") for s in access.requestable_schools(user)]
    if schools:
        groups.append((_("Школа"), schools))
    return groups


class ReportForm(forms.Form):
    territory = forms.ChoiceField(label=_("Территория"))
    year = forms.TypedChoiceField(label=_("Учебный год"), coerce=int)

    def __init__(self, *args, user, default_year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["territory"].choices = territory_choices(user)
        years = sorted(set(SchoolYear.objects.values_list("start_year", flat=True)) | {default_year}, reverse=True)
        self.fields["year"].choices = [(y, school_year_name(y)) for y in years]
        self.fields["year"].initial = default_year

    def clean_territory(self):
        from schools.models import Municipality, Region, School

        value = self.cleaned_data["territory"]
        kind, _sep, pk = value.partition(":")
        model = {"m": Municipality, "s": School, "r": Region}.get(kind)
        territory = model.objects.filter(pk=pk).first() if model and pk.isdigit() else None
        if territory is None or not access.can_request(self.user, territory):
            raise forms.ValidationError(_("Выберите территорию из списка."))
        return territory
