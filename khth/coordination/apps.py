from django.apps import AppConfig


class CoordinationConfig(AppConfig):
    name = "khth.coordination"
    label = "coordination"
    verbose_name = "Coordination with outside bodies"
