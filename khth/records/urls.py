from django.urls import URLPattern

from khth.records.views import exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *exports.urlpatterns,
]
