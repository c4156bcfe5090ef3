from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Development only: `make bench` (`manage.py bench`) and the floors and timers it measures against.

    Nothing imports it; production can leave it out of INSTALLED_APPS."""

    name = "bench"
