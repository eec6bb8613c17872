from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "khth.plans"
    label = "plans"
    verbose_name = "Plans"
