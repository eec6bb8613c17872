from django.urls import URLPattern

from khth.coordination.views import exchanges, pages

urlpatterns: list[URLPattern] = [
    *exchanges.urlpatterns,
    *pages.urlpatterns,
]
