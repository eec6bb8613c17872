from django.urls import URLPattern

from khth.inspections.views import exports, followup, pages, record

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *record.urlpatterns,
    *followup.urlpatterns,
    *exports.urlpatterns,
]
