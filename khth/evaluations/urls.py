from django.urls import URLPattern

from khth.evaluations.views import exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *exports.urlpatterns,
]
