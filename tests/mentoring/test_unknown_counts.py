"""Unknown is not zero in the methodical work: a community meeting whose participants were not counted and a pair
whose meetings are not planned yet are stored as NULL and shown as «нет данных», not as 0."""

import datetime

from django.urls import reverse

from mentoring import services
from mentoring.models import Community, MentoringPair

from ..html import text_of


def test_a_meeting_without_a_count_of_participants_is_unknown(client_for, methodologist_a, muni_a):
    community = Community.objects.create(municipality=muni_a, name="РМО учителей математики")
    url = reverse("mentoring:community_detail", args=[community.pk])
    client = client_for(methodologist_a)
    assert client.post(url, {"date": "2024-11-05", "topic": "Заседание"}).status_code == 302
    assert community.meetings.get().participants is None
    assert "Заседание (участников: нет данных)" in text_of(client.get(url))
    assert client.post(url, {"date": "2024-12-05", "topic": "Второе", "participants": "0"}).status_code == 302
    assert community.meetings.get(topic="Второе").participants == 0  # a written 0 stays a 0
    assert "Второе (0 участников)" in text_of(client.get(url))


def test_a_pair_without_planned_meetings_is_unknown(client_for, leader_staff_a2, agreement_a2_a1, mentor_a2,
                                                     teachers_a1):
    pair = services.save_pair(actor=leader_staff_a2, pair=MentoringPair(), data={
        "mentor": mentor_a2, "mentee": teachers_a1[0], "agreement": agreement_a2_a1,
        "start": datetime.date(2024, 10, 1), "end": datetime.date(2025, 5, 31)})
    assert MentoringPair.objects.get(pk=pair.pk).planned_meetings is None
    page = text_of(client_for(leader_staff_a2).get(reverse("mentoring:pair_detail", args=[pair.pk])))
    assert "Встреч: проведено / запланировано 0 / нет данных" in page
