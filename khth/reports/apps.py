from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "khth.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        # The report list orders by a copy of the unit's path (Report.unit_path).
        from khth.reports.models import Report
        from khth.units.actions import add_path_copy

        add_path_copy(Report, "unit_path")
