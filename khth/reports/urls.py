from django.urls import URLPattern

from khth.reports.views import consolidation, editing, exports, imports, rates

urlpatterns: list[URLPattern] = [
    *editing.urlpatterns,
    *consolidation.urlpatterns,
    *rates.urlpatterns,
    *imports.urlpatterns,
    *exports.urlpatterns,
]
