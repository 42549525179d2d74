"""The empty choice of a select reads the same everywhere (templates/django/forms/widgets/select.html): «— выберите —»
when the field is required, «— не выбрано —» when it may stay empty, «все» in a filter; never Django's «---------».
Every page the demo roles reach is checked for «---------» by tests/core/test_crawl.py."""

import re

from django import forms

from mentoring.forms import AssignmentForm, CommunityForm
from monitoring.models import Recommendation
from partnerships.models import Designation
from schools.filters import SchoolFilter
from schools.models import Municipality, School


def empty_choice(html: str) -> str:
    """The label of the select's option with the empty value."""
    return re.search(r'<option value=""[^>]*>(.*?)</option>', html, re.S).group(1)


class ChoicesForm(forms.ModelForm):
    """Model fields with choices: Django adds BLANK_CHOICE_DASH to them."""

    class Meta:
        model = Recommendation
        fields = ["audience"]  # required


class OptionalChoicesForm(forms.ModelForm):
    class Meta:
        model = Designation
        fields = ["termination_reason"]  # blank=True


def test_model_fields_with_choices_say_choose_or_not_chosen(db):
    assert empty_choice(str(ChoicesForm()["audience"])) == "— выберите —"
    assert empty_choice(str(OptionalChoicesForm()["termination_reason"])) == "— не выбрано —"


def test_model_choice_fields_say_choose_or_not_chosen(methodologist_a, school_a1):
    form = CommunityForm(user=methodologist_a)
    assert empty_choice(str(form["municipality"])) == "— выберите —"  # a foreign key, required
    assert empty_choice(str(form["subject"])) == "— не выбрано —"  # a foreign key that may stay empty
    assert empty_choice(str(form["leader"])) == "— не выбрано —"  # the project's own ModelChoiceField
    # a teacher's class load: «Предмет» must be chosen
    assert empty_choice(str(AssignmentForm()["subject"])) == "— выберите —"
    assert "---------" not in str(form) + str(AssignmentForm())


def test_the_wording_follows_the_field_as_the_form_leaves_it(muni_a):
    """Forms that change `required` after Django built the field (roadmaps' municipality, an event's designation)
    are worded by what the field is when shown."""

    class Form(forms.Form):
        made_optional = forms.ModelChoiceField(queryset=Municipality.objects.all())
        made_required = forms.ModelChoiceField(queryset=Municipality.objects.all(), required=False)

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["made_optional"].required = False
            self.fields["made_required"].required = True

    form = Form()
    assert empty_choice(str(form["made_optional"])) == "— не выбрано —"
    assert empty_choice(str(form["made_required"])) == "— выберите —"


def test_an_empty_choice_a_field_names_itself_keeps_its_name(muni_a):
    field = forms.ModelChoiceField(queryset=Municipality.objects.all(), required=False, empty_label="весь регион")
    html = forms.Form().renderer.render("django/forms/widgets/select.html",
                                        field.widget.get_context("m", "", {}))
    assert empty_choice(html) == "весь регион"


def test_filters_offer_all(muni_a):
    form = SchoolFilter(queryset=School.objects.none()).form
    for name in ("municipality", "kind", "location", "is_active"):
        assert empty_choice(str(form[name])) == "все", name
