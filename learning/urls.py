from django.urls import path

from learning import views

app_name = "learning"

urlpatterns = [
    path("", views.home, name="home"),
    path("briefing/", views.briefing, name="briefing"),
    path("briefing/signs/adults/", views.signs_adults, name="signs-adults"),
    path("briefing/signs/children/", views.signs_children, name="signs-children"),
    path("briefing/handout/", views.handout, name="handout"),
    path("briefing/<slug:section>/", views.briefing_section, name="briefing-section"),
    path("knowledge-check/", views.knowledge_check, name="knowledge-check"),
    path("knowledge-check/result/", views.knowledge_check_result, name="knowledge-check-result"),
    path("record/", views.record, name="record"),
    path("report/", views.report, name="report"),
    path("report/export/", views.report_export, name="report-export"),
    path("sessions/", views.sessions, name="sessions"),
    path("sessions/new/", views.session_new, name="session-new"),
    path("sessions/<uuid:pk>/", views.session, name="session"),
    path("sessions/<uuid:pk>/edit/", views.session_edit, name="session-edit"),
    path("sessions/<uuid:pk>/print/", views.session_print, name="session-print"),
    path("sessions/<uuid:pk>/actions/new/", views.action_new, name="action-new"),
    path("actions/", views.my_actions, name="my-actions"),
    path("actions/<uuid:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<uuid:pk>/status/", views.action_status, name="action-status"),
]
