"""core.forms: the one way a view hands a form or a button to a service and shows its refusal — `page_form` (a page
that is a form), `submit` (its building block), `act` (a button), beside `small_form` (tests/core/
test_small_forms_keep_input.py)."""

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from core.forms import act, page_form, submit


class NameForm(forms.Form):
    name = forms.CharField()
    note = forms.CharField(required=False)


class FilesForm(NameForm):
    page_fields = ("files",)


def _request():
    request = RequestFactory().post("/")
    request._messages = CookieStorage(request)
    return request


def _notices(request) -> list[tuple[str, str]]:
    return [(m.level_tag, m.message) for m in get_messages(request)]


def _refuse(exc):
    def call(*_args):
        raise exc
    return call


def test_page_form_went_through_notice_then_redirect():
    request, seen = _request(), []

    def then(result):
        seen.append(result)
        messages.warning(request, "и предупреждение")
        return f"/objects/{result}/"

    response = page_form(request, NameForm({"name": "school"}), lambda data: data["name"].upper(),
                         success=lambda result: f"Сохранено: {result}", then=then)
    assert response.status_code == 302 and response.url == "/objects/SCHOOL/"
    assert seen == ["SCHOOL"]
    assert _notices(request) == [("success", "Сохранено: SCHOOL"), ("warning", "и предупреждение")]


def test_page_form_refusal_at_its_field_and_at_the_top():
    request = _request()
    form = NameForm({"name": "Школа", "note": "как набрано"})
    refusal = ValidationError({"name": "Такое название уже есть.", "other": "Не поле формы."})
    assert page_form(request, form, _refuse(refusal), success="x", then="/") is None
    assert form.errors["name"] == ["Такое название уже есть."]
    assert form.non_field_errors() == ["Не поле формы."]
    assert form.data["note"] == "как набрано" and _notices(request) == []
    plain = NameForm({"name": "Школа"})
    assert page_form(request, plain, _refuse(ValidationError("Отказ по состоянию.")), success="x", then="/") is None
    assert plain.non_field_errors() == ["Отказ по состоянию."]


def test_page_form_invalid_form_never_calls_the_service():
    calls = []
    form = NameForm({"name": ""})
    assert page_form(_request(), form, calls.append, success="x", then="/") is None
    assert calls == [] and "name" in form.errors


def test_page_form_refusal_by_role_is_a_403_unless_the_form_shows_it():
    with pytest.raises(PermissionDenied):
        page_form(_request(), NameForm({"name": "a"}), _refuse(PermissionDenied("Нет прав.")), success="x", then="/")
    form = NameForm({"name": "a"})
    assert page_form(_request(), form, _refuse(PermissionDenied("Нет прав.")), success="x", then="/",
                     denied="Запасное") is None
    assert form.non_field_errors() == ["Нет прав."]
    silent = NameForm({"name": "a"})
    page_form(_request(), silent, _refuse(PermissionDenied()), success="x", then="/", denied="Нет прав на объект.")
    assert silent.non_field_errors() == ["Нет прав на объект."]


def test_submit_outcomes_and_fields_the_page_shows_itself():
    assert submit(NameForm({"name": ""}), lambda data: 1) == submit(NameForm({}), lambda data: 1)
    assert not submit(NameForm({"name": ""}), lambda data: 1).done
    went = submit(NameForm({"name": "a"}), lambda data: data["name"] * 2)
    assert went.done and went.result == "aa" and went.refusal is None
    form = FilesForm({"name": "a"})
    refusal = ValidationError({"files": "Файл слишком большой.", "name": "Плохое имя."})
    sent = submit(form, _refuse(refusal))
    assert not sent.done and sent.refusal is refusal
    assert form.errors == {"name": ["Плохое имя."]}  # the files' error is the page's to show
    assert sent.refusal.message_dict["files"] == ["Файл слишком большой."]


def test_act_result_notices_and_refusals():
    request = _request()
    assert act(request, lambda: None, "Готово.") is True
    assert act(request, lambda: {"added": 2}, lambda counts: f"Добавлено {counts['added']}.") == {"added": 2}
    assert act(request, _refuse(ValidationError(["Нельзя:", "уже отправлено."])), "не будет") is False
    assert _notices(request) == [("success", "Готово."), ("success", "Добавлено 2."),
                                 ("error", "Нельзя: уже отправлено.")]
    with pytest.raises(PermissionDenied):
        act(request, _refuse(PermissionDenied("Нет прав.")))
    denied = _request()
    assert act(denied, _refuse(PermissionDenied("Нет прав.")), "не будет", denied="") is False
    assert _notices(denied) == [("error", "Нет прав.")]
