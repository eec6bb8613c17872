from django.urls import URLPattern

from khth.awards.views import exports, pages

urlpatterns: list[URLPattern] = [
    *exports.urlpatterns,
    *pages.urlpatterns,
]
