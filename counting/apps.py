from django.apps import AppConfig


class CountingConfig(AppConfig):
    """The counting store (counting/store.py): monthly tallies the apps above register their own
    counters with (concerns and cases in their `ready()`), read by insights."""

    name = "counting"
    verbose_name = "Counting"
