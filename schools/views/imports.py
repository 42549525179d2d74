# Import pages — being written (issue 2, item 5).
from django.http import Http404


def import_start(request):
    raise Http404


import_template = import_detail = import_status = import_apply = import_start
