"""Recommendation rules (kept as data) on hand-made situations, each naming the figures that triggered it; the
generation is idempotent and leaves the methodologists' work alone; edit, dismiss, adopt and their refusals."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from monitoring import services
from monitoring.models import Audience, Recommendation, Rule, Source, Value
from roadmaps.models import Activity, RiskFactor, RiskProfile, RiskProfileItem
from tests.factories import ActivityFactory, AgreementFactory, RoadmapFactory

from .conftest import status

D = datetime.date
TODAY = D(2025, 3, 1)


def recs(muni, year) -> dict[tuple, Recommendation]:
    return {(r.rule.code, r.school_id): r for r in Recommendation.objects.filter(
        municipality=muni, school_year=year, rule__isnull=False).select_related("rule")}


@pytest.fixture
def supported(school_a1, school_a2, years):
    status(school_a1, years[2024])
    status(school_a2, years[2024], "dsc")
    return [school_a1, school_a2]


def test_risk_factor_without_activity(supported, school_a1, years, methodologist_a, muni_a):
    factors = list(RiskFactor.objects.order_by("ordering")[:2])
    profile = RiskProfile.objects.create(school=school_a1, school_year=years[2024])
    for f in factors:
        RiskProfileItem.objects.create(profile=profile, factor=f, relevant=True, level="high")
    programme = RoadmapFactory(school=school_a1, school_year=years[2024], activities=0)
    ActivityFactory(roadmap=programme, risk_factor=factors[0])
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                      today=TODAY)
    rec = recs(muni_a, years[2024])[("risk_without_activity", school_a1.pk)]
    assert rec.audience == Audience.SCHOOL
    assert factors[1].name in rec.text and factors[0].name not in rec.text
    assert {"name": "factors", "label": "актуальные факторы риска без мероприятий", "value": factors[1].name} \
        in rec.reasons


def test_no_partner_and_the_municipal_share(supported, school_a1, school_a2, years, methodologist_a, muni_a):
    AgreementFactory(supported_school=school_a1, active=True, start=D(2024, 9, 10), end=D(2025, 8, 31),
                     designation__school__municipality=muni_a)
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                      today=TODAY)
    found = recs(muni_a, years[2024])
    assert ("no_partner", school_a2.pk) in found and ("no_partner", school_a1.pk) not in found
    municipal = found[("many_unsupported", None)]
    assert municipal.audience == Audience.DEPARTMENT
    assert municipal.text == ("Скорректировать муниципальную дорожную карту: у 1 из 2 ШНОР/ШССУ нет партнёра "
                              "(50,0\u00a0%).")


def test_overdue_over_thirty_percent(supported, school_a1, school_a2, years, methodologist_a, muni_a):
    for school, late in ((school_a1, 2), (school_a2, 1)):  # 2 of 5 = 40 % and 1 of 5 = 20 %
        programme = RoadmapFactory(school=school, school_year=years[2024], activities=0)
        for k in range(5):
            ActivityFactory(roadmap=programme, start=D(2024, 10, 1), due=D(2025, 1, 10) if k < late else D(2025, 5, 1))
        ActivityFactory(roadmap=programme, start=D(2024, 10, 1), due=D(2024, 12, 1), status=Activity.Status.DONE)
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                      today=TODAY)
    found = recs(muni_a, years[2024])
    assert "просрочено 2 из 6 мероприятий (33,3\u00a0%)" in found[("overdue_activities", school_a1.pk)].text
    assert ("overdue_activities", school_a2.pk) not in found


def test_teacher_rules_through_the_mentoring_figures(supported, school_a1, school_a2, years, methodologist_a, muni_a,
                                                     no_teachers):
    no_teachers[school_a1.pk] = {"teachers_low_results": 5, "low_results_diagnosed": 2, "young_specialists": 3,
                                 "young_mentored": 3}
    no_teachers[school_a2.pk] = {"teachers_low_results": 1, "low_results_diagnosed": 1, "young_specialists": 4,
                                 "young_mentored": 1}
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                      today=TODAY)
    found = recs(muni_a, years[2024])
    low = found[("low_results_not_diagnosed", school_a1.pk)]
    assert low.audience == Audience.METHODICAL and "без диагностики 3 из 5" in low.text
    assert ("low_results_not_diagnosed", school_a2.pk) not in found
    assert "без наставника 3 из 4" in found[("young_without_mentor", school_a2.pk)].text
    assert ("young_without_mentor", school_a1.pk) not in found


def test_results_worsened(supported, school_a1, years, methodologist_a, muni_a):
    from monitoring.models import Indicator

    Value.objects.create(indicator=Indicator.objects.get(code="oge_dynamics"), school=school_a1,
                         school_year=years[2024], value=70, n=40, change=-8, source=Source.COMPUTED)
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                      today=TODAY)
    rec = recs(muni_a, years[2024])[("results_worsened", school_a1.pk)]
    assert "(-8,0 п. п.)" in rec.text


def test_generation_is_idempotent_and_keeps_decisions(supported, school_a1, school_a2, years, methodologist_a,
                                                      head_a, muni_a):
    first = services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024])
    again = services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024])
    assert first["added"] >= 3 and again == {"added": 0, "updated": 0, "withdrawn": 0}
    found = recs(muni_a, years[2024])
    edited = services.edit_recommendation(actor=methodologist_a, rec=found[("no_partner", school_a1.pk)],
                                          text="Закрепить гимназию № 6 до 1 октября.")
    adopted = services.adopt_recommendation(actor=head_a, rec=found[("no_partner", school_a2.pk)],
                                            order_number="15-р", order_date=D(2025, 2, 1), decision="Поручить ИМЦ")
    # the reasons go away (both schools get partners): untouched proposals are withdrawn, decided ones stay
    for school in (school_a1, school_a2):
        AgreementFactory(supported_school=school, active=True, start=D(2024, 9, 10), end=D(2025, 8, 31),
                         designation__school__municipality=muni_a)
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024])
    left = recs(muni_a, years[2024])
    assert left[("no_partner", school_a1.pk)].text == edited.text
    assert left[("no_partner", school_a2.pk)].state == Recommendation.State.ADOPTED == adopted.state
    assert ("many_unsupported", None) not in left


def test_decisions_and_refusals(supported, school_a1, years, methodologist_a, head_a, director_a1, methodologist_b,
                                muni_a):
    own = services.add_recommendation(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                      audience=Audience.SCHOOL, school=school_a1, text="Провести педсовет.")
    assert own.rule is None and own.edited
    with pytest.raises(ValidationError) as exc:
        services.add_recommendation(actor=methodologist_a, municipality=muni_a, school_year=years[2024],
                                    audience=Audience.SCHOOL, text="Без школы")
    assert "school" in exc.value.message_dict
    for actor in (director_a1, methodologist_b, head_a):
        with pytest.raises(PermissionDenied):
            services.dismiss_recommendation(actor=actor, rec=own, reason="Не нужна сейчас")
    for actor in (director_a1, methodologist_b):
        with pytest.raises(PermissionDenied):
            services.adopt_recommendation(actor=actor, rec=own, order_number="1", order_date=D(2025, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.dismiss_recommendation(actor=methodologist_a, rec=own, reason="")
    assert exc.value.message_dict["reason"]
    with pytest.raises(ValidationError) as exc:
        services.adopt_recommendation(actor=head_a, rec=own, order_number="", order_date=None)
    assert set(exc.value.message_dict) == {"order_number", "order_date"}
    services.dismiss_recommendation(actor=methodologist_a, rec=own, reason="Уже сделано в сентябре")
    own.refresh_from_db()
    assert own.state == Recommendation.State.DISMISSED and own.decided_by == methodologist_a
    with pytest.raises(PermissionDenied):  # decided: no longer changed
        services.edit_recommendation(actor=methodologist_a, rec=own, text="Другое")
    with pytest.raises(PermissionDenied):
        services.generate_recommendations(actor=director_a1, municipality=muni_a, school_year=years[2024])


def test_rules_are_data(supported, school_a2, years, methodologist_a, muni_a):
    rule = Rule.objects.get(code="no_partner")
    rule.text = "Найти партнёра для школы ({partner})."
    rule.save()
    Rule.objects.filter(code="many_unsupported").update(params={"share": 100})
    services.generate_recommendations(actor=methodologist_a, municipality=muni_a, school_year=years[2024])
    found = recs(muni_a, years[2024])
    assert found[("no_partner", school_a2.pk)].text == "Найти партнёра для школы (нет действующего партнёрского " \
                                                     "соглашения)."
    assert ("many_unsupported", None) not in found
