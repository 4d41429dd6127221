from django.urls import include, path

urlpatterns = [
    path("", include("core.urls")),
    path("", include("accounts.urls")),
    path("guide/", include("guidance.urls")),
    path("audit/", include("audit.urls")),
    path("concerns/", include("concerns.urls")),
    path("cases/", include("cases.urls")),
    path("referrals/", include("referrals.urls")),
    path("privacy-admin/", include("privacy.urls")),
    path("notices/", include("notices.urls")),
    path("learning/", include("learning.urls")),
    path("insights/", include("insights.urls")),
]

handler404 = "core.errors.not_found"
handler403 = "core.errors.forbidden"
handler500 = "core.errors.server_error"
