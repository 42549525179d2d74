"""Nobody approves the list they computed or decided in: the head who started the run (a
methodologist who also holds the head role) or made a decision against its proposal is refused with a Russian
reason; another head of the municipality approves. Region-wide runs: the admin who started one does not approve it."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role
from identification import access, services
from identification.models import Methodology, Run, RunSchool, SchoolStatus

from ..factories import make_user
from .test_runs import run_for, struggling_municipality

ORDER = {"order_number": "245-р", "order_date": datetime.date(2025, 9, 2)}


@pytest.fixture
def own_run(muni_a, methodologist_head_a):
    struggling_municipality(muni_a)
    return run_for(muni_a, Methodology.objects.get(is_default=True), methodologist_head_a)


def test_the_one_who_computed_the_list_does_not_approve_it(client_for, own_run, methodologist_head_a, head_a):
    assert not access.can_approve(methodologist_head_a, own_run) and access.can_approve(head_a, own_run)
    with pytest.raises(PermissionDenied) as exc:
        services.approve_run(actor=methodologist_head_a, run=own_run, **ORDER)
    assert "сами рассчитали" in str(exc.value)
    response = client_for(methodologist_head_a).post(reverse("identification:approve", args=[own_run.pk]),
                                                   {**ORDER, "order_date": "02.09.2025", "confirm": "1"})
    assert response.status_code == 403 and "сами рассчитали" in response.content.decode()
    page = client_for(methodologist_head_a).get(own_run.get_absolute_url()).content.decode()
    assert reverse("identification:approve", args=[own_run.pk]) not in page
    assert not SchoolStatus.objects.exists() and Run.objects.get(pk=own_run.pk).state == Run.State.DONE
    services.approve_run(actor=head_a, run=own_run, **ORDER)  # another head of A
    assert Run.objects.get(pk=own_run.pk).state == Run.State.APPROVED


def test_a_head_who_decided_in_the_list_does_not_approve_it(muni_a, methodologist_a, methodologist_head_a, head_a):
    struggling_municipality(muni_a)
    run = run_for(muni_a, Methodology.objects.get(is_default=True), methodologist_a)
    assert access.can_approve(methodologist_head_a, run)
    not_proposed = next(rs for rs in RunSchool.objects.filter(run=run) if "lrs" not in rs.proposed)
    services.set_override(actor=methodologist_head_a, run_school=not_proposed,
                          status="lrs", include=True, reason="Школа по данным мониторинга в зоне риска")
    assert not access.can_approve(methodologist_head_a, run)
    with pytest.raises(PermissionDenied):
        services.check_approval(actor=methodologist_head_a, run=run, **ORDER)
    services.approve_run(actor=head_a, run=run, **ORDER)


def test_the_start_page_offers_the_head_only_lists_of_others(client_for, own_run, methodologist_head_a, head_a):
    assert "список ждёт вашего утверждения" not in client_for(methodologist_head_a).get("/").content.decode()
    head_page = client_for(head_a).get("/").content.decode()
    assert "список ждёт вашего утверждения" in head_page


def test_region_run_is_approved_by_another_admin(region, muni_a, admin_user):
    struggling_municipality(muni_a)
    run = services.create_run(actor=admin_user, methodology=Methodology.objects.get(is_default=True), region=region,
                              municipality=None, start_year=2025)
    run = services.compute_run(run=Run.objects.get(pk=run.pk))
    with pytest.raises(PermissionDenied):
        services.approve_run(actor=admin_user, run=run, **ORDER)
    other_admin = make_user(Role.ADMIN, email="admin2@example.ru")
    services.approve_run(actor=other_admin, run=run, **ORDER)
    assert Run.objects.get(pk=run.pk).approved_by == other_admin
