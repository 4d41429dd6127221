from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        # What concerns count in the organisation's figures, kept by the counting store (a
        # lower layer, which never imports concerns): concerns/counting.py.
        # The home page's "Worried about someone?" and "Concerns sent to you", and the menu's
        # items (concerns/panels.py, registered with core/panels.py: core cannot import this one).
        from concerns import counting, panels
        from counting import store

        store.register(counting.SIDE)
        panels.register()
