from django.urls import URLPattern

from khth.plans.views import autosave, calendar, editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *autosave.urlpatterns,
    *exports.urlpatterns,
    *calendar.urlpatterns,
]
