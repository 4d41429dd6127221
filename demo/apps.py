from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data's command (`manage.py seed_demo`): the top layer, as it fills every app."""

    name = "demo"
