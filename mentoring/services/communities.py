"""Writes of professional communities and their meetings."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import require

from .. import access
from ..models import Community, CommunityMeeting
from .common import assign


@transaction.atomic
def save_community(*, actor, community: Community, data: dict, members=()) -> Community:
    municipality = data.get("municipality") or (community.municipality if community.pk else None)
    if community.pk is not None:
        require(access.can_manage_community(actor, community), _("Сообщества ведут методисты муниципалитета."))
    require(municipality is not None and access.can_edit_rule(actor, municipality.pk),
             _("Сообщества ведут методисты муниципалитета."))
    errors = {}
    name = (data.get("name") or "").strip()
    if not name:
        errors["name"] = _("Укажите название.")
    elif Community.objects.filter(municipality=municipality, name=name).exclude(pk=community.pk).exists():
        errors["name"] = _("Сообщество с таким названием в муниципалитете уже есть.")
    members = list(members)
    if any(t.school.municipality_id != municipality.pk for t in members):
        errors["members"] = _("Участники — педагоги школ муниципалитета.")
    if errors:
        raise ValidationError(errors)
    community.municipality, community.name = municipality, name
    assign(community, data, ("kind", "subject", "leader", "description"))
    community.save()
    community.members.set(members)
    return community


@transaction.atomic
def add_community_meeting(*, actor, community: Community, date, topic: str,
                          participants: int | None = None) -> CommunityMeeting:
    """participants: None — not counted (shown «нет данных»), never read as 0."""
    require(access.can_manage_community(actor, community), _("Заседания записывают методисты муниципалитета."))
    if not (topic or "").strip():
        raise ValidationError({"topic": _("Укажите тему заседания.")})
    if date is None:
        raise ValidationError({"date": _("Укажите дату.")})
    return CommunityMeeting.objects.create(community=community, date=date, topic=topic.strip(),
                                           participants=participants)
