from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "khth.units"
    label = "units"
    verbose_name = "Units"
