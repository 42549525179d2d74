"""API of development routes (ИОМ) with their items."""

from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, viewsets

from .. import access, services
from ..models import DevelopmentRoute, RouteItem
from .common import ActiveOnFilter, CreateRule, ScopedPK, TeacherSchoolFilter


class RouteItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = RouteItem
        fields = ["id", "kind", "title", "due", "status", "done_on", "event", "course", "pair"]


class RouteSerializer(serializers.ModelSerializer):
    teacher = ScopedPK(access.visible_teachers)
    deficits = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    items = RouteItemSerializer(many=True, read_only=True)

    class Meta:
        model = DevelopmentRoute
        fields = ["id", "teacher", "start", "end", "goal", "deficits", "items"]


class RouteFilter(TeacherSchoolFilter, ActiveOnFilter):
    class Meta:
        model = DevelopmentRoute
        fields = ["teacher"]


class RouteViewSet(CreateRule, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Individual development routes with their items (ticked off automatically by attendance and courses)."""

    create_allowed = staticmethod(access.can_edit_any_teacher)
    create_refusal = _("Маршруты составляют директор школы и методист.")

    serializer_class = RouteSerializer
    filterset_class = RouteFilter
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self):
        return access.visible_routes(self.request.user).prefetch_related("deficits", "items").order_by("-start", "pk")

    def perform_create(self, serializer):
        serializer.instance = services.save_route(actor=self.request.user, route=DevelopmentRoute(),
                                                  data=dict(serializer.validated_data))
