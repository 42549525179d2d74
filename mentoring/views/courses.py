"""A teacher's courses (КПК) with their certificates, edited from the teacher's page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import keep_uploads
from core.storage import private_file_response

from .. import services
from ..forms import CourseForm
from ..models import Course
from .common import editable_teacher, save_form, teacher_of, teacher_url


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request, pk, course_pk=None):
    user = request.user
    teacher = editable_teacher(user, pk)
    course = get_object_or_404(Course, pk=course_pk, teacher=teacher) if course_pk else Course(teacher=teacher)
    form = keep_uploads(CourseForm(request.POST or None, request.FILES or None, instance=course), user)
    if request.method == "POST" and save_form(request, form, lambda data: services.save_course(
            actor=user, course=course, data={**data, "teacher": teacher}),
            success=_("Курс сохранён."), instance=course):
        return redirect(teacher_url(teacher, "courses"))
    return render(request, "mentoring/simple_form.html", {"form": form, "t": teacher,
                                                          "title": _("Курс повышения квалификации"),
                                                          "multipart": True})


@login_required
@require_safe
def course_certificate(request, pk, course_pk):
    teacher = teacher_of(request.user, pk)
    course = get_object_or_404(Course, pk=course_pk, teacher=teacher)
    return private_file_response(course.certificate, filename=course.certificate.name.rsplit("/", 1)[-1],
                                 as_attachment=True)
