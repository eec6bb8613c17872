from django.urls import URLPattern

from khth.docsystem.records.views import editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *exports.urlpatterns,
]
