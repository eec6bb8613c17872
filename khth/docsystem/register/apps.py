from django.apps import AppConfig


class RegisterConfig(AppConfig):
    name = "khth.docsystem.register"
    label = "register"
    verbose_name = "Document register"
