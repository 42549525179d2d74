"""Designations and agreements: the refusals, the life cycle with a frozen clock, private documents, roles."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from identification.models import Methodology, Run, SchoolStatus
from partnerships import services
from partnerships.models import Agreement, Designation

from ..factories import SchoolFactory, SchoolYearFactory, make_user

PDF = b"%PDF-1.4\n%test\n"
D = datetime.date


def agreement_data(leader, school, **kw):
    data = {"designation": leader, "supported_school": school, "number": "1", "signed_on": D(2024, 9, 10),
            "start": D(2024, 9, 10), "end": D(2025, 8, 31), "directions": ["management"]}
    data.update(kw)
    return data


def make_agreement(leader, school, actor, **kw):
    agreement, _w = services.save_agreement(actor=actor, agreement=Agreement(), data=agreement_data(leader, school,
                                                                                                   **kw))
    return agreement


def test_refusals_of_agreements(leader, school_a1, methodologist_a):
    cases = [
        ({"signed_on": D(2024, 8, 1)}, "designation", "нет действующего статуса"),
        ({"start": D(2024, 8, 1)}, "start", "внутри срока статуса: с 01.09.2024 по 31.08.2026"),
        ({"end": D(2027, 1, 1)}, "start", "внутри срока статуса"),
        ({"end": D(2024, 9, 1)}, "end", "Окончание не может быть раньше начала."),
        ({"supported_school": leader.school}, "supported_school", "не может сопровождать сама себя"),
    ]
    for changes, field, message in cases:
        with pytest.raises(ValidationError) as exc:
            make_agreement(leader, school_a1, methodologist_a, **changes)
        assert message in " ".join(exc.value.message_dict[field]), changes
    assert not Agreement.objects.exists()


def test_second_active_agreement_for_the_same_pair_overlapping(leader, school_a1, methodologist_a):
    first = make_agreement(leader, school_a1, methodologist_a)
    first.document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    services.activate_agreement(actor=methodologist_a, agreement=first)
    with pytest.raises(ValidationError) as exc:
        make_agreement(leader, school_a1, methodologist_a, number="2", start=D(2025, 3, 1), end=D(2026, 3, 1))
    assert "уже есть действующее соглашение на пересекающийся срок" in exc.value.message_dict["supported_school"][0]
    # a later period that does not overlap is fine
    make_agreement(leader, school_a1, methodologist_a, number="3", start=D(2025, 9, 1), end=D(2026, 8, 1))


def test_warning_when_the_supported_school_has_no_status(leader, school_a1, methodologist_a):
    _a, warning = services.save_agreement(actor=methodologist_a, agreement=Agreement(),
                                          data=agreement_data(leader, school_a1))
    assert "нет текущего статуса ШНОР или ШССУ" in warning
    run = Run.objects.create(methodology=Methodology.objects.get(is_default=True), region=school_a1.municipality.region,
                             municipality=school_a1.municipality, school_year=SchoolYearFactory(start_year=2024))
    SchoolStatus.objects.create(school=school_a1, status="lrs", school_year=run.school_year, run=run,
                                order_number="1", order_date=D(2024, 9, 1))
    _a, warning = services.save_agreement(actor=methodologist_a, agreement=Agreement(),
                                          data=agreement_data(leader, school_a1, number="2", start=D(2025, 9, 1),
                                                              end=D(2026, 1, 1)))
    assert warning is None


def test_activation_needs_the_signed_pdf(leader, school_a1, methodologist_a):
    agreement = make_agreement(leader, school_a1, methodologist_a)
    with pytest.raises(ValidationError, match="Сначала загрузите подписанное соглашение"):
        services.activate_agreement(actor=methodologist_a, agreement=agreement)
    with pytest.raises(ValidationError):
        services.check_signed(SimpleUploadedFile("fake.pdf", b"MZ not a pdf"), "document")


@pytest.mark.django_db(transaction=True)  # letters go after commit
def test_lifecycle_ends_and_warns_once(leader, school_a1, methodologist_a, muni_a):
    agreement = make_agreement(leader, school_a1, methodologist_a)
    agreement.document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    services.activate_agreement(actor=methodologist_a, agreement=agreement)
    with time_machine.travel(datetime.datetime(2025, 8, 1, 6, 0), tick=False):
        out = services.run_lifecycle()
        assert out["notices"] == 1 and mail.outbox[0].to == ["metod.a@example.ru"]
        assert "31.08.2025" in mail.outbox[0].body
        assert services.run_lifecycle()["notices"] == 0  # idempotent: once per end
    with time_machine.travel(datetime.datetime(2025, 9, 1, 6, 0), tick=False):
        assert services.run_lifecycle()["expired"] == 1
        assert services.run_lifecycle()["expired"] == 0
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.EXPIRED
    with time_machine.travel(datetime.datetime(2026, 9, 1, 6, 0), tick=False):
        assert services.run_lifecycle()["completed"] == 1
    leader.refresh_from_db()
    assert leader.state == Designation.State.COMPLETED


def test_early_termination_needs_a_reason_and_ends_agreements(leader, school_a1, methodologist_a):
    agreement = make_agreement(leader, school_a1, methodologist_a)
    agreement.document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    services.activate_agreement(actor=methodologist_a, agreement=agreement)
    with pytest.raises(ValidationError):
        services.terminate_designation(actor=methodologist_a, designation=leader, reason="", note="", on=D(2025, 1, 1))
    services.terminate_designation(actor=methodologist_a, designation=leader, reason="done_early", note="",
                                   on=D(2025, 1, 1))
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.TERMINATED


def test_document_only_for_those_who_see_the_agreement(client_for, leader, school_a1, methodologist_a, director_a1,
                                                       director_b1, school_a2):
    agreement = make_agreement(leader, school_a1, methodologist_a)
    agreement.document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    url = reverse("partnerships:agreement_document", args=[agreement.pk])
    response = client_for(director_a1).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert client_for(director_b1).get(url).status_code == 404
    neighbour = make_user(Role.SCHOOL_DIRECTOR, school=SchoolFactory(municipality=school_a1.municipality))
    assert client_for(neighbour).get(url).status_code == 404
    staff = make_user(Role.LEADER_STAFF, school=school_a2)
    assert client_for(staff).get(url).status_code == 200
    other_leader_staff = make_user(Role.LEADER_STAFF, school=SchoolFactory(municipality=school_a1.municipality))
    assert client_for(other_leader_staff).get(url).status_code == 404


def test_pages_refuse_by_role(client_for, leader, director_a1, head_a, methodologist_a, muni_b):
    for user in (director_a1, head_a):
        client = client_for(user)
        assert client.get(reverse("partnerships:designation_create")).status_code == 403
        assert client.get(reverse("partnerships:agreement_create")).status_code == 403
    foreign = make_user(Role.METHODOLOGIST, municipality=muni_b)
    assert client_for(foreign).get(reverse("partnerships:designation_detail", args=[leader.pk])).status_code == 404
    assert client_for(head_a).get(reverse("partnerships:designation_detail", args=[leader.pk])).status_code == 200


def test_agreement_form_flow_with_pdf(client_for, leader, school_a1, methodologist_a):
    client = client_for(methodologist_a)
    data = {"designation": leader.pk, "supported_school": school_a1.pk, "number": "7", "signed_on": "2024-09-10",
            "start": "2024-09-10", "end": "2025-08-31", "directions": ["management", "mentoring"],
            "document": SimpleUploadedFile("scan.pdf", b"not a pdf")}
    response = client.post(reverse("partnerships:agreement_create"), data)
    assert "Загрузите подписанный документ в формате PDF." in response.content.decode()
    assert not Agreement.objects.exists()
    data["document"] = SimpleUploadedFile("scan.pdf", PDF)
    response = client.post(reverse("partnerships:agreement_create"), data, follow=True)
    assert "нет текущего статуса ШНОР или ШССУ" in response.content.decode()
    agreement = Agreement.objects.get()
    client.post(reverse("partnerships:agreement_activate", args=[agreement.pk]))
    agreement.refresh_from_db()
    assert agreement.state == Agreement.State.ACTIVE
    html = client.get(reverse("partnerships:network")).content.decode()
    assert leader.school.short_name in html and school_a1.short_name in html and "<path" in html


def test_coverage_highlights_schools_without_partner(client_for, leader, school_a1, methodologist_a, muni_a):
    lonely = SchoolFactory(municipality=muni_a, short_name="Школа без партнёра")
    run = Run.objects.create(methodology=Methodology.objects.get(is_default=True), region=muni_a.region,
                             municipality=muni_a, school_year=SchoolYearFactory(start_year=2024))
    for school in (school_a1, lonely):
        SchoolStatus.objects.create(school=school, status="lrs", school_year=run.school_year, run=run,
                                    order_number="1", order_date=D(2024, 9, 1))
    agreement = make_agreement(leader, school_a1, methodologist_a)
    agreement.document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    services.activate_agreement(actor=methodologist_a, agreement=agreement)
    html = client_for(methodologist_a).get(reverse("partnerships:coverage")).content.decode()
    assert "без партнёра: 1" in html
    assert html.index("Школа без партнёра") < html.index(school_a1.short_name)


def test_lists_run_constant_queries(client_for, leader, methodologist_a, muni_a):
    client = client_for(methodologist_a)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    urls = [reverse("partnerships:designation_list"), reverse("partnerships:agreement_list"),
            reverse("partnerships:network")]
    first = make_agreement(leader, SchoolFactory(municipality=muni_a), methodologist_a, number="99")
    Agreement.objects.filter(pk=first.pk).update(state=Agreement.State.ACTIVE)
    for url in urls:
        client.get(url)
    small = [count(u) for u in urls]
    for i in range(15):
        school = SchoolFactory(municipality=muni_a)
        a = make_agreement(leader, school, methodologist_a, number=str(100 + i))
        Agreement.objects.filter(pk=a.pk).update(state=Agreement.State.ACTIVE)
    assert [count(u) for u in urls] == small


def test_api_scoping_and_filters(leader, school_a1, methodologist_a, director_a1, director_b1):
    from rest_framework.test import APIClient

    agreement = make_agreement(leader, school_a1, methodologist_a)
    Agreement.objects.filter(pk=agreement.pk).update(state=Agreement.State.ACTIVE)

    def get(user, url):
        client = APIClient()
        client.force_authenticate(user)
        return client.get(url).json()

    rows = get(methodologist_a, "/api/v1/designations/?kind=leader&active_on=2025-01-01")["results"]
    assert [r["school"] for r in rows] == [leader.school.code]
    assert get(methodologist_a, "/api/v1/designations/?active_on=2027-01-01")["count"] == 0
    rows = get(director_a1, f"/api/v1/agreements/?school={school_a1.code}")["results"]
    assert [r["supported_school"] for r in rows] == [school_a1.code]
    assert get(director_b1, "/api/v1/agreements/")["count"] == 0
    assert get(director_b1, "/api/v1/designations/")["count"] == 0


def test_order_scan_is_pdf_only_and_private(client_for, leader, methodologist_a, director_b1):
    with pytest.raises(ValidationError) as exc:
        services.save_designation(actor=methodologist_a, designation=leader,
                                  data={"order_document": SimpleUploadedFile("order.pdf", b"<html>")})
    assert exc.value.message_dict["order_document"] == ["Загрузите подписанный документ в формате PDF."]
    services.save_designation(actor=methodologist_a, designation=leader,
                              data={"order_document": SimpleUploadedFile("order.pdf", PDF)})
    url = reverse("partnerships:designation_document", args=[leader.pk])
    assert client_for(methodologist_a).get(url).status_code == 200
    assert client_for(director_b1).get(url).status_code == 404
