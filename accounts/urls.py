from django.urls import path

from accounts import sso_views, views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.sign_in, name="sign-in"),
    path("sign-out/", views.sign_out, name="sign-out"),
    path("sign-in/organisation/", sso_views.sso_start, name="sso-start"),
    path("sign-in/organisation/callback/", sso_views.sso_callback, name="sso-callback"),
    path("account/security-code/", views.mfa, name="mfa"),
    path("account/session/extend/", views.session_extend, name="session-extend"),
    path("account/", views.account, name="account"),
    path("account/details/", views.your_details, name="your-details"),
    path("account/authenticator/", views.authenticator, name="authenticator"),
    path("account/backup-codes/", views.backup_codes, name="backup-codes"),
    path("account/password-reset/", views.password_reset, name="password-reset"),
    path(
        "account/password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password-reset-confirm",
    ),
    path("people/", views.people, name="people"),
    path("people/add/", views.person_add, name="person-add"),
    path("people/email-domains/", views.email_domains, name="email-domains"),
    path("people/signs-setting/", views.signs_setting, name="signs-setting"),
    path("people/sign-in-provider/", sso_views.identity_provider, name="identity-provider"),
    path("people/<uuid:pk>/", views.person, name="person"),
    path("people/<uuid:pk>/roles/", views.person_roles, name="person-roles"),
    path("people/<uuid:pk>/reset-mfa/", views.person_mfa_reset, name="person-mfa-reset"),
    path("people/<uuid:pk>/access/", views.person_active, name="person-active"),
]
