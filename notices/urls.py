from django.urls import path

from notices import views

app_name = "notices"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("<uuid:pk>/open/", views.open_notice, name="open"),
    path("read-all/", views.mark_all_read, name="read-all"),
    path("email-failures/", views.email_failures, name="email-failures"),
    path("email-failures/<uuid:pk>/retry/", views.email_failure_retry, name="email-failure-retry"),
]
