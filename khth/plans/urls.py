from django.urls import URLPattern

from khth.plans.views import pages

urlpatterns: list[URLPattern] = [
    *pages.urlpatterns,
]
