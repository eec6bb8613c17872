from django.urls import URLPattern

from khth.evaluations.views import editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *exports.urlpatterns,
]
