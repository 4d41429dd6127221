from django.apps import AppConfig


class GuidanceConfig(AppConfig):
    name = "guidance"
    verbose_name = "Guidance"

    def ready(self) -> None:
        # Load and check the catalogue, and compile its free-text hint rules, at start-up: a
        # bad pattern or a sign without a source fails loudly here, naming the indicator,
        # rather than on the first concern someone writes.
        from guidance import panels
        from guidance.hints import matcher

        matcher()
        # The guide on the home page and in the menu (core/panels.py).
        panels.register()
