import logging

from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = "Learning"

    def ready(self) -> None:
        # WeasyPrint logs every layout step at INFO for each handout; keep only its warnings.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        # Learning on the home page and in the menu (core/panels.py).
        from learning import panels

        panels.register()
