from django.urls import path

from insights import organisation_views, views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("national/download/", views.national_csv, name="national-csv"),
    path("organisation/", organisation_views.organisation, name="organisation"),
    path("settings/", organisation_views.threshold_settings, name="settings"),
    path("organisation/download/", organisation_views.organisation_csv, name="organisation-csv"),
]
