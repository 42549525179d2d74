"""Runs end to end: decision rules, reproducibility, overrides with reasons, approval with an order."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from identification import services
from identification.methodology import DEFAULT_SAMPLE
from identification.models import Methodology, Override, Run, RunSchool, SchoolStatus

from ..factories import V3, SchoolFactory, result


@pytest.fixture
def default_methodology(db):
    return Methodology.objects.get(family="default", version=1)


def struggling_municipality(muni):
    """Ten schools: the first fails ВПР badly every year; the rest are fine. Every row carries its marks as well as
    its mean score: the rank criteria (versions 1–3) read the score, the estimates (version 4) the marks."""
    schools = [SchoolFactory(municipality=muni) for _ in range(10)]
    for year in (2022, 2023, 2024):
        for i, school in enumerate(schools):
            if i == 0:
                math, russian = (16, 16, 6, 2), (14, 16, 8, 2)
            else:
                math, russian = (2, 16 - i, 14, 8 + i), (1, 16 - i, 15, 8 + i)
            result(school, year, "vpr", "math", 5, 40, mean_score=8 if i == 0 else 12 + i,
                   **dict(zip(("mark2", "mark3", "mark4", "mark5"), math, strict=True)))
            result(school, year, "vpr", "russian", 5, 40, mean_score=20 if i == 0 else 25 + i,
                   lowered=2, confirmed=36, raised=2, **dict(zip(("mark2", "mark3", "mark4", "mark5"), russian,
                                                                 strict=True)))
    return schools


def run_for(muni, methodology, actor, **kw):
    """The list for 2025/2026: it reads the results of 2024/2025 and the years before."""
    run = services.create_run(actor=actor, methodology=methodology, region=muni.region, municipality=muni,
                              start_year=2025, **kw)
    return services.compute_run(run=Run.objects.get(pk=run.pk))


def test_decision_rule_counts_met_criteria(muni_a, methodologist_a):
    """The engine's rule (in SQL): a status is proposed when at least `min_met` of its listed criteria are met;
    a criterion without data counts as not met."""
    schools = struggling_municipality(muni_a)
    rules = {"lrs": {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 3}, "dsc": {"criteria": ["C6"], "min_met": 1}}
    methodology = services.create_methodology_version(actor=methodologist_a, base=None, family="three", name="Три",
                                                      criteria=V3.CRITERIA_V3, rules=rules, sample=DEFAULT_SAMPLE)
    rows = {r.school_id: r for r in run_for(muni_a, methodology, methodologist_a).schools.all()}
    first = rows[schools[0].pk]
    assert {"C1", "C2", "C3"} <= set(first.met) and first.evidence["C4"]["outcome"] == "no_data"
    assert first.proposed == ["lrs"] and first.lrs_included and not first.dsc_included  # 3 of 4, no social data
    for row in rows.values():
        expected = sorted(status for status, rule in rules.items()
                          if len(set(rule["criteria"]) & set(row.met)) >= rule["min_met"])
        assert row.proposed == expected and row.lrs_included == ("lrs" in expected)
    stricter = {**rules, "lrs": {"criteria": ["C1", "C2", "C3", "C4"], "min_met": 4}}
    methodology = services.create_methodology_version(actor=methodologist_a, base=None, family="four", name="Четыре",
                                                      criteria=V3.CRITERIA_V3, rules=stricter, sample=DEFAULT_SAMPLE)
    run = run_for(muni_a, methodology, methodologist_a)
    assert not run.schools.get(school=schools[0]).proposed  # C4 has no data: 3 of 4 met is not enough


def test_run_proposes_the_struggling_school_with_evidence(muni_a, methodologist_a, default_methodology):
    schools = struggling_municipality(muni_a)
    run = run_for(muni_a, default_methodology, methodologist_a)
    assert run.state == Run.State.DONE and run.school_count == 10
    rows = {r.school_id: r for r in run.schools.all()}
    first = rows[schools[0].pk]
    assert first.proposed == ["lrs"] and first.lrs_included
    assert set(first.met) >= {"C1", "C2", "C3"}
    assert first.evidence["C1"]["outcome"] == "met"
    assert first.evidence["C4"]["outcome"] == "no_data"  # no ОГЭ results at all
    assert all(not rows[s.pk].proposed for s in schools[1:])


def test_run_is_reproducible_after_new_methodology_version(muni_a, methodologist_a, default_methodology):
    struggling_municipality(muni_a)
    run = run_for(muni_a, default_methodology, methodologist_a)
    before = sorted((r.school_id, r.proposed, r.evidence) for r in run.schools.all())
    criteria = [dict(c) for c in V3.CRITERIA_V3]
    criteria[0] = {**criteria[0], "params": {**criteria[0]["params"], "threshold_pct": 5.0}}
    services.create_methodology_version(actor=methodologist_a, base=default_methodology, family="default",
                                        name="Строже", criteria=criteria, rules=V3.RULES_V3, sample=DEFAULT_SAMPLE)
    default_methodology.refresh_from_db()
    assert default_methodology.criteria[0]["params"]["threshold_pct"] == 30.0
    services.compute_run(run=run)  # recompute the stored snapshot
    after = sorted((r.school_id, r.proposed, r.evidence) for r in run.schools.all())
    assert before == after


def test_what_if_run_with_other_parameters(muni_a, methodologist_a, head_a, default_methodology):
    struggling_municipality(muni_a)
    rules = {"lrs": {"criteria": ["C1"], "min_met": 1}}
    criteria = [dict(c) for c in V3.CRITERIA_V3]
    criteria[0] = {**criteria[0], "params": {**criteria[0]["params"], "threshold_pct": 2.5, "min_procedures": 1}}
    loose = services.create_methodology_version(actor=methodologist_a, base=None, family="loose", name="Мягче",
                                                criteria=criteria, rules=rules, sample=DEFAULT_SAMPLE)
    run = run_for(muni_a, loose, methodologist_a, is_what_if=True)
    assert run.schools.filter(lrs_included=True).count() > 1
    with pytest.raises(ValidationError, match="Пробный расчёт не утверждается"):
        services.approve_run(actor=head_a, run=run, order_number="1", order_date=datetime.date(2025, 9, 1))


def test_methodology_validation_refuses_objectivity_in_a_rule(methodologist_a):
    rules = {"lrs": {"criteria": ["C5"], "min_met": 1}}
    with pytest.raises(ValidationError) as exc:
        services.create_methodology_version(actor=methodologist_a, base=None, family="bad", name="x",
                                            criteria=V3.CRITERIA_V3, rules=rules, sample=DEFAULT_SAMPLE)
    assert "сигнал для проверки" in exc.value.messages[0]
    assert not Methodology.objects.filter(family="bad").exists()


def test_override_needs_a_reason_and_approval_creates_statuses(muni_a, methodologist_a, head_a,
                                                               default_methodology):
    schools = struggling_municipality(muni_a)
    run = run_for(muni_a, default_methodology, methodologist_a)
    first = run.schools.get(school=schools[0])
    with pytest.raises(ValidationError):
        services.set_override(actor=methodologist_a, run_school=first, status="lrs", include=False, reason="  ")
    services.set_override(actor=methodologist_a, run_school=first, status="lrs", include=False,
                          reason="Школа реорганизована, приказ о присоединении от 01.08.2025")
    other = run.schools.get(school=schools[3])
    services.set_override(actor=methodologist_a, run_school=other, status="lrs", include=True,
                          reason="Результаты 2025 года резко снизились по данным муниципальной диагностики")
    assert Override.objects.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.approve_run(actor=head_a, run=run, order_number="", order_date=None)
    assert set(exc.value.message_dict) == {"order_number", "order_date"}
    services.approve_run(actor=head_a, run=run, order_number="245-р", order_date=datetime.date(2025, 9, 1))
    statuses = list(SchoolStatus.objects.values_list("school_id", "status", "order_number"))
    assert statuses == [(schools[3].pk, "lrs", "245-р")]
    run.refresh_from_db()
    assert run.state == Run.State.APPROVED and run.approved_by == head_a
    with pytest.raises(ValidationError):
        services.set_override(actor=methodologist_a, run_school=RunSchool.objects.get(pk=first.pk), status="lrs",
                              include=True, reason="Передумали после утверждения списка")


def test_second_approval_for_the_same_year_is_refused(muni_a, methodologist_a, head_a, default_methodology):
    struggling_municipality(muni_a)
    first = run_for(muni_a, default_methodology, methodologist_a)
    services.approve_run(actor=head_a, run=first, order_number="1", order_date=datetime.date(2025, 9, 1))
    second = run_for(muni_a, default_methodology, methodologist_a)
    with pytest.raises(ValidationError) as exc:
        services.approve_run(actor=head_a, run=second, order_number="2", order_date=datetime.date(2025, 9, 2))
    assert exc.value.messages == ["Список на 2025/2026 учебный год уже утверждён приказом № 1 от 01.09.2025. "
                                  "Повторно утвердить нельзя."]
    second.refresh_from_db()
    assert second.state == Run.State.DONE and SchoolStatus.objects.filter(run=second).count() == 0


def test_run_identification_command_prints_the_list(muni_a):
    from io import StringIO

    from django.core.management import CommandError, call_command

    schools = struggling_municipality(muni_a)
    out = StringIO()
    call_command("run_identification", "--municipality", muni_a.code, "--year", "2024/2025", stdout=out)
    text = out.getvalue()
    assert f"{schools[0].code}\t{schools[0].short_name}\tШНОР" in text
    assert "C1 Доля «2» по ВПР, ОГЭ и ЕГЭ" in text
    assert "Предложено: ШНОР — 1, ШССУ — 0." in text
    assert Run.objects.get().schools.count() == 10
    with pytest.raises(CommandError, match="не распознан"):
        call_command("run_identification", "--municipality", muni_a.code, "--year", "2024-2026")
    with pytest.raises(CommandError, match="не найден"):
        call_command("run_identification", "--municipality", "nope", "--year", "2024/2025")


def test_a_list_reads_only_the_years_before_its_own(muni_a, methodologist_a, default_methodology):
    """Results of the school year being identified do not exist when its list is approved: a run for
    2025/2026 ignores them, however bad, and says which years it read."""
    schools = [SchoolFactory(municipality=muni_a) for _ in range(10)]
    for i, school in enumerate(schools):
        for subject in ("math", "russian"):
            for year in (2023, 2024):  # school 0 sits in the middle
                result(school, year, "vpr", subject, 5, 40, mark2=2, mean_score=12 + (i + 5) % 10)
            result(school, 2025, "vpr", subject, 5, 40, mark2=30 if i == 0 else 2, mean_score=3 if i == 0 else 20)
    run = run_for(muni_a, default_methodology, methodologist_a)
    first = run.schools.get(school=schools[0])
    assert first.met == [] and first.proposed == []
    assert run.data_years == (2022, 2024) and run.data_years_label == "2022/2023–2024/2025 учебных лет"
    later = services.compute_run(run=services.create_run(
        actor=methodologist_a, methodology=default_methodology, region=muni_a.region, municipality=muni_a,
        start_year=2026, enqueue=False))
    assert later.schools.get(school=schools[0]).met == ["C1"]  # a year later, 2025/2026 is over and counts
