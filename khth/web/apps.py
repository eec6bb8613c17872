from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "khth.web"
    label = "web"
    verbose_name = "Web interface"
