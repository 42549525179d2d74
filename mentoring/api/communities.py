"""API of professional communities."""

from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from schools.models import Subject

from .. import access, services
from ..models import Community
from .common import CreateRule


class CommunitySerializer(serializers.ModelSerializer):
    subject = serializers.SlugRelatedField(slug_field="code", queryset=Subject.objects.all(), required=False,
                                           allow_null=True)
    members = serializers.IntegerField(read_only=True, source="n_members")
    meetings = serializers.IntegerField(read_only=True, source="n_meetings")

    class Meta:
        model = Community
        fields = ["id", "municipality", "name", "kind", "subject", "description", "members", "meetings"]


class CommunityViewSet(CreateRule, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Communities of the user's municipalities (names and member counts; member names on the page, in scope)."""

    create_allowed = staticmethod(access.can_create_community)
    create_refusal = _("Сообщества ведут методисты.")

    serializer_class = CommunitySerializer
    filterset_fields = ["municipality", "kind", "subject"]
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return access.visible_communities(self.request.user).annotate(
            n_members=Count("members", distinct=True), n_meetings=Count("meetings", distinct=True)).order_by("pk")

    def perform_create(self, serializer):
        saved = services.save_community(actor=self.request.user, community=Community(),
                                        data=dict(serializer.validated_data))
        serializer.instance = self.get_queryset().get(pk=saved.pk)
