from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "khth.demo"
    label = "demo"
    verbose_name = "Demo"
