from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Notices"

    def ready(self) -> None:
        # The home page's unread notices and failed e-mails, and the menu's "Notices".
        # (core/panels.py, cases/panels.py: the lower apps cannot import this one.)
        from notices import panels

        panels.register()
