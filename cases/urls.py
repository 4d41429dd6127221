from django.urls import path

from cases import task_views, views

app_name = "cases"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("triage/<uuid:pk>/", views.triage, name="triage"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/details/", views.edit, name="edit"),
    path("<uuid:pk>/lead/", views.assign, name="assign"),
    path("<uuid:pk>/pathway/<slug:action>/", views.pathway_item, name="pathway-item"),
    path("<uuid:pk>/tasks/new/", views.task_add, name="task-add"),
    path("<uuid:pk>/tasks/<uuid:task_pk>/done/", views.task_done, name="task-done"),
    path("tasks/<uuid:task_pk>/", task_views.task, name="task"),
    path("<uuid:pk>/decision/", views.decide, name="decide"),
    path("<uuid:pk>/notes/new/", views.note_add, name="note-add"),
    path("<uuid:pk>/share/", views.share, name="share"),
    path("<uuid:pk>/share/<uuid:share_pk>/end/", views.share_revoke, name="share-revoke"),
    path("<uuid:pk>/not-shared/", views.no_share, name="no-share"),
    path("<uuid:pk>/chronology/", views.chronology, name="chronology"),
]
