from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "khth.evaluations"
    label = "evaluations"
    verbose_name = "Evaluations"
