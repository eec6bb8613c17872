from django.urls import URLPattern

from khth.register.views import editing, exports, pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
    *editing.urlpatterns,
    *exports.urlpatterns,
]
