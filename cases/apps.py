from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        # Accounts asks, before a lead loses the role, whether they hold open cases or tasks
        # (accounts/open_work.py); it cannot import cases, so cases registers itself.
        from accounts import open_work
        from cases import counting, panels, services
        from counting import store

        open_work.register(services.open_work_of, services.open_work_move)
        # What cases count in the organisation's figures (cases/counting.py), kept by the
        # counting store, which never imports cases.
        store.register(counting.SIDE)
        # The home page's "Cases" and "Tasks given to you", and the lead's "Cases" menu item.
        panels.register()
