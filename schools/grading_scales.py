"""Grading scales for the demo years (close to the published ФИОКО/ФИПИ recommendations).

(procedure, subject code, grade) → (max primary score, min for «3», «4», «5») for ВПР and ОГЭ;
ЕГЭ → the minimum test score. Scales are reference data: methodologists edit them for each new year.
"""

BANDS = {
    ("vpr", "russian", 4): (38, 14, 24, 33),
    ("vpr", "russian", 5): (45, 18, 29, 40),
    ("vpr", "russian", 6): (51, 21, 33, 45),
    ("vpr", "russian", 7): (47, 20, 29, 39),
    ("vpr", "russian", 8): (51, 22, 32, 42),
    ("vpr", "math", 4): (20, 6, 10, 15),
    ("vpr", "math", 5): (19, 7, 11, 15),
    ("vpr", "math", 6): (20, 6, 10, 14),
    ("vpr", "math", 7): (19, 7, 12, 16),
    ("vpr", "math", 8): (25, 7, 13, 20),
    ("vpr", "world", 4): (32, 8, 18, 26),
    ("oge", "russian", 9): (37, 15, 26, 33),
    ("oge", "math", 9): (31, 8, 15, 22),
}
EGE_MINIMUM = {
    ("ege", "russian", 11): 24,
    ("ege", "math_profile", 11): 27,
}
SCALE_YEARS = (2022, 2023, 2024)  # the scales the data migration created


def seed(apps_or_models=None, years=SCALE_YEARS):
    """Create the scales for the given years where missing (idempotent). Works in migrations too."""
    if apps_or_models is None:
        from . import models as m

        GradingScale, Subject, SchoolYear = m.GradingScale, m.Subject, m.SchoolYear
    else:
        GradingScale = apps_or_models.get_model("schools", "GradingScale")
        Subject = apps_or_models.get_model("schools", "Subject")
        SchoolYear = apps_or_models.get_model("schools", "SchoolYear")
    subjects = {s.code: s for s in Subject.objects.all()}
    for start_year in years:
        year, _ = SchoolYear.objects.get_or_create(start_year=start_year)
        for (procedure, code, grade), (max_score, s3, s4, s5) in BANDS.items():
            GradingScale.objects.get_or_create(
                procedure=procedure, subject=subjects[code], grade=grade, school_year=year,
                defaults={"max_score": max_score, "min_score_3": s3, "min_score_4": s4, "min_score_5": s5})
        for (procedure, code, grade), minimum in EGE_MINIMUM.items():
            GradingScale.objects.get_or_create(
                procedure=procedure, subject=subjects[code], grade=grade, school_year=year,
                defaults={"max_score": 100, "min_passing_score": minimum})
