from django.apps import AppConfig


class DirectivesConfig(AppConfig):
    name = "khth.directives"
    label = "directives"
    verbose_name = "Superiors' resolutions and directives followed"
