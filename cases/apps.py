from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # Accounts asks, before a lead loses the role, whether they hold open cases or tasks
        # (accounts/open_work.py); it cannot import cases, so cases registers itself.
        from accounts import open_work
        from cases import panels, services

        open_work.register(services.open_work_of, services.open_work_move)
        # The home page's "Cases" and "Tasks given to you", and the lead's "Cases" menu item.
        panels.register()
