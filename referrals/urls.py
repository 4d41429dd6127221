from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("deadlines/", views.deadlines, name="deadlines"),
    path("case/<uuid:case_pk>/prepare/<slug:kind>/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/section/<slug:slug>/", views.section, name="section"),
    path("<uuid:pk>/sent/", views.sent, name="sent"),
    path("<uuid:pk>/decisions/", views.outcome, name="outcome"),
    path("<uuid:pk>/sheet/", views.sheet, name="sheet"),
    path("<uuid:pk>/document/", views.document, name="document"),
    path("<uuid:pk>/download/", views.download, name="download"),
]
