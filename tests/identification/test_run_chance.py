"""The run page says, per estimated criterion, how many schools met it and how many of them are expected to have met
it by chance alone (selectors.chance_of, from Run.estimates); a run of an older version, without estimates, shows no
such card."""

from django.urls import reverse

from accounts.models import User
from core.formats import ru_number
from identification import selectors
from identification.access import visible_runs
from identification.models import Run


def test_run_page_shows_the_number_expected_by_chance(demo_db, client_for):
    user = User.objects.get(email="metodist.dinskoy@demo.ru")
    run = visible_runs(user).filter(state__in=Run.RESULT_STATES).exclude(estimates={}).latest("created_at")
    chance = selectors.chance_of(run)
    codes = [c["code"] for c in chance]
    # the three estimated kinds that keep a probability (C1 shares, C2–C4 levels, C7 similar schools); the review
    # signals and the presence of disadvantage keep none
    assert codes == ["C1", "C2", "C3", "C4", "C7"]
    c1 = chance[0]
    assert c1["met"] == run.estimates["C1"]["labelled"] and c1["expected"] == run.estimates["C1"]["expected_by_chance"]
    assert c1["met"] >= 1 and 0 <= c1["expected"] < c1["met"]
    html = client_for(user).get(reverse("identification:run_detail", args=[run.pk])).content.decode()
    assert "Отметки по случайности" in html
    school_word = "школы" if c1["met"] % 10 == 1 and c1["met"] % 100 != 11 else "школ"
    assert (f"условие выполнено у {c1['met']} {school_word}, по случайности ожидается {ru_number(c1['expected'])}."
            in html)


def test_run_without_estimates_has_no_chance_card(demo_db, client_for):
    user = User.objects.get(email="metodist.dinskoy@demo.ru")
    run = visible_runs(user).filter(state__in=Run.RESULT_STATES).latest("created_at")
    Run.objects.filter(pk=run.pk).update(estimates={})  # as a run of version 3 or older keeps it
    run.refresh_from_db()
    assert selectors.chance_of(run) == []
    html = client_for(user).get(reverse("identification:run_detail", args=[run.pk])).content.decode()
    assert "Отметки по случайности" not in html
