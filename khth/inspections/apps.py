from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "khth.inspections"
    label = "inspections"
    verbose_name = "Inspections and surveys"
