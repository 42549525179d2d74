"""Four eyes through a second account (accounts/access.py): the account a methodologist asked a role for does not
accept that methodologist's report, nor approve a roadmap they sent."""

import pytest
from django.core.exceptions import PermissionDenied

from accounts import access as accounts_access
from accounts import services as account_services
from accounts.models import Role
from roadmaps import access, services

from .test_offers_match_rules import Q3, approve, frozen_today, send_report  # noqa: F401  (autouse fixture)


@pytest.fixture
def second_account(methodologist_a, head_a, muni_a):
    user = account_services.create_user(actor=methodologist_a, email="metod.second@example.ru",
                                        role=Role.METHODOLOGIST, municipality=muni_a, last_name="Второй")
    account_services.confirm_role_request(actor=head_a, request=user.role_requests.get())
    return user


def test_the_linked_account_does_not_accept_the_methodologists_report(client, programme, director_a1,
                                                                      methodologist_a, second_account, head_a):
    approve(programme, director_a1, head_a)
    report = send_report(programme, methodologist_a, period_start=Q3)
    assert accounts_access.acts_for(second_account, methodologist_a.pk)
    assert not access.can_review_report(second_account, report)
    assert "связанная с вашей" in access.report_review_refusal(second_account, report)
    assert report not in access.reviewable_reports(second_account)
    assert access.can_review_report(head_a, report)
    client.force_login(second_account)
    assert "связанная с вашей" in client.get(report.get_absolute_url()).content.decode()
    with pytest.raises(PermissionDenied, match="связанная с вашей"):
        services.review_report(actor=second_account, report=report, accept=True)
