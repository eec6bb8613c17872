from django.urls import URLPattern

from khth.reviews.views import autosave, conference, editing, exports, pages, synthesis

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *autosave.urlpatterns,
    *exports.urlpatterns,
    *conference.urlpatterns,
    *synthesis.urlpatterns,
]
