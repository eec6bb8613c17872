from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "khth.audit"
    label = "audit"
    verbose_name = "Audit log"
