from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "insights"
    verbose_name = "Insights"

    def ready(self) -> None:
        # The services below insights keep the monthly tallies in step through core's counting
        # hooks (core/counting.py); they cannot import insights, so insights registers here.
        from core import counting
        from insights import panels, tallies

        counting.register(tallies)
        # The figures on the home page and in the menu (core/panels.py).
        panels.register()
