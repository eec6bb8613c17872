from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "khth.awards"
    label = "awards"
    verbose_name = "Awards"
