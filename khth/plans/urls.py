from django.urls import URLPattern

from khth.plans.views import calendar, editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *exports.urlpatterns,
    *calendar.urlpatterns,
]
