from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "khth.plans"
    label = "plans"
    verbose_name = "Plans"

    def ready(self) -> None:
        # The consolidation page shows the targets due in its period (khth/reports/panels.py).
        from khth.plans.results import consolidation_panel
        from khth.reports.panels import add_consolidation_panel

        add_consolidation_panel(consolidation_panel)
