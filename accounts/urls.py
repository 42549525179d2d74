from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.user_list, name="user_list"),
    path("new/", views.user_create, name="user_create"),
    path("<int:pk>/", views.user_edit, name="user_edit"),
    path("<int:pk>/active/", views.user_toggle_active, name="user_toggle_active"),
    path("<int:pk>/memberships/", views.membership_add, name="membership_add"),
    path("memberships/<int:pk>/delete/", views.membership_delete, name="membership_delete"),
    path("role-requests/", views.role_requests, name="role_requests"),
    path("role-requests/<int:pk>/confirm/", views.role_request_decide, {"decision": "confirm"},
         name="role_request_confirm"),
    path("role-requests/<int:pk>/decline/", views.role_request_decide, {"decision": "decline"},
         name="role_request_decline"),
    path("tokens/", views.api_tokens, name="api_tokens"),
    path("tokens/<str:key>/revoke/", views.api_token_revoke, name="api_token_revoke"),
    path("tokens/revoke-all/", views.api_tokens_revoke_all, name="api_tokens_revoke_all"),
]
