from django.urls import URLPattern

from khth.reports.views import (
    autosave,
    consolidation,
    editing,
    exports,
    imports,
    rates,
    requests,
)

urlpatterns: list[URLPattern] = [
    *editing.urlpatterns,
    *requests.urlpatterns,
    *autosave.urlpatterns,
    *consolidation.urlpatterns,
    *rates.urlpatterns,
    *imports.urlpatterns,
    *exports.urlpatterns,
]
