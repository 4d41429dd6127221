from django.urls import path

from guidance import views

app_name = "guidance"

urlpatterns = [
    path("", views.guide, name="guide"),
    path("result/", views.guide_result, name="guide-result"),
]
