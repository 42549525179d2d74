"""The programme effect's matching reads the yearly data's social shares: an unknown share is left out of the mean,
never read as 0, and a school with none known has no index (it is matched as an average one)."""

from types import SimpleNamespace

from monitoring.selectors import _social_index

SHARES = ("students_low_income", "students_single_parent", "students_parents_no_higher_ed", "students_non_native",
          "students_disabled", "students_preventive_register")


def _row(school_id, students=100, **counts):
    return SimpleNamespace(school_id=school_id, students=students, **{**dict.fromkeys(SHARES), **counts})


def test_unknown_shares_are_left_out_of_the_mean():
    index = _social_index([
        _row(1, **dict.fromkeys(SHARES, 30)),
        _row(2, students_low_income=30, students_single_parent=30),  # four unknown: the mean of the two known
        _row(3),  # nothing known: no index at all
        _row(4, **{**dict.fromkeys(SHARES, 0), "students_low_income": 60}),  # zeros written are zeros
    ])
    assert index[1] == 30.0
    assert index[2] == 30.0  # not (30 + 30 + 0 · 4) / 6 = 10
    assert 3 not in index
    assert index[4] == 10.0


def test_the_dashboard_names_the_source_of_its_teachers(muni_a, years, methodologist_a, client_for):
    from ..html import text_of

    page = text_of(client_for(methodologist_a).get("/monitoring/", follow=True))
    assert "педагоги — по реестру педагогов, № 17 — по данным школы за год" in page
