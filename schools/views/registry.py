from django.http import Http404
from django.views.generic import ListView


class SchoolListView(ListView):
    pass


class MunicipalityListView(ListView):
    pass


def _todo(request, *a, **k):
    raise Http404


school_list_export = school_create = school_detail = school_edit = yearly_data_edit = _todo
teacher_create = teacher_edit = teacher_export = municipality_list_export = municipality_detail = _todo
yearly_data_export = _todo
