"""Refusals of the services (by role: PermissionDenied; by state or data: ValidationError) and of the pages
(a foreign object: 404; a visible one the user may not change: 403)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from identification.models import Methodology, Run, SchoolStatus
from partnerships import services
from partnerships.models import Agreement, Designation, DesignationKind

from ..factories import AgreementFactory, DesignationFactory, SchoolFactory, SchoolYearFactory

D = datetime.date
PDF = b"%PDF-1.4\n%test\n"


@pytest.fixture
def des_a(school_a2):
    return DesignationFactory(school=school_a2)


@pytest.fixture
def draft_a(des_a, school_a1):
    agreement = AgreementFactory(designation=des_a, supported_school=school_a1)
    agreement.document.save("a.pdf", SimpleUploadedFile("a.pdf", PDF), save=True)
    return agreement


@pytest.fixture
def active_a(des_a, school_a1):
    return AgreementFactory(designation=des_a, supported_school=school_a1, number="A-1", start=D(2025, 9, 1),
                            end=D(2026, 8, 31), state=Agreement.State.ACTIVE)


# ---- services ---------------------------------------------------------------------------------------


def test_service_refuses_to_edit_an_active_agreement(methodologist_a, active_a):
    with pytest.raises(ValidationError, match="Изменять можно только черновик соглашения."):
        services.save_agreement(actor=methodologist_a, agreement=active_a, data={"subjects": "физика"})
    # a stale copy that still says "draft" is refused by the state stored in the database
    stale = Agreement.objects.get(pk=active_a.pk)
    stale.state = Agreement.State.DRAFT
    with pytest.raises(ValidationError, match="Изменять можно только черновик соглашения."):
        services.save_agreement(actor=methodologist_a, agreement=stale, data={"subjects": "физика"})
    active_a.refresh_from_db()
    assert active_a.subjects == "" and active_a.state == Agreement.State.ACTIVE


def test_services_refuse_by_role(request, des_a, draft_a, active_a, school_a1, school_a2):
    kind = DesignationKind.objects.get(code="leader")
    for role in ("head_a", "director_a1", "leader_staff_a2", "methodologist_b", "no_role_user"):
        user = request.getfixturevalue(role)
        attempts = {
            "new designation": lambda u=user: services.save_designation(actor=u, designation=Designation(), data={
                "school": school_a1, "kind": kind, "topic": "Тема", "start": D(2024, 9, 1), "end": D(2025, 8, 31),
                "order_number": "1", "order_date": D(2024, 8, 1)}),
            "edit designation": lambda u=user: services.save_designation(actor=u, designation=des_a,
                                                                          data={"topic": "Другая"}),
            "terminate designation": lambda u=user: services.terminate_designation(
                actor=u, designation=des_a, reason="done_early", note="", on=D(2025, 1, 1)),
            "new agreement": lambda u=user: services.save_agreement(actor=u, agreement=Agreement(), data={
                "designation": des_a, "supported_school": SchoolFactory(municipality=school_a1.municipality),
                "number": "9", "signed_on": D(2024, 9, 10), "start": D(2024, 9, 10), "end": D(2025, 8, 31)}),
            "edit agreement": lambda u=user: services.save_agreement(actor=u, agreement=draft_a,
                                                                      data={"subjects": "физика"}),
            "activate agreement": lambda u=user: services.activate_agreement(actor=u, agreement=draft_a),
            "terminate agreement": lambda u=user: services.terminate_agreement(actor=u, agreement=active_a,
                                                                               reason="По соглашению сторон"),
        }
        for name, attempt in attempts.items():
            with pytest.raises(PermissionDenied) as exc:
                attempt()
            assert str(exc.value), (role, name)  # a reason in Russian for the API and the 403 page
    des_a.refresh_from_db()
    draft_a.refresh_from_db()
    active_a.refresh_from_db()
    assert (des_a.topic, des_a.state) == ("Математика", Designation.State.ACTIVE)
    assert (draft_a.subjects, draft_a.state, active_a.state) == ("", Agreement.State.DRAFT, Agreement.State.ACTIVE)
    assert Designation.objects.count() == 1 and Agreement.objects.count() == 2


def test_foreign_leader_or_partner_is_refused(methodologist_a, methodologist_b, school_b1, school_b2, des_a,
                                             draft_a):
    des_b = DesignationFactory(school=school_b2)
    data = {"supported_school": school_b1, "number": "9", "signed_on": D(2024, 9, 10), "start": D(2024, 9, 10),
            "end": D(2025, 8, 31)}
    with pytest.raises(PermissionDenied, match="методист её муниципалитета"):
        services.save_agreement(actor=methodologist_a, agreement=Agreement(), data={**data, "designation": des_b})
    with pytest.raises(PermissionDenied, match="вам недоступна"):
        services.save_agreement(actor=methodologist_a, agreement=Agreement(), data={**data, "designation": des_a})
    # nor may a draft be moved under another municipality's designation
    with pytest.raises(PermissionDenied):
        services.save_agreement(actor=methodologist_a, agreement=draft_a, data={"designation": des_b})
    # a methodologist of B may not give a status to a school of A, nor move one of B's statuses to A
    with pytest.raises(PermissionDenied):
        services.save_designation(actor=methodologist_b, designation=des_b, data={"school": des_a.school})
    assert Agreement.objects.count() == 1


def test_designation_rules_that_were_missing(methodologist_a, des_a, active_a, school_a1, director_a1,
                                             leader_staff_a2):
    # the head of a site is one of the school's own staff
    with pytest.raises(ValidationError) as exc:
        services.save_designation(actor=methodologist_a, designation=des_a, data={"head": director_a1})
    assert "сотрудник этой школы" in exc.value.message_dict["head"][0]
    services.save_designation(actor=methodologist_a, designation=des_a, data={"head": leader_staff_a2})
    # a designation with agreements keeps its school
    with pytest.raises(ValidationError) as exc:
        services.save_designation(actor=methodologist_a, designation=des_a,
                                  data={"school": SchoolFactory(municipality=school_a1.municipality)})
    assert "школу изменить нельзя" in exc.value.message_dict["school"][0]
    # and its period covers its active agreements (2025-09-01 … 2026-08-31)
    with pytest.raises(ValidationError) as exc:
        services.save_designation(actor=methodologist_a, designation=des_a, data={"end": D(2026, 5, 31)})
    assert "покрывать действующее соглашение" in exc.value.message_dict["start"][0]
    des_a.refresh_from_db()
    assert des_a.end == D(2026, 8, 31) and des_a.head == leader_staff_a2


def test_state_rules_of_the_life_cycle(methodologist_a, draft_a, active_a, des_a):
    with pytest.raises(ValidationError, match="Расторгнуть можно только действующее соглашение."):
        services.terminate_agreement(actor=methodologist_a, agreement=draft_a, reason="По соглашению сторон")
    with pytest.raises(ValidationError, match="Ввести в действие можно только черновик."):
        services.activate_agreement(actor=methodologist_a, agreement=active_a)
    services.terminate_designation(actor=methodologist_a, designation=des_a, reason="done_early", note="",
                                   on=D(2025, 1, 1))
    with pytest.raises(ValidationError, match="Прекратить можно только действующий статус."):
        services.terminate_designation(actor=methodologist_a, designation=des_a, reason="done_early", note="",
                                       on=D(2025, 1, 2))


# ---- pages ------------------------------------------------------------------------------------------


def _pages(des_a, draft_a):
    return {
        "designation_detail": ("get", reverse("partnerships:designation_detail", args=[des_a.pk])),
        "designation_edit": ("get", reverse("partnerships:designation_edit", args=[des_a.pk])),
        "designation_terminate": ("post", reverse("partnerships:designation_terminate", args=[des_a.pk])),
        "agreement_detail": ("get", reverse("partnerships:agreement_detail", args=[draft_a.pk])),
        "agreement_edit": ("get", reverse("partnerships:agreement_edit", args=[draft_a.pk])),
        "agreement_activate": ("post", reverse("partnerships:agreement_activate", args=[draft_a.pk])),
        "agreement_terminate": ("post", reverse("partnerships:agreement_terminate", args=[draft_a.pk])),
    }


def test_foreign_objects_answer_404(client_for, methodologist_b, des_a, draft_a):
    client = client_for(methodologist_b)
    answers = {name: getattr(client, method)(url).status_code for name, (method, url) in _pages(des_a, draft_a).items()}
    assert answers == dict.fromkeys(answers, 404)


@pytest.mark.parametrize("role", ["head_a", "director_a1", "leader_staff_a2"])
def test_visible_read_only_objects_answer_403(request, client_for, role, des_a, draft_a):
    client = client_for(request.getfixturevalue(role))
    pages = _pages(des_a, draft_a)
    answers = {name: getattr(client, method)(url, {"termination_reason": "done_early", "terminated_on": "2025-01-01"}
                                             if method == "post" else None).status_code
               for name, (method, url) in pages.items()}
    expected = {name: 200 if name.endswith("_detail") else 403 for name in answers}
    if role == "director_a1":  # the director of the supported school sees the agreement, not the leader's status
        expected.update(designation_detail=404, designation_edit=404, designation_terminate=404)
    assert answers == expected
    des_a.refresh_from_db()
    draft_a.refresh_from_db()
    assert des_a.state == Designation.State.ACTIVE and draft_a.state == Agreement.State.DRAFT


def test_pages_show_only_the_allowed_buttons(client_for, methodologist_a, head_a, des_a, draft_a, active_a):
    draft_url = reverse("partnerships:agreement_detail", args=[draft_a.pk])
    active_url = reverse("partnerships:agreement_detail", args=[active_a.pk])
    html = client_for(methodologist_a).get(draft_url).content.decode()
    assert "Ввести в действие" in html and "Редактировать" in html and "Расторгнуть" not in html
    html = client_for(methodologist_a).get(active_url).content.decode()
    assert "Ввести в действие" not in html and "Редактировать" not in html and "Расторгнуть" in html
    html = client_for(head_a).get(active_url).content.decode()
    assert "Ввести в действие" not in html and "Расторгнуть" not in html
    html = client_for(head_a).get(reverse("partnerships:designation_detail", args=[des_a.pk])).content.decode()
    assert "Новое соглашение" not in html and "Прекратить статус" not in html


def test_editing_an_active_agreement_leads_back_with_the_reason(client_for, methodologist_a, active_a):
    response = client_for(methodologist_a).get(reverse("partnerships:agreement_edit", args=[active_a.pk]),
                                               follow=True)
    assert response.redirect_chain[-1][0] == active_a.get_absolute_url()
    assert "Изменять можно только черновик соглашения." in response.content.decode()


def test_coverage_only_for_municipal_staff(client_for, methodologist_a, head_a, director_a1, leader_staff_a2):
    url = reverse("partnerships:coverage")
    for user in (director_a1, leader_staff_a2):
        client = client_for(user)
        assert client.get(url).status_code == 403
        assert url not in client.get(reverse("partnerships:designation_list")).content.decode()
    for user in (methodologist_a, head_a):
        client = client_for(user)
        assert client.get(url).status_code == 200
        assert url in client.get(reverse("partnerships:designation_list")).content.decode()


def test_coverage_runs_constant_queries(client_for, methodologist_a, muni_a, des_a):
    run = Run.objects.create(methodology=Methodology.objects.get(is_default=True), region=muni_a.region,
                             municipality=muni_a, school_year=SchoolYearFactory(start_year=2024))
    client = client_for(methodologist_a)

    def add_schools(n):
        for _i in range(n):
            school = SchoolFactory(municipality=muni_a)
            SchoolStatus.objects.create(school=school, status="lrs", school_year=run.school_year, run=run,
                                        order_number="1", order_date=D(2024, 9, 1))
            AgreementFactory(designation=des_a, supported_school=school, state=Agreement.State.ACTIVE)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("partnerships:coverage")).status_code == 200
        return len(ctx.captured_queries)

    add_schools(1)
    client.get(reverse("partnerships:coverage"))
    small = count()
    add_schools(10)
    assert count() == small
