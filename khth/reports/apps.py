from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "khth.reports"
    label = "reports"
    verbose_name = "Reports"
