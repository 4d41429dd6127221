from django.urls import path

from referrals import handover_views, organisation_views, views

app_name = "referrals"

urlpatterns = [
    path("deadlines/", views.deadlines, name="deadlines"),
    path(
        "organisation-details/",
        organisation_views.referral_details,
        name="organisation-details",
    ),
    path("case/<uuid:case_pk>/prepare/<slug:kind>/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/section/<slug:slug>/", views.section, name="section"),
    path("<uuid:pk>/sent/", views.sent, name="sent"),
    path("<uuid:pk>/decisions/", views.outcome, name="outcome"),
    path("<uuid:pk>/sheet/", views.sheet, name="sheet"),
    path("<uuid:pk>/document/", views.document, name="document"),
    path("<uuid:pk>/download/", views.download, name="download"),
    path("<uuid:pk>/hand-over/", handover_views.send, name="hand-over"),
    path("handovers/<uuid:pk>/", handover_views.detail, name="handover"),
    path("handovers/<uuid:pk>/accept/", handover_views.accept, name="handover-accept"),
    path("handovers/<uuid:pk>/decline/", handover_views.decline, name="handover-decline"),
    path("handovers/<uuid:pk>/sharing/", handover_views.sharing, name="handover-sharing"),
]
