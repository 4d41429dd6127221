from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("retention/", views.retention, name="retention"),
    path("cases/<uuid:pk>/legal-hold/", views.hold_place, name="hold-place"),
    path("legal-holds/<uuid:pk>/lift/", views.hold_lift, name="hold-lift"),
    path("cases/<uuid:pk>/subject-access/", views.subject_access, name="subject-access"),
    path("cases/<uuid:pk>/support-access/", views.support_grant_new, name="support-grant-new"),
    path("support-access/", views.support_grants, name="support-grants"),
    path("support-access/<uuid:pk>/", views.support_grant_detail, name="support-grant"),
    path("support-access/<uuid:pk>/end/", views.support_revoke, name="support-revoke"),
    path("support/", views.support_mine, name="support-mine"),
    path("support/cases/<uuid:pk>/", views.support_case, name="support-case"),
]
