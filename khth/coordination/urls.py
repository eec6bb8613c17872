from django.urls import URLPattern

from khth.coordination.views import both_ways, exchanges, pages

urlpatterns: list[URLPattern] = [
    *exchanges.urlpatterns,
    *both_ways.urlpatterns,
    *pages.urlpatterns,
]
