"""Professional communities (methodical associations, networks) and their meetings."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import TimeStampedModel
from schools.models import Municipality, Subject, Teacher


class Community(TimeStampedModel):
    class Kind(models.TextChoices):
        MUNICIPAL_MA = "rmo", _("районное методическое объединение")
        SCHOOL_MA = "shmo", _("школьное методическое объединение")
        NETWORK = "network", _("сетевое сообщество")
        TUTORS = "tutors", _("сообщество тьюторов")

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="communities",
                                     verbose_name=_("муниципалитет"))
    name = models.CharField(_("название"), max_length=300)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices, default=Kind.MUNICIPAL_MA)
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                verbose_name=_("предмет"))
    leader = models.ForeignKey(Teacher, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                               verbose_name=_("руководитель"))
    members = models.ManyToManyField(Teacher, related_name="communities", blank=True, verbose_name=_("участники"))
    description = models.TextField(_("описание"), blank=True, max_length=limits.LONG_TEXT)

    class Meta:
        verbose_name = _("профессиональное сообщество")
        verbose_name_plural = _("профессиональные сообщества")
        ordering = ["municipality", "name"]
        constraints = [models.UniqueConstraint(fields=["municipality", "name"], name="community_unique_name")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mentoring:community_detail", args=[self.pk])


class CommunityMeeting(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="meetings",
                                  verbose_name=_("сообщество"))
    date = models.DateField(_("дата"))
    topic = models.CharField(_("тема"), max_length=500)
    participants = models.PositiveSmallIntegerField(_("участников"), null=True, blank=True)  # None: not counted

    class Meta:
        verbose_name = _("заседание сообщества")
        verbose_name_plural = _("заседания сообществ")
        ordering = ["community", "-date"]

    def __str__(self):
        return f"{self.community}: {self.topic}"
