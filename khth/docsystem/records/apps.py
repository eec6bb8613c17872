from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "khth.docsystem.records"
    label = "records"
    verbose_name = "Record books and typed documents"
