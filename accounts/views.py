from django.http import Http404


def _todo(request, *a, **k):
    raise Http404


user_list = user_create = user_edit = user_toggle_active = membership_add = membership_delete = _todo
