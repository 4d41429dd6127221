from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("national/download/", views.national_csv, name="national-csv"),
]
