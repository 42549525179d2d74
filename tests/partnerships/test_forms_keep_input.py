"""Forms of partnerships keep what was typed: constraints answer next to their fields, a file
sent with a form rejected for another field is kept, and a draft is brought into force from its form."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from partnerships import services
from partnerships.models import Agreement, Designation, DesignationKind

from ..html import field_errors, top_errors

PDF = b"%PDF-1.4\n%test\n"
D = datetime.date


def _agreement_post(leader, school, **changes):
    data = {"designation": leader.pk, "supported_school": school.pk, "number": "7", "signed_on": "2024-09-10",
            "start": "2024-09-10", "end": "2025-08-31", "directions": ["management"]}
    data.update(changes)
    return data


def _kept_token(html: str, name: str) -> str:
    match = re.search(rf'name="{name}__kept" value="([^"]+)"', html)
    assert match, f"no kept upload for {name}"
    return match.group(1)


def test_agreement_end_before_start_answers_at_the_end_field(client_for, leader, school_a1, methodologist_a):
    response = client_for(methodologist_a).post(reverse("partnerships:agreement_create"),
                                                _agreement_post(leader, school_a1, end="2024-09-01"))
    html = response.content.decode()
    assert response.status_code == 200
    assert field_errors(html, "end") == ["Окончание не может быть раньше начала."]
    assert not top_errors(html) and "agreement_end_after_start" not in html
    assert 'value="7"' in html  # what was typed stays
    assert not Agreement.objects.exists()


def test_designation_end_before_start_answers_at_the_end_field(client_for, school_a2, methodologist_a):
    response = client_for(methodologist_a).post(reverse("partnerships:designation_create"), {
        "school": school_a2.pk, "kind": DesignationKind.objects.get(code="leader").pk, "topic": "Математика",
        "start": "2024-09-01", "end": "2024-08-01", "order_number": "12", "order_date": "2024-08-20"})
    html = response.content.decode()
    assert response.status_code == 200
    assert field_errors(html, "end") == ["Окончание не может быть раньше начала."]
    assert "designation_end_after_start" not in html
    assert not Designation.objects.exists()


def test_uploaded_pdf_is_kept_when_the_form_is_rejected_for_another_field(client_for, leader, school_a1,
                                                                          methodologist_a):
    client = client_for(methodologist_a)
    url = reverse("partnerships:agreement_create")
    data = _agreement_post(leader, school_a1, end="2024-09-01", document=SimpleUploadedFile("подписано.pdf", PDF))
    html = client.post(url, data).content.decode()
    assert "Окончание не может быть раньше начала." in field_errors(html, "end")
    assert "Файл «подписано.pdf» уже загружен" in field_errors_or_notes(html, "document")
    token = _kept_token(html, "document")
    assert not Agreement.objects.exists()
    # corrected and sent again without choosing the file: the kept file is saved with the agreement
    response = client.post(url, _agreement_post(leader, school_a1, document__kept=token))
    assert response.status_code == 302
    agreement = Agreement.objects.get()
    assert agreement.document.read() == PDF


def test_a_file_rejected_itself_is_not_kept(client_for, leader, school_a1, methodologist_a):
    data = _agreement_post(leader, school_a1, document=SimpleUploadedFile("scan.pdf", b"not a pdf"))
    html = client_for(methodologist_a).post(reverse("partnerships:agreement_create"), data).content.decode()
    assert field_errors(html, "document") == ["Загрузите подписанный документ в формате PDF."]
    assert "document__kept" not in html


def test_kept_token_serves_only_its_user(client_for, leader, school_a1, methodologist_a, muni_a):
    from accounts.models import Role

    from ..factories import make_user

    client = client_for(methodologist_a)
    url = reverse("partnerships:agreement_create")
    html = client.post(url, _agreement_post(leader, school_a1, end="2024-09-01",
                                            document=SimpleUploadedFile("a.pdf", PDF))).content.decode()
    token = _kept_token(html, "document")
    other = make_user(Role.METHODOLOGIST, municipality=muni_a, email="metod.a2@example.ru")
    client.force_login(other)
    assert client.post(url, _agreement_post(leader, school_a1, document__kept=token)).status_code == 302
    assert not Agreement.objects.get().document  # a foreign token brings nothing


def test_designation_order_scan_is_kept_too(client_for, school_a2, methodologist_a):
    client = client_for(methodologist_a)
    data = {"school": school_a2.pk, "kind": DesignationKind.objects.get(code="leader").pk, "topic": "Математика",
            "start": "2024-09-01", "end": "2026-08-31", "order_number": "", "order_date": "2024-08-20",
            "order_document": SimpleUploadedFile("приказ.pdf", PDF)}
    html = client.post(reverse("partnerships:designation_create"), data).content.decode()
    assert field_errors(html, "order_number")  # required
    token = _kept_token(html, "order_document")
    data.update(order_number="12", order_document__kept=token)
    del data["order_document"]
    assert client.post(reverse("partnerships:designation_create"), data).status_code == 302
    assert Designation.objects.get().order_document.read() == PDF


def field_errors_or_notes(html: str, name: str) -> str:
    """The text of the field block (errors and notes) of the input named `name`."""
    from ..html import field_block

    return re.sub(r"<[^>]+>", " ", field_block(html, name))


# ---- bringing a draft into force from its form -------------------------------------------------------------------

def test_new_agreement_with_its_pdf_comes_into_force_in_one_step(client_for, leader, school_a1, methodologist_a):
    response = client_for(methodologist_a).post(
        reverse("partnerships:agreement_create"),
        _agreement_post(leader, school_a1, activate="on", document=SimpleUploadedFile("a.pdf", PDF)), follow=True)
    assert "Соглашение введено в действие." in response.content.decode()
    assert Agreement.objects.get().state == Agreement.State.ACTIVE


def test_activation_without_pdf_is_refused_at_the_file_and_nothing_is_written(client_for, leader, school_a1,
                                                                             methodologist_a):
    response = client_for(methodologist_a).post(reverse("partnerships:agreement_create"),
                                                _agreement_post(leader, school_a1, activate="on"))
    assert response.status_code == 200
    assert field_errors(response.content.decode(), "document") == [
        "Сначала загрузите подписанное соглашение (PDF): без него соглашение не вводят в действие."]
    assert not Agreement.objects.exists()


def test_draft_with_its_pdf_is_activated_from_the_edit_form(client_for, leader, school_a1, methodologist_a):
    client = client_for(methodologist_a)
    client.post(reverse("partnerships:agreement_create"), _agreement_post(leader, school_a1))
    draft = Agreement.objects.get()
    assert draft.is_draft
    response = client.post(reverse("partnerships:agreement_edit", args=[draft.pk]),
                           _agreement_post(leader, school_a1, activate="on",
                                           document=SimpleUploadedFile("a.pdf", PDF)))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_active and draft.document


def test_activation_follows_the_rules_of_activate_agreement(client_for, leader, school_a1, methodologist_a):
    """An overlapping active agreement of the same pair refuses the activation: the draft stays as it was."""
    first, _w = services.save_agreement(actor=methodologist_a, agreement=Agreement(), data={
        "designation": leader, "supported_school": school_a1, "number": "1", "signed_on": D(2024, 9, 10),
        "start": D(2024, 9, 10), "end": D(2025, 8, 31), "directions": ["management"],
        "document": SimpleUploadedFile("a.pdf", PDF)}, activate=True)
    assert first.is_active
    client = client_for(methodologist_a)
    response = client.post(reverse("partnerships:agreement_create"),
                           _agreement_post(leader, school_a1, number="2", activate="on",
                                           document=SimpleUploadedFile("b.pdf", PDF)))
    assert response.status_code == 200
    assert "уже есть действующее соглашение" in field_errors(response.content.decode(), "supported_school")[0]
    assert Agreement.objects.count() == 1
