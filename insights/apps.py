from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # The figures on the home page and in the menu (core/panels.py).
        from insights import panels

        panels.register()
