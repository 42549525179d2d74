"""Results beside similar schools on the why page and the school card (selectors.similar_comparisons,
latest_similar_row): the verdict in words, the figures and the group's names; the card shows it only to those who
may read the list's evidence (access.can_view_evidence)."""

from django.urls import reverse

from accounts.models import User
from identification.models import Run, RunSchool
from schools.models import School

from ..html import text_of


def _row(code: str) -> RunSchool:
    run = Run.objects.filter(municipality__code="dinskoy", state=Run.State.APPROVED).latest(
        "school_year__start_year")
    return RunSchool.objects.select_related("run", "school").get(run=run, school__code=code)


def test_why_page_names_the_group_and_says_the_verdict(demo_db, client_for):
    user = User.objects.get(email="metodist.dinskoy@demo.ru")
    below = _row("231008")  # ЦО № 8 п. Найдорф: not low in the region, clearly below schools like it (demo)
    page = text_of(client_for(user).get(reverse("identification:why", args=[below.run_id, below.school_id])))
    assert "Рядом со сопоставимыми школами" in page
    ev = below.evidence["C7"]
    assert ev["outcome"] == "met" and below.evidence["C2"]["outcome"] == "not_met"
    assert f"Результаты школы заметно ниже, чем у {int(ev['group'])} сопоставимых школ региона" in page
    names = School.objects.filter(pk__in=ev["peer_ids"]).values_list("short_name", flat=True)
    assert len(names) == int(ev["group"]) and all(" ".join(n.split()) in page for n in names)
    assert below.school.short_name not in " ".join(names)


def test_a_low_school_at_par_with_its_group(demo_db):
    low = _row("231004")  # struggling: low in the region (C2, C3) but not below its similar schools
    assert low.evidence["C2"]["outcome"] == "met" and low.evidence["C7"]["outcome"] == "not_met"


def test_card_shows_the_comparison_to_the_municipality_and_the_school_only(demo_db, client_for):
    row = _row("231004")
    card = reverse("schools:school_detail", args=[row.school_id])
    methodologist = User.objects.get(email="metodist.dinskoy@demo.ru")
    page = text_of(client_for(methodologist).get(card))
    assert "Рядом со сопоставимыми школами" in page and "сопоставимых школ" in page
    other = User.objects.get(email="metodist.kalininsky@demo.ru")
    response = client_for(other).get(card)
    assert response.status_code in (403, 404) or "Рядом со сопоставимыми школами" not in text_of(response)
