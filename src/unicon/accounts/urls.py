from django.contrib.auth import views as auth_views
from django.urls import path

from unicon.accounts import user_views, views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/sessions/", views.sessions, name="sessions"),
    path("account/sessions/<str:sid>/end/", views.revoke_session, name="revoke_session"),
    # ADMIN's user management
    path("manage/users/", user_views.users, name="web-users"),
    path("manage/users/<uuid:public_id>/", user_views.user_action, name="web-user-action"),
    path(
        "manage/users/<uuid:public_id>/sessions/",
        user_views.user_sessions,
        name="web-user-sessions",
    ),
]
