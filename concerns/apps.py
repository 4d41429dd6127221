from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        # The home page's "Worried about someone?" and "Concerns sent to you", and the menu.
        # (core/panels.py, cases/panels.py: the lower apps cannot import this one.)
        from concerns import panels

        panels.register()
