from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "khth.search"
    label = "search"
    verbose_name = "Search"
