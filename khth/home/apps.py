from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "khth.home"
    label = "home"
    verbose_name = "Home page"
