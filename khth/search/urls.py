from django.urls import URLPattern, path

from khth.search.views import search_page

urlpatterns: list[URLPattern] = [
    path("", search_page, name="search"),
]
