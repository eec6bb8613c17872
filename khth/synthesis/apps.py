from django.apps import AppConfig


class SynthesisConfig(AppConfig):
    name = "khth.synthesis"
    label = "synthesis"
    verbose_name = "Synthesis"

    def ready(self) -> None:
        # A report's editor and read page show, by section, the way to the synthesis and the
        # sources a drafted text came from (khth/reports/panels.py).
        from khth.reports.panels import add_section_panel
        from khth.synthesis.panels import section_panel

        add_section_panel(section_panel)
