from django.urls import URLPattern

from khth.register.views import exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *exports.urlpatterns,
]
