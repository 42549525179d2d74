"""Nobody approves what they sent: the one who submitted a roadmap does not approve it (a
methodologist who also holds the head role, an admin), the one who sent a progress report does not review it."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from roadmaps import access, services
from roadmaps.models import ProgressReport, Roadmap

from .conftest import D

ORDER = {"order_number": "17-р", "order_date": D(2024, 9, 20)}


def test_the_submitter_does_not_approve(client_for, municipal_plan, methodologist_head_a, head_a):
    services.submit(actor=methodologist_head_a, roadmap=municipal_plan)
    municipal_plan.refresh_from_db()
    assert municipal_plan.submitted_by == methodologist_head_a
    assert not access.can_approve(methodologist_head_a, municipal_plan) and access.can_approve(head_a, municipal_plan)
    with pytest.raises(PermissionDenied) as exc:
        services.approve(actor=methodologist_head_a, roadmap=municipal_plan, **ORDER)
    assert "сами отправили" in str(exc.value)
    client_for(methodologist_head_a).post(reverse("roadmaps:roadmap_approve", args=[municipal_plan.pk]),
                                        {"order_number": "17-р", "order_date": "20.09.2024"})
    assert Roadmap.objects.get(pk=municipal_plan.pk).status == Roadmap.Status.SUBMITTED
    services.approve(actor=head_a, roadmap=municipal_plan, **ORDER)
    assert Roadmap.objects.get(pk=municipal_plan.pk).approved_by == head_a


def test_the_sender_of_a_report_does_not_review_it(municipal_plan, methodologist_head_a, methodologist_a, head_a):
    services.submit(actor=methodologist_head_a, roadmap=municipal_plan)
    services.approve(actor=head_a, roadmap=municipal_plan, **ORDER)
    with time_machine.travel("2024-11-15 12:00 +0300", tick=False):
        report = services.save_report(actor=methodologist_head_a, roadmap=municipal_plan, period_start=D(2024, 10, 1),
                                      summary="Семинары проведены")
        services.submit_report(actor=methodologist_head_a, report=report)
    report.refresh_from_db()
    assert not access.can_review_report(methodologist_head_a, report) and access.can_review_report(head_a, report)
    with pytest.raises(PermissionDenied) as exc:
        services.review_report(actor=methodologist_head_a, report=report, accept=True)
    assert "сами отправили" in str(exc.value)
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.SUBMITTED
    services.review_report(actor=head_a, report=report, accept=True)
    assert ProgressReport.objects.get(pk=report.pk).status == ProgressReport.Status.ACCEPTED
