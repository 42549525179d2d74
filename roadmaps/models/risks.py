"""Risk factors (the federal «500+» self-diagnosis) and each school's risk profile for a school year."""


from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import limits
from core.models import CatalogueItem, TimeStampedModel
from schools.models import School, SchoolYear


class RiskFactor(CatalogueItem):
    class Meta(CatalogueItem.Meta):
        verbose_name = _("фактор риска")
        verbose_name_plural = _("факторы риска")


class RiskProfile(TimeStampedModel):
    """A school's self-diagnosis for a school year: each factor relevant or not, its level and measures."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="risk_profiles",
                               verbose_name=_("школа"))
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("учебный год"))

    class Meta:
        verbose_name = _("рисковый профиль")
        verbose_name_plural = _("рисковые профили")
        ordering = ["-school_year__start_year", "school"]
        constraints = [models.UniqueConstraint(fields=["school", "school_year"], name="risk_profile_unique")]

    def __str__(self):
        return _("Рисковый профиль: %(s)s, %(y)s") % {"s": self.school, "y": self.school_year}

    def get_absolute_url(self):
        return reverse("roadmaps:risk_profile", args=[self.school_id, self.school_year.start_year])


class RiskLevel(models.TextChoices):
    LOW = "low", _("низкий")
    MEDIUM = "medium", _("средний")
    HIGH = "high", _("высокий")


class RiskProfileItem(models.Model):
    profile = models.ForeignKey(RiskProfile, on_delete=models.CASCADE, related_name="items",
                                verbose_name=_("профиль"))
    factor = models.ForeignKey(RiskFactor, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("фактор риска"))
    relevant = models.BooleanField(_("актуален"), default=False)
    level = models.CharField(_("уровень"), max_length=10, choices=RiskLevel.choices, blank=True)
    measures = models.TextField(_("меры"), blank=True, max_length=limits.LONG_TEXT)

    class Meta:
        verbose_name = _("фактор в профиле")
        verbose_name_plural = _("факторы в профиле")
        ordering = ["profile", "factor__ordering"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "factor"], name="risk_item_unique"),
            models.CheckConstraint(condition=Q(relevant=False) | ~Q(level=""), name="risk_item_relevant_has_level"),
        ]

    def __str__(self):
        return str(self.factor)
