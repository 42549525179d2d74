"""A school's risk profile for a school year, and the region-wide catalogues (directions of work, risk factors)."""


from auditlog.context import set_actor
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.models import CatalogueItem
from core.services import require

from .. import access
from ..catalogues import code_from_name
from ..models import RiskProfile, RiskProfileItem

# ---- risk profiles -------------------------------------------------------------------------------

@transaction.atomic
def save_risk_profile(*, actor, school, school_year, items: dict[int, dict]) -> RiskProfile:
    """items: factor id → {relevant, level, measures}. A relevant factor needs its level."""
    if not access.can_edit_risk_profile(actor, school, school_year):
        raise PermissionDenied(_("Рисковый профиль меняют, пока программа школы — черновик или на доработке."))
    errors = {}
    for factor_id, item in items.items():
        if item.get("relevant") and not item.get("level"):
            errors[f"level_{factor_id}"] = _("Укажите уровень актуального фактора.")
    if errors:
        raise ValidationError(errors)
    profile, _created = RiskProfile.objects.get_or_create(school=school, school_year=school_year)
    existing = {i.factor_id: i for i in profile.items.all()}
    for factor_id, item in items.items():
        row = existing.get(factor_id) or RiskProfileItem(profile=profile, factor_id=factor_id)
        row.relevant = bool(item.get("relevant"))
        row.level = item.get("level") or "" if row.relevant else ""
        row.measures = (item.get("measures") or "").strip()
        row.save()
    with set_actor(actor):
        profile.save()  # updated_at and an audit entry for the profile
    return profile


# ---- catalogues ---------------------------------------------------------------------------------

@transaction.atomic
def save_catalogue_item(*, actor, item: CatalogueItem, data: dict) -> CatalogueItem:
    """A direction of work or a risk factor (new or changed; retired by `is_active`, never deleted): administrators
    (the catalogues are region-wide). Codes and names are unique within the catalogue."""
    require(access.can_manage_catalogues(actor),
             _("Справочники общие для всего региона: их ведёт администратор портала."))
    for field, value in data.items():
        setattr(item, field, value)
    others = type(item).objects.exclude(pk=item.pk)
    if not item.code:  # made from the name: users need not invent a Latin code
        item.code = code_from_name(item.name, taken=set(others.values_list("code", flat=True)))
    errors = {field: _("Такое значение уже есть в справочнике.") for field in ("code", "name")
              if others.filter(**{field: getattr(item, field)}).exists()}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic(), set_actor(actor):
            item.save()
    except IntegrityError:  # the same value saved meanwhile by someone else
        raise ValidationError(_("Не удалось сохранить: запись с таким кодом или названием уже есть.")) from None
    return item
