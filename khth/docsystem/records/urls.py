from django.urls import URLPattern

from khth.docsystem.records.views import autosave, editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *autosave.urlpatterns,
    *exports.urlpatterns,
]
