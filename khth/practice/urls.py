from django.urls import URLPattern

from khth.practice.views import pages

urlpatterns: list[URLPattern] = [*pages.urlpatterns]
