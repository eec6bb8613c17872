from django.urls import URLPattern

from khth.evaluations.views import autosave, editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *autosave.urlpatterns,
    *exports.urlpatterns,
]
