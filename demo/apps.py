from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development only: the synthetic demo dataset and its logins (`load_demo`, `print_demo_logins`)."""

    name = "demo"
