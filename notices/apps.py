from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "notices"
    verbose_name = "Notices"

    def ready(self) -> None:
        # The home page's unread notices and failed e-mails, and the menu's "Notices"
        # (notices/panels.py, registered with core/panels.py: core cannot import this one).
        from notices import panels

        panels.register()
