from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        # What concerns count in the organisation's figures, kept by the counting store (a
        # lower layer, which never imports concerns): concerns/counting.py.
        from concerns import counting
        from counting import store

        store.register(counting.SIDE)
