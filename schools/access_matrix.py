"""The permission matrix rows of the registry (schools.access): schools, yearly data, teachers, municipalities, grading
scales; its API.

Expected answers per verb and role, one per position (own / other school / other municipality) — see
core.permission_matrix; checked by tests/core/test_permission_matrix.py."""


from core.permission_matrix import Route, answers, everyone  # noqa: F401


def _pk(obj):
    return None if obj is None else {"pk": obj.pk}


def _yearly(at):
    from .models import SchoolYearData

    row = SchoolYearData.objects.filter(school=at.school).select_related("school_year").order_by(
        "-school_year__start_year").first()
    return None if row is None else {"pk": at.school.pk, "year": row.school_year.start_year}


def _own_only(at, kwargs):
    """A region-wide object: probed once (at the own position)."""
    return kwargs if at.name == "own" else None


def _grading_scale(at):
    from .models import GradingScale

    return _own_only(at, _pk(GradingScale.objects.order_by("pk").first()))


def _model_of_school(model_name):
    def find(at):
        from django.apps import apps

        return _pk(apps.get_model("schools", model_name).objects.filter(school=at.school).order_by("pk").first())
    return find


KINDS = {
    "school": lambda at: {"pk": at.school.pk},
    "municipality": lambda at: {"pk": at.municipality.pk},
    "yearly_data": _yearly,
    "yearly_data_row": _model_of_school("SchoolYearData"),
    "teacher": _model_of_school("Teacher"),
    "assessment_result": _model_of_school("AssessmentResult"),
    "grading_scale": _grading_scale,
}


# codes per verb: answers(anon, methodologist, head, director, leader, admin)
ROUTES = {
    "api:assessment-result-detail": Route(
        "assessment_result",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "400 400 404", "403 403 404", "403 404 404", "404", "400"),
        patch=answers("401", "200 200 404", "403 403 404", "403 404 404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:assessment-result-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "400", "400", "400", "400"),
    ),
    "api:municipality-detail": Route(
        "municipality",
        get=answers("401", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "405", "405", "405", "405", "405"),
        patch=answers("401", "405", "405", "405", "405", "405"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:municipality-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:school-detail": Route(
        "school",
        get=answers("401", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "400 400 404", "403 403 404", "400 403 404", "403 403 404", "400"),
        patch=answers("401", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:school-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "400", "400", "400", "400"),
    ),
    "api:teacher-detail": Route(
        "teacher",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "400 400 404", "403 403 404", "400 404 404", "404", "400"),
        patch=answers("401", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:teacher-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "400", "400", "400", "400"),
    ),
    "api:yearly-data-detail": Route(
        "yearly_data_row",
        get=answers("401", "200 200 404", "200 200 404", "200 404 404", "404", "200"),
        post=answers("401", "405", "405", "405", "405", "405"),
        put=answers("401", "400 400 404", "403 403 404", "400 404 404", "404", "400"),
        patch=answers("401", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
        delete=answers("401", "405", "405", "405", "405", "405"),
    ),
    "api:yearly-data-list": Route(
        get=answers("401", "200", "200", "200", "200", "200"),
        post=answers("401", "400", "400", "400", "400", "400"),
    ),
    # scales are the region's (every municipality's identification reads them): its administrators write them
    "schools:grading_scale_create": Route(
        get=answers("login", "403", "403", "403", "403", "200"),
        post=answers("login", "403", "403", "403", "403", "200"),
    ),
    "schools:grading_scale_edit": Route(
        "grading_scale",
        get=answers("login - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
        post=answers("login - -", "403 - -", "403 - -", "403 - -", "403 - -", "200 - -"),
    ),
    "schools:grading_scales": Route(
        get=answers("login", "200", "200", "403", "403", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:municipality_detail": Route(
        "municipality",
        get=answers("login", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:municipality_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:municipality_list_export": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:school_create": Route(
        get=answers("login", "200", "403", "403", "403", "200"),
        post=answers("login", "200", "403", "403", "403", "200"),
    ),
    "schools:school_detail": Route(
        "school",
        get=answers("login", "200 200 404", "200 200 404", "200 200 404", "200 200 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:school_edit": Route(
        "school",
        get=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
    ),
    "schools:school_list": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:school_list_export": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:teacher_create": Route(
        "school",
        get=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
    ),
    "schools:teacher_edit": Route(
        "teacher",
        get=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 404 404", "404", "200"),
    ),
    "schools:teacher_export": Route(
        "school",
        get=answers("login", "200 200 404", "200 200 404", "200 403 404", "403 403 404", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
    "schools:yearly_data_create": Route(
        "school",
        get=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
    ),
    "schools:yearly_data_edit": Route(
        "yearly_data",
        get=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
        post=answers("login", "200 200 404", "403 403 404", "200 403 404", "403 403 404", "200"),
    ),
    "schools:yearly_data_export": Route(
        get=answers("login", "200", "200", "200", "200", "200"),
        post=answers("login", "405", "405", "405", "405", "405"),
    ),
}
