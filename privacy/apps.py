from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # Data protection on the home page, the menu and the case page.
        # (privacy/panels.py, registered with core/panels.py and cases/panels.py: the lower
        # apps cannot import this one.)
        from privacy import panels

        panels.register()
