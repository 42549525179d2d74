"""The registry itself: regions, municipalities, schools (with the INN check) and school years."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.formats import parse_school_year
from core.models import TimeStampedModel


class Region(TimeStampedModel):
    name = models.CharField(_("название"), max_length=200, unique=True)
    code = models.CharField(_("код"), max_length=20, unique=True)

    class Meta:
        verbose_name = _("регион")
        verbose_name_plural = _("регионы")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Municipality(TimeStampedModel):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities",
                               verbose_name=_("регион"))
    name = models.CharField(_("название"), max_length=200)
    code = models.CharField(_("код"), max_length=20, unique=True,
                            validators=[RegexValidator(r"^[A-Za-z0-9_-]+$",
                                                       _("Код: латинские буквы, цифры, «-» и «_»."))])

    class Meta:
        verbose_name = _("муниципалитет")
        verbose_name_plural = _("муниципалитеты")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="municipality_unique_name_in_region"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("schools:municipality_detail", args=[self.pk])


class SchoolKind(models.TextChoices):
    NOSH = "nosh", _("НОШ")
    OOSH = "oosh", _("ООШ")
    SOSH = "sosh", _("СОШ")
    GYMNASIUM = "gymnasium", _("гимназия")
    LYCEUM = "lyceum", _("лицей")
    EDUCATION_CENTER = "center", _("центр образования")
    EVENING = "evening", _("вечерняя (сменная) школа")
    BOARDING = "boarding", _("школа-интернат")
    CORRECTIONAL = "correctional", _("коррекционная школа")
    OTHER = "other", _("иная")


class Location(models.TextChoices):
    URBAN = "urban", _("городская")
    RURAL = "rural", _("сельская")


def validate_inn(value: str):
    """ИНН of a legal entity: 10 digits with a check digit (ФНС algorithm)."""
    if not re.fullmatch(r"\d{10}", value or ""):
        raise ValidationError(_("ИНН организации — 10 цифр."), code="inn_format")
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    check = sum(int(d) * w for d, w in zip(value, weights, strict=False)) % 11 % 10
    if check != int(value[9]):
        raise ValidationError(_("Неверная контрольная цифра ИНН."), code="inn_checksum")


class School(TimeStampedModel):
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="schools",
                                     verbose_name=_("муниципалитет"))
    code = models.CharField(_("код ОО"), max_length=32, unique=True,
                            help_text=_("Код образовательной организации, как в файлах оценочных процедур."),
                            validators=[RegexValidator(r"^[0-9A-Za-z_-]+$",
                                                       _("Код: цифры, латинские буквы, «-» и «_»."))])
    full_name = models.CharField(_("полное наименование"), max_length=500)
    short_name = models.CharField(_("краткое наименование"), max_length=200)
    inn = models.CharField(_("ИНН"), max_length=10, blank=True, validators=[validate_inn])
    kind = models.CharField(_("вид"), max_length=20, choices=SchoolKind.choices, default=SchoolKind.SOSH)
    location = models.CharField(_("местность"), max_length=10, choices=Location.choices,
                                default=Location.URBAN)
    address = models.CharField(_("адрес"), max_length=500, blank=True)
    director_name = models.CharField(_("директор"), max_length=200, blank=True)
    phone = models.CharField(_("телефон"), max_length=50, blank=True)
    email = models.EmailField(_("электронная почта"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        verbose_name = _("школа")
        verbose_name_plural = _("школы")
        ordering = ["short_name"]
        indexes = [
            models.Index(fields=["municipality", "short_name"], name="school_muni_name_idx"),
        ]

    def __str__(self):
        return self.short_name

    def get_absolute_url(self):
        return reverse("schools:school_detail", args=[self.pk])


class SchoolYear(models.Model):
    """A school year such as 2024/2025, identified by the calendar year it starts in."""

    start_year = models.PositiveSmallIntegerField(_("год начала"), unique=True,
                                                  validators=[MinValueValidator(2000)])

    class Meta:
        verbose_name = _("учебный год")
        verbose_name_plural = _("учебные годы")
        ordering = ["start_year"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @staticmethod
    def parse(text: str) -> int:
        """'2024/2025', '2024-2025' or '2024' → 2024; ValueError on anything else."""
        return parse_school_year(text)
