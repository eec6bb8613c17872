from django.urls import URLPattern

from khth.directives.views import exports, pages

urlpatterns: list[URLPattern] = [
    *exports.urlpatterns,
    *pages.urlpatterns,
]
