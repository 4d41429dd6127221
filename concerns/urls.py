from django.urls import path

from concerns import views

app_name = "concerns"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("new/", views.start, name="start"),
    path("draft/", views.tasks, name="tasks"),
    path("draft/call-999/", views.call_999, name="call-999"),
    path("draft/check/", views.check, name="check"),
    path("draft/autosave/", views.autosave, name="autosave"),
    path("draft/delete/", views.delete_draft, name="delete-draft"),
    path("draft/<slug:page>/", views.question, name="page"),
    path("received/", views.received, name="received"),
    path("received/<uuid:pk>/", views.lead_detail, name="lead-detail"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/sent/", views.submitted, name="submitted"),
    path("<uuid:pk>/add-information/", views.add_information, name="add-information"),
]
